/**
 * The simulated market: the seeded walk of the indices, the mark of each instrument, the books'
 * simulated depth around it, and the third parties' trades at the touch. One market step draws from the
 * market stream in a fixed order (walk, books, trades), so a seed replays the same market; what the
 * account's resting orders do when the quotes move through them is settlement's (see settlement.ts).
 */
import type { OrderBook, Side } from "./book.js";
import { touch } from "./book.js";
import type { Exchange } from "./exchange.js";
import { roundDp, roundTo } from "./instruments.js";
import { stepIndex } from "./market.js";
import type { Rng } from "./random.js";
import type { ExchangeEvents, PublicTrade } from "./types.js";

/** How much of the market's history the walk keeps per instrument. */
export interface Retention {
  /** Public trades (a page of Kraken's trade history covers 100; History pages through more). */
  readonly trades: number;
  /** Price points (one a step). */
  readonly prices: number;
}

/** The exchange's market walk; writes the exchange's `trades` and `prices`. */
export class MarketWalk {
  /** Mark price by symbol, as of the last step. */
  readonly marks = new Map<string, number>();
  readonly #ex: Exchange;
  readonly #market: Rng;
  readonly #ids: Rng;
  readonly #kept: Retention;
  readonly #emit: (trade: ExchangeEvents["trade"]) => void;
  #tradeId = 1;

  constructor(ex: Exchange, market: Rng, ids: Rng, kept: Retention, emit: (trade: PublicTrade) => void) {
    this.#ex = ex;
    this.#market = market;
    this.#ids = ids;
    this.#kept = kept;
    this.#emit = emit;
  }

  /** Marks from the indices: each instrument's basis over its underlying, to a tenth of a tick. */
  refreshMarks(): void {
    for (const inst of this.#ex.instruments.values()) {
      const index = this.#ex.indices.get(inst.base)!;
      this.marks.set(inst.symbol, roundTo(index.price * (1 + inst.basis), inst.tickSize / 10));
    }
  }

  /** Builds every book's depth around its mark (once the backfill is over). */
  regenerateBooks(): void {
    for (const [symbol, book] of this.#ex.books) book.regenerate(this.marks.get(symbol)!, this.#market);
  }

  /** Moves the indices one step and records the price points of `t`. */
  #walk(t: number, trim: boolean): void {
    for (const index of this.#ex.indices.values()) stepIndex(index, this.#market);
    this.refreshMarks();
    for (const [symbol, list] of this.#ex.prices) {
      list.push({ time: t, mark: this.marks.get(symbol)!, index: this.#ex.indexPrice(symbol) });
      if (trim && list.length > this.#kept.prices + 1_000) list.splice(0, list.length - this.#kept.prices);
    }
  }

  /**
   * A market step of the backfill: the walk, price points and third-party trades at the touch, without
   * building the books' depth (no order rests yet), so hours of history take well under a second.
   */
  backfillStep(t: number): void {
    this.#walk(t, false);
    for (const inst of this.#ex.instruments.values()) {
      const mid = this.marks.get(inst.symbol)! * (1 + 0.0002 * this.#market.normal());
      const quote = touch(mid, inst.tickSize * this.#market.int(1, 3), inst.tickSize);
      if (this.#market.next() >= 0.6) continue;
      const side: Side = this.#market.next() < 0.5 ? "buy" : "sell";
      const size = roundDp(inst.lotSize * this.#market.int(1, 5), inst.sizePrecision);
      this.recordTrade(inst.symbol, side, size, side === "buy" ? quote.ask : quote.bid, t);
    }
  }

  /**
   * A live market step: the walk, then each book's new depth, `requoted(book)` (settlement fills the
   * resting orders the quotes moved through), a third-party trade at the touch now and then, and the
   * book's `book` event.
   */
  step(t: number, requoted: (book: OrderBook) => void, emitBook: (symbol: string) => void): void {
    this.#walk(t, true);
    for (const [symbol, book] of this.#ex.books) {
      const inst = book.instrument;
      // The book's mid wanders a little around the mark, as a real book does around the fair price.
      const mid = this.marks.get(symbol)! * (1 + 0.0002 * this.#market.normal());
      book.regenerate(mid, this.#market);
      requoted(book);
      if (this.#market.next() < 0.6) {
        const side: Side = this.#market.next() < 0.5 ? "buy" : "sell";
        const price = book.bestSimulated(side === "buy" ? "sell" : "buy")!;
        const size = roundDp(inst.lotSize * this.#market.int(1, 5), inst.sizePrecision);
        this.recordTrade(symbol, side, size, price, t);
      }
      emitBook(symbol);
    }
  }

  /** Prints a public trade (a third party's, or one of the account's fills seen from the market). */
  recordTrade(symbol: string, side: Side, size: number, price: number, time: number): void {
    const list = this.#ex.trades.get(symbol)!;
    const trade: PublicTrade = {
      uid: this.#ids.uuid(),
      tradeId: this.#tradeId++,
      symbol,
      side,
      size,
      price,
      time,
    };
    list.push(trade);
    if (list.length > this.#kept.trades + 1_000) list.splice(0, list.length - this.#kept.trades);
    this.#emit(trade);
  }
}
