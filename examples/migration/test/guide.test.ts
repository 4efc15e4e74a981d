/**
 * docs/migrating-to-uws.md against the generated tables: every v1 feed and every Trading v3, History and
 * Charts operation has exactly one row, with its operationId, mapped to UWS channels or methods that the
 * UWS spec has, or to "no UWS equivalent" with a note. A new operation in a spec fails here until the
 * guide maps it.
 */
import { chartsApi } from "@kraken-futures/charts";
import { historyApi } from "@kraken-futures/history";
import { tradingApi } from "@kraken-futures/rest";
import { uwsChannels, uwsMethods } from "@kraken-futures/uws";
import { wsFeeds } from "@kraken-futures/ws";
import { describe, expect, it } from "vitest";
import { checkTable, mappingTable, readGuide, type Truth } from "./guide-check.js";

const guide = readGuide();
const uwsNames = new Set([...Object.keys(uwsChannels), ...Object.keys(uwsMethods)]);

const operations = (api: { operations: Record<string, { operationId: string }> }): Truth => ({
  keys: new Map(Object.entries(api.operations).map(([key, op]) => [key, op.operationId])),
  uwsNames,
});

const tables: Record<string, Truth> = {
  "ws-v1": { keys: new Map(Object.keys(wsFeeds).map((feed) => [feed, undefined])), uwsNames },
  trading: operations(tradingApi),
  history: operations(historyApi),
  charts: operations(chartsApi),
};

describe("docs/migrating-to-uws.md", () => {
  for (const [name, truth] of Object.entries(tables)) {
    it(`maps every entry of the ${name} table exactly once, to names the UWS spec has`, () => {
      const rows = mappingTable(guide, name);
      expect(checkTable(rows, truth)).toEqual([]);
      expect(rows).toHaveLength(truth.keys.size);
    });
  }

  it("counts what the generated tables hold today (33 Trading, 12 v1 feeds: update the guide with them)", () => {
    expect(Object.keys(tradingApi.operations)).toHaveLength(33);
    expect(Object.keys(wsFeeds)).toHaveLength(12);
    expect(Object.keys(historyApi.operations).length).toBeGreaterThan(0);
    expect(Object.keys(chartsApi.operations).length).toBeGreaterThan(0);
  });

  it("names every UWS channel and method of the spec somewhere", () => {
    const missing = [...uwsNames].filter((n) => !guide.includes(`\`${n}\``));
    expect(missing).toEqual([]);
  });

  it("fails a new operation without a row, and a row naming what the UWS spec lacks", () => {
    const rows = mappingTable(guide, "trading");
    const grown = operations({
      operations: { ...tradingApi.operations, "GET /newthing": { operationId: "getNewThing" } },
    });
    expect(checkTable(rows, grown)).toEqual([
      '`GET /newthing` has no row: map it or say "no UWS equivalent"',
    ]);

    const edited = rows.map((r) =>
      r.cells[0] === "`POST /sendorder`"
        ? { ...r, cells: [r.cells[0], r.cells[1]!, "`place_order`", "x"] }
        : r,
    );
    const problems = checkTable(edited, operations(tradingApi));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/`place_order` is no UWS channel or method of the spec/);

    const twice = [...rows, rows[0]!];
    expect(checkTable(twice, operations(tradingApi))).toEqual(["`GET /accounts` has 2 rows"]);

    const unexplained = rows.map((r) =>
      r.cells[0] === "`GET /unwindqueue`"
        ? { ...r, cells: [r.cells[0], r.cells[1]!, "no UWS equivalent", ""] }
        : r,
    );
    expect(checkTable(unexplained, operations(tradingApi))[0]).toMatch(/has no UWS equivalent and no note/);
  });
});
