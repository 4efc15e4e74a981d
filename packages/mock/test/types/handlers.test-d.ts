/**
 * The handler tables are keyed by the generated `operations` types and typed by them: checked by the
 * package's `typecheck` (tsc over src and test), so a handler for an operation the spec lacks, or one
 * answering another shape than its operation's success body, fails the build.
 */
import { describe, expectTypeOf, it } from "vitest";
import type { HistoryOrderJson, TriggerEventElement } from "../../src/engine/history.js";
import type { ChartsHandlers } from "../../src/http/charts-handlers.js";
import type { TradingHandlers } from "../../src/http/handlers.js";
import type { HistoryHandlers } from "../../src/http/history-handlers.js";
import type { SpotHandlers } from "../../src/spot/surface.js";

describe("handler tables follow the generated operations", () => {
  it("accepts the spec's operationIds and refuses others", () => {
    expectTypeOf({ getTickers: () => ({ tickers: [] }) }).toMatchTypeOf<TradingHandlers>();
    // @ts-expect-error: no such Trading operation
    const trading: TradingHandlers = { getTickerz: () => ({}) };
    // @ts-expect-error: no such History operation
    const history: HistoryHandlers = { getOrderEventz: () => ({}) };
    // @ts-expect-error: no such Charts operation
    const charts: ChartsHandlers = { getCandlez: () => [] };
    expectTypeOf(trading).not.toBeAny();
    expectTypeOf(history).not.toBeAny();
    expectTypeOf(charts).not.toBeAny();
  });

  it("types each handler's arguments and answer by its operation", () => {
    // Arguments: the spec's query/path fields, typed (symbol is a string, no cast needed).
    const ok: TradingHandlers = { getInstrumentStatus: (_ex, a) => ({ tradeable: a.symbol.toUpperCase() }) };
    expectTypeOf(ok).not.toBeAny();
    // @ts-expect-error: Charts' liquidity-pool statistic answers `result` as an object, not a number
    const pool: ChartsHandlers = { getLiquidityPoolStatistic: () => ({ result: 42, errors: [] }) };
    // @ts-expect-error: a Spot token is a string
    const token: SpotHandlers = { getWebSocketsToken: () => ({ token: 42, expires: 900 }) };
    // @ts-expect-error: Trading's cancelAllOrdersAfter answers a status object, not a bare number
    const after: TradingHandlers = { cancelAllOrdersAfter: () => ({ status: 42 }) };
    // @ts-expect-error: Charts' tick types are a list, not an object
    const ticks: ChartsHandlers = { getTickTypes: () => ({ result: "mark" }) };
    // @ts-expect-error: Trading's getTicker answers a ticker whose symbol is text
    const ticker: TradingHandlers = { getTicker: () => ({ ticker: { symbol: 42 } }) };
    expectTypeOf(ticker).not.toBeAny();
    expectTypeOf(pool).not.toBeAny();
    expectTypeOf(token).not.toBeAny();
    expectTypeOf(after).not.toBeAny();
    expectTypeOf(ticks).not.toBeAny();
  });

  it("types History's pages, their elements and the events the recorder builds", () => {
    const page: HistoryHandlers = { getOrderEvents: () => ({ len: 0, elements: [] }) };
    expectTypeOf(page).not.toBeAny();
    // @ts-expect-error: a History page's elements are a list
    const elements: HistoryHandlers = { getOrderEvents: () => ({ len: 0, elements: 42 }) };
    // @ts-expect-error: a History page carries `len`
    const len: HistoryHandlers = { getExecutionEvents: () => ({ elements: [] }) };
    // @ts-expect-error: a position update's `tradeable` is a symbol (text)
    const position: HistoryHandlers = { getPositionEvents: () => ({ len: 1, elements: [{ tradeable: 7 }] }) };
    // @ts-expect-error: the account log's entries need their id, date, asset and info
    const logs: HistoryHandlers = { getAccountLog: () => ({ logs: [{ id: 1 }] }) };
    // @ts-expect-error: the CSV export answers a RawBody, not a JSON value
    const csv: HistoryHandlers = { getAccountLogCsv: () => "uid,dateTime" };
    // @ts-expect-error: a History order needs its uid, tradeable, direction, quantity, timestamp and type
    const order: HistoryOrderJson = { uid: "o", tradeable: "PF_XBTUSD" };
    type Activated = NonNullable<TriggerEventElement["event"]["OrderTriggerActivated"]>;
    // @ts-expect-error: a trigger event's order is a HistoryOrder, not a bare id
    const trigger: Activated = { order: "o" };
    for (const t of [elements, len, position, logs, csv, order, trigger]) expectTypeOf(t).not.toBeAny();
  });
});
