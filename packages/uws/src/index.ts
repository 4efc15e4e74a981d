/**
 * A typed client of Kraken's Unified WebSocket (UWS) for derivatives, on the core WebSocket connection
 * of `@kraken-futures/core`: `createUwsClient`, its errors and views, the verified book and the
 * number-keeping frame decoder, and the protocol's generated types and tables (read from
 * `specs/asyncapi/uws`).
 *
 * @packageDocumentation
 */

export { bookChecksum } from "./book/checksum.js";
export { crc32 } from "./book/crc32.js";
export {
  type BookEvent,
  type BookEventName,
  type BookViewOptions,
  DEFAULT_MAX_RESYNCS,
  DEFAULT_RESYNC_WINDOW_MS,
  type UwsBookDepth,
  type UwsBookEntry,
  UwsBookView,
} from "./book/view.js";
export { createUwsClient, UwsClient } from "./client.js";
export { decodeUwsFrame, UwsDecodeError, type UwsInbound, type UwsLevel } from "./decode.js";
export { UwsNotSentError, UwsOutcomeUnknownError, UwsRequestError, UwsValidationError } from "./errors.js";
export type {
  UwsAck,
  UwsChannelData,
  UwsChannelName,
  UwsData,
  UwsMethodAcks,
  UwsMethodName,
  UwsMethodRequests,
  UwsSubscribeRequests,
} from "./generated/uws.gen.js";
export { uwsChannels, uwsMethods, uwsRequestRules } from "./generated/uws.gen.js";
export type { UwsCallOptions, UwsMethodParams } from "./methods.js";
export {
  DEFAULT_KEEP_ALIVE,
  DEFAULT_REQUEST_TIMEOUT_MS,
  DEFAULT_URLS,
  type UwsClientEvents,
  type UwsClientOptions,
  type UwsServer,
} from "./options.js";
export type { UwsMessage } from "./protocol.js";
export type { ReconcileResult } from "./reconcile.js";
export type {
  UwsSubscribableChannel,
  UwsSubscribeParams,
  UwsSubscription,
  UwsSubscriptionOptions,
} from "./subscription.js";
export type { TokenProvider } from "./token.js";
export type { BalanceEntry, BalancesView } from "./views/balances.js";
export type { LedgerEntry, LedgerGap, LedgerRecovery, LedgersView } from "./views/ledgers.js";
export type { MarginState, MarginView } from "./views/margin.js";
export type { Execution, OrdersView } from "./views/orders.js";
export type { Position, PositionsView } from "./views/positions.js";
export type { Preferences, PreferencesView } from "./views/preferences.js";
