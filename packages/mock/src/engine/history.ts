/**
 * What the History API (`/api/history`) reports, kept from the engine's events: the account's order,
 * trigger, execution and position events (recorded as they happen); its account log is the exchange's
 * one ledger (ledger.ts), the markets' public history is public-history.ts, paging history-pages.ts.
 * Pure: no I/O, no timers.
 */
import type { Exchange, Fill, PublicTrade } from "./exchange.js";
import {
  append,
  dec,
  type Entry,
  type ExecutionEventElement,
  type HistoryOrderJson,
  type LogEntry,
  type OrderEntry,
  type OrderEventJson,
  type PositionEntry,
  type TriggerEventElement,
  type TriggerEventJson,
} from "./history-pages.js";
import { isTrigger, type Order, triggerPrice, triggerSide } from "./orders.js";
import { Rng } from "./random.js";

export const DIRECTION = { buy: "Buy", sell: "Sell" } as const;
const SIGNAL = { mark: "MarkPrice", last: "LastPrice", spot: "SpotPrice" } as const;
const UNIT = { PERCENT: "Percent", QUOTE_CURRENCY: "QuoteCurrency" } as const;

/** The History API's engine order type of an order. */
function engineType(o: Order): string {
  switch (o.type) {
    case "lmt":
      return "Limit";
    case "post":
      return "Post";
    case "ioc":
      return "IoC";
    case "mkt":
      return "Market";
    default:
      // A trigger order becomes a limit order, or an IoC (market) order without a limit price.
      return o.limitPrice === null && !o.limitOffset ? "IoC" : "Limit";
  }
}

/**
 * Strips what the public market events leave out (account data), recursively. Every key it strips is
 * optional in the History schemas (`HistoryOrder`'s `accountUid`/`accountId`/`clientId`, the events'
 * `algoId`/`origin`), so the copy keeps the shape `T` of what it copies.
 */
export function publicCopy<T>(value: T): T {
  return strip(value) as T;
}

function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === "accountUid" || k === "accountId" || k === "clientId" || k === "algoId" || k === "origin")
      continue;
    out[k] = strip(v);
  }
  return out;
}

/** Where the simulated orders come from, as Kraken's `origin` names it. */
const ORIGIN = "API";

/**
 * Records the account's history from the exchange's events. Create it right after the exchange (before
 * any order is sent): it listens to `order`, `fill` and `trade` events and keeps the account's balances
 * and positions to report their changes.
 */
export class HistoryRecorder {
  readonly exchange: Exchange;
  /** The account's id in History responses (reproducible from the seed). */
  readonly accountUid: string;
  readonly orderEvents: OrderEntry[] = [];
  readonly triggerEvents: Entry<TriggerEventElement>[] = [];
  readonly executionEvents: Entry<ExecutionEventElement>[] = [];
  readonly positionEvents: PositionEntry[] = [];
  /** The account log: the exchange's one ledger ({@link AccountLedger}), which every surface reads. */
  get accountLog(): readonly LogEntry[] {
    return this.exchange.ledger.entries;
  }

  readonly #ids: Rng;
  #seq = 1;
  readonly #snapshots = new Map<string, HistoryOrderJson>();
  readonly #lastTrade = new Map<string, PublicTrade>();
  /** Public trades that were the account's fills (read by the public market history): the account's order on its side of the trade. */
  readonly ownTrades = new Map<string, { fill: Fill; order: HistoryOrderJson }>();
  readonly #unsubscribe: (() => void)[];

  constructor(exchange: Exchange) {
    this.exchange = exchange;
    this.#ids = new Rng((exchange.seed ^ 0x4157_0e11) >>> 0);
    this.accountUid = this.#ids.uuid();
    this.#unsubscribe = [
      exchange.on("trade", (t) => this.#lastTrade.set(t.symbol, t)),
      exchange.on("order", (e) => this.#onOrder(e.kind, e.order, e.reason)),
      exchange.on("fill", (f) => this.#onFill(f)),
    ];
  }

  /** Stops listening to the exchange. */
  close(): void {
    for (const off of this.#unsubscribe) off();
  }

  // ---- wire shapes --------------------------------------------------------------------------------

  /** An order as History events describe it; `filledBefore` renders it as it was before a fill. */
  historyOrder(o: Order, filledBefore?: number): HistoryOrderJson {
    const filled = filledBefore ?? o.filled;
    const out = {
      uid: o.orderId,
      accountUid: this.accountUid,
      tradeable: o.symbol,
      direction: DIRECTION[o.side],
      quantity: dec(Math.max(0, o.quantity - filled)),
      filled: dec(filled),
      timestamp: o.receivedTime,
      limitPrice: o.limitPrice === null ? "" : dec(o.limitPrice),
      orderType: engineType(o),
      clientId: o.cliOrdId ?? "",
      reduceOnly: o.reduceOnly,
      lastUpdateTimestamp: filledBefore === undefined ? o.lastUpdate : o.receivedTime,
    } satisfies HistoryOrderJson;
    if (!isTrigger(o.type)) return out;
    const trigger = {
      triggerPrice: dec(triggerPrice(o)),
      triggerSignal: SIGNAL[o.triggerSignal],
      triggerSide: triggerSide(o) === "trigger_above" ? "Above" : "Below",
      ...(o.trailing && {
        trailingStopOptions: { maxDeviation: dec(o.trailing.maxDeviation), unit: UNIT[o.trailing.unit] },
      }),
      ...(o.limitOffset && { limitPriceOffset: { unit: UNIT[o.limitOffset.unit] } }),
    } satisfies HistoryOrderJson["triggerOptions"];
    return { ...out, stopPrice: o.stopPrice === null ? "" : dec(o.stopPrice), triggerOptions: trigger };
  }

  /** An event element around `event` (its uid, time and its place in the recorder's order). */
  #element<E>(time: number, event: E): { seq: number; json: { uid: string; timestamp: number; event: E } } {
    return { seq: this.#seq++, json: { uid: this.#ids.uuid(), timestamp: time, event } };
  }

  // ---- recording ----------------------------------------------------------------------------------

  #pushOrderEvent(order: Order, time: number, event: OrderEventJson): void {
    const { seq, json } = this.#element(time, event);
    const phase = event.OrderPlaced
      ? "opened"
      : event.OrderCancelled || event.OrderRejected || event.OrderUpdated?.reason === "full_fill"
        ? "closed"
        : "other";
    append(this.orderEvents, { time, seq, symbol: order.symbol, json, phase, publicJson: publicCopy(json) });
  }

  /** An order first seen through a fill or a cancel was placed first (a taker order has no `placed` event). */
  #ensurePlaced(order: Order): void {
    if (this.#snapshots.has(order.orderId) || isTrigger(order.type)) return;
    const placed = this.historyOrder(order, 0);
    this.#pushOrderEvent(order, order.receivedTime, {
      OrderPlaced: {
        order: placed,
        reason: "new_user_order",
        reducedQuantity: "",
        algoId: "",
        origin: ORIGIN,
      },
    });
    this.#snapshots.set(order.orderId, placed);
  }

  #onOrder(kind: string, order: Readonly<Order>, reason: string | undefined): void {
    const o = order as Order;
    const time = o.lastUpdate;
    if (isTrigger(o.type)) {
      const now = this.historyOrder(o);
      const prev = this.#snapshots.get(o.orderId) ?? now;
      const push = (event: TriggerEventJson) => {
        const { seq, json } = this.#element(time, event);
        append(this.triggerEvents, { time, seq, symbol: o.symbol, json });
      };
      if (kind === "placed")
        push({ OrderTriggerPlaced: { order: now, reason: "new_user_order", algoId: "", origin: ORIGIN } });
      else if (kind === "edited")
        push({
          OrderTriggerUpdated: { oldOrderTrigger: prev, newOrderTrigger: now, reason: "edited_by_user" },
        });
      else if (kind === "cancelled")
        push({
          OrderTriggerCancelled: {
            order: now,
            reason: reason ?? "cancelled_by_user",
            algoId: "",
            origin: ORIGIN,
          },
        });
      else if (kind === "triggered") push({ OrderTriggerActivated: { order: now } });
      this.#snapshots.set(o.orderId, now);
      return;
    }
    if (kind !== "placed" && kind !== "rejected") this.#ensurePlaced(o);
    const now = this.historyOrder(o);
    const prev = this.#snapshots.get(o.orderId);
    // The engine re-announces an edited order that rests again; History reports only the update.
    if (kind === "placed" && prev) {
      this.#snapshots.set(o.orderId, now);
      return;
    }
    switch (kind) {
      case "placed":
        this.#pushOrderEvent(o, time, {
          OrderPlaced: {
            order: now,
            reason: "new_user_order",
            reducedQuantity: "",
            algoId: "",
            origin: ORIGIN,
          },
        });
        break;
      case "edited":
      case "partiallyFilled":
      case "filled":
        this.#pushOrderEvent(o, time, {
          OrderUpdated: {
            oldOrder: prev ?? now,
            newOrder: now,
            reason: kind === "edited" ? "edited_by_user" : kind === "filled" ? "full_fill" : "partial_fill",
            reducedQuantity: "",
            algoId: "",
            origin: ORIGIN,
          },
        });
        break;
      case "cancelled":
        this.#pushOrderEvent(o, time, {
          OrderCancelled: { order: now, reason: reason ?? "cancelled_by_user", algoId: "", origin: ORIGIN },
        });
        break;
      case "rejected":
        this.#pushOrderEvent(o, time, {
          OrderRejected: {
            order: now,
            reason: reason ?? "rejected",
            orderError: reason ?? "rejected",
            algoId: "",
            origin: ORIGIN,
          },
        });
        break;
    }
    this.#snapshots.set(o.orderId, now);
  }

  #onFill(fill: Fill): void {
    const ex = this.exchange;
    const order = ex.orders.get(fill.orderId)!;
    const inst = ex.instruments.get(fill.symbol)!;
    this.#ensurePlaced(order);
    const before = this.historyOrder(order, Math.max(0, order.filled - fill.size));
    const mark = ex.markPrice(fill.symbol);
    const position = ex.account.positionSize(fill.symbol);
    const rate = fill.fillType === "maker" ? ex.makerFee : ex.takerFee;
    const usdValue = inst.kind === "inverse" ? fill.size : fill.size * fill.price;
    const trade = this.#lastTrade.get(fill.symbol);
    if (trade && trade.time === fill.time && trade.size === fill.size && trade.price === fill.price)
      this.ownTrades.set(trade.uid, { fill, order: publicCopy(before) });

    const { seq, json } = this.#element<ExecutionEventElement["event"]>(fill.time, {
      Execution: {
        execution: {
          uid: fill.fillId,
          order: before,
          timestamp: fill.time,
          quantity: dec(fill.size),
          price: dec(fill.price),
          markPrice: dec(mark),
          limitFilled: order.filled >= order.quantity,
          usdValue: dec(usdValue),
          orderData: {
            fee: dec(fill.fee),
            positionSize: dec(position),
            feeCalculationInfo: [
              { percentageFee: dec(rate), userFeeDiscountApplied: "0", marketShareRebateCredited: "0" },
            ],
          },
        },
        takerReducedQuantity: "",
      },
    });
    append(this.executionEvents, { time: fill.time, seq, symbol: fill.symbol, json });
    this.#recordPosition(fill);
  }

  /** The position update of a fill, from what the ledger booked for it (position before and after). */
  #recordPosition(fill: Fill): void {
    const booking = this.exchange.ledger.bookingOf(fill.fillId);
    if (!booking) return;
    const { old, next, realized } = booking;
    const change = positionChange(old.size, next.size);
    const seq = this.#seq++;
    append(this.positionEvents, {
      time: fill.time,
      seq,
      symbol: fill.symbol,
      change,
      reason: "trades",
      json: {
        accountUid: this.accountUid,
        tradeable: fill.symbol,
        timestamp: fill.time,
        oldPosition: dec(old.size),
        newPosition: dec(next.size),
        oldAverageEntryPrice: dec(old.entry),
        newAverageEntryPrice: dec(next.entry),
        // Recent real responses spell the change in lower case ("close") and carry the trade's type.
        positionChange: change === "NoChange" ? "unknown" : change.toLowerCase(),
        updateReason: "trade",
        tradeType: fill.fillType === "takerAfterEdit" ? "taker" : fill.fillType,
        fillTime: fill.time,
        executionUid: fill.fillId,
        executionPrice: dec(fill.price),
        executionSize: dec(fill.size),
        fee: dec(fill.fee),
        feeCurrency: fill.feeCurrency,
        realizedPnL: dec(realized),
      },
    });
  }
}

/** How a position changed from `a` to `b` (signed sizes). */
function positionChange(a: number, b: number): PositionEntry["change"] {
  if (a === b) return "NoChange";
  if (a === 0) return "Open";
  if (b === 0) return "Close";
  if (Math.sign(a) !== Math.sign(b)) return "Reverse";
  return Math.abs(b) > Math.abs(a) ? "Increase" : "Decrease";
}

export type {
  AccountLogJson,
  Entry,
  ExecutionEventElement,
  HistoryOrderJson,
  LogEntry,
  OrderEntry,
  OrderEventElement,
  PageRequest,
  PositionEntry,
  PositionEventElement,
  PriceEventElement,
  TriggerEventElement,
} from "./history-pages.js";
export { DEFAULT_PAGE, dec, MAX_PAGE, type Page, pageOf, priceAt } from "./history-pages.js";
export { accountLogCsv } from "./ledger.js";
