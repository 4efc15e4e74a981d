/**
 * One symbol's order book from the UWS `book` channel, kept verified: every snapshot and update that
 * carries a `checksum` is checked against the CRC32 of the top 10 levels (Kraken's book-checksum-v2);
 * on a mismatch the book is dropped and a fresh snapshot is asked for through the injected
 * `resubscribe()`, at most `maxResyncs` times per `resyncWindowMs`, after which the view reports
 * `failed` and stops asking (as Kraken's own SDK gives up after repeated failures).
 *
 * Final signatures (uws-client wires these):
 * ```ts
 * interface BookViewOptions { symbol; depth: 10|25|100|500|1000; resubscribe(): void;
 *   maxResyncs?: number (5); resyncWindowMs?: number (60_000); clock?: Clock (systemClock); logger?: Logger }
 * type BookEvent = { type: "synced", symbol, checksum? } | { type: "mismatch", symbol, expected, actual, kind }
 *   | { type: "resync", symbol, attempt } | { type: "failed", symbol, resyncs, windowMs } | { type: "update", symbol }
 * class UwsBookView {
 *   constructor(options: BookViewOptions);
 *   apply(entry: UwsBookEntry, type: "snapshot" | "update"): void; // one data[] entry of a decoded frame
 *   reset(): void;   // the socket changed: forget the book and the failures, wait for the next snapshot
 *   resync(): void;  // ask for a fresh snapshot now; clears `failed` and the count, the window restarts
 *   readonly symbol; readonly depth; readonly synced: boolean; readonly failed: boolean;
 *   readonly checksum: number | undefined;  // the last checksum verified
 *   bids(limit?): readonly UwsLevel[]; asks(limit?): readonly UwsLevel[];  // best first, copies
 *   on(event, listener): () => void;
 * }
 * ```
 */
import { type Clock, type Logger, silentLogger, systemClock } from "@kraken-futures/core";
import type { UwsLevel } from "../decode.js";
import type { UwsSubscribeRequests } from "../generated/uws.gen.js";
import { OrderBook } from "./book.js";

/** The depths a `book` subscription accepts: the spec's enum, read from the generated types. */
export type UwsBookDepth = NonNullable<UwsSubscribeRequests["book"]["params"]["depth"]>;

/** Default of {@link BookViewOptions.maxResyncs}: resyncs allowed per window before `failed`. */
export const DEFAULT_MAX_RESYNCS = 5;
/** Default of {@link BookViewOptions.resyncWindowMs}: the window the resync limit counts in, in ms. */
export const DEFAULT_RESYNC_WINDOW_MS = 60_000;

/** Options of a {@link UwsBookView}. */
export interface BookViewOptions {
  readonly symbol: string;
  /** The subscribed depth: the book is truncated to it after every message. */
  readonly depth: UwsBookDepth;
  /** Asks the client for a fresh snapshot (unsubscribe + subscribe of this symbol's book). */
  readonly resubscribe: () => void;
  /** Resyncs allowed per `resyncWindowMs` before the view gives up with `failed`. Default 5. */
  readonly maxResyncs?: number;
  /** The sliding window, in ms, over which resyncs are counted. Default 60 000. */
  readonly resyncWindowMs?: number;
  /** The time source of the resync window. Default: the system clock. */
  readonly clock?: Clock;
  /** Where a listener that throws is reported. Default: silent. */
  readonly logger?: Logger;
}

/** One symbol's entry of a decoded `book` frame's `data[]`. */
export interface UwsBookEntry {
  readonly bids: readonly UwsLevel[];
  readonly asks: readonly UwsLevel[];
  /** CRC32 of the top 10 levels after this entry is applied; verified when present. */
  readonly checksum?: number;
  readonly timestamp?: string;
}

/** What a {@link UwsBookView} reports. */
export type BookEvent =
  /** A snapshot was applied (and verified, when it carried a checksum): the book can be trusted. */
  | { readonly type: "synced"; readonly symbol: string; readonly checksum?: number }
  /** The checksum sent differs from the book's: the book was dropped. */
  | {
      readonly type: "mismatch";
      readonly symbol: string;
      /** The checksum Kraken sent. */
      readonly expected: number;
      /** The checksum of the book after applying the message. */
      readonly actual: number;
      readonly kind: "snapshot" | "update";
    }
  /** A fresh snapshot was asked for; `attempt` counts the resyncs in the current window (1 = first). */
  | { readonly type: "resync"; readonly symbol: string; readonly attempt: number }
  /** Too many resyncs in the window: the view stopped asking; `resync()` or `reset()` starts again. */
  | { readonly type: "failed"; readonly symbol: string; readonly resyncs: number; readonly windowMs: number }
  /** A message was applied to a synced book (and verified, when it carried a checksum). */
  | { readonly type: "update"; readonly symbol: string };

/** The names of {@link BookEvent}s. */
export type BookEventName = BookEvent["type"];

type Listener = (event: never) => void;

/** One symbol's verified order book. See the file comment for the resync policy. */
export class UwsBookView {
  readonly symbol: string;
  readonly depth: UwsBookDepth;
  readonly #book: OrderBook;
  readonly #resubscribe: () => void;
  readonly #maxResyncs: number;
  readonly #windowMs: number;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #listeners = new Map<BookEventName, Set<Listener>>();
  /** The `update` listeners, held directly: every applied message asks whether there are any. */
  readonly #updateListeners = new Set<Listener>();
  /** When each resync of the current window was asked for (oldest first; at most maxResyncs). */
  #resyncTimes: number[] = [];
  #synced = false;
  #failed = false;
  #checksum: number | undefined;

  constructor(options: BookViewOptions) {
    this.symbol = options.symbol;
    this.depth = options.depth;
    this.#book = new OrderBook(options.depth);
    this.#resubscribe = options.resubscribe;
    this.#maxResyncs = options.maxResyncs ?? DEFAULT_MAX_RESYNCS;
    this.#windowMs = options.resyncWindowMs ?? DEFAULT_RESYNC_WINDOW_MS;
    this.#clock = options.clock ?? systemClock;
    this.#log = options.logger ?? silentLogger;
    this.#listeners.set("update", this.#updateListeners);
  }

  /** Whether the book holds a snapshot and every update since, all verified. */
  get synced(): boolean {
    return this.#synced;
  }

  /**
   * Whether the view gave up resyncing (the `failed` event). Cleared by a snapshot that verifies, by
   * `resync()` and by `reset()`.
   */
  get failed(): boolean {
    return this.#failed;
  }

  /** The last checksum verified, or undefined (none yet, or the messages carry none). */
  get checksum(): number | undefined {
    return this.#checksum;
  }

  /** The bids, best (highest) first: a copy of at most `limit` levels (default: all, up to the depth). */
  bids(limit?: number): readonly UwsLevel[] {
    return this.#book.bids.levels.slice(0, limit);
  }

  /** The asks, best (lowest) first: a copy of at most `limit` levels (default: all, up to the depth). */
  asks(limit?: number): readonly UwsLevel[] {
    return this.#book.asks.levels.slice(0, limit);
  }

  /** Listens to one kind of event; returns the function that removes the listener. */
  on<E extends BookEventName>(event: E, listener: (e: Extract<BookEvent, { type: E }>) => void): () => void {
    let set = this.#listeners.get(event);
    if (!set) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    const entry = listener as Listener;
    set.add(entry);
    return () => {
      set.delete(entry);
    };
  }

  /**
   * Applies one decoded entry. A snapshot replaces the book; an update changes levels (`qty` 0
   * removes) and is ignored while the view waits for a snapshot (after a mismatch or a reset, the
   * levels it changes belong to a book that is gone). Then the book is truncated to the depth and, when
   * the entry carries a checksum, verified.
   */
  apply(entry: UwsBookEntry, type: "snapshot" | "update"): void {
    if (type === "snapshot") this.#book.replace(entry.bids, entry.asks);
    else if (this.#synced) this.#book.update(entry.bids, entry.asks);
    else return;
    const expected = entry.checksum;
    if (expected !== undefined) {
      const actual = this.#book.checksum();
      if (actual !== expected) {
        this.#mismatch(expected, actual, type);
        return;
      }
      this.#checksum = expected;
    }
    if (type === "snapshot") {
      // A verified snapshot (after a reconnect, say) is a healthy book again, even after `failed`.
      this.#synced = true;
      this.#failed = false;
      this.#emit({ type: "synced", symbol: this.symbol, checksum: expected });
    } else if (this.#updateListeners.size > 0) {
      this.#emit({ type: "update", symbol: this.symbol });
    }
  }

  /** The socket changed: forgets the book and past failures; the next snapshot syncs it again. */
  reset(): void {
    this.#drop();
    this.#failed = false;
    this.#resyncTimes = [];
  }

  /**
   * Asks for a fresh snapshot now. A user's request, so it also clears `failed` and the resyncs
   * counted so far: the window starts again from this one.
   */
  resync(): void {
    this.#failed = false;
    this.#resyncTimes = [];
    this.#drop();
    this.#requestResync();
  }

  #mismatch(expected: number, actual: number, kind: "snapshot" | "update"): void {
    this.#drop();
    this.#emit({ type: "mismatch", symbol: this.symbol, expected, actual, kind });
    if (!this.#failed) this.#requestResync();
  }

  #requestResync(): void {
    const now = this.#clock.now();
    const times = this.#resyncTimes.filter((t) => now - t < this.#windowMs);
    if (times.length >= this.#maxResyncs) {
      this.#resyncTimes = times;
      this.#failed = true;
      this.#emit({ type: "failed", symbol: this.symbol, resyncs: times.length, windowMs: this.#windowMs });
      return;
    }
    times.push(now);
    this.#resyncTimes = times;
    this.#emit({ type: "resync", symbol: this.symbol, attempt: times.length });
    try {
      this.#resubscribe();
    } catch (error) {
      this.#log.error?.("book resubscribe threw", { symbol: this.symbol, error: String(error) });
    }
  }

  #drop(): void {
    this.#synced = false;
    this.#checksum = undefined;
    this.#book.clear();
  }

  #emit(event: BookEvent): void {
    const set = this.#listeners.get(event.type);
    if (!set) return;
    for (const listener of set) {
      try {
        (listener as (e: BookEvent) => void)(event);
      } catch (error) {
        this.#log.error?.(`a book ${event.type} listener threw`, { error: String(error) });
      }
    }
  }
}
