/**
 * Order entry: `sendorder`, `editorder` and `cancelorder` as the engine takes them. Each checks the
 * request as Kraken does (missing arguments throw {@link EngineError}; a refused order answers its
 * status, such as `invalidSize` or `insufficientAvailableFunds`, with no events), then hands the order
 * to matching and settlement (settlement.ts).
 */
import type { EngineContext } from "./context.js";
import { type InstrumentSpec, isMultipleOf, roundDp } from "./instruments.js";
import { isTrigger, type Order } from "./orders.js";
import { addOrder, cancelOne, execute, type OrderEvents, reduces } from "./settlement.js";
import { type EditOrderRequest, EngineError, type OrderOutcome, type SendOrderRequest } from "./types.js";
import { cancelEvent, editEvent, orderJson, orderTriggerJson, placeEvent } from "./views.js";

/** The instrument of `symbol` (any case), or `invalidArgument`. */
export function instrumentOf(
  instruments: ReadonlyMap<string, InstrumentSpec>,
  symbol: string,
): InstrumentSpec {
  const inst = instruments.get(symbol.toUpperCase());
  if (!inst) throw new EngineError("invalidArgument");
  return inst;
}

function outcomeOf(order: Order, status: string, receivedTime: number, events: OrderEvents): OrderOutcome {
  return { status, orderId: order.orderId, cliOrdId: order.cliOrdId, receivedTime, events };
}

/** Throws `requiredArgumentMissing` when the order type's own arguments are not all there. */
function requireTypeArguments(req: SendOrderRequest): void {
  const type = req.orderType;
  const missing =
    ((type === "lmt" || type === "post" || type === "ioc") && req.limitPrice === undefined) ||
    ((type === "stp" || type === "take_profit") && req.stopPrice === undefined) ||
    (type === "trailing_stop" &&
      (req.trailingStopDeviationUnit === undefined || req.trailingStopMaxDeviation === undefined)) ||
    (req.limitPriceOffsetUnit === undefined) !== (req.limitPriceOffsetValue === undefined);
  if (missing) throw new EngineError("requiredArgumentMissing");
}

/** The status a new order is refused with before it exists (size, prices, a taken `cliOrdId`), if any. */
function requestRefusal(ctx: EngineContext, req: SendOrderRequest, inst: InstrumentSpec): string | undefined {
  if (!(req.size > 0) || !isMultipleOf(req.size, 10 ** -inst.sizePrecision)) return "invalidSize";
  for (const p of [req.limitPrice, req.stopPrice]) {
    if (p !== undefined && (!(p > 0) || !isMultipleOf(p, inst.tickSize))) return "invalidPrice";
  }
  if (req.cliOrdId !== undefined && ctx.ex.orders.findOpen(undefined, req.cliOrdId)) {
    return "clientOrderIdAlreadyExist";
  }
  return undefined;
}

/** The order a request describes, received at `now`. */
function newOrder(ctx: EngineContext, req: SendOrderRequest, inst: InstrumentSpec, now: number): Order {
  const type = req.orderType;
  const order: Order = {
    orderId: ctx.ids.uuid(),
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
      extreme: ctx.ex.signal(inst.symbol, order.triggerSignal),
    };
  }
  return order;
}

/**
 * Fits the order to the position: a reduce-only order is cut to the position (the cut is returned, for
 * the place event), any other must keep the position within the instrument's maximum.
 */
function positionFit(
  ctx: EngineContext,
  order: Order,
  inst: InstrumentSpec,
): { refusal?: string; reduced: number | null } {
  const ex = ctx.ex;
  if (order.reduceOnly) {
    if (!reduces(ex, order)) return { refusal: "wouldNotReducePosition", reduced: null };
    const pos = Math.abs(ex.account.positionSize(inst.symbol));
    if (order.quantity <= pos) return { reduced: null };
    const reduced = roundDp(order.quantity - pos, inst.sizePrecision);
    order.quantity = pos;
    return { reduced };
  }
  const pos = ex.account.positionSize(inst.symbol);
  const after = pos + (order.side === "buy" ? order.quantity : -order.quantity);
  return Math.abs(after) > inst.maxPositionSize
    ? { refusal: "maxPositionViolation", reduced: null }
    : { reduced: null };
}

/** `sendorder`: validates, then places, executes or rejects an order. */
export function sendOrder(ctx: EngineContext, req: SendOrderRequest): OrderOutcome {
  const now = ctx.ex.now();
  const inst = instrumentOf(ctx.ex.instruments, req.symbol);
  const outcome = (status: string): OrderOutcome => ({ status, receivedTime: now, events: [] });
  if (req.processBefore !== undefined && Date.parse(req.processBefore) < now) {
    return outcome("wouldProcessAfterSpecifiedTime");
  }
  requireTypeArguments(req);
  const refusal = requestRefusal(ctx, req, inst);
  if (refusal) return outcome(refusal);
  const order = newOrder(ctx, req, inst, now);
  const fit = positionFit(ctx, order, inst);
  if (fit.refusal) return outcome(fit.refusal);
  if (!ctx.desk.placementFits(order)) return outcome("insufficientAvailableFunds");
  addOrder(ctx, order);
  if (isTrigger(order.type)) {
    ctx.emit("order", { kind: "placed", order, reason: "new_placed_order_by_user" });
    return outcomeOf(order, "placed", now, [placeEvent(order)]);
  }
  const result = execute(ctx, order, "taker", now, fit.reduced);
  return outcomeOf(order, result.status, now, result.events);
}

/** The status an edit of `order` is refused with before anything changes, if any. */
function editRefusal(ctx: EngineContext, order: Order, req: EditOrderRequest): string | undefined {
  const inst = ctx.ex.instruments.get(order.symbol)!;
  const trigger = isTrigger(order.type);
  if (req.stopPrice !== undefined && !trigger) return "orderForEditNotAStop";
  if (order.trailing && req.stopPrice !== undefined) return "cannotEditTriggerPriceOfTrailingStop";
  if (order.trailing && req.limitPrice !== undefined) return "cannotEditLimitPriceOfTrailingStop";
  if (
    req.size !== undefined &&
    (!(req.size > order.filled) || !isMultipleOf(req.size, 10 ** -inst.sizePrecision))
  ) {
    return "invalidSize";
  }
  for (const p of [req.limitPrice, req.stopPrice]) {
    if (p !== undefined && (!(p > 0) || !isMultipleOf(p, inst.tickSize))) return "invalidPrice";
  }
  const book = ctx.ex.books.get(order.symbol)!;
  const newLimit = req.limitPrice ?? order.limitPrice;
  if (order.type === "post" && newLimit !== null && book.available(order.side, newLimit) > 0) {
    return "postWouldExecute";
  }
  if (
    order.reduceOnly &&
    req.size !== undefined &&
    req.size - order.filled > Math.abs(ctx.ex.account.positionSize(order.symbol))
  ) {
    return "wouldNotReducePosition";
  }
  return undefined;
}

/**
 * Applies an edit's changes to `order`; undoes them and answers false when the edited order would not
 * fit the margin (Kraken checks an edit as it checks a new order: a price change can need more too).
 */
function applyEdit(ctx: EngineContext, order: Order, req: EditOrderRequest): boolean {
  const kind = ctx.ex.instruments.get(order.symbol)!.kind;
  const marginBefore = ctx.desk.available(kind);
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
    order.trailing.extreme = ctx.ex.signal(order.symbol, order.triggerSignal);
  }
  ctx.desk.touched(order.symbol);
  if (ctx.desk.fits(order, marginBefore, ctx.desk.available(kind))) return true;
  Object.assign(order, before);
  ctx.desk.touched(order.symbol);
  return false;
}

/** `editorder`: changes size, limit or stop price of an open order. */
export function editOrder(ctx: EngineContext, req: EditOrderRequest): OrderOutcome {
  const now = ctx.ex.now();
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
  const order = ctx.ex.orders.findOpen(req.orderId, req.cliOrdId);
  if (!order) return none("orderForEditNotFound");
  const refusal = editRefusal(ctx, order, req);
  if (refusal) return outcomeOf(order, refusal, now, []);
  const trigger = isTrigger(order.type);
  const old = trigger ? orderTriggerJson(order) : orderJson(order);
  if (!applyEdit(ctx, order, req)) return outcomeOf(order, "insufficientAvailableFunds", now, []);
  order.lastUpdate = now;
  const events: OrderEvents = [editEvent(old, order)];
  ctx.emit("order", { kind: "edited", order, reason: "edited_by_user" });
  if (!trigger) {
    // An edit that makes a limit order cross executes it at once as a taker ("takerAfterEdit").
    ctx.ex.books.get(order.symbol)!.resting.delete(order.orderId);
    const executed = execute(ctx, order, "takerAfterEdit", now, null, old);
    events.push(...executed.events.filter((e) => e.type === "EXECUTION"));
  }
  return outcomeOf(order, "edited", now, events);
}

/** `cancelorder`: cancels one open order or trigger order by `order_id` or `cliOrdId`. */
export function cancelOrder(ctx: EngineContext, orderId?: string, cliOrdId?: string): OrderOutcome {
  const now = ctx.ex.now();
  if (orderId === undefined && cliOrdId === undefined) throw new EngineError("requiredArgumentMissing");
  const order = ctx.ex.orders.findOpen(orderId, cliOrdId);
  if (!order) {
    const known = ctx.ex.orders.find(orderId, cliOrdId);
    return {
      status: known?.state === "filled" ? "filled" : "notFound",
      orderId: known?.orderId ?? orderId,
      cliOrdId: cliOrdId ?? null,
      receivedTime: now,
      events: [],
    };
  }
  cancelOne(ctx, order, now, "cancelled_by_user");
  return outcomeOf(order, "cancelled", now, [cancelEvent(order)]);
}
