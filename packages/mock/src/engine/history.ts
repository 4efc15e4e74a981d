/**
 * What the History API (`/api/history`) reports, kept from the engine's events: the account's order,
 * trigger, execution and position events and its account log (recorded as they happen), and the
 * markets' public executions, order events and mark prices (read from the engine's trades and price
 * points). Elements are stored in their wire shape; {@link pageOf} cuts them into pages with a
 * `continuationToken`. Pure: no I/O, no timers.
 */
import type { Side } from "./book.js";
import { iso } from "./clock.js";
import { EngineError, type Exchange, type Fill, type PricePoint, type PublicTrade } from "./exchange.js";
import type { InstrumentSpec } from "./instruments.js";
import { isTrigger, type Order, triggerPrice, triggerSide } from "./orders.js";
import { Rng } from "./random.js";

/** A decimal as the History API sends it: a plain decimal string, no exponent, no `-0`. */
export function dec(n: number): string {
  const s = n.toFixed(10).replace(/\.?0+$/, "");
  return s === "-0" || s === "" ? "0" : s;
}

/** A rounded JSON number for the account log (10 decimals, no `-0`). */
function num(n: number): number {
  const r = Number(n.toFixed(10));
  return r === 0 ? 0 : r;
}

/** One stored element, ordered by `time` then `seq`; `json` is what the page lists. */
export interface Entry {
  readonly time: number;
  readonly seq: number;
  readonly symbol: string;
  readonly json: Record<string, unknown>;
}

/** An order event with what the `opened`/`closed` filters look at. */
export interface OrderEntry extends Entry {
  readonly phase: "opened" | "closed" | "other";
  /** The same event without account data, for the public market order events. */
  readonly publicJson: Record<string, unknown>;
}

/** A position update with what its filters look at. */
export interface PositionEntry extends Entry {
  readonly change: "Open" | "Close" | "Increase" | "Decrease" | "Reverse" | "NoChange";
  readonly reason: "trades" | "funding_realization" | "settlement";
}

/** An account-log entry (its `json` is the wire form; `id` counts from 1). */
export interface LogEntry extends Entry {
  readonly id: number;
  readonly info: string;
}

/** Paging arguments shared by the event endpoints. */
export interface PageRequest {
  readonly since?: number;
  readonly before?: number;
  readonly sort?: "asc" | "desc";
  readonly count?: number;
  readonly continuationToken?: string;
}

/** Page size when `count` is absent, and the cap Kraken applies without publishing it (ours: 1000). */
export const DEFAULT_PAGE = 500;
export const MAX_PAGE = 1_000;
/** Elements kept per list (the oldest are dropped beyond it). */
const KEPT = 50_000;

function token(e: { time: number; seq: number }): string {
  return btoa(`${e.time}/${e.seq}`);
}

function parseToken(raw: string): { time: number; seq: number } {
  let text: string;
  try {
    text = atob(raw);
  } catch {
    throw new EngineError("invalidArgument");
  }
  const m = /^(\d+)\/(\d+)$/.exec(text);
  if (!m) throw new EngineError("invalidArgument");
  return { time: Number(m[1]), seq: Number(m[2]) };
}

const compare = (a: { time: number; seq: number }, b: { time: number; seq: number }) =>
  a.time - b.time || a.seq - b.seq;

/**
 * One page of `entries` (oldest first): those with `since <= time < before`, in `sort` order, after the
 * position `continuationToken` names, at most `count` of them. The token of the result names the last
 * element returned and is absent when nothing follows.
 */
export function pageOf<T extends { time: number; seq: number }>(
  entries: readonly T[],
  req: PageRequest,
): { items: T[]; continuationToken?: string } {
  const desc = (req.sort ?? "desc") === "desc";
  const count = Math.min(req.count ?? DEFAULT_PAGE, MAX_PAGE);
  const after = req.continuationToken === undefined ? undefined : parseToken(req.continuationToken);
  const inRange = (e: T) =>
    (req.since === undefined || e.time >= req.since) &&
    (req.before === undefined || e.time < req.before) &&
    (after === undefined || (desc ? compare(e, after) < 0 : compare(e, after) > 0));
  const items: T[] = [];
  let more = false;
  const n = entries.length;
  for (let k = 0; k < n; k++) {
    const e = entries[desc ? n - 1 - k : k]!;
    if (!inRange(e)) continue;
    if (items.length === count) {
      more = true;
      break;
    }
    items.push(e);
  }
  const last = items.at(-1);
  return more && last ? { items, continuationToken: token(last) } : { items };
}

const DIRECTION = { buy: "Buy", sell: "Sell" } as const;
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

/** Strips what the public market events leave out (account data), recursively. */
function publicCopy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(publicCopy);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === "accountUid" || k === "accountId" || k === "clientId" || k === "algoId" || k === "origin")
      continue;
    out[k] = publicCopy(v);
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
  readonly triggerEvents: Entry[] = [];
  readonly executionEvents: Entry[] = [];
  readonly positionEvents: PositionEntry[] = [];
  readonly accountLog: LogEntry[] = [];

  readonly #ids: Rng;
  #seq = 1;
  #logId = 1;
  readonly #snapshots = new Map<string, Record<string, unknown>>();
  readonly #lastTrade = new Map<string, PublicTrade>();
  /** Public trades that were the account's fills: the account's order on its side of the trade. */
  readonly #ownTrades = new Map<string, { fill: Fill; order: Record<string, unknown> }>();
  #flex: Record<string, number>;
  #inverse: number;
  readonly #positions = new Map<string, { size: number; entry: number }>();
  readonly #unsubscribe: (() => void)[];

  constructor(exchange: Exchange) {
    this.exchange = exchange;
    this.#ids = new Rng((exchange.seed ^ 0x4157_0e11) >>> 0);
    this.accountUid = this.#ids.uuid();
    this.#flex = { ...exchange.account.flex };
    this.#inverse = exchange.account.inverseCollateral;
    for (const p of exchange.account.positions.values())
      this.#positions.set(p.symbol, { size: p.size, entry: p.entryPrice });
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
  historyOrder(o: Order, filledBefore?: number): Record<string, unknown> {
    const filled = filledBefore ?? o.filled;
    const out: Record<string, unknown> = {
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
    };
    if (isTrigger(o.type)) {
      out.stopPrice = o.stopPrice === null ? "" : dec(o.stopPrice);
      const trigger: Record<string, unknown> = {
        triggerPrice: dec(triggerPrice(o)),
        triggerSignal: SIGNAL[o.triggerSignal],
        triggerSide: triggerSide(o) === "trigger_above" ? "Above" : "Below",
      };
      if (o.trailing)
        trigger.trailingStopOptions = {
          maxDeviation: dec(o.trailing.maxDeviation),
          unit: UNIT[o.trailing.unit],
        };
      if (o.limitOffset) trigger.limitPriceOffset = { unit: UNIT[o.limitOffset.unit] };
      out.triggerOptions = trigger;
    }
    return out;
  }

  #element(time: number, event: Record<string, unknown>): { seq: number; json: Record<string, unknown> } {
    return { seq: this.#seq++, json: { uid: this.#ids.uuid(), timestamp: time, event } };
  }

  // ---- recording ----------------------------------------------------------------------------------

  #pushOrderEvent(order: Order, time: number, kind: string, body: Record<string, unknown>): void {
    const { seq, json } = this.#element(time, { [kind]: body });
    const phase =
      kind === "OrderPlaced"
        ? "opened"
        : kind === "OrderCancelled" ||
            kind === "OrderRejected" ||
            (kind === "OrderUpdated" && body.reason === "full_fill")
          ? "closed"
          : "other";
    append(this.orderEvents, {
      time,
      seq,
      symbol: order.symbol,
      json,
      phase,
      publicJson: publicCopy(json) as Record<string, unknown>,
    });
  }

  /** An order first seen through a fill or a cancel was placed first (a taker order has no `placed` event). */
  #ensurePlaced(order: Order): void {
    if (this.#snapshots.has(order.orderId) || isTrigger(order.type)) return;
    const placed = this.historyOrder(order, 0);
    this.#pushOrderEvent(order, order.receivedTime, "OrderPlaced", {
      order: placed,
      reason: "new_user_order",
      reducedQuantity: "",
      algoId: "",
      origin: ORIGIN,
    });
    this.#snapshots.set(order.orderId, placed);
  }

  #onOrder(kind: string, order: Readonly<Order>, reason: string | undefined): void {
    const o = order as Order;
    const time = o.lastUpdate;
    if (isTrigger(o.type)) {
      const now = this.historyOrder(o);
      const prev = this.#snapshots.get(o.orderId) ?? now;
      const push = (k: string, body: Record<string, unknown>) => {
        const { seq, json } = this.#element(time, { [k]: body });
        append(this.triggerEvents, { time, seq, symbol: o.symbol, json });
      };
      if (kind === "placed")
        push("OrderTriggerPlaced", { order: now, reason: "new_user_order", algoId: "", origin: ORIGIN });
      else if (kind === "edited")
        push("OrderTriggerUpdated", {
          oldOrderTrigger: prev,
          newOrderTrigger: now,
          reason: "edited_by_user",
        });
      else if (kind === "cancelled")
        push("OrderTriggerCancelled", {
          order: now,
          reason: reason ?? "cancelled_by_user",
          algoId: "",
          origin: ORIGIN,
        });
      else if (kind === "triggered") push("OrderTriggerActivated", { order: now });
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
        this.#pushOrderEvent(o, time, "OrderPlaced", {
          order: now,
          reason: "new_user_order",
          reducedQuantity: "",
          algoId: "",
          origin: ORIGIN,
        });
        break;
      case "edited":
      case "partiallyFilled":
      case "filled":
        this.#pushOrderEvent(o, time, "OrderUpdated", {
          oldOrder: prev ?? now,
          newOrder: now,
          reason: kind === "edited" ? "edited_by_user" : kind === "filled" ? "full_fill" : "partial_fill",
          reducedQuantity: "",
          algoId: "",
          origin: ORIGIN,
        });
        break;
      case "cancelled":
        this.#pushOrderEvent(o, time, "OrderCancelled", {
          order: now,
          reason: reason ?? "cancelled_by_user",
          algoId: "",
          origin: ORIGIN,
        });
        break;
      case "rejected":
        this.#pushOrderEvent(o, time, "OrderRejected", {
          order: now,
          reason: reason ?? "rejected",
          orderError: reason ?? "rejected",
          algoId: "",
          origin: ORIGIN,
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
      this.#ownTrades.set(trade.uid, { fill, order: publicCopy(before) as Record<string, unknown> });

    const { seq, json } = this.#element(fill.time, {
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
    this.#recordPosition(fill, inst, mark);
  }

  /** The position update and the account-log entries of a fill, from the balances before and after. */
  #recordPosition(fill: Fill, inst: InstrumentSpec, mark: number): void {
    const ex = this.exchange;
    const old = this.#positions.get(fill.symbol) ?? { size: 0, entry: 0 };
    const pos = ex.account.positions.get(fill.symbol);
    const next = pos ? { size: pos.size, entry: pos.entryPrice } : { size: 0, entry: 0 };
    const change = positionChange(old.size, next.size);
    const realized = this.#balanceEntries(fill, inst, mark, old, next);
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
    if (next.size === 0) this.#positions.delete(fill.symbol);
    else this.#positions.set(fill.symbol, next);
  }

  /** Books the account-log entries of a fill (position first, then each changed balance); returns realized PnL. */
  #balanceEntries(
    fill: Fill,
    inst: InstrumentSpec,
    mark: number,
    old: { size: number; entry: number },
    next: { size: number; entry: number },
  ): number {
    const account = this.exchange.account;
    const contract = fill.symbol.toLowerCase();
    const marginAccount = inst.kind === "inverse" ? "f-xbt:usd" : "flex";
    const common = {
      contract,
      margin_account: marginAccount,
      info: "futures trade",
      execution: fill.fillId,
      trade_price: num(fill.price),
      mark_price: num(mark),
      funding_rate: null,
      realized_funding: null,
      collateral: null,
      conversion_spread_percentage: null,
      liquidation_fee: null,
    };
    this.#log(fill, {
      ...common,
      asset: contract,
      old_balance: num(old.size),
      new_balance: num(next.size),
      old_average_entry_price: old.size === 0 ? null : num(old.entry),
      new_average_entry_price: next.size === 0 ? null : num(next.entry),
      fee: null,
      realized_pnl: null,
    });
    let realized = 0;
    if (inst.kind === "inverse") {
      const delta = account.inverseCollateral - this.#inverse;
      realized = delta + fill.fee;
      this.#log(fill, {
        ...common,
        asset: "xbt",
        collateral: "xbt",
        old_balance: num(this.#inverse),
        new_balance: num(account.inverseCollateral),
        fee: num(fill.fee),
        realized_pnl: num(realized),
      });
      this.#inverse = account.inverseCollateral;
    } else {
      const usd = this.exchange.usdPrice.bind(this.exchange);
      for (const [currency, now] of Object.entries(account.flex)) {
        const was = this.#flex[currency] ?? 0;
        const isFeeCurrency = currency === "USD";
        if (now === was && !isFeeCurrency) continue;
        const pnl = isFeeCurrency ? now - was + fill.fee : now - was;
        realized += pnl * usd(currency);
        this.#log(fill, {
          ...common,
          asset: currency.toLowerCase(),
          collateral: currency.toLowerCase(),
          old_balance: num(was),
          new_balance: num(now),
          fee: isFeeCurrency ? num(fill.fee) : null,
          realized_pnl: num(pnl),
        });
      }
      this.#flex = { ...account.flex };
    }
    return realized;
  }

  #log(fill: Fill, fields: Record<string, unknown>): void {
    const id = this.#logId++;
    const info = String(fields.info);
    append(this.accountLog, {
      time: fill.time,
      seq: id,
      id,
      info,
      symbol: fill.symbol,
      json: { id, date: iso(fill.time), booking_uid: this.#ids.uuid(), ...fields },
    });
  }

  // ---- public market history ----------------------------------------------------------------------

  #instrument(tradeable: string): InstrumentSpec {
    const inst = this.exchange.instruments.get(tradeable.toUpperCase());
    if (!inst) throw new EngineError("notFound");
    return inst;
  }

  /** One page of the market's executions, keyed by (time, trade id). */
  publicExecutions(tradeable: string, req: PageRequest): Page {
    const inst = this.#instrument(tradeable);
    this.exchange.sync();
    const trades = this.exchange.trades.get(inst.symbol) ?? [];
    const prices = this.exchange.prices.get(inst.symbol) ?? [];
    const keyed = trades.map((trade) => ({ time: trade.time, seq: trade.tradeId, trade }));
    const page = pageOf(keyed, req);
    return {
      elements: page.items.map((k) => this.#publicExecution(inst, k.trade, prices)),
      continuationToken: page.continuationToken,
    };
  }

  #publicExecution(
    inst: InstrumentSpec,
    t: PublicTrade,
    prices: readonly PricePoint[],
  ): Record<string, unknown> {
    const rng = new Rng((this.exchange.seed ^ Math.imul(t.tradeId, 0x9e3779b1)) >>> 0);
    const own = this.#ownTrades.get(t.uid);
    const makerSide: Side = t.side === "buy" ? "sell" : "buy";
    const synthetic = (side: Side, type: string, quantity: number): Record<string, unknown> => ({
      uid: rng.uuid(),
      tradeable: t.symbol,
      direction: DIRECTION[side],
      quantity: dec(quantity),
      timestamp: t.time,
      limitPrice: dec(t.price),
      orderType: type,
      reduceOnly: false,
      lastUpdateTimestamp: t.time,
    });
    const makerQty = t.size * (1 + rng.int(0, 4));
    let makerOrder = synthetic(makerSide, "Post", makerQty);
    let takerOrder = synthetic(t.side, "IoC", t.size);
    if (own?.fill.fillType === "maker") makerOrder = own.order;
    else if (own) takerOrder = own.order;
    return {
      uid: t.uid,
      timestamp: t.time,
      event: {
        Execution: {
          execution: {
            uid: own?.fill.fillId ?? rng.uuid(),
            makerOrder,
            takerOrder,
            timestamp: t.time,
            quantity: dec(t.size),
            price: dec(t.price),
            markPrice: dec(priceAt(prices, t.time)?.mark ?? this.exchange.markPrice(t.symbol)),
            limitFilled: own ? own.fill.fillType === "maker" : makerQty === t.size,
            usdValue: dec(inst.kind === "inverse" ? t.size : t.size * t.price),
          },
          takerReducedQuantity: "",
        },
      },
    };
  }

  /**
   * One page of the market's order events: the account's own (without account data) and, for every
   * third-party trade, the placing of the order that took liquidity.
   */
  publicOrders(tradeable: string, req: PageRequest): Page {
    const inst = this.#instrument(tradeable);
    this.exchange.sync();
    type Keyed = { time: number; seq: number; json?: Record<string, unknown>; trade?: PublicTrade };
    const own: Keyed[] = this.orderEvents
      .filter((e) => e.symbol === inst.symbol)
      .map((e) => ({ time: e.time, seq: e.seq * 2 + 1, json: e.publicJson }));
    const third: Keyed[] = (this.exchange.trades.get(inst.symbol) ?? [])
      .filter((t) => !this.#ownTrades.has(t.uid))
      .map((trade) => ({ time: trade.time, seq: trade.tradeId * 2, trade }));
    const page = pageOf([...own, ...third].sort(compare), req);
    return {
      elements: page.items.map((k) => k.json ?? thirdPartyOrderPlaced(k.trade!, this.exchange.seed)),
      continuationToken: page.continuationToken,
    };
  }

  /** One page of the market's mark-price changes (one per market step). */
  publicPrices(tradeable: string, req: PageRequest): Page {
    const inst = this.#instrument(tradeable);
    this.exchange.sync();
    const points = (this.exchange.prices.get(inst.symbol) ?? []).map((p) => ({ ...p, seq: 0 }));
    const page = pageOf(points, req);
    return {
      elements: page.items.map((p) => ({ uid: "", timestamp: p.time, event: { price: dec(p.mark) } })),
      continuationToken: page.continuationToken,
    };
  }
}

/** A page of wire elements. */
export interface Page {
  readonly elements: Record<string, unknown>[];
  readonly continuationToken?: string;
}

/** The placing of the order that took liquidity in a third-party trade (ids reproducible from the trade). */
function thirdPartyOrderPlaced(t: PublicTrade, seed: number): Record<string, unknown> {
  const rng = new Rng((Math.imul(t.tradeId, 0x2545f491) ^ seed ^ 0x0bd37a11) >>> 0);
  return {
    uid: rng.uuid(),
    timestamp: t.time,
    event: {
      OrderPlaced: {
        order: {
          uid: rng.uuid(),
          tradeable: t.symbol,
          direction: DIRECTION[t.side],
          quantity: dec(t.size),
          timestamp: t.time,
          limitPrice: dec(t.price),
          orderType: "IoC",
          reduceOnly: false,
          lastUpdateTimestamp: t.time,
        },
        reason: "new_user_order",
        reducedQuantity: "",
      },
    },
  };
}

/** How a position changed from `a` to `b` (signed sizes). */
function positionChange(a: number, b: number): PositionEntry["change"] {
  if (a === b) return "NoChange";
  if (a === 0) return "Open";
  if (b === 0) return "Close";
  if (Math.sign(a) !== Math.sign(b)) return "Reverse";
  return Math.abs(b) > Math.abs(a) ? "Increase" : "Decrease";
}

/** Appends in (time, seq) order (events arrive in order; a late one is moved into place) and trims. */
function append<T extends Entry>(list: T[], entry: T): void {
  let i = list.length;
  while (i > 0 && compare(list[i - 1]!, entry) > 0) i--;
  list.splice(i, 0, entry);
  if (list.length > KEPT + 1_000) list.splice(0, list.length - KEPT);
}

/** The last price point at or before `time`. */
export function priceAt(points: readonly PricePoint[], time: number): PricePoint | undefined {
  let lo = 0;
  let hi = points.length - 1;
  let found: PricePoint | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (points[mid]!.time <= time) {
      found = points[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The CSV export of the account log, newest first, with the columns of Kraken's account-log export. */
export function accountLogCsv(entries: readonly LogEntry[]): string {
  const header = [
    "uid",
    "dateTime",
    "account",
    "type",
    "symbol",
    "contract",
    "change",
    "new balance",
    "new average entry price",
    "trade price",
    "mark price",
    "funding rate",
    "realized pnl",
    "fee",
    "realized funding",
    "collateral",
    "execution",
    "conversion spread percentage",
    "liquidation fee",
  ];
  const cell = (v: unknown) => {
    if (v === null || v === undefined) return "";
    const s = typeof v === "number" ? dec(v) : String(v);
    return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  const rows = [...entries].reverse().map((e) => {
    const j = e.json;
    const change =
      typeof j.new_balance === "number" && typeof j.old_balance === "number"
        ? j.new_balance - j.old_balance
        : null;
    return [
      j.booking_uid,
      iso(e.time).slice(0, 19).replace("T", " "),
      j.margin_account,
      j.info,
      j.asset,
      j.contract,
      change,
      j.new_balance,
      j.new_average_entry_price,
      j.trade_price,
      j.mark_price,
      j.funding_rate,
      j.realized_pnl,
      j.fee,
      j.realized_funding,
      j.collateral,
      j.execution,
      j.conversion_spread_percentage,
      j.liquidation_fee,
    ]
      .map(cell)
      .join(",");
  });
  return `${[header.join(","), ...rows].join("\n")}\n`;
}
