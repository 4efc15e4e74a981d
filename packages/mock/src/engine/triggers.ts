/**
 * Trigger orders (stop, take-profit, trailing stop): after every market step each open trigger is
 * checked against the price it watches, and one that fires becomes a limit order (its `limitPrice`, or
 * an offset from the trigger price) or a market order, checked for reduce-only and margin as a new
 * order is, then executed as a taker.
 */
import type { EngineContext } from "./context.js";
import { type Order, offsetLimitPrice, shouldTrigger } from "./orders.js";
import { addOrder, closeOrder, execute, reduces } from "./settlement.js";

/** Fires the open triggers whose signal has crossed their trigger price. */
export function evaluateTriggers(ctx: EngineContext, t: number): void {
  for (const order of [...ctx.ex.orders.openTriggers()]) {
    if (!shouldTrigger(order, ctx.ex.signal(order.symbol, order.triggerSignal))) continue;
    fire(ctx, order, t);
  }
}

/** The order a fired trigger becomes: a limit order (with `limitPrice` or an offset) or a market order. */
function childOf(ctx: EngineContext, trigger: Order, t: number): Order {
  const inst = ctx.ex.instruments.get(trigger.symbol)!;
  let limitPrice = trigger.limitPrice;
  if (trigger.limitOffset) {
    const base = trigger.stopPrice ?? ctx.ex.signal(trigger.symbol, trigger.triggerSignal);
    limitPrice = offsetLimitPrice(trigger, base, inst.tickSize);
  }
  return {
    orderId: ctx.ids.uuid(),
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
}

/** A trigger fired: it closes as `triggered`, and its child is refused or executed as a taker. */
function fire(ctx: EngineContext, trigger: Order, t: number): void {
  closeOrder(ctx, trigger, "triggered");
  trigger.lastUpdate = t;
  ctx.emit("order", { kind: "triggered", order: trigger, reason: "stop_order_triggered" });
  const child = childOf(ctx, trigger, t);
  const refusal =
    child.reduceOnly && !reduces(ctx.ex, child)
      ? "would_not_reduce_position"
      : !ctx.desk.placementFits(child)
        ? "not_enough_margin"
        : undefined;
  if (refusal) {
    child.state = "rejected";
    ctx.ex.orders.add(child);
    ctx.emit("order", { kind: "rejected", order: child, reason: refusal });
    return;
  }
  addOrder(ctx, child);
  execute(ctx, child, "taker", t);
}
