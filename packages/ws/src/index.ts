/**
 * Typed Kraken Futures WebSocket v1 client: every feed typed from the AsyncAPI spec, an explicit
 * connection state machine, reconnects that re-challenge and restore every subscription, subscriptions
 * that settle, a sequence-checked order book and a balances view.
 *
 * @packageDocumentation
 */
export { type BalancesDeltaResult, type BalancesState, BalancesView } from "./balances.js";
export { type BookLevel, type DeltaResult, OrderBook } from "./book.js";
export { createWsClient } from "./client.js";
export { type Decoded, decodeFrame } from "./decode.js";
export { WsArgumentError, WsConnectionError, WsDecodeError, WsSubscriptionError } from "./errors.js";
export type * from "./generated/ws.gen.js";
export { numericFields, serverEvents, wsFeeds } from "./generated/ws.gen.js";
export type {
  BalancesHandle,
  BookHandle,
  ConnectionState,
  Logger,
  ResyncEvent,
  SocketEvent,
  Subscription,
  Timers,
  WebSocketConstructor,
  WebSocketLike,
  WsClient,
  WsClientEvents,
  WsClientOptions,
} from "./types.js";
