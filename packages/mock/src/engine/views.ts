/**
 * Kraken's JSON shapes of orders and order events, rendered from engine state. Field names follow the
 * seed's examples (including its mix of `orderId` and `order_id`).
 */
import { iso } from "./clock.js";
import type { Order } from "./orders.js";
import { isTrigger, triggerPrice, triggerSide } from "./orders.js";

/** `OrderJson` of an order event. Market orders show as `ioc`: that is what they are on the book. */
export function orderJson(o: Order): Record<string, unknown> {
  return {
    cliOrdId: o.cliOrdId,
    filled: o.filled,
    lastUpdateTimestamp: iso(o.lastUpdate),
    limitPrice: o.limitPrice,
    orderId: o.orderId,
    quantity: o.quantity,
    reduceOnly: o.reduceOnly,
    side: o.side,
    symbol: o.symbol,
    timestamp: iso(o.receivedTime),
    type: o.type === "mkt" ? "ioc" : o.type,
  };
}

const SIGNAL_NAMES = { mark: "mark_price", last: "last_price", spot: "spot_price" } as const;

/** `OrderTriggerJson` of a trigger event. */
export function orderTriggerJson(o: Order): Record<string, unknown> {
  return {
    clientId: o.cliOrdId,
    lastUpdateTimestamp: iso(o.lastUpdate),
    limitPrice: o.limitPrice,
    quantity: o.quantity,
    reduceOnly: o.reduceOnly,
    side: o.side,
    startTime: null,
    symbol: o.symbol,
    timestamp: iso(o.receivedTime),
    triggerPrice: triggerPrice(o),
    triggerSide: triggerSide(o),
    triggerSignal: SIGNAL_NAMES[o.triggerSignal],
    type: o.type,
    uid: o.orderId,
  };
}

/** A PLACE event (order or trigger). */
export function placeEvent(o: Order, reducedQuantity: number | null = null): Record<string, unknown> {
  return isTrigger(o.type)
    ? { orderTrigger: orderTriggerJson(o), type: "PLACE" }
    : { order: orderJson(o), reducedQuantity, type: "PLACE" };
}

/** A CANCEL event (order or trigger). */
export function cancelEvent(o: Order): Record<string, unknown> {
  return isTrigger(o.type)
    ? { orderTrigger: orderTriggerJson(o), type: "CANCEL", uid: o.orderId }
    : { order: orderJson(o), type: "CANCEL", uid: o.orderId };
}

/** A REJECT event of an order. */
export function rejectEvent(o: Order, reason: string): Record<string, unknown> {
  return { order: orderJson(o), reason, type: "REJECT", uid: o.orderId };
}

/** An EDIT event. */
export function editEvent(old: Record<string, unknown>, o: Order): Record<string, unknown> {
  return isTrigger(o.type)
    ? { new: orderTriggerJson(o), old, type: "EDIT" }
    : { new: orderJson(o), old, reducedQuantity: null, type: "EDIT" };
}

/** `OpenOrderJson` of `openorders`. */
export function openOrderJson(o: Order): Record<string, unknown> {
  const trigger = isTrigger(o.type);
  const orderType = o.type === "stp" ? "stop" : o.type === "post" || o.type === "ioc" ? "lmt" : o.type;
  const out: Record<string, unknown> = {
    cliOrdId: o.cliOrdId,
    filledSize: o.filled,
    lastUpdateTime: iso(o.lastUpdate),
    limitPrice: o.limitPrice,
    orderType,
    order_id: o.orderId,
    receivedTime: iso(o.receivedTime),
    reduceOnly: o.reduceOnly,
    side: o.side,
    status: o.filled > 0 ? "partiallyFilled" : "untouched",
    symbol: o.symbol,
    unfilledSize: Math.max(0, o.quantity - o.filled),
  };
  if (trigger) {
    out.stopPrice = triggerPrice(o);
    out.triggerSignal = o.triggerSignal;
  }
  return out;
}

const STATUS_OF_STATE = {
  open: "ENTERED_BOOK",
  filled: "FULLY_EXECUTED",
  rejected: "REJECTED",
  cancelled: "CANCELLED",
  triggered: "FULLY_EXECUTED",
} as const;

/** `OrderStatusDetailsJson` of `orders/status`. */
export function orderStatusJson(o: Order): Record<string, unknown> {
  const trigger = isTrigger(o.type);
  return {
    error: null,
    order: {
      cliOrdId: o.cliOrdId,
      filled: o.filled,
      lastUpdateTimestamp: iso(o.lastUpdate),
      limitPrice: o.limitPrice,
      orderId: o.orderId,
      priceTriggerOptions: trigger
        ? {
            triggerPrice: triggerPrice(o),
            triggerSide: triggerSide(o).toUpperCase(),
            triggerSignal: `${o.triggerSignal.toUpperCase()}_PRICE`,
          }
        : null,
      quantity: o.quantity,
      reduceOnly: o.reduceOnly,
      side: o.side,
      symbol: o.symbol,
      timestamp: iso(o.receivedTime),
      triggerTime: null,
      type: trigger ? "TRIGGER_ORDER" : "ORDER",
    },
    status: trigger && o.state === "open" ? "TRIGGER_PLACED" : STATUS_OF_STATE[o.state],
    updateReason: null,
  };
}
