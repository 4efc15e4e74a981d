/**
 * The handler tables are keyed by the generated `operations` types: checked by the package's
 * `typecheck` (tsc over src and test), so a handler for an operation the spec lacks fails the build.
 */
import { describe, expectTypeOf, it } from "vitest";
import type { ChartsHandlers } from "../../src/http/charts-handlers.js";
import type { Handler, TradingHandlers } from "../../src/http/handlers.js";
import type { HistoryHandlers } from "../../src/http/history-handlers.js";

const handler: Handler = () => ({});

describe("handler tables follow the generated operations", () => {
  it("accepts the spec's operationIds and refuses others", () => {
    expectTypeOf({ getTickers: handler }).toMatchTypeOf<TradingHandlers>();
    // @ts-expect-error: no such Trading operation
    const trading: TradingHandlers = { getTickerz: handler };
    // @ts-expect-error: no such History operation
    const history: HistoryHandlers = { getOrderEventz: () => ({}) };
    // @ts-expect-error: no such Charts operation
    const charts: ChartsHandlers = { getCandlez: () => [] };
    expectTypeOf(trading).not.toBeAny();
    expectTypeOf(history).not.toBeAny();
    expectTypeOf(charts).not.toBeAny();
  });
});
