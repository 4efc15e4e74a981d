/**
 * The account side of the private UWS channels: `executions` entries from engine orders and fills, and
 * `balances` from the account's wallets (the flex wallet, the inverse margin account and cash), the same
 * figures REST v3 `accounts` and the v1 `balances` feed show.
 */
import type { Exchange, ExchangeEvents, Fill } from "../engine/exchange.js";
import type { Order } from "../engine/orders.js";
import { num, priceDec, qtyDec, rfc3339 } from "./wire.js";

type Json = Record<string, unknown>;

/** How many fills an `executions` snapshot carries with `snap_trades` (the UWS page: the last 50). */
export const EXECUTIONS_TRADES_SNAPSHOT = 50;

const ORDER_TYPES: Readonly<Record<string, string>> = {
  lmt: "limit",
  post: "limit",
  ioc: "limit",
  mkt: "market",
  stp: "stop-loss",
  take_profit: "take-profit",
  trailing_stop: "trailing-stop",
};

/** The UWS order type of an engine order (a limit on a trigger makes it a `-limit` type). */
function orderType(o: Readonly<Order>): string {
  const base = ORDER_TYPES[o.type] ?? o.type;
  const limited = (o.type === "stp" || o.type === "take_profit") && o.limitPrice !== null;
  return limited || (o.type === "trailing_stop" && o.limitOffset) ? `${base}-limit` : base;
}

/** What an order looks like in an `executions` entry. */
export function orderFields(ex: Exchange, o: Readonly<Order>): Json {
  const inst = ex.instruments.get(o.symbol)!;
  return {
    order_id: o.orderId,
    ...(o.cliOrdId === null ? {} : { cl_ord_id: o.cliOrdId }),
    symbol: o.symbol,
    side: o.side,
    order_type: orderType(o),
    order_qty: qtyDec(inst, o.quantity),
    ...(o.limitPrice === null ? {} : { limit_price: priceDec(inst, o.limitPrice) }),
    time_in_force: o.type === "ioc" || o.type === "mkt" ? "ioc" : "gtc",
    cum_qty: qtyDec(inst, o.filled),
    timestamp: rfc3339(o.lastUpdate),
  };
}

/** The `order_status` of an open or closed engine order. */
export function orderStatus(o: Readonly<Order>): string {
  if (o.state === "filled") return "filled";
  if (o.state === "cancelled" || o.state === "rejected") return "canceled";
  return o.filled > 0 ? "partially_filled" : "new";
}

/** A `trade` entry for a fill of one of the account's orders. */
export function tradeExecution(ex: Exchange, f: Fill, order: Readonly<Order> | undefined): Json {
  const inst = ex.instruments.get(f.symbol)!;
  return {
    ...(order ? orderFields(ex, order) : { order_id: f.orderId, symbol: f.symbol, side: f.side }),
    exec_type: "trade",
    order_status: order ? orderStatus(order) : "filled",
    exec_id: f.fillId,
    last_qty: qtyDec(inst, f.size),
    last_price: priceDec(inst, f.price),
    liquidity_ind: f.fillType === "maker" ? "m" : "t",
    fees: [{ asset: f.feeCurrency, qty: num(f.fee) }],
    timestamp: rfc3339(f.time),
  };
}

/** The `executions` snapshot entries: open orders (`snap_orders`) and the last fills (`snap_trades`). */
export function executionsSnapshot(ex: Exchange, snapOrders: boolean, snapTrades: boolean): Json[] {
  const out: Json[] = [];
  if (snapTrades) {
    for (const f of ex.fills.slice(-EXECUTIONS_TRADES_SNAPSHOT)) {
      out.push(tradeExecution(ex, f, ex.orders.get(f.orderId)));
    }
  }
  if (snapOrders) {
    for (const o of ex.openOrders())
      out.push({ ...orderFields(ex, o), exec_type: "new", order_status: orderStatus(o) });
  }
  return out;
}

/** One wallet holding of the account: asset, wallet type and id, balance. */
interface Holding {
  readonly asset: string;
  readonly type: string;
  readonly id: string;
  readonly balance: number;
}

/** Every holding of the account now (flex wallet, inverse margin account, cash). */
export function holdings(ex: Exchange): Holding[] {
  const a = ex.account;
  const out: Holding[] = [];
  for (const [asset, balance] of Object.entries(a.flex))
    out.push({ asset, type: "flex", id: "flex", balance });
  out.push({ asset: "XBT", type: "futures", id: "fi_xbtusd", balance: a.inverseCollateral });
  for (const [asset, balance] of Object.entries(a.cash)) {
    out.push({ asset: asset.toUpperCase(), type: "cash", id: "cash", balance });
  }
  return out;
}

const r8 = (n: number) => Number(n.toFixed(8));

/** The `balances` snapshot: one entry per asset, with its wallets. */
export function balancesSnapshot(list: readonly Holding[]): Json[] {
  const byAsset = new Map<string, Holding[]>();
  for (const h of list) byAsset.set(h.asset, [...(byAsset.get(h.asset) ?? []), h]);
  return [...byAsset].map(([asset, hs]) => ({
    asset,
    asset_class: "derivatives",
    balance: num(r8(hs.reduce((s, h) => s + h.balance, 0))),
    wallets: hs.map((h) => ({ type: h.type, id: h.id, balance: num(r8(h.balance)) })),
  }));
}

/** The `balances` update entries that take `before` to `after` (one per changed holding). */
export function balancesChanges(
  before: readonly Holding[],
  after: readonly Holding[],
  now: number,
  ledgerId: () => string,
): Json[] {
  const old = new Map(before.map((h) => [`${h.type}:${h.id}:${h.asset}`, h.balance]));
  const out: Json[] = [];
  for (const h of after) {
    const prev = old.get(`${h.type}:${h.id}:${h.asset}`) ?? 0;
    const amount = r8(h.balance - prev);
    if (amount === 0) continue;
    const id = ledgerId();
    out.push({
      asset: h.asset,
      asset_class: "derivatives",
      amount: num(amount),
      balance: num(r8(h.balance)),
      fee: num(0),
      ledger_id: id,
      ref_id: id,
      timestamp: rfc3339(now),
      type: "trade",
      subtype: "",
      category: "trade",
      wallet_type: h.type,
      wallet_id: h.id,
    });
  }
  return out;
}

/** `exec_type` of each engine order event the `executions` channel reports. */
const EXEC_TYPES: Partial<Record<ExchangeEvents["order"]["kind"], string>> = {
  placed: "new",
  edited: "amended",
  filled: "filled",
  cancelled: "canceled",
  triggered: "status",
};

/**
 * The `executions` entry of an engine order event, and whether it is a transition an `order_status:
 * false` subscription still gets (new, filled, canceled, expired); undefined for events it does not
 * report (a partial fill is reported by its `trade`; a rejected order was never live).
 */
export function executionUpdate(
  ex: Exchange,
  e: ExchangeEvents["order"],
): { entry: Record<string, unknown>; transition: boolean } | undefined {
  const exec = EXEC_TYPES[e.kind];
  if (exec === undefined) return undefined;
  const o = e.order;
  const entry = {
    ...orderFields(ex, o),
    exec_type: exec,
    order_status: e.kind === "triggered" ? "filled" : orderStatus(o),
    ...(e.kind === "cancelled" && e.reason ? { cancel_reason: e.reason } : {}),
    ...(e.kind === "triggered" ? { reason: "stop_order_triggered" } : {}),
  };
  return {
    entry,
    transition: exec === "new" || exec === "filled" || exec === "canceled" || exec === "expired",
  };
}
