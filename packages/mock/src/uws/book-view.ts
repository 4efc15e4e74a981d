/**
 * One `book` subscription's view of a book: the levels the client holds after applying what it was
 * sent and truncating to its depth. Updates carry the levels whose text changed within the depth,
 * `qty` 0 for levels that left the book, and nothing for levels that only fell below the depth (the
 * client drops those by truncating, as Kraken's book page says), followed by the checksum of the top
 * 10 levels of the resulting view, computed from the very texts sent.
 */
import type { InstrumentSpec } from "../engine/instruments.js";
import { bookChecksum, Dec, type LevelText, priceDec, qtyDec, rfc3339 } from "./wire.js";

type Levels = readonly (readonly [number, number])[];

interface Side {
  levels: LevelText[];
}

/** The wire form of one side's levels. */
function texts(inst: InstrumentSpec, levels: Levels, depth: number): LevelText[] {
  return levels
    .slice(0, depth)
    .map(([p, q]) => ({ price: priceDec(inst, p).text, qty: qtyDec(inst, q).text }));
}

const asWire = (l: LevelText) => ({ price: new Dec(l.price), qty: new Dec(l.qty) });

/** Changes that take `before` to `after` (both best first), given the subscribed depth. */
function sideChanges(before: readonly LevelText[], after: readonly LevelText[], depth: number): LevelText[] {
  const now = new Map(after.map((l) => [l.price, l.qty]));
  const out: LevelText[] = after.filter((l) => before.find((b) => b.price === l.price)?.qty !== l.qty);
  const full = after.length >= depth;
  const worst = after.at(-1)?.price;
  for (const b of before) {
    if (now.has(b.price)) continue;
    // Below a full view's worst level, truncation removes it; anywhere else it left the book.
    const belowWorst = full && worst !== undefined && isWorse(b.price, worst, after);
    if (!belowWorst) out.push({ price: b.price, qty: "0" });
  }
  return out;
}

/** Is `price` further from the touch than `worst`, on the side `after` (best first) describes? */
function isWorse(price: string, worst: string, after: readonly LevelText[]): boolean {
  const ascending = after.length < 2 || Number(after[0]!.price) < Number(after[1]!.price);
  return ascending ? Number(price) > Number(worst) : Number(price) < Number(worst);
}

/** A subscription's view of one symbol's book. */
export class BookView {
  readonly #bids: Side = { levels: [] };
  readonly #asks: Side = { levels: [] };

  constructor(
    readonly inst: InstrumentSpec,
    readonly depth: number,
  ) {}

  /** The snapshot message of the book now, which becomes the view. */
  snapshot(book: { bids: Levels; asks: Levels }, now: number, corrupt = false): Record<string, unknown> {
    this.#bids.levels = texts(this.inst, book.bids, this.depth);
    this.#asks.levels = texts(this.inst, book.asks, this.depth);
    return this.#message("snapshot", this.#bids.levels, this.#asks.levels, now, corrupt);
  }

  /** The update that brings the view to `book`, or undefined when nothing within the depth changed. */
  update(
    book: { bids: Levels; asks: Levels },
    now: number,
    corrupt = false,
  ): Record<string, unknown> | undefined {
    const bids = texts(this.inst, book.bids, this.depth);
    const asks = texts(this.inst, book.asks, this.depth);
    const bidChanges = sideChanges(this.#bids.levels, bids, this.depth);
    const askChanges = sideChanges(this.#asks.levels, asks, this.depth);
    this.#bids.levels = bids;
    this.#asks.levels = asks;
    if (bidChanges.length === 0 && askChanges.length === 0) return undefined;
    return this.#message("update", bidChanges, askChanges, now, corrupt);
  }

  #message(
    type: "snapshot" | "update",
    bids: readonly LevelText[],
    asks: readonly LevelText[],
    now: number,
    corrupt: boolean,
  ): Record<string, unknown> {
    const checksum = bookChecksum(this.#asks.levels, this.#bids.levels);
    return {
      channel: "book",
      type,
      data: [
        {
          symbol: this.inst.symbol,
          bids: bids.map(asWire),
          asks: asks.map(asWire),
          // A corrupted checksum (a fault) differs from the true one in its lowest bit.
          checksum: corrupt ? (checksum ^ 1) >>> 0 : checksum,
          timestamp: rfc3339(now),
        },
      ],
    };
  }
}
