/**
 * `@kraken-futures/mock`: an offline Kraken Futures exchange. The Trading v3 HTTP API and the WebSocket
 * v1 API on loopback, routed and validated by the specs, signed requests and challenges verified as
 * Kraken does, rate limits enforced, and an in-memory seeded market behind both; plus fault injection
 * and a CLI.
 *
 * @packageDocumentation
 */

export { CLI_USAGE, type CliArgs, parseCliArgs } from "./cli-options.js";
export type { Position, StartingBalances } from "./engine/accounts.js";
export { type Clock, type ManualClock, manualClock, systemClock } from "./engine/clock.js";
export {
  type EditOrderRequest,
  EngineError,
  Exchange,
  type ExchangeEvents,
  type ExchangeOptions,
  type Fill,
  MAX_BACKFILL_STEPS,
  type OrderOutcome,
  type PublicTrade,
  type SendOrderRequest,
} from "./engine/exchange.js";
export type { InstrumentSpec } from "./engine/instruments.js";
export type { MarginClaim, MarginSummary } from "./engine/margin.js";
export { CLOSED_ORDERS_KEPT, OrderIndex } from "./engine/order-index.js";
export type { Order, OrderState, OrderType, TriggerSignal } from "./engine/orders.js";
export { type ApiKeyPair, DEFAULT_NONCE_WINDOW_MS } from "./http/authent.js";
export {
  type Fault,
  type FaultHandle,
  FaultInjector,
  type FaultMatcher,
  type FaultScope,
  type RequestInfo,
} from "./http/faults.js";
export type { RequestRecord } from "./http/server.js";
export { DEFAULT_SPOT_TEST_KEY, DEFAULT_TEST_KEY } from "./keys.js";
export {
  TOKEN_LIFETIME_MS,
  type TokenCheck,
  type TokenOwner,
  type TokenRefusal,
  TokenStore,
  type TokenStoreOptions,
} from "./spot/tokens.js";
export { type MockExchange, type MockExchangeOptions, startMockExchange } from "./start.js";
export { UWS_MALFORMED_KINDS, type UwsFaults, type UwsMalformedKind } from "./uws/faults.js";
export { type MockUwsOptions, MockUwsServer } from "./uws/server.js";
export { type UwsEntry, type UwsTable, uwsTable } from "./uws/table.js";
export { NO_TOKENS, type UwsTokenAuthority } from "./uws/tokens.js";
export {
  type MalformedKind,
  type SilenceHandle,
  WsFaults,
  type WsFaultTarget,
} from "./ws/faults.js";
export type { FeedDescription, FeedSpec } from "./ws/feed-table.js";
export type { WsNotification } from "./ws/messages.js";
export {
  ALL_PRODUCTS,
  type MockWsOptions,
  MockWsServer,
  type WsConnectionInfo,
  type WsRequestRecord,
} from "./ws/server.js";
