/**
 * The levels of one book: two sorted arrays, best first, truncated to the subscribed depth. An array
 * rather than a map because every verified message reads the top 10 in order, and because depths are
 * small (10 to 1000): a binary search and an in-place shift beat sorting a map on every checksum.
 */
import { insertAt, removeAt } from "@kraken-futures/core";
import type { UwsLevel } from "../decode.js";
import { CHECKSUM_LEVELS, levelBytes, levelHash } from "./checksum.js";
import { CRC32_START, crc32Finish, crc32Shift } from "./crc32.js";

/** `BookSide.lengths` of a level whose hash is not computed yet. */
const UNHASHED = -1;

/**
 * One side, best first: bids highest first (`descending`), asks lowest first. Next to each level, its
 * checksum bytes hashed from state 0 and their count, computed when the level is first hashed and kept
 * while it stays: a level is re-hashed whenever one above it changes, and joining a cached hash
 * (`crc32Shift`, a few table lookups) costs a fraction of hashing its characters again.
 */
export class BookSide {
  levels: UwsLevel[] = [];
  /** `hashes[i]`: level i's bytes hashed from 0, valid when `lengths[i]` is not UNHASHED. */
  hashes: number[] = [];
  lengths: number[] = [];
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
      removeAt(levels, i);
      removeAt(this.hashes, i);
      removeAt(this.lengths, i);
    } else if (same) {
      levels[i] = level;
      this.lengths[i] = UNHASHED;
    } else {
      insertAt(levels, i, level);
      insertAt(this.hashes, i, 0);
      insertAt(this.lengths, i, UNHASHED);
    }
    return i;
  }

  /** Replaces every level (a snapshot: any order, later duplicates win, `qty` 0 ignored). */
  replace(levels: readonly UwsLevel[]): void {
    this.clear();
    for (const level of levels) this.set(level);
  }

  /** Drops the levels beyond `depth` (no `qty` 0 comes for levels that fall out of the subscribed depth). */
  truncate(depth: number): void {
    if (this.levels.length <= depth) return;
    this.levels.length = depth;
    this.hashes.length = depth;
    this.lengths.length = depth;
  }

  clear(): void {
    this.levels = [];
    this.hashes = [];
    this.lengths = [];
  }

  /**
   * Feeds levels `from`.. of the top {@link CHECKSUM_LEVELS} into `states[from]`, writing the state
   * after each level into `states` and the bytes before it into `offsets`; returns the last state.
   */
  feed(states: Int32Array, offsets: Int32Array, from: number): number {
    const { levels, hashes, lengths } = this;
    const n = Math.min(levels.length, CHECKSUM_LEVELS);
    let s = states[from]!;
    let offset = offsets[from]!;
    for (let i = from; i < n; i++) {
      if (lengths[i] === UNHASHED) {
        hashes[i] = levelHash(levels[i]!);
        lengths[i] = levelBytes;
      }
      const bytes = lengths[i]!;
      s = crc32Shift(s, bytes) ^ hashes[i]!;
      offset += bytes;
      states[i + 1] = s;
      offsets[i + 1] = offset;
    }
    return s;
  }
}

/**
 * A book truncated to `depth`, with the running CRC state kept after each of the top 10 levels of
 * each side: a change at level `k` re-joins from `k` only. The bids are hashed from a zero state and
 * joined to the asks' state with `crc32Shift` (CRC is linear), so a change of the asks, which come
 * first in the checksum, does not touch the bids.
 */
export class OrderBook {
  readonly bids = new BookSide(true);
  readonly asks = new BookSide(false);
  readonly #depth: number;
  /** `askStates[i]`: the CRC state before ask `i` (`askStates[0]` is the start). */
  readonly #askStates = new Int32Array(CHECKSUM_LEVELS + 1);
  readonly #askOffsets = new Int32Array(CHECKSUM_LEVELS + 1);
  /** `bidStates[i]`: the state before bid `i`, hashed from 0; `bidOffsets[i]`: the bytes before it. */
  readonly #bidStates = new Int32Array(CHECKSUM_LEVELS + 1);
  readonly #bidOffsets = new Int32Array(CHECKSUM_LEVELS + 1);
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

  /** The checksum of the top 10 levels now, re-joining only from the first level that changed. */
  checksum(): number {
    if (this.#askDirty < CHECKSUM_LEVELS) {
      this.asks.feed(this.#askStates, this.#askOffsets, this.#askDirty);
      this.#askDirty = CHECKSUM_LEVELS;
    }
    if (this.#bidDirty < CHECKSUM_LEVELS) {
      this.bids.feed(this.#bidStates, this.#bidOffsets, this.#bidDirty);
      this.#bidDirty = CHECKSUM_LEVELS;
    }
    // A side may hold fewer than 10 levels: its state is the one after its last.
    const asks = this.#askStates[Math.min(this.asks.levels.length, CHECKSUM_LEVELS)]!;
    const bidsAt = Math.min(this.bids.levels.length, CHECKSUM_LEVELS);
    return crc32Finish(crc32Shift(asks, this.#bidOffsets[bidsAt]!) ^ this.#bidStates[bidsAt]!);
  }

  clear(): void {
    this.bids.clear();
    this.asks.clear();
    this.#askDirty = 0;
    this.#bidDirty = 0;
  }

  #truncate(): void {
    this.bids.truncate(this.#depth);
    this.asks.truncate(this.#depth);
  }
}
