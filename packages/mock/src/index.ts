/**
 * `@kraken-futures/mock`: an offline Kraken Futures exchange. The Trading v3 HTTP API on loopback,
 * routed and validated by the OpenAPI spec, signed requests verified as Kraken does, rate limits
 * enforced, and an in-memory seeded market behind it; plus fault injection and a CLI.
 *
 * @packageDocumentation
 */
export type { MarginSummary, Position, StartingBalances } from "./engine/accounts.js";
export { type Clock, type ManualClock, manualClock, systemClock } from "./engine/clock.js";
export {
  type EditOrderRequest,
  EngineError,
  Exchange,
  type ExchangeEvents,
  type ExchangeOptions,
  type Fill,
  type OrderOutcome,
  type PublicTrade,
  type SendOrderRequest,
} from "./engine/exchange.js";
export type { InstrumentSpec } from "./engine/instruments.js";
export type { Order, OrderState, OrderType, TriggerSignal } from "./engine/orders.js";
export type { ApiKeyPair } from "./http/authent.js";
export {
  type Fault,
  type FaultHandle,
  FaultInjector,
  type FaultMatcher,
  type FaultScope,
  type RequestInfo,
} from "./http/faults.js";
export type { RequestRecord } from "./http/server.js";
export { DEFAULT_TEST_KEY } from "./keys.js";
export { type MockExchange, type MockExchangeOptions, startMockExchange } from "./start.js";
