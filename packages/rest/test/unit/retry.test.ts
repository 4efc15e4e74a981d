import { describe, expect, it } from "vitest";
import { HttpError, NetworkError, RateLimitError, TimeoutError } from "../../src/errors.js";
import { tradingApi } from "../../src/generated/trading.operations.gen.js";
import { createRestClient } from "../../src/rest-client.js";
import { backoffDelay, isTransient } from "../../src/retry.js";
import { API_KEY, API_SECRET } from "../fixtures/server.js";

const target = { target: { method: "GET", path: "/tickers" } };
const json = (status: number, body: unknown) =>
  new Response(typeof body === "string" ? body : JSON.stringify(body), { status });
const success = json(200, { result: "success", serverTime: "2026-11-21T10:00:00Z", tickers: [] });

/** A fetch that answers from a script and counts calls; sleeps are recorded, not waited. */
function scripted(...answers: Array<Response | Error>) {
  const calls: string[] = [];
  const sleeps: number[] = [];
  const client = createRestClient({
    credentials: { apiKey: API_KEY, apiSecret: API_SECRET },
    fetch: async (request) => {
      calls.push(`${request.method} ${new URL(request.url).pathname}`);
      const next = answers.shift() ?? success.clone();
      if (next instanceof Error) throw next;
      return next;
    },
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    retry: { retries: 2, baseDelayMs: 100, maxDelayMs: 150 },
  });
  return { client, calls, sleeps };
}

describe("retries", () => {
  it("retries a retry-safe read on an HTML 503, then a network error, with jittered backoff", async () => {
    const { client, calls, sleeps } = scripted(
      json(503, "<html>busy</html>"),
      new TypeError("socket hang up"),
    );
    const { data } = await client.GET("/tickers");
    expect(data.result).toBe("success");
    expect(calls).toHaveLength(3);
    // full jitter with random() = 0.5: 0.5 * min(150, 100 * 2^n)
    expect(sleeps).toEqual([50, 75]);
  });

  it("retries Kraken's Unavailable and apiLimitExceeded answers", async () => {
    const { client, calls } = scripted(
      json(200, { result: "error", serverTime: "t", error: "Unavailable" }),
      json(200, { result: "error", serverTime: "t", error: "apiLimitExceeded" }),
    );
    await client.GET("/openpositions");
    expect(calls).toHaveLength(3);
  });

  it("gives up after `retries` further attempts", async () => {
    const { client, calls } = scripted(json(502, ""), json(502, ""), json(502, ""), json(502, ""));
    await expect(client.GET("/tickers")).rejects.toBeInstanceOf(HttpError);
    expect(calls).toHaveLength(3);
  });

  it("never retries order entry (sendorder is not retry-safe)", async () => {
    expect(tradingApi.operations["POST /sendorder"].retrySafe).toBe(false);
    const { client, calls } = scripted(new TypeError("socket hang up"));
    await expect(
      client.POST("/sendorder", {
        params: { query: { orderType: "lmt", symbol: "PF_XBTUSD", side: "buy", size: 1 } },
      }),
    ).rejects.toBeInstanceOf(NetworkError);
    expect(calls).toHaveLength(1);
  });

  it("does not retry a request Kraken refused as wrong", async () => {
    const { client, calls } = scripted(
      json(200, { result: "error", serverTime: "t", error: "invalidArgument" }),
    );
    await expect(client.GET("/openpositions")).rejects.toThrow("invalidArgument");
    expect(calls).toHaveLength(1);
  });
});

describe("isTransient and backoffDelay", () => {
  it("classifies", () => {
    expect(isTransient(new TimeoutError(1, target))).toBe(true);
    expect(isTransient(new HttpError(500, "", target))).toBe(true);
    expect(isTransient(new HttpError(429, "", target))).toBe(true);
    expect(isTransient(new HttpError(404, "", target))).toBe(false);
    expect(
      isTransient(
        new RateLimitError({ error: "apiLimitExceeded" }, { ...target, source: "client", retryAfterMs: 5 }),
      ),
    ).toBe(false);
    expect(isTransient(new Error("other"))).toBe(false);
  });
  it("caps the wait and scales with random()", () => {
    expect(backoffDelay(0, { baseDelayMs: 100, maxDelayMs: 1000 }, () => 0.999)).toBe(99);
    expect(backoffDelay(10, { baseDelayMs: 100, maxDelayMs: 1000 }, () => 0.5)).toBe(500);
    expect(backoffDelay(3, {}, () => 0)).toBe(0);
  });
});
