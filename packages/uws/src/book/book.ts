/**
 * The levels of one book: two sorted arrays, best first, truncated to the subscribed depth. An array
 * rather than a map because every verified message reads the top 10 in order, and because depths are
 * small (10 to 1000): a binary search and a splice beat sorting a map on every checksum.
 */
import type { UwsLevel } from "../decode.js";
import { CHECKSUM_LEVELS, feedLevels } from "./checksum.js";
import { CRC32_START, crc32Finish } from "./crc32.js";

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
    // Levels shift by hand rather than with `splice`, which allocates the array of what it removed on
    // every call (this runs once per level of every message).
    if (level.qty === 0) {
      if (!same) return -1;
      const last = levels.length - 1;
      for (let j = i; j < last; j++) levels[j] = levels[j + 1]!;
      levels.pop();
    } else if (same) levels[i] = level;
    else {
      levels.push(level);
      for (let j = levels.length - 1; j > i; j--) levels[j] = levels[j - 1]!;
      levels[i] = level;
    }
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

/**
 * A book truncated to `depth`, with the running CRC state kept after each of the top 10 levels of
 * each side: a change at level `k` re-hashes from `k` only (and a change of the bids never re-hashes
 * the asks, which come first), so verifying every message costs a fraction of hashing the whole top 10.
 */
export class OrderBook {
  readonly bids = new BookSide(true);
  readonly asks = new BookSide(false);
  readonly #depth: number;
  /** `askStates[i]`: the CRC state before ask `i` (`askStates[0]` is the start). */
  readonly #askStates = new Int32Array(CHECKSUM_LEVELS + 1);
  /** `bidStates[i]`: the state before bid `i` (`bidStates[0]` is the state after the asks). */
  readonly #bidStates = new Int32Array(CHECKSUM_LEVELS + 1);
  /** The first top-10 index of each side whose state is stale (CHECKSUM_LEVELS: none). */
  #askDirty = 0;
  #bidDirty = 0;

  constructor(depth: number) {
    this.#depth = depth;
    this.#askStates[0] = CRC32_START;
  }

  /** Replaces the book with a snapshot's levels. */
  replace(bids: readonly UwsLevel[], asks: readonly UwsLevel[]): void {
    this.bids.replace(bids);
    this.asks.replace(asks);
    this.#truncate();
    this.#askDirty = 0;
    this.#bidDirty = 0;
  }

  /** Applies an update's levels in order. */
  update(bids: readonly UwsLevel[], asks: readonly UwsLevel[]): void {
    // Only a change within the top 10 changes the checksum; deeper ones leave every state valid.
    for (let i = 0; i < bids.length; i++) {
      const at = this.bids.set(bids[i]!);
      if (at >= 0 && at < this.#bidDirty) this.#bidDirty = at;
    }
    for (let i = 0; i < asks.length; i++) {
      const at = this.asks.set(asks[i]!);
      if (at >= 0 && at < this.#askDirty) this.#askDirty = at;
    }
    this.#truncate();
  }

  /** The checksum of the top 10 levels now, re-hashing only from the first level that changed. */
  checksum(): number {
    if (this.#askDirty < CHECKSUM_LEVELS) {
      this.#bidStates[0] = feedLevels(this.asks.levels, this.#askStates, this.#askDirty);
      this.#askDirty = CHECKSUM_LEVELS;
      this.#bidDirty = 0;
    } else if (this.#bidDirty === 0) {
      // The asks are unchanged but may be fewer than 10: the bids start after the last of them.
      this.#bidStates[0] = this.#askStates[Math.min(this.asks.levels.length, CHECKSUM_LEVELS)]!;
    }
    const end = Math.min(this.bids.levels.length, CHECKSUM_LEVELS);
    const last =
      this.#bidDirty < CHECKSUM_LEVELS
        ? feedLevels(this.bids.levels, this.#bidStates, this.#bidDirty)
        : this.#bidStates[end]!;
    this.#bidDirty = CHECKSUM_LEVELS;
    return crc32Finish(last);
  }

  clear(): void {
    this.bids.levels = [];
    this.asks.levels = [];
    this.#askDirty = 0;
    this.#bidDirty = 0;
  }

  #truncate(): void {
    this.bids.truncate(this.#depth);
    this.asks.truncate(this.#depth);
  }
}
