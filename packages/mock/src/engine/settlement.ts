/**
 * Matching and settlement: an order against the book (rest, cancel the rest, or reject), each fill
 * booked into the account, the order, the book, the public tape and the one ledger (in that order,
 * before any listener hears of it), and the cancels that follow (reduce-only orders that no longer
 * reduce, cancel-all, the dead man's switch).
 */
import type { OrderBook } from "./book.js";
import type { EngineContext } from "./context.js";
import type { Exchange } from "./exchange.js";
import { roundDp } from "./instruments.js";
import { isTrigger, type Order, type OrderState, protectionPrice, remaining } from "./orders.js";
import type { Fill } from "./types.js";
import { cancelEvent, orderJson, placeEvent, rejectEvent } from "./views.js";

/** Engine events of an order's execution, in the `orderEvents` wire form. */
export type OrderEvents = Record<string, unknown>[];

/** What executing an order answers: `placed` or a refusal code, and its events. */
export interface Execution {
  readonly status: string;
  readonly events: OrderEvents;
}

/** Indexes a new order and adds its claim to the margin totals. */
export function addOrder(ctx: EngineContext, order: Order): void {
  ctx.ex.orders.add(order);
  ctx.desk.added(order);
}

/** Would this order reduce the current position (opposite side of a non-zero position)? */
export function reduces(ex: Exchange, order: Order): boolean {
  const pos = ex.account.positionSize(order.symbol);
  return pos !== 0 && pos > 0 !== (order.side === "buy");
}

/** Sets a final state and takes the order out of the open indexes. */
export function closeOrder(ctx: EngineContext, order: Order, state: Exclude<OrderState, "open">): void {
  order.state = state;
  ctx.ex.orders.settle(order);
  ctx.desk.touched(order.symbol);
}

/** Why the book refuses `order` before any match (a refusal code and the event's reason), if it does. */
function bookRefusal(order: Order, book: OrderBook): [string, string | null] | undefined {
  const inst = book.instrument;
  if (order.type === "mkt") {
    const best = book.bestSimulated(order.side === "buy" ? "sell" : "buy");
    if (best === undefined) return ["iocWouldNotExecute", "IOC_WOULD_NOT_EXECUTE"];
    order.limitPrice = protectionPrice(order.side, best, inst.tickSize);
  }
  const limit = order.limitPrice!;
  if (book.crossesOwn(order.side, limit)) return ["selfFill", null];
  const available = book.available(order.side, limit);
  if (order.type === "post" && available > 0) return ["postWouldExecute", "POST_WOULD_EXECUTE"];
  if ((order.type === "ioc" || order.type === "mkt") && available === 0) {
    return ["iocWouldNotExecute", "IOC_WOULD_NOT_EXECUTE"];
  }
  return undefined;
}

/** Matches an order against the book, then rests, cancels or completes it. */
export function execute(
  ctx: EngineContext,
  order: Order,
  fillType: Fill["fillType"],
  t: number,
  reducedQuantity: number | null = null,
  priorEdit: Record<string, unknown> | null = null,
): Execution {
  const book = ctx.ex.books.get(order.symbol)!;
  const refusal = bookRefusal(order, book);
  if (refusal) {
    const [status, reason] = refusal;
    closeOrder(ctx, order, "rejected");
    book.resting.delete(order.orderId);
    ctx.emit("order", { kind: "rejected", order, reason: status });
    return { status, events: reason ? [rejectEvent(order, reason)] : [] };
  }
  const events: OrderEvents = [];
  for (const m of book.take(order.side, order.limitPrice!, remaining(order))) {
    const prior = orderJson(order);
    const fill = bookFill(ctx, order, m.price, m.size, fillType, t);
    events.push({
      amount: m.size,
      executionId: fill.fillId,
      orderPriorEdit: priorEdit,
      orderPriorExecution: prior,
      price: m.price,
      takerReducedQuantity: null,
      type: "EXECUTION",
    });
  }
  if (remaining(order) > 0) settleRemainder(ctx, order, book, t, events, reducedQuantity, priorEdit);
  return { status: "placed", events };
}

/** What is left of a matched order: a limit or post order rests, the others are cancelled. */
function settleRemainder(
  ctx: EngineContext,
  order: Order,
  book: OrderBook,
  t: number,
  events: OrderEvents,
  reducedQuantity: number | null,
  priorEdit: Record<string, unknown> | null,
): void {
  if (order.type === "lmt" || order.type === "post") {
    book.resting.set(order.orderId, {
      orderId: order.orderId,
      side: order.side,
      price: order.limitPrice!,
      remaining: remaining(order),
    });
    // An edited order that rests again was announced by the edit, not placed anew.
    if (events.length === 0 && priorEdit === null) {
      events.push(placeEvent(order, reducedQuantity));
      ctx.emit("order", { kind: "placed", order, reason: "new_placed_order_by_user" });
    }
  } else {
    closeOrder(ctx, order, "cancelled");
    events.push(cancelEvent(order));
    ctx.emit("order", {
      kind: "cancelled",
      order,
      reason: "ioc_order_failed_because_it_would_not_be_executed",
    });
  }
  ctx.emit("book", { symbol: order.symbol, time: t });
}

/** Books a fill: account, order, resting quantity, public trade, ledger, events. */
export function bookFill(
  ctx: EngineContext,
  order: Order,
  price: number,
  size: number,
  fillType: Fill["fillType"],
  t: number,
): Fill {
  const ex = ctx.ex;
  const inst = ex.instruments.get(order.symbol)!;
  const rate = fillType === "maker" ? ex.makerFee : ex.takerFee;
  const fee = ex.account.applyFill(inst, order.side, size, price, rate, t, (c) => ex.usdPrice(c));
  order.filled = roundDp(order.filled + size, inst.sizePrecision);
  order.lastUpdate = t;
  ctx.desk.touched(order.symbol);
  const fill: Fill = {
    fillId: ctx.ids.uuid(),
    orderId: order.orderId,
    cliOrdId: order.cliOrdId,
    symbol: order.symbol,
    side: order.side,
    size,
    price,
    time: t,
    fillType,
    fee,
    feeCurrency: inst.kind === "inverse" ? "XBT" : "USD",
  };
  ex.fills.push(fill);
  const book = ex.books.get(order.symbol)!;
  const resting = book.resting.get(order.orderId);
  if (remaining(order) <= 0) {
    closeOrder(ctx, order, "filled");
    book.resting.delete(order.orderId);
  } else if (resting) {
    resting.remaining = remaining(order);
  }
  // A maker fill means a third party took the order: the public trade's taker is the other side.
  const takerSide = fillType === "maker" ? (order.side === "buy" ? "sell" : "buy") : order.side;
  ctx.walk.recordTrade(order.symbol, takerSide, size, price, t);
  // Booked before any listener hears of the fill, so every reader finds its ledger entries.
  ex.ledger.book(fill);
  ctx.emit("fill", fill);
  const filled = order.state === "filled";
  ctx.emit("order", {
    kind: filled ? "filled" : "partiallyFilled",
    order,
    reason: filled ? "full_fill" : "partial_fill",
  });
  ctx.emit("balance", { time: t });
  enforceReduceOnly(ctx, order.symbol, t);
  return fill;
}

/** Resting orders the new quotes have moved through were hit by third parties: fill them as maker. */
export function fillCrossedRestingOrders(ctx: EngineContext, book: OrderBook, t: number): void {
  const bid = book.bestSimulated("buy");
  const ask = book.bestSimulated("sell");
  for (const r of [...book.resting.values()]) {
    const crossed =
      r.side === "buy" ? ask !== undefined && r.price >= ask : bid !== undefined && r.price <= bid;
    if (!crossed) continue;
    const order = ctx.ex.orders.get(r.orderId)!;
    bookFill(ctx, order, r.price, remaining(order), "maker", t);
  }
}

/** Reduce-only orders that would no longer reduce the position are cancelled, as Kraken does. */
function enforceReduceOnly(ctx: EngineContext, symbol: string, t: number): void {
  cancelWhere(
    ctx,
    (o) => o.reduceOnly && !isTrigger(o.type) && !reduces(ctx.ex, o),
    t,
    "would_not_reduce_position",
    ctx.ex.orders.openOf(symbol),
  );
}

/** Cancels one open order: out of the indexes and the book, with its `order` event. */
export function cancelOne(ctx: EngineContext, order: Order, t: number, reason: string): void {
  closeOrder(ctx, order, "cancelled");
  order.lastUpdate = t;
  const book = ctx.ex.books.get(order.symbol)!;
  if (book.resting.delete(order.orderId)) ctx.emit("book", { symbol: order.symbol, time: t });
  ctx.emit("order", { kind: "cancelled", order, reason });
}

/** Cancels the open orders of `among` that `pick` chooses; one `balance` event if any went. */
export function cancelWhere(
  ctx: EngineContext,
  pick: (o: Order) => boolean,
  t: number,
  reason: string,
  among: Iterable<Order> = ctx.ex.orders.open(),
): Order[] {
  const out: Order[] = [];
  // A copy: cancelling takes orders out of the set being walked.
  for (const o of [...among]) {
    if (o.state !== "open" || !pick(o)) continue;
    cancelOne(ctx, o, t, reason);
    out.push(o);
  }
  if (out.length > 0) ctx.emit("balance", { time: t });
  return out;
}
