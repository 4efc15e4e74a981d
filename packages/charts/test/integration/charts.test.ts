import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ChartsClient, chartsApi, createChartsClient } from "../../src/index.js";
import { type Exchange, FIRST, HOUR, startExchange } from "../fixtures/exchange.js";

let exchange: Exchange;
let charts: ChartsClient;
beforeEach(async () => {
  exchange = await startExchange({ hours: 100, maxCandles: 30 });
  charts = createChartsClient({ origin: exchange.origin, retry: false });
});
afterEach(async () => {
  await exchange.stop();
});

const hourly = { tick_type: "trade", symbol: "PF_XBTUSD", resolution: "1h" } as const;

describe("every operation of the Charts document", () => {
  it("answers, unsigned, under /api/charts/v1", async () => {
    const { data: ticks } = await charts.GET("/");
    expect(ticks).toEqual(["mark", "spot", "trade"]);
    const { data: symbols } = await charts.GET("/{tick_type}", { params: { path: { tick_type: "mark" } } });
    expect(symbols).toContain("PF_XBTUSD");
    const { data: resolutions } = await charts.GET("/{tick_type}/{symbol}", {
      params: { path: { tick_type: "spot", symbol: "PF_ETHUSD" } },
    });
    expect(resolutions).toContain("1h");
    const { data: page } = await charts.GET("/{tick_type}/{symbol}/{resolution}", {
      params: { path: hourly, query: { from: FIRST, to: FIRST + 2 * HOUR } },
    });
    expect(page.candles).toHaveLength(3);
    const { data: pool } = await charts.GET("/analytics/liquidity-pool", {
      params: { query: { since: FIRST, interval: 3600 } },
    });
    expect(pool.result.data).toEqual([48_213_577.21, 48_305_112.64]);

    expect(exchange.received).toHaveLength(Object.keys(chartsApi.operations).length);
    expect(exchange.received.map((r) => r.pathname)).toEqual([
      "/api/charts/v1/",
      "/api/charts/v1/mark",
      "/api/charts/v1/spot/PF_ETHUSD",
      "/api/charts/v1/trade/PF_XBTUSD/1h",
      "/api/charts/v1/analytics/liquidity-pool",
    ]);
    expect(exchange.received.every((r) => r.headers["authent"] === undefined)).toBe(true);
  });

  it("hands candle prices and volume as numbers, though the wire carries strings", async () => {
    const { data } = await charts.GET("/{tick_type}/{symbol}/{resolution}", {
      params: { path: hourly, query: { from: FIRST, to: FIRST } },
    });
    expect(data.candles[0]).toEqual({
      time: FIRST * 1000,
      open: 88_000.25,
      high: 88_049.75,
      low: 87_992.5,
      close: 88_037.25,
      volume: 0.125,
    });
  });

  it("maps an unknown market (HTTP 404) to HttpError naming the operation", async () => {
    await expect(
      charts.GET("/{tick_type}/{symbol}", { params: { path: { tick_type: "trade", symbol: "PF_NOPE" } } }),
    ).rejects.toMatchObject({ name: "HttpError", status: 404, operationId: "getResolutions" });
  });
});

describe("candles over a range", () => {
  it("pages while more_candles is true: 100 hourly candles in 4 answers of at most 30", async () => {
    const times: number[] = [];
    for await (const candle of charts.candles({
      tickType: "trade",
      symbol: "PF_XBTUSD",
      resolution: "1h",
      from: FIRST,
    })) {
      times.push(candle.time);
      expect(typeof candle.close).toBe("number");
    }
    expect(times).toEqual(Array.from({ length: 100 }, (_, i) => (FIRST + i * HOUR) * 1000));
    expect(exchange.received).toHaveLength(4);
    expect(exchange.received.map((r) => Number(r.query.get("from")))).toEqual([
      FIRST,
      FIRST + 29 * HOUR + 1,
      FIRST + 59 * HOUR + 1,
      FIRST + 89 * HOUR + 1,
    ]);
  });

  it("keeps `to` and `count` on every request and stops inside the range", async () => {
    const range = {
      tickType: "mark",
      symbol: "PF_XBTUSD",
      resolution: "1h",
      from: FIRST,
      to: FIRST + 24 * HOUR,
      count: 10,
    } as const;
    let n = 0;
    for await (const _ of charts.candles(range)) n++;
    expect(n).toBe(25);
    expect(exchange.received).toHaveLength(3);
    expect(
      exchange.received.every((r) => r.query.get("to") === String(range.to) && r.query.get("count") === "10"),
    ).toBe(true);
  });

  it("stops asking on abort", async () => {
    const controller = new AbortController();
    const walk = (async () => {
      for await (const _ of charts.candles(
        { tickType: "spot", symbol: "PF_XBTUSD", resolution: "1h", from: FIRST },
        { signal: controller.signal },
      )) {
        controller.abort(new Error("enough"));
      }
    })();
    await expect(walk).rejects.toThrow("enough");
    expect(exchange.received).toHaveLength(1);
  });
});
