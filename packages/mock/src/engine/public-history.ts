/**
 * The markets' public history as History reports it: executions, order events and mark prices, read
 * from the engine's public trades and price points, with the account's own trades and orders in place
 * of the synthetic third party (without account data).
 */
import type { Side } from "./book.js";
import { DIRECTION, type HistoryRecorder } from "./history.js";
import {
  compare,
  dec,
  type ExecutionEventElement,
  type HistoryOrderJson,
  type OrderEventElement,
  type Page,
  type PageRequest,
  type PriceEventElement,
  pageOf,
  priceAt,
} from "./history-pages.js";
import type { InstrumentSpec } from "./instruments.js";
import { Rng } from "./random.js";
import { EngineError, type PricePoint, type PublicTrade } from "./types.js";

function instrumentOf(r: HistoryRecorder, tradeable: string): InstrumentSpec {
  const inst = r.exchange.instruments.get(tradeable.toUpperCase());
  if (!inst) throw new EngineError("notFound");
  return inst;
}

/** One page of the market's executions, keyed by (time, trade id). */
export function publicExecutions(
  r: HistoryRecorder,
  tradeable: string,
  req: PageRequest,
): Page<ExecutionEventElement> {
  const inst = instrumentOf(r, tradeable);
  r.exchange.sync();
  const trades = r.exchange.trades.get(inst.symbol) ?? [];
  const prices = r.exchange.prices.get(inst.symbol) ?? [];
  const keyed = trades.map((trade) => ({ time: trade.time, seq: trade.tradeId, trade }));
  const page = pageOf(keyed, req);
  return {
    elements: page.items.map((k) => publicExecution(r, inst, k.trade, prices)),
    continuationToken: page.continuationToken,
  };
}

function publicExecution(
  r: HistoryRecorder,
  inst: InstrumentSpec,
  t: PublicTrade,
  prices: readonly PricePoint[],
): ExecutionEventElement {
  const rng = new Rng((r.exchange.seed ^ Math.imul(t.tradeId, 0x9e3779b1)) >>> 0);
  const own = r.ownTrades.get(t.uid);
  const makerSide: Side = t.side === "buy" ? "sell" : "buy";
  const synthetic = (side: Side, type: string, quantity: number): HistoryOrderJson => ({
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
          markPrice: dec(priceAt(prices, t.time)?.mark ?? r.exchange.markPrice(t.symbol)),
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
export function publicOrders(
  r: HistoryRecorder,
  tradeable: string,
  req: PageRequest,
): Page<OrderEventElement> {
  const inst = instrumentOf(r, tradeable);
  r.exchange.sync();
  type Keyed = { time: number; seq: number; json?: OrderEventElement; trade?: PublicTrade };
  const own: Keyed[] = r.orderEvents
    .filter((e) => e.symbol === inst.symbol)
    .map((e) => ({ time: e.time, seq: e.seq * 2 + 1, json: e.publicJson }));
  const third: Keyed[] = (r.exchange.trades.get(inst.symbol) ?? [])
    .filter((t) => !r.ownTrades.has(t.uid))
    .map((trade) => ({ time: trade.time, seq: trade.tradeId * 2, trade }));
  const page = pageOf([...own, ...third].sort(compare), req);
  return {
    elements: page.items.map((k) => k.json ?? thirdPartyOrderPlaced(k.trade!, r.exchange.seed)),
    continuationToken: page.continuationToken,
  };
}

/** One page of the market's mark-price changes (one per market step). */
export function publicPrices(
  r: HistoryRecorder,
  tradeable: string,
  req: PageRequest,
): Page<PriceEventElement> {
  const inst = instrumentOf(r, tradeable);
  r.exchange.sync();
  const points = (r.exchange.prices.get(inst.symbol) ?? []).map((p) => ({ ...p, seq: 0 }));
  const page = pageOf(points, req);
  return {
    elements: page.items.map((p) => ({ uid: "", timestamp: p.time, event: { price: dec(p.mark) } })),
    continuationToken: page.continuationToken,
  };
}
/** The placing of the order that took liquidity in a third-party trade (ids reproducible from the trade). */
function thirdPartyOrderPlaced(t: PublicTrade, seed: number): OrderEventElement {
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
