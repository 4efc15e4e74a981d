/** The engine's public types: events, requests and outcomes of the order flow, its error. */
import type { Side } from "./book.js";
import type { DeviationUnit, Order, OrderType, TriggerSignal } from "./orders.js";

/** A fill of one of the account's orders. */
export interface Fill {
  readonly fillId: string;
  readonly orderId: string;
  readonly cliOrdId: string | null;
  readonly symbol: string;
  readonly side: Side;
  readonly size: number;
  readonly price: number;
  readonly time: number;
  readonly fillType: "maker" | "taker" | "takerAfterEdit";
  /** Fee charged, in `feeCurrency`. */
  readonly fee: number;
  readonly feeCurrency: "XBT" | "USD";
}

/** A public trade of the market (third parties' and the account's). */
export interface PublicTrade {
  readonly uid: string;
  readonly tradeId: number;
  readonly symbol: string;
  /** Side of the taker. */
  readonly side: Side;
  readonly size: number;
  readonly price: number;
  readonly time: number;
}

/** An instrument's mark and index (spot) price after one market step. */
export interface PricePoint {
  readonly time: number;
  readonly mark: number;
  readonly index: number;
}

/** What the engine announces; the WebSocket feeds subscribe to these. */
export interface ExchangeEvents {
  order: {
    kind: "placed" | "edited" | "cancelled" | "filled" | "partiallyFilled" | "rejected" | "triggered";
    order: Readonly<Order>;
    /** Why it was cancelled or rejected (Kraken's open_orders `reason` vocabulary). */
    reason?: string;
  };
  fill: Fill;
  trade: PublicTrade;
  book: { symbol: string; time: number };
  balance: { time: number };
  step: { time: number };
}

/** An error that makes the whole request fail with Kraken's error envelope (`error: <code>`). */
export class EngineError extends Error {
  constructor(readonly code: string) {
    super(code);
    this.name = "EngineError";
  }
}

/** The arguments of `sendorder` (and of a batch `send` instruction), already typed. */
export interface SendOrderRequest {
  orderType: OrderType;
  symbol: string;
  side: Side;
  size: number;
  limitPrice?: number;
  stopPrice?: number;
  cliOrdId?: string;
  reduceOnly?: boolean;
  triggerSignal?: TriggerSignal;
  trailingStopDeviationUnit?: DeviationUnit;
  trailingStopMaxDeviation?: number;
  limitPriceOffsetUnit?: DeviationUnit;
  limitPriceOffsetValue?: number;
  /** ISO time after which the request must not be processed. */
  processBefore?: string;
}

/** The arguments of `editorder`. */
export interface EditOrderRequest {
  orderId?: string;
  cliOrdId?: string;
  size?: number;
  limitPrice?: number;
  stopPrice?: number;
  trailingStopMaxDeviation?: number;
  trailingStopDeviationUnit?: DeviationUnit;
  processBefore?: string;
}

/** What happened to an order request: Kraken's `status` and `orderEvents`. */
export interface OrderOutcome {
  status: string;
  orderId?: string;
  cliOrdId?: string | null;
  receivedTime: number;
  events: Record<string, unknown>[];
}
