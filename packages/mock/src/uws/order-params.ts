/**
 * Reads UWS order parameters into the engine's `SendOrderRequest`, refusing what the UWS does not take
 * for derivatives, before anything reaches the engine.
 */
import type { Exchange, SendOrderRequest } from "../engine/exchange.js";
import type { TriggerSignal } from "../engine/orders.js";
import { UWS_ERRORS } from "./errors.js";
import { check } from "./request.js";

type Json = Record<string, unknown>;

/** The engine type of each UWS order type (a `-limit` variant adds a limit price). */
const ENGINE_TYPE: Readonly<Record<string, SendOrderRequest["orderType"]>> = {
  limit: "lmt",
  market: "mkt",
  "stop-loss": "stp",
  "stop-loss-limit": "stp",
  "take-profit": "take_profit",
  "take-profit-limit": "take_profit",
  "trailing-stop": "trailing_stop",
  "trailing-stop-limit": "trailing_stop",
};

/** `triggers.reference` → the engine's signal (`index` is the spot index; `last` the default). */
const REFERENCES: Readonly<Record<string, TriggerSignal>> = { index: "spot", last: "last" };

/** Deadline bounds of the UWS add_order page: 500 ms to 60 s ahead. */
export const DEADLINE_MIN_MS = 500;
export const DEADLINE_MAX_MS = 60_000;

function decimal(params: Json, name: string, path: string, required: boolean): number | undefined {
  const v = params[name];
  if (v === undefined) {
    check(!required, UWS_ERRORS.missing(`${path}.${name}`));
    return undefined;
  }
  check(typeof v === "number" && Number.isFinite(v), UWS_ERRORS.invalid(`${path}.${name}`));
  return v;
}

/** Checks `deadline` (RFC 3339, 500 ms to 60 s ahead) and returns it as the engine's `processBefore`. */
export function deadlineOf(params: Json, now: number): string | undefined {
  const v = params.deadline;
  if (v === undefined) return undefined;
  const at = typeof v === "string" ? Date.parse(v) : Number.NaN;
  check(Number.isFinite(at), UWS_ERRORS.invalid("params.deadline"));
  check(at - now <= DEADLINE_MAX_MS && at - now >= DEADLINE_MIN_MS, UWS_ERRORS.deadline);
  return new Date(at).toISOString();
}

/**
 * One order's parameters (add_order's `params`, or a batch_add entry with the batch's symbol) as an
 * engine request. `path` names where the fields sit, for the refusal (`params`, `params.orders[2]`).
 */
export function orderRequest(ex: Exchange, o: Json, symbol: unknown, path: string): SendOrderRequest {
  check(o.order_userref === undefined, UWS_ERRORS.orderUserref);
  const type = o.order_type;
  check(type !== undefined, UWS_ERRORS.missing(`${path}.order_type`));
  check(
    typeof type === "string" && ENGINE_TYPE[type] !== undefined,
    UWS_ERRORS.invalid(`${path}.order_type`),
  );
  check(o.side === "buy" || o.side === "sell", UWS_ERRORS.invalid(`${path}.side`));
  check(typeof symbol === "string" && ex.instruments.has(symbol), UWS_ERRORS.unknownSymbol(String(symbol)));
  const size = decimal(o, "order_qty", path, true)!;
  const limited = type === "limit" || type.endsWith("-limit");
  const limit = decimal(o, "limit_price", path, limited);
  const req: SendOrderRequest = { orderType: ENGINE_TYPE[type]!, symbol, side: o.side, size };
  if (o.cl_ord_id !== undefined) {
    check(typeof o.cl_ord_id === "string" && o.cl_ord_id.length > 0, UWS_ERRORS.invalid(`${path}.cl_ord_id`));
    req.cliOrdId = o.cl_ord_id;
  }
  if (o.reduce_only !== undefined) {
    check(typeof o.reduce_only === "boolean", UWS_ERRORS.invalid(`${path}.reduce_only`));
    req.reduceOnly = o.reduce_only;
  }
  if (type === "limit") {
    req.limitPrice = limit;
    if (o.post_only === true) req.orderType = "post";
    else if (o.time_in_force === "ioc") req.orderType = "ioc";
  } else if (type !== "market") {
    triggerFields(o, type, limit, path, req);
  }
  return req;
}

function triggerFields(
  o: Json,
  type: string,
  limit: number | undefined,
  path: string,
  req: SendOrderRequest,
): void {
  const t = o.triggers as Json | undefined;
  check(t !== undefined, UWS_ERRORS.missing(`${path}.triggers`));
  check(typeof t === "object" && t !== null && !Array.isArray(t), UWS_ERRORS.invalid(`${path}.triggers`));
  const price = decimal(t, "price", `${path}.triggers`, true)!;
  const reference = t.reference ?? "last";
  check(
    typeof reference === "string" && REFERENCES[reference] !== undefined,
    UWS_ERRORS.invalid(`${path}.triggers.reference`),
  );
  req.triggerSignal = REFERENCES[reference];
  const priceType = t.price_type ?? "static";
  check(
    priceType === "static" || priceType === "pct" || priceType === "quote",
    UWS_ERRORS.invalid(`${path}.triggers.price_type`),
  );
  if (type.startsWith("trailing-stop")) {
    // A trailing stop's trigger price is its distance behind the best price seen.
    check(priceType !== "static", UWS_ERRORS.invalid(`${path}.triggers.price_type`));
    req.trailingStopDeviationUnit = priceType === "pct" ? "PERCENT" : "QUOTE_CURRENCY";
    req.trailingStopMaxDeviation = price;
    if (limit !== undefined) {
      req.limitPriceOffsetUnit = "QUOTE_CURRENCY";
      req.limitPriceOffsetValue = limit;
    }
    return;
  }
  check(priceType === "static", UWS_ERRORS.invalid(`${path}.triggers.price_type`));
  req.stopPrice = price;
  if (limit !== undefined) req.limitPrice = limit;
}
