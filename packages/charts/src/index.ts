/**
 * `@kraken-futures/charts`: the typed client of the Kraken Futures Charts API (`/api/charts/v1`):
 * tick types, markets, resolutions, OHLC candles with numeric prices, and a helper that pages candles
 * over a time range. Built on the core of `@kraken-futures/rest`, whose errors and options it shares.
 *
 * @packageDocumentation
 */
export {
  HttpError,
  KrakenFuturesError,
  NetworkError,
  RequestError,
  TimeoutError,
  UnexpectedResponseError,
  ValidationError,
} from "@kraken-futures/rest";
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
