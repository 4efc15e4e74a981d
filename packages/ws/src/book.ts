import { insertAt, removeAt } from "@kraken-futures/core";
import type { BookSnapshot, BookUpdate } from "./generated/ws.gen.js";

/** One price level: price and size. */
export interface BookLevel {
  readonly price: number;
  readonly qty: number;
}

/** What {@link OrderBook.applyDelta} did with a delta. */
export type DeltaResult =
  /** the level was changed, added or removed */
  | "applied"
  /** `seq` <= the book's: an old delta (from before the snapshot), discarded */
  | "stale"
  /** `seq` is not the next one, or no snapshot was applied yet: the book can no longer be trusted */
  | "gap"
  /** the delta's fields are not usable numbers or side: dropped, the book unchanged */
  | "invalid";

/**
 * One side of a book: prices kept sorted in a plain array (best first) next to a price -> size map.
 *
 * Why this structure: a Kraken book has a few hundred to a few thousand levels and nearly every update
 * touches a level near the top. A binary search finds the slot in O(log n); inserting or removing shifts
 * the array tail (core's `insertAt`/`removeAt`), which for these sizes beats the pointer chasing of a tree or
 * skip list; updating the size of an existing level (the most frequent case) only touches the map.
 * Top-N reads are a slice of the array, with no sorting at read time.
 */
class BookSide {
  readonly #descending: boolean;
  readonly #prices: number[] = [];
  readonly #sizes = new Map<number, number>();

  constructor(descending: boolean) {
    this.#descending = descending;
  }

  get size(): number {
    return this.#prices.length;
  }

  clear(): void {
    this.#prices.length = 0;
    this.#sizes.clear();
  }

  set(price: number, qty: number): void {
    const known = this.#sizes.has(price);
    if (qty === 0) {
      if (!known) return;
      this.#sizes.delete(price);
      removeAt(this.#prices, this.#indexOf(price));
      return;
    }
    this.#sizes.set(price, qty);
    if (!known) insertAt(this.#prices, this.#indexOf(price), price);
  }

  /** Binary search: the index of `price`, or where it would be inserted. */
  #indexOf(price: number): number {
    const prices = this.#prices;
    let low = 0;
    let high = prices.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const p = prices[mid]!;
      if (this.#descending ? p > price : p < price) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  top(n: number): BookLevel[] {
    const count = Math.min(n, this.#prices.length);
    const out = new Array<BookLevel>(count);
    for (let i = 0; i < count; i++) {
      const price = this.#prices[i]!;
      out[i] = { price, qty: this.#sizes.get(price)! };
    }
    return out;
  }

  best(): BookLevel | undefined {
    const price = this.#prices[0];
    return price === undefined ? undefined : { price, qty: this.#sizes.get(price)! };
  }
}

const isQty = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v) && v >= 0;
const isPrice = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

/**
 * The order book of one product: a `book_snapshot`, then `book` deltas checked by sequence number.
 *
 * - `qty` 0 removes a level;
 * - a delta with `seq` <= the book's is stale and discarded (it predates the snapshot);
 * - a delta with `seq` other than book seq + 1, or any delta before a snapshot, is a gap: the book is
 *   marked unsynced and stays so until the next snapshot (the client then resubscribes for one).
 *
 * Kraken only documents `seq` as the "subscription message sequence number"; contiguity per product is
 * this project's decision (specs/asyncapi/ws/README.md): resyncing on a false gap costs one snapshot,
 * trusting a real gap leaves a silently wrong book.
 */
export class OrderBook {
  /** The product, as the WebSocket names it (`PF_XBTUSD`). */
  readonly productId: string;
  readonly #bids = new BookSide(true);
  readonly #asks = new BookSide(false);
  #seq = -1;
  #synced = false;
  #timestamp = 0;

  constructor(productId: string) {
    this.productId = productId;
  }

  /** True between a snapshot and the next gap. Reads of an unsynced book return its last good state. */
  get synced(): boolean {
    return this.#synced;
  }

  /** Sequence number of the last message applied; -1 before the first snapshot. */
  get seq(): number {
    return this.#seq;
  }

  /** Server time (ms) of the last message applied. */
  get timestamp(): number {
    return this.#timestamp;
  }

  /** Number of bid and ask levels. */
  get depth(): { bids: number; asks: number } {
    return { bids: this.#bids.size, asks: this.#asks.size };
  }

  /**
   * Replaces the whole book. Returns false (book unchanged) when the snapshot is unusable.
   */
  applySnapshot(snapshot: BookSnapshot): boolean {
    if (!Array.isArray(snapshot.bids) || !Array.isArray(snapshot.asks) || !Number.isInteger(snapshot.seq)) {
      return false;
    }
    for (const level of [...snapshot.bids, ...snapshot.asks]) {
      if (!isPrice(level?.price) || !isQty(level?.qty)) return false;
    }
    this.#bids.clear();
    this.#asks.clear();
    for (const level of snapshot.bids) this.#bids.set(level.price, level.qty);
    for (const level of snapshot.asks) this.#asks.set(level.price, level.qty);
    this.#seq = snapshot.seq;
    this.#timestamp = typeof snapshot.timestamp === "number" ? snapshot.timestamp : this.#timestamp;
    this.#synced = true;
    return true;
  }

  /** Applies one delta; see {@link DeltaResult}. */
  applyDelta(delta: BookUpdate): DeltaResult {
    const { seq, price, qty, side } = delta;
    if (!Number.isInteger(seq) || !isPrice(price) || !isQty(qty) || (side !== "buy" && side !== "sell")) {
      return "invalid";
    }
    if (!this.#synced) return "gap";
    if (seq <= this.#seq) return "stale";
    if (seq !== this.#seq + 1) {
      this.#synced = false;
      return "gap";
    }
    (side === "buy" ? this.#bids : this.#asks).set(price, qty);
    this.#seq = seq;
    if (typeof delta.timestamp === "number") this.#timestamp = delta.timestamp;
    return "applied";
  }

  /** Marks the book unsynced (a disconnect: the next snapshot will replace it). */
  invalidate(): void {
    this.#synced = false;
  }

  /** The best `n` bids, highest price first. */
  bids(n = Number.POSITIVE_INFINITY): BookLevel[] {
    return this.#bids.top(n);
  }

  /** The best `n` asks, lowest price first. */
  asks(n = Number.POSITIVE_INFINITY): BookLevel[] {
    return this.#asks.top(n);
  }

  /** Highest bid, if any. */
  bestBid(): BookLevel | undefined {
    return this.#bids.best();
  }

  /** Lowest ask, if any. */
  bestAsk(): BookLevel | undefined {
    return this.#asks.best();
  }
}
