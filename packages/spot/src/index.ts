/**
 * `@kraken-futures/spot`: the typed client of the Kraken Spot REST calls that a derivatives user of
 * the Unified WebSocket needs: the WebSocket token, ledger entries and the trade volume with its fees.
 * A small factory over the one HTTP pipeline of `@kraken-futures/core/http`, whose errors and
 * options it shares, signed with
 * Spot's `API-Sign` from `@kraken-futures/auth`.
 *
 * @packageDocumentation
 */
export {
  CredentialsKindError,
  parseSpotCredentials,
  SpotCredentials,
} from "@kraken-futures/auth";
export { KrakenFuturesError } from "@kraken-futures/core/errors";
export {
  AuthenticationError,
  HttpError,
  KrakenApiError,
  MissingCredentialsError,
  NetworkError,
  RateLimitError,
  RequestError,
  TimeoutError,
  UnexpectedResponseError,
  ValidationError,
} from "@kraken-futures/core/http";
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
