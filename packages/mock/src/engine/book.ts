import type { InstrumentSpec } from "./instruments.js";
import { roundDp, roundTo } from "./instruments.js";
import type { Rng } from "./random.js";

export type Side = "buy" | "sell";

/** A resting order of an account, as the book sees it. */
export interface RestingOrder {
  readonly orderId: string;
  readonly side: Side;
  price: number;
  /** Quantity still open. */
  remaining: number;
}

/** A level of simulated third-party liquidity. */
export interface Level {
  price: number;
  size: number;
}

/** A match of an incoming order against simulated liquidity. */
export interface BookMatch {
  price: number;
  size: number;
}

/** The best bid and ask simulated liquidity quotes around `mid`, `halfSpread` either side, on the tick grid. */
export function touch(mid: number, halfSpread: number, tickSize: number): { bid: number; ask: number } {
  return {
    bid: roundTo(Math.floor((mid - halfSpread) / tickSize) * tickSize, tickSize),
    ask: roundTo(Math.ceil((mid + halfSpread) / tickSize) * tickSize, tickSize),
  };
}

/** How many simulated levels each side of the book carries. */
export const SIMULATED_DEPTH = 20;

/**
 * The order book of one instrument: simulated third-party liquidity that the market step regenerates
 * around the mid price, plus the accounts' resting orders. Incoming orders match simulated liquidity
 * only; the accounts' own resting orders are filled by the market moving through them (see
 * `Exchange`), so an account never trades with itself.
 */
export class OrderBook {
  bids: Level[] = [];
  asks: Level[] = [];
  readonly resting = new Map<string, RestingOrder>();

  constructor(readonly instrument: InstrumentSpec) {}

  /** Rebuilds simulated liquidity around `mid`, with a spread of a few ticks and seeded sizes. */
  regenerate(mid: number, rng: Rng): void {
    const { tickSize, lotSize, sizePrecision } = this.instrument;
    const { bid: bestBid, ask: bestAsk } = touch(mid, tickSize * rng.int(1, 3), tickSize);
    const size = (i: number) => roundDp(lotSize * (1 + rng.int(0, 9) + i * 0.5), sizePrecision);
    this.bids = [];
    this.asks = [];
    for (let i = 0; i < SIMULATED_DEPTH; i++) {
      this.bids.push({ price: roundTo(bestBid - i * tickSize, tickSize), size: size(i) });
      this.asks.push({ price: roundTo(bestAsk + i * tickSize, tickSize), size: size(i) });
    }
  }

  /** Best simulated bid and ask (the prices third parties quote). */
  bestSimulated(side: Side): number | undefined {
    return (side === "buy" ? this.bids : this.asks)[0]?.price;
  }

  /** Best price of a side including the accounts' resting orders. */
  best(side: Side): number | undefined {
    let best = this.bestSimulated(side);
    for (const o of this.resting.values()) {
      if (o.side !== side) continue;
      if (best === undefined || (side === "buy" ? o.price > best : o.price < best)) best = o.price;
    }
    return best;
  }

  /** Mid of the simulated book. */
  mid(): number {
    const bid = this.bestSimulated("buy");
    const ask = this.bestSimulated("sell");
    if (bid === undefined || ask === undefined) return Number.NaN;
    return (bid + ask) / 2;
  }

  /** Quantity of simulated liquidity an order on `side` with `limit` could take. */
  available(side: Side, limit: number): number {
    const levels = side === "buy" ? this.asks : this.bids;
    let total = 0;
    for (const l of levels) {
      if (side === "buy" ? l.price > limit : l.price < limit) break;
      total += l.size;
    }
    return total;
  }

  /** Would an order on `side` at `limit` cross one of the accounts' own resting orders? */
  crossesOwn(side: Side, limit: number): boolean {
    for (const o of this.resting.values()) {
      if (o.side === side) continue;
      if (side === "buy" ? o.price <= limit : o.price >= limit) return true;
    }
    return false;
  }

  /** Takes up to `quantity` of simulated liquidity no worse than `limit`; returns the matches. */
  take(side: Side, limit: number, quantity: number): BookMatch[] {
    const levels = side === "buy" ? this.asks : this.bids;
    const out: BookMatch[] = [];
    let left = quantity;
    const precision = this.instrument.sizePrecision;
    while (left > 0 && levels.length > 0) {
      const level = levels[0]!;
      if (side === "buy" ? level.price > limit : level.price < limit) break;
      const size = roundDp(Math.min(level.size, left), precision);
      out.push({ price: level.price, size });
      level.size = roundDp(level.size - size, precision);
      left = roundDp(left - size, precision);
      if (level.size <= 0) levels.shift();
    }
    return out;
  }

  /**
   * The non-cumulative book Kraken's `orderbook` returns: [price, size] levels, asks ascending and bids
   * descending, simulated liquidity and resting orders merged by price.
   */
  levels(): { bids: [number, number][]; asks: [number, number][] } {
    const merge = (side: Side, sim: Level[]) => {
      const m = new Map<number, number>();
      for (const l of sim) m.set(l.price, l.size);
      for (const o of this.resting.values()) {
        if (o.side === side) m.set(o.price, roundDp((m.get(o.price) ?? 0) + o.remaining, 8));
      }
      return [...m.entries()]
        .map(([p, s]) => [p, roundDp(s, this.instrument.sizePrecision)] as [number, number])
        .sort((a, b) => (side === "buy" ? b[0] - a[0] : a[0] - b[0]));
    };
    return { bids: merge("buy", this.bids), asks: merge("sell", this.asks) };
  }
}
