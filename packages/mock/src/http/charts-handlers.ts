/**
 * The Charts API's operations (`/api/charts/v1`), keyed by operationId: tick types, symbols,
 * resolutions, candles (with `more_candles`) and the liquidity-pool statistic, from the engine's
 * trades and price points. Every operation is public and free.
 */
import {
  candles,
  chartSymbol,
  chartSymbols,
  liquidityPool,
  RESOLUTIONS,
  TICK_TYPES,
} from "../engine/charts.js";
import type { Exchange } from "../engine/exchange.js";
import type { operations } from "../generated/charts.gen.js";
import type { SurfaceHandler } from "./raw-body.js";
import { asServed, type HandlerTable, type SuccessJson, type Wire } from "./typed-handlers.js";

/**
 * The Charts handlers, keyed by the generated `operations` (an operationId the spec lacks is a type
 * error), each taking its operation's generated arguments and answering its HTTP 200 body (Charts
 * answers bare, without an envelope).
 */
export type ChartsHandlers = HandlerTable<
  operations,
  { [Id in keyof operations]: Wire<SuccessJson<operations[Id]>> }
>;

/** The handlers of the Charts API, reading `exchange`. */
export function chartsHandlers(exchange: Exchange): Readonly<Record<string, SurfaceHandler>> {
  return asServed<SurfaceHandler>({
    getTickTypes: () => [...TICK_TYPES],
    getSymbols: () => chartSymbols(exchange),
    getResolutions: (a) => {
      chartSymbol(exchange, a.symbol);
      return Object.keys(RESOLUTIONS);
    },
    getCandles: (a) =>
      candles(exchange, a.tick_type, chartSymbol(exchange, a.symbol), a.resolution, {
        fromSec: a.from,
        toSec: a.to,
        count: a.count,
      }),
    getLiquidityPoolStatistic: (a) => ({
      result: liquidityPool(exchange, a.since, a.interval, a.to),
      errors: [],
    }),
  } satisfies ChartsHandlers);
}
