/**
 * Issue 12, item 5: 429s are retried whatever their body, after the server's Retry-After (seconds or
 * HTTP-date, capped at `retry.maxRetryAfterMs`); a call the spec does not mark x-retry-safe is never
 * resent; an oversized body is an UnexpectedResponseError downloaded once, not a transient failure.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HttpError, UnexpectedResponseError } from "../../src/errors.js";
import { tradingApi } from "../../src/generated/trading.operations.gen.js";
import { createRestClient, type RestClientOptions } from "../../src/rest-client.js";
import { API_KEY, API_SECRET, ok, startServer, type TestServer } from "../fixtures/server.js";

const NOW = Date.UTC(2026, 10, 21, 10, 0, 0);

describe("429 and Retry-After", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer(tradingApi);
  });
  afterAll(() => server.close());

  /** A client whose waits are recorded instead of slept, with a fixed clock and jitter. */
  function client(options: Partial<RestClientOptions> = {}) {
    const waits: number[] = [];
    const c = createRestClient({
      origin: server.origin,
      credentials: { apiKey: API_KEY, apiSecret: API_SECRET },
      sleep: async (ms) => {
        waits.push(ms);
      },
      now: () => NOW,
      random: () => 0.5,
      ...options,
    });
    return { c, waits };
  }

  /** GET /tickers answers `first` once, then success; returns how many calls arrived. */
  function tickersFailingOnce(first: { status: number; body: string; headers?: Record<string, string> }) {
    const state = { calls: 0 };
    server.handle("GET /tickers", () => (++state.calls === 1 ? first : ok({ tickers: [] })));
    return state;
  }

  it("a 429 with an HTML body is retried (README: 429s are)", async () => {
    const state = tickersFailingOnce({
      status: 429,
      body: "<html>Too Many Requests</html>",
      headers: { "content-type": "text/html" },
    });
    const { c } = client();
    const { data } = await c.GET("/tickers");
    expect(data.result).toBe("success");
    expect(state.calls).toBe(2);
  });

  it("waits the Retry-After seconds before the retry", async () => {
    tickersFailingOnce({ status: 429, body: "{}", headers: { "retry-after": "3" } });
    const { c, waits } = client();
    await c.GET("/tickers");
    expect(waits).toEqual([3000]);
  });

  it("waits until a Retry-After HTTP-date, read on the client's clock", async () => {
    const at = new Date(NOW + 7000).toUTCString();
    tickersFailingOnce({ status: 503, body: "<html>down</html>", headers: { "retry-after": at } });
    const { c, waits } = client();
    await c.GET("/tickers");
    expect(waits).toEqual([7000]);
  });

  it("gives up at once when Retry-After exceeds maxRetryAfterMs, and says how long on the error", async () => {
    const state = tickersFailingOnce({ status: 429, body: "{}", headers: { "retry-after": "3600" } });
    const { c, waits } = client({ retry: { maxRetryAfterMs: 10_000 } });
    const error = await c.GET("/tickers").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 3_600_000 });
    expect(state.calls).toBe(1);
    expect(waits).toEqual([]);
  });

  it("a 429 on sendorder (not x-retry-safe) is never resent", async () => {
    expect(tradingApi.operations["POST /sendorder"].retrySafe).toBe(false);
    let calls = 0;
    server.handle("POST /sendorder", () => {
      calls++;
      return { status: 429, body: "<html>slow down</html>", headers: { "retry-after": "0" } };
    });
    const { c } = client();
    const error = await c
      .POST("/sendorder", {
        params: { query: { orderType: "lmt", symbol: "PF_XBTUSD", side: "buy", size: 1, limitPrice: 1 } },
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 429 });
    expect(calls).toBe(1);
  });
});

describe("an oversized body", () => {
  let raw: Server;
  let origin = "";
  let requests = 0;
  beforeAll(async () => {
    raw = createServer((_req, res) => {
      requests++;
      // Chunked: no Content-Length, so only counting the chunks finds the excess.
      res.writeHead(200, { "content-type": "application/json" });
      const chunk = "x".repeat(1024);
      for (let i = 0; i < 8; i++) res.write(chunk);
      res.end();
    });
    await new Promise<void>((resolve) => raw.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(raw.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => raw.close(() => resolve())));

  it("is an UnexpectedResponseError, downloaded once on a retry-safe read", async () => {
    requests = 0;
    const client = createRestClient({ origin, transport: { maxResponseBytes: 4096 }, sleep: async () => {} });
    const error = await client.GET("/tickers").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as Error).message).toContain("exceeds 4096 bytes");
    expect(requests).toBe(1);
  });
});
