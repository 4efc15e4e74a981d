/**
 * `@kraken-futures/charts`: the typed client of the Kraken Futures Charts API (`/api/charts/v1`):
 * tick types, markets, resolutions, OHLC candles with numeric prices, and a helper that pages candles
 * over a time range. A small factory over the one HTTP pipeline of `@kraken-futures/core/http`, whose errors
 * and options it shares; nothing is signed, so it installs no signing code and no spec bundles.
 *
 * @packageDocumentation
 */
export { KrakenFuturesError } from "@kraken-futures/core/errors";
export {
  HttpError,
  NetworkError,
  RequestError,
  TimeoutError,
  UnexpectedResponseError,
  ValidationError,
} from "@kraken-futures/core/http";
export {
  type Candle,
  type CandleRange,
  type ChartsClient,
  type ChartsClientOptions,
  candles,
  createChartsClient,
  type Resolution,
  type TickType,
} from "./client.js";
export type { components, operations, paths } from "./generated/charts.gen.js";
export { chartsApi } from "./generated/charts.operations.gen.js";
