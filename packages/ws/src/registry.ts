// The subscriptions the user wants, independent of any connection: every handle, the handles of each
// feed (so a frame visits only its own feed's), and how many handles need each product of a feed (the
// wire subscription leaves when the last one goes).
import { ALL } from "./feeds.js";
import type { FeedName, ServerMessage } from "./generated/ws.gen.js";
import { notifyAll } from "./resync.js";
import { createHandle, type Handle } from "./subscription.js";
import type { Logger } from "./types.js";

export class Registry {
  readonly #log: Logger;
  /** Wanted subscriptions: feed -> product key -> number of handles needing it. */
  readonly #wanted = new Map<FeedName, Map<string, number>>();
  readonly #handles = new Set<Handle>();
  /** Active handles by feed, so a frame visits only its own feed's subscriptions. */
  readonly #byFeed = new Map<FeedName, Set<Handle>>();

  constructor(log: Logger) {
    this.#log = log;
  }

  /** The feeds with at least one wanted product, in the order first asked for. */
  feeds(): FeedName[] {
    return [...this.#wanted.keys()];
  }

  isWanted(feed: FeedName): boolean {
    return this.#wanted.has(feed);
  }

  /** Every wanted key of `feed`. */
  keysOf(feed: FeedName): string[] {
    return [...(this.#wanted.get(feed)?.keys() ?? [])];
  }

  /** Every handle, a copy (ending handles changes the set). */
  handles(): Handle[] {
    return [...this.#handles];
  }

  /** The active handles of `feed`. */
  ofFeed(feed: FeedName): ReadonlySet<Handle> {
    return this.#byFeed.get(feed) ?? EMPTY;
  }

  /** A new handle; `added` are the keys nobody wanted before (they must be subscribed). */
  add(feed: FeedName, ids: readonly string[] | undefined): { handle: Handle; added: string[] } {
    const keys = ids && ids.length > 0 ? ids : [ALL];
    const handle = createHandle(feed, keys, ids && ids.length > 0 ? new Set(ids) : undefined);
    this.#handles.add(handle);
    let sameFeed = this.#byFeed.get(feed);
    if (!sameFeed) {
      sameFeed = new Set();
      this.#byFeed.set(feed, sameFeed);
    }
    sameFeed.add(handle);
    let counts = this.#wanted.get(feed);
    if (!counts) {
      counts = new Map();
      this.#wanted.set(feed, counts);
    }
    const added: string[] = [];
    for (const key of keys) {
      const n = counts.get(key) ?? 0;
      counts.set(key, n + 1);
      if (n === 0) added.push(key);
    }
    return { handle, added };
  }

  /**
   * Forgets a handle; returns the keys nobody wants any more (they must be unsubscribed), or undefined
   * when the handle was already gone.
   */
  remove(handle: Handle): string[] | undefined {
    if (!this.#handles.has(handle)) return undefined;
    this.detach(handle);
    const counts = this.#wanted.get(handle.feed);
    if (!counts) return [];
    const removed: string[] = [];
    for (const key of handle.keys) {
      const n = (counts.get(key) ?? 1) - 1;
      if (n <= 0) {
        counts.delete(key);
        removed.push(key);
      } else counts.set(key, n);
    }
    if (counts.size === 0) this.#wanted.delete(handle.feed);
    return removed;
  }

  /** Takes a handle out of the routing without touching the wanted counts (the client closed). */
  detach(handle: Handle): void {
    this.#handles.delete(handle);
    const sameFeed = this.#byFeed.get(handle.feed);
    sameFeed?.delete(handle);
    if (sameFeed?.size === 0) this.#byFeed.delete(handle.feed);
  }

  /** Hands a message of `feed` to the listeners and iterators of its handles that asked for its product. */
  dispatch(feed: FeedName, message: ServerMessage): void {
    const handles = this.#byFeed.get(feed);
    if (handles === undefined) return;
    const product = (message as { product_id?: unknown }).product_id;
    for (const handle of handles) {
      // A book's or the balances view's own handle has neither: nothing to hand the message to.
      if (!handle.active || (handle.listeners.size === 0 && handle.iterators.size === 0)) continue;
      if (handle.products && typeof product === "string" && !handle.products.has(product)) continue;
      notifyAll(handle.listeners as Set<(m: ServerMessage) => void>, message, this.#log, "subscription");
      for (const buffer of handle.iterators) buffer.push(message);
    }
  }
}

const EMPTY: ReadonlySet<Handle> = new Set();
