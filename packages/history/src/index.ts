/**
 * `@kraken-futures/history`: the typed client of the Kraken Futures History API (`/api/history`):
 * order, trigger, execution and position events, the account log and its CSV export, and public market
 * history, with iterators that walk every page. A small factory over the one HTTP
 * pipeline of `@kraken-futures/core/http`, whose errors and options it shares; signed with
 * `@kraken-futures/auth`.
 *
 * @packageDocumentation
 */

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
  createHistoryClient,
  type HistoryClient,
  type HistoryClientOptions,
} from "./client.js";
export type { components, operations, paths } from "./generated/history.gen.js";
export { historyApi } from "./generated/history.operations.gen.js";
export {
  type AccountLogEntry,
  type AccountLogQuery,
  accountLogEntries,
  type ElementOf,
  type PageablePath,
  type PageInit,
  type PageOf,
  pages,
  paginate,
} from "./paginate.js";
export { HistoryApiError } from "./responses.js";
