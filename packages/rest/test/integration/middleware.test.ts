/**
 * `client.use(m)` keeps openapi-fetch's middleware contract now that the client runs middleware itself
 * (src/middleware.ts): onRequest in order, onResponse and onError in reverse, a Response from onRequest
 * answers without sending, and what each callback receives.
 */
import type { Middleware } from "openapi-fetch";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tradingApi } from "../../src/generated/trading.operations.gen.js";
import { createRestClient } from "../../src/rest-client.js";
import { API_KEY, API_SECRET, ok, startServer, type TestServer } from "../fixtures/server.js";

const credentials = { apiKey: API_KEY, apiSecret: API_SECRET };
let server: TestServer;

beforeEach(async () => {
  server = await startServer(tradingApi);
});
afterEach(async () => {
  await server.close();
});

describe("the middleware contract", () => {
  it("runs onRequest in order and onResponse in reverse, with the schema path, params, options and id", async () => {
    const client = createRestClient({ origin: server.origin });
    const seen: string[] = [];
    const ids = new Set<string>();
    const named = (name: string): Middleware => ({
      onRequest({ request, schemaPath, params, options, id }) {
        seen.push(`${name}:request`);
        ids.add(id);
        expect(schemaPath).toBe("/tickers/{symbol}");
        expect(params).toEqual({ path: { symbol: "PF_XBTUSD" } });
        expect(options.parseAs).toBe("text");
        expect(options.baseUrl).toBe(`${server.origin}/derivatives/api/v3`);
        return new Request(request, {
          headers: { ...Object.fromEntries(request.headers), [`x-${name}`]: "1" },
        });
      },
      onResponse({ response, id }) {
        seen.push(`${name}:response`);
        ids.add(id);
        return response;
      },
    });
    server.handle("GET /tickers/PF_XBTUSD", () => ok({ ticker: { symbol: "PF_XBTUSD" } }));
    client.use(named("a"), named("b"));
    await client.GET("/tickers/{symbol}", { params: { path: { symbol: "PF_XBTUSD" } } });
    expect(seen).toEqual(["a:request", "b:request", "b:response", "a:response"]);
    expect(ids.size).toBe(1);
    expect(server.received[0]!.headers).toMatchObject({ "x-a": "1", "x-b": "1" });
  });

  it("a Response returned by onRequest answers the call: nothing is sent, signed or counted", async () => {
    const client = createRestClient({ origin: server.origin, credentials });
    const answered = JSON.stringify({ result: "success", openPositions: [] });
    client.use({ onRequest: () => new Response(answered, { status: 200 }) });
    const { data } = await client.GET("/openpositions");
    expect(data).toEqual({ result: "success", openPositions: [] });
    expect(server.received).toHaveLength(0);
  });

  it("a Response from onResponse replaces the answer the client reads", async () => {
    const client = createRestClient({ origin: server.origin });
    server.handle("GET /tickers", () => ({ status: 500, body: "down" }));
    client.use({ onResponse: () => new Response(JSON.stringify({ result: "success", tickers: [] })) });
    const { data } = await client.GET("/tickers");
    expect(data).toEqual({ result: "success", tickers: [] });
  });

  it("onError sees a failed send and may answer it instead", async () => {
    const errors: unknown[] = [];
    const client = createRestClient({
      origin: server.origin,
      retry: false,
      fetch: () => Promise.reject(new Error("connection reset")),
    });
    client.use({
      onError({ error }) {
        errors.push(error);
        return new Response(JSON.stringify({ result: "success", tickers: [] }));
      },
    });
    const { data } = await client.GET("/tickers");
    expect(data).toEqual({ result: "success", tickers: [] });
    expect(errors).toEqual([new Error("connection reset")]);
  });

  it("refuses what is not middleware, and a callback that returns something else", async () => {
    const client = createRestClient({ origin: server.origin, retry: false });
    expect(() => client.use({} as Middleware)).toThrow(/middleware/i);
    client.use({ onRequest: () => "nope" as never });
    await expect(client.GET("/tickers")).rejects.toMatchObject({ name: "NetworkError" });
    expect(server.received).toHaveLength(0);
  });
});
