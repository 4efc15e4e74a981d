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
  type TickType,
} from "../engine/charts.js";
import type { Exchange } from "../engine/exchange.js";
import type { operations } from "../generated/charts.gen.js";
import type { SurfaceHandler } from "./raw-body.js";

/** The Charts handlers, keyed by the generated `operations`: an operationId the spec lacks is a type error. */
export type ChartsHandlers = { readonly [Id in keyof operations]?: SurfaceHandler };

/** The handlers of the Charts API, reading `exchange`. */
export function chartsHandlers(exchange: Exchange): Readonly<Record<string, SurfaceHandler>> {
  return {
    getTickTypes: () => [...TICK_TYPES],
    getSymbols: () => chartSymbols(exchange),
    getResolutions: (a) => {
      chartSymbol(exchange, String(a.symbol));
      return Object.keys(RESOLUTIONS);
    },
    getCandles: (a) =>
      candles(
        exchange,
        a.tick_type as TickType,
        chartSymbol(exchange, String(a.symbol)),
        String(a.resolution),
        {
          fromSec: a.from as number | undefined,
          toSec: a.to as number | undefined,
          count: a.count as number | undefined,
        },
      ),
    getLiquidityPoolStatistic: (a) => ({
      result: liquidityPool(exchange, Number(a.since), Number(a.interval), a.to as number | undefined),
      errors: [],
    }),
  } satisfies ChartsHandlers;
}
