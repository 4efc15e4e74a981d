/**
 * Typed Kraken Futures WebSocket v1 client: every feed typed from the AsyncAPI spec, an explicit
 * connection state machine, reconnects that re-challenge and restore every subscription, a
 * sequence-checked order book and a balances view.
 *
 * @packageDocumentation
 */
export { type BalancesState, BalancesView } from "./balances.js";
export { type BookLevel, type DeltaResult, OrderBook } from "./book.js";
export {
  type BalancesHandle,
  type BookHandle,
  type ConnectionState,
  createWsClient,
  type Logger,
  type SocketEvent,
  type Subscription,
  type Timers,
  type WebSocketConstructor,
  type WebSocketLike,
  type WsClient,
  type WsClientEvents,
  type WsClientOptions,
} from "./client.js";
export { type Decoded, decodeFrame } from "./decode.js";
export { WsArgumentError, WsConnectionError, WsDecodeError, WsSubscriptionError } from "./errors.js";
export type * from "./generated/ws.gen.js";
export { numericFields, serverEvents, wsFeeds } from "./generated/ws.gen.js";
