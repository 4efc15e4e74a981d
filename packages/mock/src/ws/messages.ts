/**
 * The WebSocket v1 messages of each feed, rendered from engine state with the AsyncAPI document's field
 * names. Functions named `*Now` read state through engine methods that catch the market up with the clock,
 * so they must not run inside an engine event listener (the server calls them after the event, see
 * `server.ts`); the others only read the object they are given.
 */

import type { Exchange, Fill, PublicTrade } from "../engine/exchange.js";
import { roundDp } from "../engine/instruments.js";
import { isTrigger, type Order, triggerPrice } from "../engine/orders.js";
import { contractTicker } from "../engine/public-data.js";

type Json = Record<string, unknown>;

// The positions and balances messages live in account-messages.ts; importers of messages.js find them here.
export { balancesDelta, balancesNow, positionsNow } from "./account-messages.js";

/** The account id the private feeds name (Kraken sends the account's uuid). */
export const MOCK_ACCOUNT_ID = "6d0cfd0e-4d9a-4b2c-8f4e-6d6f636b0001";

const r8 = (n: number) => roundDp(n, 8);

// ---------------------------------------------------------------- public

/** `book_snapshot` of the levels the server has published. */
export function bookSnapshot(
  productId: string,
  seq: number,
  time: number,
  bids: ReadonlyMap<number, number>,
  asks: ReadonlyMap<number, number>,
): Json {
  const levels = (m: ReadonlyMap<number, number>, desc: boolean) =>
    [...m].sort((a, b) => (desc ? b[0] - a[0] : a[0] - b[0])).map(([price, qty]) => ({ price, qty }));
  return {
    feed: "book_snapshot",
    product_id: productId,
    timestamp: time,
    seq,
    tickSize: null,
    bids: levels(bids, true),
    asks: levels(asks, false),
  };
}

/** Days from `now` to a maturity, rounded up (0 for perpetuals). */
function daysToMaturity(now: number, maturity: number | undefined): number {
  return maturity === undefined ? 0 : Math.max(0, Math.ceil((maturity - now) / 86_400_000));
}

/** `ticker`: the HTTP ticker's figures under the WebSocket's names. */
export function tickerNow(exchange: Exchange, symbol: string): Json {
  const t = contractTicker(exchange, symbol);
  const inst = exchange.instruments.get(symbol)!;
  const now = exchange.clock.now();
  const index = exchange.indexPrice(symbol);
  const mark = exchange.markPrice(symbol);
  const out: Json = {
    time: now,
    product_id: symbol,
    feed: "ticker",
    bid: t.bid,
    ask: t.ask,
    bid_size: t.bidSize,
    ask_size: t.askSize,
    volume: t.vol24h,
    dtm: daysToMaturity(now, inst.lastTradingTime),
    leverage: `${Math.round(1 / inst.initialMarginRate)}x`,
    index: roundDp(index, 2),
    premium: roundDp(((mark - index) / index) * 100, 4),
    last: t.last,
    change: t.change24h,
    suspended: false,
    tag: inst.tag,
    pair: inst.pair,
    openInterest: t.openInterest,
    markPrice: mark,
    maturityTime: inst.lastTradingTime ?? 0,
    post_only: false,
    volumeQuote: t.volumeQuote,
    open: t.open24h,
    high: t.high24h,
    low: t.low24h,
  };
  if (inst.perpetual && typeof t.fundingRate === "number") {
    out.funding_rate = t.fundingRate;
    out.funding_rate_prediction = t.fundingRatePrediction;
    const relative = roundDp((mark - index) / index / 8, 12);
    out.relative_funding_rate = relative;
    out.relative_funding_rate_prediction = relative;
    out.next_funding_rate_time = now - (now % 3_600_000) + 3_600_000;
  }
  return out;
}

/** `ticker_lite`: the short ticker. */
export function tickerLiteNow(exchange: Exchange, symbol: string): Json {
  const full = tickerNow(exchange, symbol);
  return {
    feed: "ticker_lite",
    product_id: symbol,
    bid: full.bid,
    ask: full.ask,
    change: full.change,
    premium: full.premium,
    volume: full.volume,
    tag: full.tag,
    pair: full.pair,
    dtm: full.dtm,
    maturityTime: full.maturityTime,
    volumeQuote: full.volumeQuote,
  };
}

/** One `trade` message (also an item of `trade_snapshot`). */
export function tradeMessage(t: PublicTrade): Json {
  return {
    feed: "trade",
    product_id: t.symbol,
    uid: t.uid,
    side: t.side,
    type: "fill",
    seq: t.tradeId,
    time: t.time,
    qty: t.size,
    price: t.price,
  };
}

/** How many recent trades `trade_snapshot` carries, newest first. */
export const TRADE_SNAPSHOT_SIZE = 100;

export function tradeSnapshot(exchange: Exchange, symbol: string): Json {
  const trades = exchange.trades.get(symbol) ?? [];
  return {
    feed: "trade_snapshot",
    product_id: symbol,
    trades: trades.slice(-TRADE_SNAPSHOT_SIZE).reverse().map(tradeMessage),
  };
}

// ---------------------------------------------------------------- orders

const TRAILING_UNITS = { PERCENT: "percent", QUOTE_CURRENCY: "quote_currency" } as const;

/** `OpenOrder` of the open_orders feeds. */
export function openOrder(o: Readonly<Order>): Json {
  const trigger = isTrigger(o.type);
  const out: Json = {
    instrument: o.symbol,
    time: o.receivedTime,
    last_update_time: o.lastUpdate,
    qty: o.quantity,
    filled: o.filled,
    type: !trigger ? "limit" : o.type === "take_profit" ? "take_profit" : "stop",
    order_id: o.orderId,
    direction: o.side === "buy" ? 0 : 1,
    reduce_only: o.reduceOnly,
  };
  if (o.limitPrice !== null) out.limit_price = o.limitPrice;
  if (o.cliOrdId !== null) out.cli_ord_id = o.cliOrdId;
  if (trigger) {
    out.stop_price = triggerPrice(o as Order);
    out.triggerSignal = o.triggerSignal;
  }
  if (o.trailing) {
    out.trailing_stop_options = {
      max_deviation: o.trailing.maxDeviation,
      unit: TRAILING_UNITS[o.trailing.unit],
    };
  }
  return out;
}

/** Kraken's open_orders reason for an engine rejection status. */
export const REJECT_REASONS: Readonly<Record<string, string>> = {
  postWouldExecute: "post_order_failed_because_it_would_filled",
  iocWouldNotExecute: "ioc_order_failed_because_it_would_not_be_executed",
  selfFill: "would_execute_self",
  would_not_reduce_position: "would_not_reduce_position",
};

/** `*_snapshot` of the open-orders feeds. */
export function openOrdersSnapshot(exchange: Exchange, feed: string): Json {
  return {
    feed: `${feed}_snapshot`,
    account: MOCK_ACCOUNT_ID,
    orders: [...exchange.orders.open()].map(openOrder),
  };
}

// ---------------------------------------------------------------- fills

const ORDER_TYPES = { lmt: "limit", post: "post", ioc: "ioc", mkt: "market" } as Readonly<
  Record<string, string>
>;

/** One `Fill` of the fills feed; `seq` is its 1-based position in the account's fills. */
export function fillItem(f: Fill, seq: number, order: Readonly<Order> | undefined): Json {
  const orderType = ORDER_TYPES[order?.type ?? "lmt"] ?? "limit";
  const out: Json = {
    instrument: f.symbol,
    time: f.time,
    price: f.price,
    seq,
    buy: f.side === "buy",
    qty: f.size,
    remaining_order_qty: order ? Math.max(0, roundDp(order.quantity - order.filled, 8)) : 0,
    order_id: f.orderId,
    fill_id: f.fillId,
    fill_type: f.fillType,
    fee_paid: r8(f.fee),
    fee_currency: f.feeCurrency,
    order_type: orderType,
  };
  if (f.cliOrdId !== null) out.cli_ord_id = f.cliOrdId;
  if (f.fillType !== "maker") out.taker_order_type = orderType;
  return out;
}

/** How many recent fills `fills_snapshot` carries, newest first. */
export const FILLS_SNAPSHOT_SIZE = 100;

export function fillsSnapshot(exchange: Exchange, products: ReadonlySet<string> | undefined): Json {
  const items: Json[] = [];
  for (let i = exchange.fills.length - 1; i >= 0 && items.length < FILLS_SNAPSHOT_SIZE; i--) {
    const f = exchange.fills[i]!;
    if (products && !products.has(f.symbol)) continue;
    items.push(fillItem(f, i + 1, exchange.orders.get(f.orderId)));
  }
  return { feed: "fills_snapshot", account: MOCK_ACCOUNT_ID, fills: items };
}

// ---------------------------------------------------------------- notifications

/** A notification pushed to `notifications_auth`. */
export interface WsNotification {
  readonly type: string;
  readonly priority: string;
  readonly note: string;
  /** Epoch ms. Default: now. */
  readonly effectiveTime?: number;
  readonly expectedDowntimeMinutes?: number;
}

export function notificationItem(id: number, n: WsNotification, now: number): Json {
  const out: Json = {
    id,
    type: n.type,
    priority: n.priority,
    note: n.note,
    effective_time: n.effectiveTime ?? now,
  };
  if (n.expectedDowntimeMinutes !== undefined) out.expected_downtime_minutes = n.expectedDowntimeMinutes;
  return out;
}
