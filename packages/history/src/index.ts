/**
 * `@kraken-futures/history`: the typed client of the Kraken Futures History API (`/api/history`):
 * order, trigger, execution and position events, the account log and its CSV export, and public market
 * history, with iterators that walk every page. Built on the core of `@kraken-futures/rest`, whose
 * errors and options it shares.
 *
 * @packageDocumentation
 */
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
