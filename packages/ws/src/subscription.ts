// A subscription handle: the listeners and iterators of one `subscribe` call, and its settlement.
import type { FeedMessages, FeedName } from "./generated/ws.gen.js";
import { type Deferred, deferred } from "./settlement.js";
import type { Subscription } from "./types.js";

interface IteratorState {
  readonly buffer: unknown[];
  wake: (() => void) | undefined;
  done: boolean;
}

/** What the client keeps per `subscribe`, `book` or `balances` call. */
export interface Handle {
  readonly feed: FeedName;
  readonly keys: readonly string[];
  readonly products: Set<string> | undefined;
  readonly listeners: Set<(message: never) => void>;
  readonly iterators: Set<IteratorState>;
  /** Settles `subscribed`. */
  readonly settle: Deferred;
  active: boolean;
  /** Why the handle ended, if it did not end by unsubscribing: its iterators reject with it. */
  failure: Error | undefined;
}

export function createHandle(
  feed: FeedName,
  keys: readonly string[],
  products: Set<string> | undefined,
): Handle {
  return {
    feed,
    keys,
    products,
    listeners: new Set(),
    iterators: new Set(),
    settle: deferred(),
    active: true,
    failure: undefined,
  };
}

/** Ends a handle's iterators; with `failure`, they reject with it and `subscribed` rejects if pending. */
export function endHandle(handle: Handle, failure?: Error): void {
  handle.active = false;
  if (failure) {
    handle.failure = failure;
    handle.settle.reject(failure);
  }
  for (const iterator of handle.iterators) {
    iterator.done = true;
    iterator.wake?.();
  }
}

/** The user's view of a handle; `remove` unsubscribes it. */
export function subscriptionOf<F extends FeedName>(handle: Handle, remove: () => void): Subscription<F> {
  return {
    feed: handle.feed as F,
    productIds: handle.products ? [...handle.products] : undefined,
    subscribed: handle.settle.promise,
    on(listener) {
      handle.listeners.add(listener as (message: never) => void);
      return () => handle.listeners.delete(listener as (message: never) => void);
    },
    unsubscribe: remove,
    [Symbol.asyncIterator](): AsyncIterator<FeedMessages[F]> {
      // Buffering starts only when someone iterates, so listener-only users hold no queue.
      const state: IteratorState = { buffer: [], wake: undefined, done: !handle.active };
      handle.iterators.add(state);
      return {
        next: async () => {
          while (state.buffer.length === 0 && !state.done) {
            await new Promise<void>((resolve) => {
              state.wake = resolve;
            });
            state.wake = undefined;
          }
          if (state.buffer.length > 0) return { value: state.buffer.shift() as FeedMessages[F], done: false };
          if (handle.failure) throw handle.failure;
          return { value: undefined, done: true };
        },
        return: async () => {
          state.done = true;
          handle.iterators.delete(state);
          remove();
          return { value: undefined, done: true };
        },
      };
    },
  };
}
