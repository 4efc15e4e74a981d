/**
 * Every operation of the Charts document, typed, through the real client against the mock exchange
 * (`@kraken-futures/mock`, a devDependency), on a manual clock: an hour of market on top of the mock's
 * warm-up gives about 65 one-minute candles, built by the mock from its own trade tape and price points.
 * The mock's request log shows what it routed and answered; a recording `fetch` shows what the client
 * sent. No in-test server is left: the mock shows every case these tests need.
 */
import {
  DEFAULT_TEST_KEY,
  type ManualClock,
  type MockExchange,
  manualClock,
  startMockExchange,
} from "@kraken-futures/mock";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type ChartsClient, chartsApi, createChartsClient } from "../../src/index.js";

let mock: MockExchange;
let clock: ManualClock;
let charts: ChartsClient;
const sent: Request[] = [];
let mark = 0;
/** The requests the client sent since `begin()`, as URLs. */
const sentUrls = () => sent.slice(mark).map((r) => new URL(r.url));
const begin = () => {
  mark = sent.length;
  return mock.requests.length;
};

type WireCandle = { time: number; open: string; high: string; low: string; close: string; volume: string };
/** The candles as the wire carries them (decimal strings), read without the client. */
async function wire(path: string, query: string): Promise<{ candles: WireCandle[]; more_candles: boolean }> {
  const res = await globalThis.fetch(`${mock.origin}/api/charts/v1${path}?${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as { candles: WireCandle[]; more_candles: boolean };
}
const asNumbers = (c: WireCandle) => ({
  time: c.time,
  open: Number(c.open),
  high: Number(c.high),
  low: Number(c.low),
  close: Number(c.close),
  volume: Number(c.volume),
});

beforeAll(async () => {
  clock = manualClock();
  mock = await startMockExchange({ clock, seed: 7 });
  clock.advance(3_600_000);
  mock.exchange.sync();
  // Credentials on purpose: Charts is public, so the client must send no key headers anyway.
  charts = createChartsClient({
    origin: mock.origin,
    credentials: DEFAULT_TEST_KEY,
    retry: false,
    fetch: (request: Request) => {
      sent.push(request.clone());
      return globalThis.fetch(request);
    },
  });
});
afterAll(() => mock.stop());

describe("every operation of the Charts document, against the mock exchange", () => {
  it("answers each one, unsigned, under /api/charts/v1", async () => {
    const before = begin();
    const { data: ticks } = await charts.GET("/");
    expect(ticks).toEqual(["mark", "spot", "trade"]);
    const { data: symbols } = await charts.GET("/{tick_type}", { params: { path: { tick_type: "mark" } } });
    expect(symbols).toEqual([...mock.exchange.instruments.keys()].sort());
    const { data: resolutions } = await charts.GET("/{tick_type}/{symbol}", {
      params: { path: { tick_type: "spot", symbol: "PF_ETHUSD" } },
    });
    expect(resolutions).toContain("1h");
    const { data: page } = await charts.GET("/{tick_type}/{symbol}/{resolution}", {
      params: { path: { tick_type: "trade", symbol: "PF_XBTUSD", resolution: "5m" }, query: { count: 3 } },
    });
    expect(page.candles).toHaveLength(3);
    const since = Math.floor(clock.now() / 1000) - 24 * 3600;
    const { data: pool } = await charts.GET("/analytics/liquidity-pool", {
      params: { query: { since, interval: 3600 } },
    });
    expect(pool.result.data.length).toBeGreaterThan(0);
    expect(pool.result.data.every((v) => typeof v === "number")).toBe(true);

    const records = mock.requests.slice(before);
    expect(records.map((r) => [r.surface, r.operationId, r.status, r.apiKey])).toEqual(
      Object.values(chartsApi.operations).map((op) => ["charts", op.operationId, 200, undefined]),
    );
    expect(sentUrls().map((u) => u.pathname)).toEqual([
      "/api/charts/v1/",
      "/api/charts/v1/mark",
      "/api/charts/v1/spot/PF_ETHUSD",
      "/api/charts/v1/trade/PF_XBTUSD/5m",
      "/api/charts/v1/analytics/liquidity-pool",
    ]);
    const keyed = sent.slice(mark).filter((r) => r.headers.has("apikey") || r.headers.has("authent"));
    expect(keyed).toEqual([]);
  });

  it("hands candle prices and volume as numbers, though the wire carries strings", async () => {
    const raw = await wire("/trade/PF_XBTUSD/1m", "count=5");
    expect(typeof raw.candles[0]!.close).toBe("string");
    const { data } = await charts.GET("/{tick_type}/{symbol}/{resolution}", {
      params: { path: { tick_type: "trade", symbol: "PF_XBTUSD", resolution: "1m" }, query: { count: 5 } },
    });
    expect(data.candles).toEqual(raw.candles.map(asNumbers));
  });

  it("maps an unknown market (HTTP 404, `{errors}`) to HttpError naming the operation, not to Kraken's envelope", async () => {
    await expect(
      charts.GET("/{tick_type}/{symbol}", { params: { path: { tick_type: "trade", symbol: "PF_NOPEUSD" } } }),
    ).rejects.toMatchObject({
      name: "HttpError",
      status: 404,
      operationId: "getResolutions",
      bodySnippet: expect.stringContaining('"type":"notFound"'),
    });
  });
});

describe("retries and the fast path", () => {
  const resolutions = (client: ChartsClient) =>
    client.GET("/{tick_type}/{symbol}", { params: { path: { tick_type: "trade", symbol: "PF_XBTUSD" } } });

  it("retries a 429 `{errors}` answer as an HttpError (not Kraken's envelope), then succeeds", async () => {
    const before = begin();
    mock.faults.rateLimit({ match: { operationId: "getResolutions" }, times: 1 });
    const warned: unknown[] = [];
    const retrying = createChartsClient({
      origin: mock.origin,
      sleep: async () => {},
      logger: { warn: (_message, fields) => warned.push(fields?.error) },
    });
    const { data } = await resolutions(retrying);
    expect(data).toContain("1h");
    expect(warned).toEqual(["HttpError"]);
    expect(mock.requests.slice(before).map((r) => r.status)).toEqual([429, 200]);
  });

  it("installs no middleware: a call and a refusal build no Request, as the fast path does", async () => {
    // openapi-fetch, which only the middleware path runs, builds one Request per call from
    // globalThis.Request; the fast path with the default transport builds none.
    const Real = globalThis.Request;
    const built: string[] = [];
    vi.stubGlobal(
      "Request",
      class extends Real {
        constructor(input: RequestInfo | URL, init?: RequestInit) {
          super(input, init);
          built.push(this.url);
        }
      },
    );
    try {
      const client = createChartsClient({ origin: mock.origin, retry: false });
      await resolutions(client);
      const unknown = { params: { path: { tick_type: "mark" as const, symbol: "PF_NOPEUSD" } } };
      await expect(client.GET("/{tick_type}/{symbol}", unknown)).rejects.toMatchObject({ status: 404 });
      expect(built).toEqual([]);
      client.use({ onRequest: ({ request }) => request });
      await resolutions(client);
      expect(built).toHaveLength(1);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe("candles over a range, paged with more_candles", () => {
  it("walks more than one page, 10 candles at a time, and returns exactly the range's candles", async () => {
    const all = await wire("/mark/PF_XBTUSD/1m", "count=2000");
    expect(all.more_candles).toBe(false);
    expect(all.candles.length).toBeGreaterThan(60);
    const from = all.candles[0]!.time / 1000;
    begin();
    const got = [];
    for await (const candle of charts.candles({
      tickType: "mark",
      symbol: "PF_XBTUSD",
      resolution: "1m",
      from,
      count: 10,
    })) {
      got.push(candle);
    }
    expect(got).toEqual(all.candles.map(asNumbers));
    const urls = sentUrls();
    expect(urls).toHaveLength(Math.ceil(all.candles.length / 10));
    expect(urls.length).toBeGreaterThan(3);
    // Each page starts one second after the last candle of the one before.
    expect(urls.map((u) => Number(u.searchParams.get("from")))).toEqual(
      urls.map((_, i) => (i === 0 ? from : all.candles[i * 10 - 1]!.time / 1000 + 1)),
    );
  });

  it("keeps `to` and `count` on every request and stops at `to`", async () => {
    const all = await wire("/spot/PF_ETHUSD/1m", "count=2000");
    const from = all.candles[0]!.time / 1000;
    const to = all.candles[24]!.time / 1000;
    begin();
    const times: number[] = [];
    for await (const candle of charts.candles({
      tickType: "spot",
      symbol: "PF_ETHUSD",
      resolution: "1m",
      from,
      to,
      count: 10,
    })) {
      times.push(candle.time);
    }
    expect(times).toEqual(all.candles.slice(0, 25).map((c) => c.time));
    const urls = sentUrls();
    expect(urls).toHaveLength(3);
    expect(
      urls.every((u) => u.searchParams.get("to") === String(to) && u.searchParams.get("count") === "10"),
    ).toBe(true);
  });

  it("stops asking on abort", async () => {
    begin();
    const controller = new AbortController();
    const walk = (async () => {
      for await (const _ of charts.candles(
        {
          tickType: "mark",
          symbol: "PF_XBTUSD",
          resolution: "1m",
          from: Math.floor(clock.now() / 1000) - 3_000,
          count: 5,
        },
        { signal: controller.signal },
      )) {
        controller.abort(new Error("enough"));
      }
    })();
    await expect(walk).rejects.toThrow("enough");
    expect(sentUrls()).toHaveLength(1);
  });
});
