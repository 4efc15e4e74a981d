/**
 * `@kraken-futures/spot`: the typed client of the Kraken Spot REST calls that a derivatives user of
 * the Unified WebSocket needs: the WebSocket token, ledger entries and the trade volume with its fees.
 * Built on the core of `@kraken-futures/rest`, whose errors and options it shares, and signed with
 * Spot's `API-Sign` from `@kraken-futures/auth`.
 *
 * @packageDocumentation
 */
export {
  CredentialsKindError,
  parseSpotCredentials,
  SpotCredentials,
} from "@kraken-futures/auth";
export {
  AuthenticationError,
  HttpError,
  KrakenApiError,
  KrakenFuturesError,
  MissingCredentialsError,
  NetworkError,
  RateLimitError,
  RequestError,
  TimeoutError,
  UnexpectedResponseError,
  ValidationError,
} from "@kraken-futures/rest";
export {
  createSpotClient,
  type LedgerEntry,
  type LedgersPage,
  type LedgersQuery,
  type QueryLedgersArgs,
  type SpotClient,
  type SpotClientOptions,
  type SpotTier,
  type TradeVolume,
  type TradeVolumeArgs,
  type WebSocketsToken,
  type WebSocketsTokenArgs,
} from "./client.js";
export type { components, paths } from "./generated/spot.gen.js";
export { spotApi } from "./generated/spot.operations.gen.js";
export { walkLedgers } from "./ledgers.js";
export { SpotApiError } from "./responses.js";
export { spotBody } from "./signer.js";
