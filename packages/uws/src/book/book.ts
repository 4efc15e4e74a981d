/**
 * The levels of one book: two sorted arrays, best first, truncated to the subscribed depth. An array
 * rather than a map because every verified message reads the top 10 in order, and because depths are
 * small (10 to 1000): a binary search and a splice beat sorting a map on every checksum.
 */
import type { UwsLevel } from "../decode.js";
import { bookChecksum, CHECKSUM_LEVELS } from "./checksum.js";

/** One side, best first: bids highest first (`descending`), asks lowest first. */
export class BookSide {
  levels: UwsLevel[] = [];
  readonly #descending: boolean;

  constructor(descending: boolean) {
    this.#descending = descending;
  }

  /**
   * Where `price` is, or would be inserted: the first index whose level is not better than `price`.
   * Prices are compared as numbers: the same price sent as `50000.5` and `50000.50` is one level.
   */
  #find(price: number): number {
    const levels = this.levels;
    let lo = 0;
    let hi = levels.length;
    if (this.#descending) {
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (levels[mid]!.price > price) lo = mid + 1;
        else hi = mid;
      }
    } else {
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (levels[mid]!.price < price) lo = mid + 1;
        else hi = mid;
      }
    }
    return lo;
  }

  /** Sets (or, with `qty` 0, removes) one level; returns its index, or -1 when nothing changed. */
  set(level: UwsLevel): number {
    const levels = this.levels;
    const i = this.#find(level.price);
    const same = i < levels.length && levels[i]!.price === level.price;
    if (level.qty === 0) {
      if (!same) return -1;
      levels.splice(i, 1);
    } else if (same) levels[i] = level;
    else if (i === levels.length) levels.push(level);
    else levels.splice(i, 0, level);
    return i;
  }

  /** Replaces every level (a snapshot: any order, later duplicates win, `qty` 0 ignored). */
  replace(levels: readonly UwsLevel[]): void {
    this.levels = [];
    for (const level of levels) this.set(level);
  }

  /** Drops the levels beyond `depth` (no `qty` 0 comes for levels that fall out of the subscribed depth). */
  truncate(depth: number): void {
    if (this.levels.length > depth) this.levels.length = depth;
  }
}

/** A book truncated to `depth`, with its checksum cached until a top-10 level changes. */
export class OrderBook {
  readonly bids = new BookSide(true);
  readonly asks = new BookSide(false);
  readonly #depth: number;
  /** The checksum of the current top 10, or undefined when a top-10 level changed since it was computed. */
  #checksum: number | undefined;

  constructor(depth: number) {
    this.#depth = depth;
  }

  /** Replaces the book with a snapshot's levels. */
  replace(bids: readonly UwsLevel[], asks: readonly UwsLevel[]): void {
    this.bids.replace(bids);
    this.asks.replace(asks);
    this.#truncate();
    this.#checksum = undefined;
  }

  /** Applies an update's levels in order. */
  update(bids: readonly UwsLevel[], asks: readonly UwsLevel[]): void {
    // Only a change within the top 10 can change the checksum; deeper ones keep the cached value.
    let top = false;
    for (let i = 0; i < bids.length; i++) {
      const at = this.bids.set(bids[i]!);
      if (at >= 0 && at < CHECKSUM_LEVELS) top = true;
    }
    for (let i = 0; i < asks.length; i++) {
      const at = this.asks.set(asks[i]!);
      if (at >= 0 && at < CHECKSUM_LEVELS) top = true;
    }
    this.#truncate();
    if (top) this.#checksum = undefined;
  }

  /** The checksum of the top 10 levels now (computed at most once per change of them). */
  checksum(): number {
    this.#checksum ??= bookChecksum(this.asks.levels, this.bids.levels);
    return this.#checksum;
  }

  clear(): void {
    this.bids.levels = [];
    this.asks.levels = [];
    this.#checksum = undefined;
  }

  #truncate(): void {
    this.bids.truncate(this.#depth);
    this.asks.truncate(this.#depth);
  }
}
