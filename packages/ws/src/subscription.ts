// A subscription handle: the listeners and iterators of one `subscribe` call, and its settlement.
import { AsyncBuffer } from "@kraken-futures/core";
import type { FeedMessages, FeedName } from "./generated/ws.gen.js";
import { type Deferred, deferred } from "./settlement.js";
import type { Subscription } from "./types.js";

/** What the client keeps per `subscribe`, `book` or `balances` call. */
export interface Handle {
  readonly feed: FeedName;
  readonly keys: readonly string[];
  readonly products: Set<string> | undefined;
  readonly listeners: Set<(message: never) => void>;
  /** The buffers of the iterators taken from it (each bounded, see `AsyncBuffer`). */
  readonly iterators: Set<AsyncBuffer<unknown>>;
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
  for (const buffer of [...handle.iterators]) endBuffer(buffer, failure);
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
      // Buffering starts only when someone iterates, so listener-only users hold no queue. The buffer is
      // bounded: a consumer that falls `capacity` messages behind gets them all, then a BufferOverflowError.
      const buffer: AsyncBuffer<unknown> = new AsyncBuffer({
        name: `${handle.feed}${handle.products ? ` ${[...handle.products].join(",")}` : ""}`,
        onEnd: () => handle.iterators.delete(buffer),
      });
      if (handle.active) handle.iterators.add(buffer);
      else endBuffer(buffer, handle.failure);
      const end = () => {
        remove();
        return { value: undefined, done: true } as const;
      };
      return {
        next: () => buffer.next() as Promise<IteratorResult<FeedMessages[F]>>,
        // A `break` out of `for await` ends this subscription, as `unsubscribe()` does.
        return: () => buffer.return().then(end),
        throw: (error?: unknown) => {
          void buffer.return();
          remove();
          return Promise.reject(error);
        },
      };
    },
  };
}

function endBuffer(buffer: AsyncBuffer<unknown>, failure: Error | undefined): void {
  if (failure) buffer.fail(failure);
  else buffer.end();
}
