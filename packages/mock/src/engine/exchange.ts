/**
 * The in-memory exchange: its state (instruments, books, the account, orders, fills, the public tape and
 * price history, the one ledger) and its public methods. The work is done by its parts, each over an
 * {@link EngineContext}: the seeded market (market-walk.ts), order entry (order-entry.ts), matching and
 * settlement (settlement.ts), trigger orders (triggers.ts), and the margin desk (margin-desk.ts).
 */
import { AccountBook, EURUSD, type StartingBalances } from "./accounts.js";
import { OrderBook } from "./book.js";
import { type Clock, iso, manualClock } from "./clock.js";
import type { EngineContext } from "./context.js";
import { Emitter } from "./emitter.js";
import { type InstrumentSpec, listInstruments, roundDp } from "./instruments.js";
import { AccountLedger } from "./ledger.js";
import type { MarginClaim, MarginSummary } from "./margin.js";
import { MarginDesk } from "./margin-desk.js";
import { createIndices, type IndexState } from "./market.js";
import { MarketWalk } from "./market-walk.js";
import { cancelOrder, editOrder, instrumentOf, sendOrder } from "./order-entry.js";
import { OrderIndex } from "./order-index.js";
import type { Order, TriggerSignal } from "./orders.js";
import { Rng } from "./random.js";
import { bookFill, cancelWhere, fillCrossedRestingOrders } from "./settlement.js";
import { evaluateTriggers } from "./triggers.js";
import {
  type EditOrderRequest,
  EngineError,
  type ExchangeEvents,
  type Fill,
  type OrderOutcome,
  type PricePoint,
  type PublicTrade,
  type SendOrderRequest,
} from "./types.js";
import { cancelEvent } from "./views.js";

// The types moved to types.ts; importers of exchange.js keep finding them here.
export * from "./types.js";

/** Options of {@link Exchange}. */
export interface ExchangeOptions {
  /** Seed of the market walk, liquidity and ids. Default 1. */
  seed?: number;
  /** Time source. Default: a {@link manualClock} at 2026-01-02 (tests); the server passes the wall clock. */
  clock?: Clock;
  /** Milliseconds between two market steps. Default 1000. */
  stepMs?: number;
  /** Market steps simulated before the clock's start, so tickers and trade history have content. Default 300. */
  warmupSteps?: number;
  /**
   * Hours of market history to backfill before the clock's start (mark and index points for Charts and
   * History, public trades for the trade history and executions), drawn from the seed. Default 0: only
   * the `warmupSteps` (5 minutes). At most {@link MAX_BACKFILL_STEPS} steps.
   */
  backfillHours?: number;
  /** Starting balances of the account. */
  balances?: StartingBalances;
  /** Maker and taker fee rates (fractions). Default 0.0002 and 0.0005, the first tier of Kraken's schedule. */
  makerFee?: number;
  takerFee?: number;
}

/** The most steps a backfill may simulate: 48 hours at one step a second (memory, not time, is the bound). */
export const MAX_BACKFILL_STEPS = 172_800;

/** Steps of `hours` of backfill at `stepMs`; a RangeError for a negative, non-finite or too long one. */
function backfillSteps(hours: number, stepMs: number): number {
  const steps = Math.ceil((hours * 3_600_000) / stepMs);
  if (!(hours >= 0) || !(steps <= MAX_BACKFILL_STEPS)) {
    const most = (MAX_BACKFILL_STEPS * stepMs) / 3_600_000;
    throw new RangeError(`backfillHours must be between 0 and ${most} at stepMs ${stepMs}, got ${hours}`);
  }
  return steps;
}

/** At most this many steps are replayed at once; a longer idle gap is skipped, not simulated. */
const MAX_CATCH_UP_STEPS = 5_000;
/** Public trades kept per instrument (Kraken's history covers the last 7 days or 100 trades a page). */
const TRADES_KEPT = 20_000;
/** Price points kept per instrument (about 14 hours at one step a second). */
const PRICES_KEPT = 50_000;
/**
 * The in-memory exchange: a seeded market, one order book per instrument and one account. Pure: no I/O
 * and no timers; time advances through the injected clock, and {@link Exchange.sync} replays the market
 * steps due up to the clock's present.
 */
export class Exchange extends Emitter<ExchangeEvents> {
  readonly clock: Clock;
  readonly seed: number;
  readonly stepMs: number;
  readonly makerFee: number;
  readonly takerFee: number;
  readonly instruments: ReadonlyMap<string, InstrumentSpec>;
  readonly books = new Map<string, OrderBook>();
  readonly indices: Map<"XBT" | "ETH", IndexState>;
  readonly account: AccountBook;
  /**
   * The account's open orders and its most recent closed ones (filled, cancelled, rejected, triggered),
   * by id, indexed for order entry; History keeps the full record.
   */
  readonly orders = new OrderIndex();
  /** Fills of the account, oldest first. */
  readonly fills: Fill[] = [];
  /** Public trades by symbol, oldest first. */
  readonly trades = new Map<string, PublicTrade[]>();
  /** Mark and index price of each instrument at every market step, oldest first (History and Charts). */
  readonly prices = new Map<string, PricePoint[]>();
  /** Assignment-program preferences (stored and listed; assignments themselves are not simulated). */
  readonly assignmentPrograms = new Map<number, Record<string, unknown>>();
  readonly assignmentHistory: Record<string, unknown>[] = [];
  nextAssignmentId = 1;
  /** Epoch ms the dead man's switch fires at, or null when disarmed. */
  deadManSwitchAt: number | null = null;

  #lastStep: number;
  readonly #desk: MarginDesk = new MarginDesk(this);
  readonly #walk: MarketWalk;
  /** What the engine's parts share (see context.ts). */
  readonly #ctx: EngineContext;
  /** The account's one ledger (History's account log, WebSocket `account_log`, Spot `Ledgers`). */
  readonly ledger: AccountLedger;

  constructor(options: ExchangeOptions = {}) {
    super();
    this.seed = options.seed ?? 1;
    this.clock = options.clock ?? manualClock();
    this.stepMs = options.stepMs ?? 1000;
    this.makerFee = options.makerFee ?? 0.0002;
    this.takerFee = options.takerFee ?? 0.0005;
    const market = new Rng(this.seed);
    const ids = new Rng(this.seed ^ 0x5eed1d5);
    const start = this.clock.now();
    this.instruments = new Map(listInstruments(start).map((i) => [i.symbol, i]));
    this.indices = createIndices(market);
    this.account = new AccountBook(options.balances);
    this.ledger = new AccountLedger(this);
    for (const inst of this.instruments.values()) {
      this.books.set(inst.symbol, new OrderBook(inst));
      this.trades.set(inst.symbol, []);
      this.prices.set(inst.symbol, []);
    }
    const warmup = options.warmupSteps ?? 300;
    const backfill = backfillSteps(options.backfillHours ?? 0, this.stepMs);
    const quick = Math.max(0, backfill - warmup);
    const kept = {
      trades: Math.max(TRADES_KEPT, backfill + TRADES_KEPT),
      prices: Math.max(PRICES_KEPT, backfill + 3_600),
    };
    this.#walk = new MarketWalk(this, market, ids, kept, (trade) => this.emit("trade", trade));
    this.#ctx = { ex: this, ids, desk: this.#desk, walk: this.#walk, emit: (e, p) => this.emit(e, p) };
    this.#lastStep = start - (quick + warmup) * this.stepMs;
    this.#walk.refreshMarks();
    for (let i = 0; i < quick; i++) {
      this.#lastStep += this.stepMs;
      this.#walk.backfillStep(this.#lastStep);
    }
    this.#walk.regenerateBooks();
    this.sync();
  }

  // ---- time ---------------------------------------------------------------------------------------

  /**
   * Replays the market steps due up to the clock's present and fires the dead man's switch if its time
   * has come. Every public method calls it first, so state is always as of `clock.now()`.
   */
  sync(): void {
    const now = this.clock.now();
    let due = Math.floor((now - this.#lastStep) / this.stepMs);
    if (due > MAX_CATCH_UP_STEPS) {
      this.#lastStep += (due - MAX_CATCH_UP_STEPS) * this.stepMs;
      due = MAX_CATCH_UP_STEPS;
    }
    for (let i = 0; i < due; i++) {
      const t = this.#lastStep + this.stepMs;
      this.#checkDeadManSwitch(t);
      this.#step(t);
      this.#lastStep = t;
    }
    this.#checkDeadManSwitch(now);
  }

  /** Current time after {@link sync}. */
  now(): number {
    this.sync();
    return this.clock.now();
  }

  #checkDeadManSwitch(t: number): void {
    if (this.deadManSwitchAt === null || t < this.deadManSwitchAt) return;
    const at = this.deadManSwitchAt;
    this.deadManSwitchAt = null;
    cancelWhere(this.#ctx, () => true, at, "dead_man_switch");
  }

  /** One market step: the walk and the books, the resting orders it crossed, then the triggers. */
  #step(t: number): void {
    this.#desk.stepped();
    this.#walk.step(
      t,
      (book) => fillCrossedRestingOrders(this.#ctx, book, t),
      (symbol) => this.emit("book", { symbol, time: t }),
    );
    evaluateTriggers(this.#ctx, t);
    this.emit("step", { time: t });
  }

  // ---- prices -------------------------------------------------------------------------------------

  /** The price a trigger watches: mark, last trade or the index (spot). */
  signal(symbol: string, signal: TriggerSignal): number {
    if (signal === "mark") return this.markPrice(symbol);
    if (signal === "last") return this.lastPrice(symbol);
    return this.indexPrice(symbol);
  }

  /** Mark price of an instrument. */
  markPrice(symbol: string): number {
    const mark = this.#walk.marks.get(symbol);
    if (mark === undefined) throw new EngineError("invalidArgument");
    return mark;
  }

  /** Index (spot) price of an instrument's underlying. */
  indexPrice(symbol: string): number {
    const inst = instrumentOf(this.instruments, symbol);
    return this.indices.get(inst.base)!.price;
  }

  /** Price of the last public trade, or the mark price before any trade. */
  lastPrice(symbol: string): number {
    const list = this.trades.get(symbol);
    return list?.at(-1)?.price ?? this.markPrice(symbol);
  }

  /** USD value of one unit of a flex currency. */
  usdPrice(currency: string): number {
    if (currency === "USD" || currency === "USDT" || currency === "USDC") return 1;
    if (currency === "EUR") return EURUSD;
    if (currency === "XBT" || currency === "BTC") return this.indices.get("XBT")!.price;
    if (currency === "ETH") return this.indices.get("ETH")!.price;
    return 0;
  }

  // ---- queries ------------------------------------------------------------------------------------

  /** Open orders and open trigger orders, oldest first. */
  openOrders(): Order[] {
    this.sync();
    return [...this.orders.open()];
  }

  /** Margin claims of the open orders (what `initialMarginWithOrders` counts), see `margin.ts`. */
  marginClaims(): MarginClaim[] {
    return [...this.orders.open()].map((o) => this.claim(o));
  }

  /** An order's claim on margin for its remaining quantity (see {@link MarginDesk.claim}). */
  claim(o: Order): MarginClaim {
    return this.#desk.claim(o);
  }

  /** Margin of the inverse account (XBT) or of the flex wallet (USD). */
  margin(kind: "inverse" | "linear"): MarginSummary {
    this.sync();
    return this.#desk.summary(kind);
  }

  /** Available margin: XBT in fi_xbtusd for inverse contracts, USD in the flex wallet for linear ones. */
  availableMargin(kind: "inverse" | "linear"): number {
    this.sync();
    return this.#desk.available(kind);
  }

  /** Collateral value of the flex wallet in USD (after haircuts). */
  flexCollateral(): number {
    return this.#desk.flexCollateral();
  }

  // ---- order entry (order-entry.ts, settlement.ts) ------------------------------------------------

  /** `sendorder`: validates, then places, executes or rejects an order. */
  sendOrder(req: SendOrderRequest): OrderOutcome {
    return sendOrder(this.#ctx, req);
  }

  /** `editorder`: changes size, limit or stop price of an open order. */
  editOrder(req: EditOrderRequest): OrderOutcome {
    return editOrder(this.#ctx, req);
  }

  /** `cancelorder`: cancels one open order or trigger order by `order_id` or `cliOrdId`. */
  cancelOrder(orderId?: string, cliOrdId?: string): OrderOutcome {
    return cancelOrder(this.#ctx, orderId, cliOrdId);
  }

  /**
   * A third party takes `size` (default: all that rests) of a resting order at its limit price without
   * moving the market: a maker fill, as when the market trades through the order. For tests that need
   * a fill on a frozen market.
   * @returns the fill, or undefined when no such order rests in the book.
   */
  takeResting(orderId: string, size?: number): Fill | undefined {
    const now = this.now();
    const order = this.orders.findOpen(orderId, undefined);
    const resting = order && this.books.get(order.symbol)!.resting.get(orderId);
    if (!order || !resting) return undefined;
    const precision = this.instruments.get(order.symbol)!.sizePrecision;
    const quantity = roundDp(Math.min(size ?? resting.remaining, resting.remaining), precision);
    if (!(quantity > 0)) return undefined;
    const fill = bookFill(this.#ctx, order, resting.price, quantity, "maker", now);
    this.emit("book", { symbol: order.symbol, time: now });
    return fill;
  }

  /** Announces a balance change made outside the order flow (a preference that changes margin). */
  emitBalance(): void {
    this.emit("balance", { time: this.clock.now() });
  }

  /** `cancelallorders`: cancels every open order and trigger, or those of one symbol. */
  cancelAllOrders(symbol?: string): {
    cancelled: Order[];
    events: Record<string, unknown>[];
    receivedTime: number;
  } {
    const now = this.now();
    const wanted = symbol?.toUpperCase();
    const cancelled = cancelWhere(
      this.#ctx,
      () => true,
      now,
      "cancelled_by_user",
      wanted === undefined ? this.orders.open() : this.orders.openOf(wanted),
    );
    return { cancelled, events: cancelled.map(cancelEvent), receivedTime: now };
  }

  /**
   * `cancelallordersafter`: arms the dead man's switch `timeoutSeconds` from now (0 disarms it).
   * @returns Kraken's `currentTime` and `triggerTime` (`"0"` when disarmed).
   */
  cancelAllOrdersAfter(timeoutSeconds: number): { currentTime: string; triggerTime: string } {
    const now = this.now();
    this.deadManSwitchAt = timeoutSeconds > 0 ? now + timeoutSeconds * 1000 : null;
    return {
      currentTime: iso(now),
      triggerTime: this.deadManSwitchAt === null ? "0" : iso(this.deadManSwitchAt),
    };
  }
}
