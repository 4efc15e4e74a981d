import type { Side } from "./book.js";
import { roundTo } from "./instruments.js";

/** Order types of `sendorder`. `mkt` is an immediate-or-cancel order with 1 % price protection. */
export type OrderType = "lmt" | "post" | "ioc" | "mkt" | "stp" | "take_profit" | "trailing_stop";

/** Which price a trigger order watches. */
export type TriggerSignal = "mark" | "last" | "spot";

export type DeviationUnit = "PERCENT" | "QUOTE_CURRENCY";

/** Where an order is in its life. */
export type OrderState = "open" | "filled" | "cancelled" | "rejected" | "triggered";

/** An order or trigger order of the account, as the engine keeps it. */
export interface Order {
  readonly orderId: string;
  cliOrdId: string | null;
  readonly symbol: string;
  readonly side: Side;
  readonly type: OrderType;
  quantity: number;
  filled: number;
  limitPrice: number | null;
  stopPrice: number | null;
  readonly triggerSignal: TriggerSignal;
  readonly reduceOnly: boolean;
  readonly receivedTime: number;
  lastUpdate: number;
  state: OrderState;
  /** Trailing stop: unit, distance and the best signal seen since placement. */
  trailing?: { unit: DeviationUnit; maxDeviation: number; extreme: number };
  /** Limit price relative to the trigger price, fixed when the trigger fires. */
  limitOffset?: { unit: DeviationUnit; value: number };
  /** The trigger order this order was created from. */
  readonly parentTrigger?: string;
}

/** Trigger orders wait for a price; the others rest in the book or execute at once. */
export function isTrigger(type: OrderType): boolean {
  return type === "stp" || type === "take_profit" || type === "trailing_stop";
}

/**
 * Which way the signal must cross the trigger price: a stop buys when the price rises through it and
 * sells when it falls through it; a take-profit does the opposite; a trailing stop behaves like a stop.
 */
export function triggerSide(order: Pick<Order, "type" | "side">): "trigger_above" | "trigger_below" {
  const stopLike = order.type !== "take_profit";
  return (order.side === "buy") === stopLike ? "trigger_above" : "trigger_below";
}

/** The trigger price of a trailing stop: `maxDeviation` behind the best signal seen. */
export function trailingTriggerPrice(order: Order): number {
  const t = order.trailing!;
  const d = t.unit === "PERCENT" ? (t.extreme * t.maxDeviation) / 100 : t.maxDeviation;
  return order.side === "sell" ? t.extreme - d : t.extreme + d;
}

/** The current trigger price of a trigger order. */
export function triggerPrice(order: Order): number {
  return order.trailing ? trailingTriggerPrice(order) : (order.stopPrice ?? Number.NaN);
}

/** Updates a trailing stop's best-seen signal; true when the trigger condition holds for `signal`. */
export function shouldTrigger(order: Order, signal: number): boolean {
  if (order.trailing) {
    const t = order.trailing;
    t.extreme = order.side === "sell" ? Math.max(t.extreme, signal) : Math.min(t.extreme, signal);
  }
  const price = triggerPrice(order);
  return triggerSide(order) === "trigger_above" ? signal >= price : signal <= price;
}

/** The remaining quantity of an order. */
export function remaining(order: Order): number {
  return Math.max(0, order.quantity - order.filled);
}

/** The limit price a trigger with a limit offset gets when it fires at `base` (its stop or signal). */
export function offsetLimitPrice(order: Order, base: number, tickSize: number): number {
  const offset = order.limitOffset!;
  const d = offset.unit === "PERCENT" ? (base * offset.value) / 100 : offset.value;
  return roundTo(base + d, tickSize);
}

/** The limit a `mkt` order gets: 1 % through the best opposite price (Kraken's price protection). */
export function protectionPrice(side: Side, bestOpposite: number, tickSize: number): number {
  return roundTo(bestOpposite * (side === "buy" ? 1.01 : 0.99), tickSize);
}
