/**
 * The UWS trading methods on the engine: `add_order`, `amend_order`, `cancel_order`, `cancel_all`,
 * `cancel_all_orders_after`, `batch_add`, `batch_cancel`. Every one needs the connection's token; a
 * refusal is thrown as a {@link UwsRefusal} before the engine is touched, so a refused request changes
 * nothing (and `batch_add` validates every order before placing any).
 */
import { randomUUID } from "node:crypto";
import { setLeveragePreference } from "../engine/account-views.js";
import { type EditOrderRequest, EngineError, type Exchange } from "../engine/exchange.js";
import { isTrigger } from "../engine/orders.js";
import { ORDER_REFUSALS, UWS_ERRORS } from "./errors.js";
import { deadlineOf, orderRequest } from "./order-params.js";
import { check, stringsParam, UwsRefusal, type UwsRequest } from "./request.js";
import { authorize, type SubscriptionHost } from "./subscriptions.js";

type Json = Record<string, unknown>;
/** Sends one acknowledgement (methods that answer per order send several). */
export type Reply = (outcome: { result?: unknown } | { error: string }) => void;

/** Batch bounds of the UWS pages: batch_add 2–15 orders, batch_cancel 2–50 ids. */
export const BATCH_ADD = { min: 2, max: 15 } as const;
export const BATCH_CANCEL = { min: 2, max: 50 } as const;

/** Runs an engine call, turning its refusals into Kraken-worded ones. */
function engine<T>(run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof EngineError) throw new UwsRefusal(ORDER_REFUSALS[e.code] ?? e.code);
    throw e;
  }
}

function refuseStatus(status: string, ok: readonly string[]): void {
  if (!ok.includes(status)) throw new UwsRefusal(ORDER_REFUSALS[status] ?? status);
}

function assetClass(req: UwsRequest): void {
  check(req.params.asset_class !== undefined, UWS_ERRORS.missing("params.asset_class"));
  check(req.params.asset_class === "derivatives", UWS_ERRORS.invalid("params.asset_class"));
}

/** Answers a trading method on `reply`; throws a refusal for a request refused as a whole. */
export function handleMethod(host: SubscriptionHost, req: UwsRequest, reply: Reply): void {
  authorize(host, req);
  if (req.method === "cancel_order") {
    cancelOrder(host.exchange, req, reply);
    return;
  }
  reply({ result: singleResult(host.exchange, req) });
}

/** The result of a method answered by one acknowledgement. */
function singleResult(ex: Exchange, req: UwsRequest): unknown {
  const p = req.params;
  switch (req.method) {
    case "add_order":
      return addOrder(ex, req);
    case "amend_order":
      return amendOrder(ex, req);
    case "cancel_all": {
      assetClass(req);
      return { count: ex.cancelAllOrders().cancelled.length, warnings: [] };
    }
    case "cancel_all_orders_after": {
      const timeout = p.timeout;
      check(timeout !== undefined, UWS_ERRORS.missing("params.timeout"));
      check(Number.isInteger(timeout) && (timeout as number) >= 0, UWS_ERRORS.invalid("params.timeout"));
      const { currentTime, triggerTime } = ex.cancelAllOrdersAfter(timeout as number);
      // REST's "0" for a disarmed switch is not the document's Timestamp: a disarmed switch has no time.
      return { currentTime, ...(timeout === 0 ? {} : { triggerTime }), warnings: [] };
    }
    case "batch_add":
      return batchAdd(ex, req);
    case "batch_cancel":
      return batchCancel(ex, req);
    case "set_preference":
      return setPreference(ex, req);
    default:
      throw new UwsRefusal(UWS_ERRORS.notServed(req.method));
  }
}

function addOrder(ex: Exchange, req: UwsRequest): Json {
  assetClass(req);
  const order = orderRequest(ex, req.params, req.params.symbol, "params");
  order.processBefore = deadlineOf(req.params, ex.clock.now());
  const clOrdId = order.cliOrdId === undefined ? {} : { cl_ord_id: order.cliOrdId };
  if (req.params.validate === true) return { order_id: "", ...clOrdId, warnings: [] };
  const outcome = engine(() => ex.sendOrder(order));
  refuseStatus(outcome.status, ["placed"]);
  return { order_id: outcome.orderId, ...clOrdId, warnings: [] };
}

function amendOrder(ex: Exchange, req: UwsRequest): Json {
  assetClass(req);
  const p = req.params;
  check(p.order_id !== undefined || p.cl_ord_id !== undefined, UWS_ERRORS.missing("params.order_id"));
  const order = ex.orders.findOpen(p.order_id as string | undefined, p.cl_ord_id as string | undefined);
  if (!order) throw new UwsRefusal(UWS_ERRORS.orderNotFound);
  const num = (name: string): number | undefined => {
    const v = p[name];
    if (v === undefined) return undefined;
    check(typeof v === "number" && Number.isFinite(v) && v > 0, UWS_ERRORS.invalid(`params.${name}`));
    return v;
  };
  const qty = num("order_qty");
  const result = {
    amend_id: randomUUID(),
    order_id: order.orderId,
    ...(order.cliOrdId === null ? {} : { cl_ord_id: order.cliOrdId }),
    warnings: [],
  };
  const edit: EditOrderRequest = { orderId: order.orderId, processBefore: deadlineOf(p, ex.clock.now()) };
  // The UWS page: a quantity at or below the filled amount cancels the remainder.
  if (qty !== undefined && qty <= order.filled) {
    engine(() => ex.cancelOrder(order.orderId));
    return result;
  }
  if (qty !== undefined) edit.size = qty;
  const limit = num("limit_price");
  if (limit !== undefined) edit.limitPrice = limit;
  const trigger = num("trigger_price");
  if (trigger !== undefined) {
    check(isTrigger(order.type), UWS_ERRORS.invalid("params.trigger_price"));
    if (order.trailing) edit.trailingStopMaxDeviation = trigger;
    else edit.stopPrice = trigger;
  }
  if (p.post_only !== undefined) {
    check(p.post_only === (order.type === "post"), UWS_ERRORS.invalid("params.post_only"));
  }
  refuseStatus(engine(() => ex.editOrder(edit)).status, ["edited"]);
  return result;
}

function cancelOrder(ex: Exchange, req: UwsRequest, reply: Reply): void {
  assetClass(req);
  const p = req.params;
  check(p.order_userref === undefined, UWS_ERRORS.orderUserref);
  const byId = p.order_id !== undefined;
  check(byId !== (p.cl_ord_id !== undefined), UWS_ERRORS.invalid("params"));
  const ids = stringsParam(p, byId ? "order_id" : "cl_ord_id");
  // One acknowledgement per order, as Kraken streams them.
  for (const id of ids) {
    const outcome = engine(() => (byId ? ex.cancelOrder(id) : ex.cancelOrder(undefined, id)));
    if (outcome.status === "cancelled") {
      reply({ result: { order_id: outcome.orderId, ...(byId ? {} : { cl_ord_id: id }), warnings: [] } });
    } else {
      reply({ error: ORDER_REFUSALS[outcome.status] ?? outcome.status });
    }
  }
}

function batchAdd(ex: Exchange, req: UwsRequest): Json[] {
  assetClass(req);
  const p = req.params;
  const orders = p.orders;
  check(orders !== undefined, UWS_ERRORS.missing("params.orders"));
  check(
    Array.isArray(orders) && orders.length >= BATCH_ADD.min && orders.length <= BATCH_ADD.max,
    UWS_ERRORS.batchSize(BATCH_ADD.min, BATCH_ADD.max),
  );
  const deadline = deadlineOf(p, ex.clock.now());
  // All or nothing: every order is checked before the first is placed.
  const requests = (orders as unknown[]).map((o, i) => {
    const path = `params.orders[${i}]`;
    check(typeof o === "object" && o !== null && !Array.isArray(o), UWS_ERRORS.invalid(path));
    check((o as Json).symbol === undefined, UWS_ERRORS.invalid(`${path}.symbol`));
    return { ...orderRequest(ex, o as Json, p.symbol, path), processBefore: deadline };
  });
  const ids = requests.map((r) => r.cliOrdId).filter((c) => c !== undefined);
  check(new Set(ids).size === ids.length, ORDER_REFUSALS.clientOrderIdAlreadyExist!);
  if (p.validate === true) return requests.map((r) => ({ order_id: "", ...clOrd(r.cliOrdId) }));
  return requests.map((r) => {
    const outcome = engine(() => ex.sendOrder(r));
    // An order refused by the engine's pre-match checks is rejected alone; the rest are placed.
    if (outcome.status !== "placed")
      return { ...clOrd(r.cliOrdId), error: ORDER_REFUSALS[outcome.status] ?? outcome.status };
    return { order_id: outcome.orderId, ...clOrd(r.cliOrdId) };
  });
}

const clOrd = (c: string | undefined) => (c === undefined ? {} : { cl_ord_id: c });

function batchCancel(ex: Exchange, req: UwsRequest): Json {
  assetClass(req);
  const p = req.params;
  const list = (name: string): string[] => {
    const v = p[name];
    if (v === undefined) return [];
    check(Array.isArray(v) && v.every((s) => typeof s === "string"), UWS_ERRORS.invalid(`params.${name}`));
    return v as string[];
  };
  const orders = list("orders");
  const clOrdIds = list("cl_ord_id");
  const total = orders.length + clOrdIds.length;
  check(total >= BATCH_CANCEL.min && total <= BATCH_CANCEL.max, UWS_ERRORS.batchCancelSize);
  let count = 0;
  for (const id of orders) if (engine(() => ex.cancelOrder(id)).status === "cancelled") count++;
  for (const id of clOrdIds) if (engine(() => ex.cancelOrder(undefined, id)).status === "cancelled") count++;
  return { count, warnings: [] };
}

/**
 * `set_preference`: the leverage preference of one market, the same setting as REST v3
 * `leveragepreferences` (a number = isolated at that leverage, null = cross margin).
 */
function setPreference(ex: Exchange, req: UwsRequest): Json {
  assetClass(req);
  const mode = req.params.leverage_mode as Json | undefined;
  check(mode !== undefined, UWS_ERRORS.missing("params.leverage_mode"));
  check(
    typeof mode === "object" && mode !== null && !Array.isArray(mode),
    UWS_ERRORS.invalid("params.leverage_mode"),
  );
  const symbol = mode.symbol;
  check(typeof symbol === "string" && ex.instruments.has(symbol), UWS_ERRORS.unknownLeverageSymbol);
  check("max_leverage" in mode, UWS_ERRORS.missing("params.leverage_mode.max_leverage"));
  const lev = mode.max_leverage;
  check(
    lev === null || (typeof lev === "number" && lev > 0),
    UWS_ERRORS.invalid("params.leverage_mode.max_leverage"),
  );
  try {
    setLeveragePreference(ex, symbol, lev ?? undefined);
  } catch (e) {
    if (e instanceof EngineError) throw new UwsRefusal(UWS_ERRORS.leverageRange);
    throw e;
  }
  return { symbol, max_leverage: lev };
}
