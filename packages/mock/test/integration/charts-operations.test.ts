/**
 * Every operation of the Charts document through raw HTTP (all public): answers validate against the
 * document's 200 schemas, candles agree with the engine's trades and price points, `more_candles` pages a
 * long range, and refusals are HTTP 4xx with `{errors: [...]}`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ManualClock } from "../../src/engine/clock.js";
import type { MockExchange } from "../../src/start.js";
import { start } from "./helpers.js";
import { CHARTS, chartsDoc, operationsOf, raw, schemaErrors } from "./history-helpers.js";

let mock: MockExchange;
let clock: ManualClock;
const covered = new Set<string>();

beforeAll(async () => {
  ({ mock, clock } = await start({ seed: 7 }));
  // Ten minutes of market on top of the five-minute warm-up.
  clock.advance(600_000);
  mock.exchange.sync();
});
afterAll(() => mock.stop());

async function ok<T>(operationId: string, path: string, query?: Record<string, string | number | undefined>) {
  const r = await raw(mock.origin, `${CHARTS}${path}`, { query });
  expect(r.status, r.text).toBe(200);
  expect(schemaErrors("charts", operationId, r.json)).toEqual([]);
  covered.add(operationId);
  return r.json as T;
}

type Candle = { time: number; open: string; high: string; low: string; close: string; volume: string };
type Candles = { candles: Candle[]; more_candles: boolean };
const MINUTE = 60_000;

describe("Charts API", () => {
  it("getTickTypes at the root, with and without the trailing slash", async () => {
    expect(await ok<string[]>("getTickTypes", "/")).toEqual(["mark", "spot", "trade"]);
    expect(await ok<string[]>("getTickTypes", "")).toEqual(["mark", "spot", "trade"]);
  });

  it("getSymbols lists the listed contracts for each tick type", async () => {
    const contracts = [...mock.exchange.instruments.keys()].sort();
    for (const tick of ["trade", "mark", "spot"])
      expect(await ok<string[]>("getSymbols", `/${tick}`)).toEqual(contracts);
  });

  it("getResolutions lists the nine resolutions", async () => {
    expect(await ok<string[]>("getResolutions", "/trade/PF_XBTUSD")).toEqual([
      "1m",
      "5m",
      "15m",
      "30m",
      "1h",
      "4h",
      "12h",
      "1d",
      "1w",
    ]);
  });

  it("getCandles (trade): OHLCV per minute from the market's trades", async () => {
    const body = await ok<Candles>("getCandles", "/trade/PF_XBTUSD/1m");
    const trades = mock.exchange.trades.get("PF_XBTUSD")!;
    expect(body.more_candles).toBe(false);
    expect(body.candles.length).toBeGreaterThanOrEqual(15);
    for (const c of body.candles) {
      expect(c.time % MINUTE).toBe(0);
      const inside = trades.filter((t) => t.time >= c.time && t.time < c.time + MINUTE);
      if (inside.length === 0) {
        // A minute without trades repeats the previous close.
        expect([c.open, c.high, c.low, c.volume]).toEqual([c.close, c.close, c.close, "0"]);
        continue;
      }
      expect(Number(c.open)).toBe(inside[0]!.price);
      expect(Number(c.close)).toBe(inside.at(-1)!.price);
      expect(Number(c.high)).toBe(Math.max(...inside.map((t) => t.price)));
      expect(Number(c.low)).toBe(Math.min(...inside.map((t) => t.price)));
      expect(Number(c.volume)).toBeCloseTo(
        inside.reduce((s, t) => s + t.size, 0),
        9,
      );
    }
  });

  it("getCandles (mark, spot): closes are the last mark and index of each 5-minute bucket", async () => {
    const points = mock.exchange.prices.get("PI_XBTUSD")!;
    for (const [tick, field] of [
      ["mark", "mark"],
      ["spot", "index"],
    ] as const) {
      const body = await ok<Candles>("getCandles", `/${tick}/PI_XBTUSD/5m`);
      expect(body.candles.length).toBeGreaterThanOrEqual(3);
      for (const c of body.candles) {
        const inside = points.filter((p) => p.time >= c.time && p.time < c.time + 5 * MINUTE);
        expect(Number(c.close)).toBeCloseTo(inside.at(-1)![field], 6);
        expect(Number(c.high)).toBeCloseTo(Math.max(...inside.map((p) => p[field])), 6);
        expect(c.volume).toBe("0");
      }
    }
  });

  it("getCandles pages a range with count and more_candles, and honours from/to (epoch seconds)", async () => {
    const all = await ok<Candles>("getCandles", "/mark/PF_ETHUSD/1m");
    const first = all.candles[0]!.time / 1_000;
    const pages: Candle[][] = [];
    let from = first;
    for (;;) {
      const page = await ok<Candles>("getCandles", "/mark/PF_ETHUSD/1m", { from, count: 4 });
      pages.push(page.candles);
      if (!page.more_candles) break;
      from = page.candles.at(-1)!.time / 1_000 + 60;
      expect(pages.length).toBeLessThan(50);
    }
    expect(pages.length).toBe(Math.ceil(all.candles.length / 4));
    expect(pages.flat()).toEqual(all.candles);
    const to = all.candles[5]!.time / 1_000;
    const window = await ok<Candles>("getCandles", "/mark/PF_ETHUSD/1m", { from: first + 60, to });
    expect(window.candles).toEqual(all.candles.slice(1, 6));
    expect(window.more_candles).toBe(false);
    const latest = await ok<Candles>("getCandles", "/mark/PF_ETHUSD/1m", { count: 2 });
    expect(latest).toEqual({ candles: all.candles.slice(-2), more_candles: true });
  });

  it("getLiquidityPoolStatistic: one value per interval from since to to", async () => {
    const since = 1_767_225_600; // 2026-01-01T00:00:00Z
    const body = await ok<{
      result: { timestamp: number[]; more: boolean; data: number[] };
      errors: unknown[];
    }>("getLiquidityPoolStatistic", "/analytics/liquidity-pool", {
      since,
      interval: 3600,
      to: since + 24 * 3600,
    });
    expect(body.errors).toEqual([]);
    expect(body.result.timestamp).toEqual(Array.from({ length: 25 }, (_, i) => since + i * 3600));
    expect(body.result.data).toHaveLength(25);
    expect(body.result.more).toBe(false);
    expect(body.result.data.every((v) => v > 0)).toBe(true);
  });
});

describe("Charts API refusals", () => {
  it("an unknown market is 404, a bad tick type or resolution 400, with errors[]", async () => {
    const unknown = await raw(mock.origin, `${CHARTS}/trade/PF_NOPEUSD/1h`);
    expect(unknown.status).toBe(404);
    expect(unknown.json).toMatchObject({ errors: [{ type: "notFound" }] });
    const tick = await raw(mock.origin, `${CHARTS}/last/PF_XBTUSD/1h`);
    expect(tick.status).toBe(400);
    expect(tick.json).toMatchObject({ errors: [{ type: "invalidArgument", field: "tick_type" }] });
    const res = await raw(mock.origin, `${CHARTS}/trade/PF_XBTUSD/2h`);
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ errors: [{ field: "resolution" }] });
  });

  it("the liquidity pool without since is the declared 400 body", async () => {
    const r = await raw(mock.origin, `${CHARTS}/analytics/liquidity-pool`, { query: { interval: 60 } });
    expect(r.status).toBe(400);
    expect(schemaErrors("charts", "getLiquidityPoolStatistic", r.json, "400")).toEqual([]);
    expect((r.json as { errors: { field: string }[] }).errors[0]!.field).toBe("since");
  });
});

describe("Charts API coverage", () => {
  it("every operation of the document was called and validated above", () => {
    const ops = operationsOf(chartsDoc);
    expect(ops).toHaveLength(5);
    expect(ops.every((o) => !o.signed)).toBe(true);
    expect([...covered].sort()).toEqual(ops.map((o) => o.operationId).sort());
  });
});
