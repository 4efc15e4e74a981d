import { AccountBook, EURUSD, type StartingBalances } from "./accounts.js";
import { OrderBook, type Side, touch } from "./book.js";
import { type Clock, iso, manualClock } from "./clock.js";
import { Emitter } from "./emitter.js";
import { type InstrumentSpec, isMultipleOf, listInstruments, roundDp, roundTo } from "./instruments.js";
import { AccountLedger } from "./ledger.js";
import type { MarginClaim, MarginSummary } from "./margin.js";
import { MarginDesk } from "./margin-desk.js";
import { createIndices, type IndexState, stepIndex } from "./market.js";
import { OrderIndex } from "./order-index.js";
import {
  isTrigger,
  type Order,
  type OrderState,
  offsetLimitPrice,
  protectionPrice,
  remaining,
  shouldTrigger,
  type TriggerSignal,
} from "./orders.js";
import { Rng } from "./random.js";
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
import { cancelEvent, editEvent, orderJson, orderTriggerJson, placeEvent, rejectEvent } from "./views.js";

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

  readonly #market: Rng;
  readonly #ids: Rng;
  #lastStep: number;
  #tradeId = 1;
  readonly #marks = new Map<string, number>();
  /** Public trades and price points kept per instrument: the defaults, or more to hold a backfill. */
  readonly #tradesKept: number;
  readonly #pricesKept: number;
  readonly #desk: MarginDesk = new MarginDesk(this);
  /** The account's one ledger (History's account log, WebSocket `account_log`, Spot `Ledgers`). */
  readonly ledger: AccountLedger;

  constructor(options: ExchangeOptions = {}) {
    super();
    this.seed = options.seed ?? 1;
    this.clock = options.clock ?? manualClock();
    this.stepMs = options.stepMs ?? 1000;
    this.makerFee = options.makerFee ?? 0.0002;
    this.takerFee = options.takerFee ?? 0.0005;
    this.#market = new Rng(this.seed);
    this.#ids = new Rng(this.seed ^ 0x5eed1d5);
    const start = this.clock.now();
    this.instruments = new Map(listInstruments(start).map((i) => [i.symbol, i]));
    this.indices = createIndices(this.#market);
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
    this.#tradesKept = Math.max(TRADES_KEPT, backfill + TRADES_KEPT);
    this.#pricesKept = Math.max(PRICES_KEPT, backfill + 3_600);
    this.#lastStep = start - (quick + warmup) * this.stepMs;
    this.#refreshMarks();
    for (let i = 0; i < quick; i++) {
      this.#lastStep += this.stepMs;
      this.#backfillStep(this.#lastStep);
    }
    for (const [symbol, book] of this.books) book.regenerate(this.#marks.get(symbol)!, this.#market);
    this.sync();
  }

  /**
   * A market step of the backfill: the walk, price points and third-party trades at the touch, without
   * building the books' depth (no order rests yet), so hours of history take well under a second.
   */
  #backfillStep(t: number): void {
    for (const index of this.indices.values()) stepIndex(index, this.#market);
    this.#refreshMarks();
    for (const [symbol, list] of this.prices) {
      list.push({ time: t, mark: this.#marks.get(symbol)!, index: this.indexPrice(symbol) });
    }
    for (const inst of this.instruments.values()) {
      const mid = this.#marks.get(inst.symbol)! * (1 + 0.0002 * this.#market.normal());
      const quote = touch(mid, inst.tickSize * this.#market.int(1, 3), inst.tickSize);
      if (this.#market.next() >= 0.6) continue;
      const side: Side = this.#market.next() < 0.5 ? "buy" : "sell";
      const size = roundDp(inst.lotSize * this.#market.int(1, 5), inst.sizePrecision);
      this.#recordTrade(inst.symbol, side, size, side === "buy" ? quote.ask : quote.bid, t);
    }
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
    this.#cancelWhere(() => true, at, "dead_man_switch");
  }

  // ---- market -------------------------------------------------------------------------------------

  #refreshMarks(): void {
    for (const inst of this.instruments.values()) {
      const index = this.indices.get(inst.base)!;
      this.#marks.set(inst.symbol, roundTo(index.price * (1 + inst.basis), inst.tickSize / 10));
    }
  }

  #step(t: number): void {
    this.#desk.stepped();
    for (const index of this.indices.values()) stepIndex(index, this.#market);
    this.#refreshMarks();
    for (const [symbol, list] of this.prices) {
      list.push({ time: t, mark: this.#marks.get(symbol)!, index: this.indexPrice(symbol) });
      if (list.length > this.#pricesKept + 1_000) list.splice(0, list.length - this.#pricesKept);
    }
    for (const [symbol, book] of this.books) {
      const inst = book.instrument;
      // The book's mid wanders a little around the mark, as a real book does around the fair price.
      const mid = this.#marks.get(symbol)! * (1 + 0.0002 * this.#market.normal());
      book.regenerate(mid, this.#market);
      this.#fillCrossedRestingOrders(book, t);
      if (this.#market.next() < 0.6) {
        const side: Side = this.#market.next() < 0.5 ? "buy" : "sell";
        const price = book.bestSimulated(side === "buy" ? "sell" : "buy")!;
        const size = roundDp(inst.lotSize * this.#market.int(1, 5), inst.sizePrecision);
        this.#recordTrade(symbol, side, size, price, t);
      }
      this.emit("book", { symbol, time: t });
    }
    this.#evaluateTriggers(t);
    this.emit("step", { time: t });
  }

  /** Resting orders the new quotes have moved through were hit by third parties: fill them as maker. */
  #fillCrossedRestingOrders(book: OrderBook, t: number): void {
    const bid = book.bestSimulated("buy");
    const ask = book.bestSimulated("sell");
    for (const r of [...book.resting.values()]) {
      const crossed =
        r.side === "buy" ? ask !== undefined && r.price >= ask : bid !== undefined && r.price <= bid;
      if (!crossed) continue;
      const order = this.orders.get(r.orderId)!;
      this.#fill(order, r.price, remaining(order), "maker", t);
    }
  }

  #recordTrade(symbol: string, side: Side, size: number, price: number, time: number): void {
    const list = this.trades.get(symbol)!;
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
    if (list.length > this.#tradesKept + 1_000) list.splice(0, list.length - this.#tradesKept);
    this.emit("trade", trade);
  }

  #evaluateTriggers(t: number): void {
    for (const order of [...this.orders.openTriggers()]) {
      if (!shouldTrigger(order, this.signal(order.symbol, order.triggerSignal))) continue;
      this.#fire(order, t);
    }
  }

  /** A trigger fired: it becomes a limit order (with `limitPrice` or an offset) or a market order. */
  #fire(trigger: Order, t: number): void {
    const inst = this.instruments.get(trigger.symbol)!;
    this.#close(trigger, "triggered");
    trigger.lastUpdate = t;
    this.emit("order", { kind: "triggered", order: trigger, reason: "stop_order_triggered" });
    let limitPrice = trigger.limitPrice;
    if (trigger.limitOffset) {
      const base = trigger.stopPrice ?? this.signal(trigger.symbol, trigger.triggerSignal);
      limitPrice = offsetLimitPrice(trigger, base, inst.tickSize);
    }
    const child: Order = {
      orderId: this.#ids.uuid(),
      cliOrdId: trigger.cliOrdId,
      symbol: trigger.symbol,
      side: trigger.side,
      type: limitPrice === null ? "mkt" : "lmt",
      quantity: trigger.quantity,
      filled: 0,
      limitPrice,
      stopPrice: null,
      triggerSignal: trigger.triggerSignal,
      reduceOnly: trigger.reduceOnly,
      receivedTime: t,
      lastUpdate: t,
      state: "open",
      parentTrigger: trigger.orderId,
    };
    const refusal =
      child.reduceOnly && !this.#reduces(child)
        ? "would_not_reduce_position"
        : !this.#desk.placementFits(child)
          ? "not_enough_margin"
          : undefined;
    if (refusal) {
      child.state = "rejected";
      this.orders.add(child);
      this.emit("order", { kind: "rejected", order: child, reason: refusal });
      return;
    }
    this.#addOrder(child);
    this.#execute(child, "taker", t);
  }

  /** The price a trigger watches: mark, last trade or the index (spot). */
  signal(symbol: string, signal: TriggerSignal): number {
    if (signal === "mark") return this.markPrice(symbol);
    if (signal === "last") return this.lastPrice(symbol);
    return this.indexPrice(symbol);
  }

  /** Mark price of an instrument. */
  markPrice(symbol: string): number {
    const mark = this.#marks.get(symbol);
    if (mark === undefined) throw new EngineError("invalidArgument");
    return mark;
  }

  /** Index (spot) price of an instrument's underlying. */
  indexPrice(symbol: string): number {
    const inst = this.#instrument(symbol);
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

  #instrument(symbol: string): InstrumentSpec {
    const inst = this.instruments.get(symbol.toUpperCase());
    if (!inst) throw new EngineError("invalidArgument");
    return inst;
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

  /** Indexes a new order and adds its claim to the margin totals. */
  #addOrder(order: Order): void {
    this.orders.add(order);
    this.#desk.added(order);
  }

  // ---- order entry --------------------------------------------------------------------------------

  /** `sendorder`: validates, then places, executes or rejects an order. */
  sendOrder(req: SendOrderRequest): OrderOutcome {
    const now = this.now();
    const inst = this.#instrument(req.symbol);
    const outcome = (status: string): OrderOutcome => ({ status, receivedTime: now, events: [] });
    if (req.processBefore !== undefined && Date.parse(req.processBefore) < now) {
      return outcome("wouldProcessAfterSpecifiedTime");
    }
    const type = req.orderType;
    if ((type === "lmt" || type === "post" || type === "ioc") && req.limitPrice === undefined) {
      throw new EngineError("requiredArgumentMissing");
    }
    if ((type === "stp" || type === "take_profit") && req.stopPrice === undefined) {
      throw new EngineError("requiredArgumentMissing");
    }
    if (
      type === "trailing_stop" &&
      (req.trailingStopDeviationUnit === undefined || req.trailingStopMaxDeviation === undefined)
    ) {
      throw new EngineError("requiredArgumentMissing");
    }
    if ((req.limitPriceOffsetUnit === undefined) !== (req.limitPriceOffsetValue === undefined)) {
      throw new EngineError("requiredArgumentMissing");
    }
    if (!(req.size > 0) || !isMultipleOf(req.size, 10 ** -inst.sizePrecision)) return outcome("invalidSize");
    for (const p of [req.limitPrice, req.stopPrice]) {
      if (p !== undefined && (!(p > 0) || !isMultipleOf(p, inst.tickSize))) return outcome("invalidPrice");
    }
    if (req.cliOrdId !== undefined && this.orders.findOpen(undefined, req.cliOrdId)) {
      return outcome("clientOrderIdAlreadyExist");
    }
    const order: Order = {
      orderId: this.#ids.uuid(),
      cliOrdId: req.cliOrdId ?? null,
      symbol: inst.symbol,
      side: req.side,
      type,
      quantity: req.size,
      filled: 0,
      limitPrice: type === "trailing_stop" ? null : (req.limitPrice ?? null),
      stopPrice: isTrigger(type) && type !== "trailing_stop" ? (req.stopPrice ?? null) : null,
      triggerSignal: req.triggerSignal ?? "mark",
      reduceOnly: req.reduceOnly ?? false,
      receivedTime: now,
      lastUpdate: now,
      state: "open",
    };
    if (req.limitPriceOffsetUnit && req.limitPriceOffsetValue !== undefined) {
      order.limitPrice = null;
      order.limitOffset = { unit: req.limitPriceOffsetUnit, value: req.limitPriceOffsetValue };
    }
    if (type === "trailing_stop") {
      order.trailing = {
        unit: req.trailingStopDeviationUnit!,
        maxDeviation: req.trailingStopMaxDeviation!,
        extreme: this.signal(inst.symbol, order.triggerSignal),
      };
    }
    let reducedQuantity: number | null = null;
    if (order.reduceOnly) {
      if (!this.#reduces(order)) return outcome("wouldNotReducePosition");
      const pos = Math.abs(this.account.positionSize(inst.symbol));
      if (order.quantity > pos) {
        reducedQuantity = roundDp(order.quantity - pos, inst.sizePrecision);
        order.quantity = pos;
      }
    } else {
      const pos = this.account.positionSize(inst.symbol);
      if (Math.abs(pos + (order.side === "buy" ? order.quantity : -order.quantity)) > inst.maxPositionSize) {
        return outcome("maxPositionViolation");
      }
    }
    if (!this.#desk.placementFits(order)) return outcome("insufficientAvailableFunds");
    this.#addOrder(order);
    if (isTrigger(type)) {
      this.emit("order", { kind: "placed", order, reason: "new_placed_order_by_user" });
      return this.#outcome(order, "placed", now, [placeEvent(order)]);
    }
    const result = this.#execute(order, "taker", now, reducedQuantity);
    return this.#outcome(order, result.status, now, result.events);
  }

  #outcome(
    order: Order,
    status: string,
    receivedTime: number,
    events: Record<string, unknown>[],
  ): OrderOutcome {
    return { status, orderId: order.orderId, cliOrdId: order.cliOrdId, receivedTime, events };
  }

  /** Would this order reduce the current position (opposite side of a non-zero position)? */
  #reduces(order: Order): boolean {
    const pos = this.account.positionSize(order.symbol);
    return pos !== 0 && pos > 0 !== (order.side === "buy");
  }

  /** Sets a final state and takes the order out of the open indexes. */
  #close(order: Order, state: Exclude<OrderState, "open">): void {
    order.state = state;
    this.orders.settle(order);
    this.#desk.touched(order.symbol);
  }

  /** Matches an order against the book, then rests, cancels or completes it. */
  #execute(
    order: Order,
    fillType: Fill["fillType"],
    t: number,
    reducedQuantity: number | null = null,
    priorEdit: Record<string, unknown> | null = null,
  ): { status: string; events: Record<string, unknown>[] } {
    const inst = this.instruments.get(order.symbol)!;
    const book = this.books.get(order.symbol)!;
    const opposite = order.side === "buy" ? "sell" : "buy";
    const events: Record<string, unknown>[] = [];
    const reject = (status: string, reason: string | null) => {
      this.#close(order, "rejected");
      book.resting.delete(order.orderId);
      this.emit("order", { kind: "rejected", order, reason: status });
      return { status, events: reason ? [rejectEvent(order, reason)] : [] };
    };
    if (order.type === "mkt") {
      const best = book.bestSimulated(opposite);
      if (best === undefined) return reject("iocWouldNotExecute", "IOC_WOULD_NOT_EXECUTE");
      order.limitPrice = protectionPrice(order.side, best, inst.tickSize);
    }
    const limit = order.limitPrice!;
    if (book.crossesOwn(order.side, limit)) return reject("selfFill", null);
    const available = book.available(order.side, limit);
    if (order.type === "post" && available > 0) return reject("postWouldExecute", "POST_WOULD_EXECUTE");
    if ((order.type === "ioc" || order.type === "mkt") && available === 0) {
      return reject("iocWouldNotExecute", "IOC_WOULD_NOT_EXECUTE");
    }
    for (const m of book.take(order.side, limit, remaining(order))) {
      const prior = orderJson(order);
      const fill = this.#fill(order, m.price, m.size, fillType, t);
      events.push({
        amount: m.size,
        executionId: fill.fillId,
        orderPriorEdit: priorEdit,
        orderPriorExecution: prior,
        price: m.price,
        takerReducedQuantity: null,
        type: "EXECUTION",
      });
    }
    if (remaining(order) > 0) {
      if (order.type === "lmt" || order.type === "post") {
        book.resting.set(order.orderId, {
          orderId: order.orderId,
          side: order.side,
          price: limit,
          remaining: remaining(order),
        });
        // An edited order that rests again was announced by the edit, not placed anew.
        if (events.length === 0 && priorEdit === null) {
          events.push(placeEvent(order, reducedQuantity));
          this.emit("order", { kind: "placed", order, reason: "new_placed_order_by_user" });
        }
      } else {
        this.#close(order, "cancelled");
        events.push(cancelEvent(order));
        this.emit("order", {
          kind: "cancelled",
          order,
          reason: "ioc_order_failed_because_it_would_not_be_executed",
        });
      }
      this.emit("book", { symbol: order.symbol, time: t });
    }
    return { status: "placed", events };
  }

  /** Books a fill: account, order, resting quantity, public trade, events. */
  #fill(order: Order, price: number, size: number, fillType: Fill["fillType"], t: number): Fill {
    const inst = this.instruments.get(order.symbol)!;
    const rate = fillType === "maker" ? this.makerFee : this.takerFee;
    const fee = this.account.applyFill(inst, order.side, size, price, rate, t, (c) => this.usdPrice(c));
    order.filled = roundDp(order.filled + size, inst.sizePrecision);
    order.lastUpdate = t;
    this.#desk.touched(order.symbol);
    const fill: Fill = {
      fillId: this.#ids.uuid(),
      orderId: order.orderId,
      cliOrdId: order.cliOrdId,
      symbol: order.symbol,
      side: order.side,
      size,
      price,
      time: t,
      fillType,
      fee,
      feeCurrency: inst.kind === "inverse" ? "XBT" : "USD",
    };
    this.fills.push(fill);
    const book = this.books.get(order.symbol)!;
    const resting = book.resting.get(order.orderId);
    if (remaining(order) <= 0) {
      this.#close(order, "filled");
      book.resting.delete(order.orderId);
    } else if (resting) {
      resting.remaining = remaining(order);
    }
    // A maker fill means a third party took the order: the public trade's taker is the other side.
    const takerSide = fillType === "maker" ? (order.side === "buy" ? "sell" : "buy") : order.side;
    this.#recordTrade(order.symbol, takerSide, size, price, t);
    // Booked before any listener hears of the fill, so every reader finds its ledger entries.
    this.ledger.book(fill);
    this.emit("fill", fill);
    this.emit("order", {
      kind: order.state === "filled" ? "filled" : "partiallyFilled",
      order,
      reason: order.state === "filled" ? "full_fill" : "partial_fill",
    });
    this.emit("balance", { time: t });
    this.#enforceReduceOnly(order.symbol, t);
    return fill;
  }

  /** Reduce-only orders that would no longer reduce the position are cancelled, as Kraken does. */
  #enforceReduceOnly(symbol: string, t: number): void {
    this.#cancelWhere(
      (o) => o.reduceOnly && !isTrigger(o.type) && !this.#reduces(o),
      t,
      "would_not_reduce_position",
      this.orders.openOf(symbol),
    );
  }

  /** `editorder`: changes size, limit or stop price of an open order. */
  editOrder(req: EditOrderRequest): OrderOutcome {
    const now = this.now();
    if (req.orderId === undefined && req.cliOrdId === undefined)
      throw new EngineError("requiredArgumentMissing");
    const none = (status: string): OrderOutcome => ({
      status,
      orderId: req.orderId,
      cliOrdId: req.cliOrdId ?? null,
      receivedTime: now,
      events: [],
    });
    if (req.processBefore !== undefined && Date.parse(req.processBefore) < now) {
      return none("wouldProcessAfterSpecifiedTime");
    }
    const order = this.orders.findOpen(req.orderId, req.cliOrdId);
    if (!order) return none("orderForEditNotFound");
    const inst = this.instruments.get(order.symbol)!;
    const result = (status: string, events: Record<string, unknown>[] = []) =>
      this.#outcome(order, status, now, events);
    const trigger = isTrigger(order.type);
    if (req.stopPrice !== undefined && !trigger) return result("orderForEditNotAStop");
    if (order.trailing && req.stopPrice !== undefined) return result("cannotEditTriggerPriceOfTrailingStop");
    if (order.trailing && req.limitPrice !== undefined) return result("cannotEditLimitPriceOfTrailingStop");
    if (
      req.size !== undefined &&
      (!(req.size > order.filled) || !isMultipleOf(req.size, 10 ** -inst.sizePrecision))
    ) {
      return result("invalidSize");
    }
    for (const p of [req.limitPrice, req.stopPrice]) {
      if (p !== undefined && (!(p > 0) || !isMultipleOf(p, inst.tickSize))) return result("invalidPrice");
    }
    const book = this.books.get(order.symbol)!;
    const newLimit = req.limitPrice ?? order.limitPrice;
    if (order.type === "post" && newLimit !== null && book.available(order.side, newLimit) > 0) {
      return result("postWouldExecute");
    }
    if (
      order.reduceOnly &&
      req.size !== undefined &&
      req.size - order.filled > Math.abs(this.account.positionSize(order.symbol))
    ) {
      return result("wouldNotReducePosition");
    }
    const old = trigger ? orderTriggerJson(order) : orderJson(order);
    const marginBefore = this.#desk.available(inst.kind);
    const before = {
      quantity: order.quantity,
      limitPrice: order.limitPrice,
      stopPrice: order.stopPrice,
      trailing: order.trailing && { ...order.trailing },
    };
    if (req.size !== undefined) order.quantity = req.size;
    if (req.limitPrice !== undefined) order.limitPrice = req.limitPrice;
    if (req.stopPrice !== undefined) order.stopPrice = req.stopPrice;
    if (order.trailing) {
      if (req.trailingStopMaxDeviation !== undefined)
        order.trailing.maxDeviation = req.trailingStopMaxDeviation;
      if (req.trailingStopDeviationUnit !== undefined) order.trailing.unit = req.trailingStopDeviationUnit;
      // Kraken recomputes the trailing stop from the current signal on a successful edit.
      order.trailing.extreme = this.signal(order.symbol, order.triggerSignal);
    }
    // Kraken checks an edit as it checks a new order: a price change can need more margin too.
    this.#desk.touched(order.symbol);
    if (!this.#desk.fits(order, marginBefore, this.#desk.available(inst.kind))) {
      Object.assign(order, before);
      this.#desk.touched(order.symbol);
      return result("insufficientAvailableFunds");
    }
    order.lastUpdate = now;
    const events: Record<string, unknown>[] = [editEvent(old, order)];
    this.emit("order", { kind: "edited", order, reason: "edited_by_user" });
    if (!trigger) {
      // An edit that makes a limit order cross executes it at once as a taker ("takerAfterEdit").
      book.resting.delete(order.orderId);
      const executed = this.#execute(order, "takerAfterEdit", now, null, old);
      events.push(...executed.events.filter((e) => e.type === "EXECUTION"));
    }
    return result("edited", events);
  }

  /** `cancelorder`: cancels one open order or trigger order by `order_id` or `cliOrdId`. */
  cancelOrder(orderId?: string, cliOrdId?: string): OrderOutcome {
    const now = this.now();
    if (orderId === undefined && cliOrdId === undefined) throw new EngineError("requiredArgumentMissing");
    const order = this.orders.findOpen(orderId, cliOrdId);
    if (!order) {
      const known = this.orders.find(orderId, cliOrdId);
      const status = known?.state === "filled" ? "filled" : "notFound";
      return {
        status,
        orderId: known?.orderId ?? orderId,
        cliOrdId: cliOrdId ?? null,
        receivedTime: now,
        events: [],
      };
    }
    this.#cancel(order, now, "cancelled_by_user");
    return this.#outcome(order, "cancelled", now, [cancelEvent(order)]);
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
    const fill = this.#fill(order, resting.price, quantity, "maker", now);
    this.emit("book", { symbol: order.symbol, time: now });
    return fill;
  }

  #cancel(order: Order, t: number, reason: string): void {
    this.#close(order, "cancelled");
    order.lastUpdate = t;
    const book = this.books.get(order.symbol)!;
    if (book.resting.delete(order.orderId)) this.emit("book", { symbol: order.symbol, time: t });
    this.emit("order", { kind: "cancelled", order, reason });
  }

  #cancelWhere(
    pick: (o: Order) => boolean,
    t: number,
    reason: string,
    among: Iterable<Order> = this.orders.open(),
  ): Order[] {
    const out: Order[] = [];
    // A copy: cancelling takes orders out of the set being walked.
    for (const o of [...among]) {
      if (o.state !== "open" || !pick(o)) continue;
      this.#cancel(o, t, reason);
      out.push(o);
    }
    if (out.length > 0) this.emit("balance", { time: t });
    return out;
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
    const cancelled = this.#cancelWhere(
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
