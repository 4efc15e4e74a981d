/**
 * The Charts client: the core's HTTP pipeline (`@kraken-futures/core/http`) typed by the generated Charts `paths`
 * and driven by the generated Charts table (every operation public and free; candle prices, which
 * arrive as decimal strings, handed over as numbers), plus a helper that pages candles over a range.
 */
import {
  type ApiClient,
  type CallOptions,
  createHttpClient,
  type HttpClientOptions,
  HttpError,
  type SuccessBody,
  type SurfaceOptions,
} from "@kraken-futures/core/http";
import type { components, operations, paths } from "./generated/charts.gen.js";
import { chartsApi } from "./generated/charts.operations.gen.js";

/**
 * Options of {@link createChartsClient}: the core's `HttpClientOptions`, the Trading client's without
 * signing. Defaults: origin `https://futures.kraken.com` (the base path
 * `/api/charts/v1` comes from the spec), keep-alive node:http on Node and global `fetch` elsewhere,
 * `timeoutMs` 10,000, `retry` `{ retries: 2, baseDelayMs: 200, maxDelayMs: 5000 }`, no logger.
 * `credentials` and `rateLimit` have no effect: the Charts API is public and costs nothing.
 */
export interface ChartsClientOptions extends HttpClientOptions {
  /**
   * Accepted and ignored, so options shared with the Trading client type-check here: the Charts API
   * is public, and this package has no signing code.
   */
  readonly credentials?: unknown;
}

/** One OHLC candle: `time` in epoch milliseconds, prices and volume as numbers. */
export type Candle = components["schemas"]["Candle"];

/** What candles are built from: trades, mark prices or spot (index) prices. */
export type TickType = NonNullable<operations["getCandles"]["parameters"]["path"]>["tick_type"];

/** Candle width. */
export type Resolution = NonNullable<operations["getCandles"]["parameters"]["path"]>["resolution"];

/** The range to page over in {@link candles}. */
export interface CandleRange {
  readonly tickType: TickType;
  /** The market, for example `PF_XBTUSD`. */
  readonly symbol: string;
  readonly resolution: Resolution;
  /** Start of the range in epoch **seconds** (UTC), as the API takes it. */
  readonly from: number;
  /** End of the range in epoch seconds; default: now, as the server sees it. */
  readonly to?: number | undefined;
  /** Candles per request; default: the server's own cap. */
  readonly count?: number | undefined;
}

/** A typed client of the Kraken Futures Charts API (`/api/charts/v1`). */
export interface ChartsClient extends ApiClient<paths> {
  /** Every candle of the range, paging while the server answers `more_candles: true`. See {@link candles}. */
  candles(range: CandleRange, options?: CallOptions): AsyncGenerator<Candle, void, undefined>;
}

/**
 * Yields every candle of a range, oldest first. The API answers a capped number of candles with
 * `more_candles: true` when the range holds more; the next request starts one second after the last
 * candle received, and candles at or before it are dropped in case the server repeats one. Stops when
 * `more_candles` is false, or a page brings nothing new.
 *
 * @example
 * for await (const candle of candles(charts, { tickType: "trade", symbol: "PF_XBTUSD", resolution: "1h", from })) {
 *   console.log(new Date(candle.time), candle.close);
 * }
 */
export async function* candles(
  client: ApiClient<paths>,
  range: CandleRange,
  options: CallOptions = {},
): AsyncGenerator<Candle, void, undefined> {
  const path = { tick_type: range.tickType, symbol: range.symbol, resolution: range.resolution };
  let from = range.from;
  let last = Number.NEGATIVE_INFINITY;
  for (;;) {
    options.signal?.throwIfAborted();
    const { data } = await client.GET("/{tick_type}/{symbol}/{resolution}", {
      ...options,
      params: { path, query: { from, to: range.to, count: range.count } },
    });
    const page: SuccessBody<operations["getCandles"]> = data;
    const fresh = page.candles.filter((candle) => candle.time > last);
    yield* fresh;
    if (!page.more_candles || fresh.length === 0) return;
    last = fresh[fresh.length - 1]!.time;
    from = Math.floor(last / 1000) + 1;
  }
}

/**
 * Charts refuses with HTTP 4xx and a `{errors: [{severity, error_class, type, msg}]}` body, which is
 * not Kraken's Trading envelope: the core's `interpretError` hook makes it an `HttpError` carrying the
 * status and the start of the body. 429 and 5xx are left to the core, which (this hook being given)
 * makes them an `HttpError` too, and retries them.
 */
const chartsRefusals: SurfaceOptions = {
  interpretError: ({ status, text, target }) =>
    status === 429 || status >= 500 ? undefined : new HttpError(status, text, { target }),
};

/**
 * Creates a client of the Kraken Futures Charts API: typed `GET` calls for every operation of the
 * spec (tick types, markets, resolutions, candles, liquidity-pool statistic) and {@link candles}.
 * Public: nothing is signed and nothing is counted against a budget.
 *
 * @see https://docs.kraken.com/api/docs/futures-api/charts/
 * @example
 * const charts = createChartsClient();
 * const { data } = await charts.GET("/{tick_type}/{symbol}/{resolution}", {
 *   params: { path: { tick_type: "trade", symbol: "PF_XBTUSD", resolution: "1h" }, query: { from, to } },
 * });
 * data.candles[0]?.close; // a number, though the wire carries "88431"
 */
export function createChartsClient(options: ChartsClientOptions = {}): ChartsClient {
  // Refusals are read by the core through the hook, not middleware: calls stay on the fast path.
  const { credentials: _public, ...rest } = options;
  const core = createHttpClient<paths>(chartsApi, rest, chartsRefusals);
  return { ...core, candles: (range, callOptions) => candles(core, range, callOptions) };
}
