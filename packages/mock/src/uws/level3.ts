/**
 * One `level3` subscription's view of a book: the individual orders of the top `depth` price levels.
 * The engine's simulated liquidity is one third-party order per level (its id derived from symbol, side
 * and price, so it keeps its id while the level lives); the accounts' resting orders are their own
 * orders, queued behind it. Updates are `add`, `modify` and `delete` events by order id; an order that
 * leaves the view (filled, cancelled, or pushed below the depth) is deleted, so the client's view is
 * exactly the server's. The checksum follows Kraken's L3 guide: CRC32 over the top 10 asks then the top
 * 10 bids, each level's orders in queue order, each order as its price and quantity digits.
 */
import { createHash } from "node:crypto";
import { crc32 } from "node:zlib";
import type { OrderBook } from "../engine/book.js";
import type { InstrumentSpec } from "../engine/instruments.js";
import { Dec, priceDec, qtyDec, rfc3339 } from "./wire.js";

interface L3Order {
  readonly id: string;
  readonly price: string;
  readonly qty: string;
  /** When this view first saw it (the order's time in the book, as far as the view knows). */
  readonly since: number;
}

type Json = Record<string, unknown>;

/** A third-party level's order id: stable for the level's life, shaped like Kraken's UUIDs. */
function simulatedId(symbol: string, side: string, price: string): string {
  const h = createHash("sha1").update(`${symbol}:${side}:${price}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const digits = (s: string) => s.replace(".", "").replace(/^0+/, "");

/** The L3 checksum of a view's sides (each a list of levels, each a list of orders in queue order). */
export function level3Checksum(asks: readonly L3Order[][], bids: readonly L3Order[][]): number {
  const side = (levels: readonly L3Order[][]) =>
    levels
      .slice(0, 10)
      .map((orders) => orders.map((o) => digits(o.price) + digits(o.qty)).join(""))
      .join("");
  return crc32(side(asks) + side(bids)) >>> 0;
}

/** A subscription's view of one symbol's individual orders. */
export class Level3View {
  #bids: L3Order[][] = [];
  #asks: L3Order[][] = [];

  constructor(
    readonly inst: InstrumentSpec,
    readonly depth: number,
  ) {}

  /** The snapshot of the book now, which becomes the view. */
  snapshot(book: OrderBook, now: number, corrupt = false): Json {
    this.#bids = this.#side(book, "buy", now, new Map());
    this.#asks = this.#side(book, "sell", now, new Map());
    const wire = (levels: L3Order[][]) => levels.flat().map((o) => this.#order(o));
    return this.#message("snapshot", wire(this.#bids), wire(this.#asks), now, corrupt);
  }

  /** The add / modify / delete events that bring the view to `book`; undefined when none. */
  update(book: OrderBook, now: number, corrupt = false): Json | undefined {
    const before = { buy: this.#bids.flat(), sell: this.#asks.flat() };
    const known = new Map([...before.buy, ...before.sell].map((o) => [o.id, o]));
    this.#bids = this.#side(book, "buy", now, known);
    this.#asks = this.#side(book, "sell", now, known);
    const bids = this.#events(before.buy, this.#bids.flat());
    const asks = this.#events(before.sell, this.#asks.flat());
    if (bids.length === 0 && asks.length === 0) return undefined;
    return this.#message("update", bids, asks, now, corrupt);
  }

  #side(book: OrderBook, side: "buy" | "sell", now: number, known: Map<string, L3Order>): L3Order[][] {
    const levels = new Map<number, L3Order[]>();
    const add = (price: number, id: (p: string) => string, qty: number) => {
      const p = priceDec(this.inst, price).text;
      const orderId = id(p);
      const order = {
        id: orderId,
        price: p,
        qty: qtyDec(this.inst, qty).text,
        since: known.get(orderId)?.since ?? now,
      };
      levels.set(price, [...(levels.get(price) ?? []), order]);
    };
    for (const l of side === "buy" ? book.bids : book.asks)
      if (l.size > 0) add(l.price, (p) => simulatedId(this.inst.symbol, side, p), l.size);
    for (const o of book.resting.values())
      if (o.side === side && o.remaining > 0) add(o.price, () => o.orderId, o.remaining);
    return [...levels.entries()]
      .sort(([a], [b]) => (side === "buy" ? b - a : a - b))
      .slice(0, this.depth)
      .map(([, orders]) => orders);
  }

  #events(before: readonly L3Order[], after: readonly L3Order[]): Json[] {
    const now = new Map(after.map((o) => [o.id, o]));
    const then = new Map(before.map((o) => [o.id, o]));
    const out: Json[] = [];
    // Deletions first, so a client applying events in order never holds a crossed book.
    for (const o of before) if (!now.has(o.id)) out.push({ event: "delete", ...this.#order(o) });
    for (const o of after) {
      const old = then.get(o.id);
      if (!old) out.push({ event: "add", ...this.#order(o) });
      else if (old.qty !== o.qty || old.price !== o.price) out.push({ event: "modify", ...this.#order(o) });
    }
    return out;
  }

  #order(o: L3Order): Json {
    return {
      order_id: o.id,
      limit_price: new Dec(o.price),
      order_qty: new Dec(o.qty),
      timestamp: rfc3339(o.since),
    };
  }

  #message(type: "snapshot" | "update", bids: Json[], asks: Json[], now: number, corrupt: boolean): Json {
    const sum = level3Checksum(this.#asks, this.#bids);
    // The corrupted-checksum fault flips the lowest bit, as on `book`.
    const checksum = corrupt ? (sum ^ 1) >>> 0 : sum;
    return {
      channel: "level3",
      type,
      data: [{ symbol: this.inst.symbol, bids, asks, checksum, timestamp: rfc3339(now) }],
    };
  }
}
