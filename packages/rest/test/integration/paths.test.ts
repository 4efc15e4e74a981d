/**
 * The client builds LiteRequests when no user middleware is installed and real Requests otherwise;
 * both must send and sign the same bytes, and users must get a real Response either way.
 */
import type { Middleware } from "openapi-fetch";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tradingApi } from "../../src/generated/trading.operations.gen.js";
import { createRestClient } from "../../src/rest-client.js";
import { headerRecord } from "../../src/transport/lite.js";
import type { Fetch } from "../../src/transport/types.js";
import { API_KEY, API_SECRET, ok, startServer, type TestServer } from "../fixtures/server.js";

const credentials = { apiKey: API_KEY, apiSecret: API_SECRET };
const order = {
  orderType: "lmt",
  symbol: "PF_XBTUSD",
  side: "buy",
  size: 1,
  limitPrice: 64000,
  cliOrdId: "a b+c&d=é",
} as const;
let server: TestServer;

beforeEach(async () => {
  server = await startServer(tradingApi);
});
afterEach(async () => {
  await server.close();
});

describe("fast path and middleware path", () => {
  it("send the same query, both correctly signed", async () => {
    const client = createRestClient({ origin: server.origin, credentials });
    await client.POST("/sendorder", { params: { query: order } });
    const addHeader: Middleware = {
      onRequest({ request }) {
        request.headers.set("X-Trace", "t-1");
        return request;
      },
    };
    client.use(addHeader);
    await client.POST("/sendorder", { params: { query: order } });
    client.eject(addHeader);
    await client.POST("/sendorder", { params: { query: order } });

    const [fast, viaMiddleware, fastAgain] = server.received;
    expect(server.received.map((r) => r.authentOk)).toEqual([true, true, true]);
    expect(viaMiddleware!.rawQuery).toBe(fast!.rawQuery);
    expect(fastAgain!.rawQuery).toBe(fast!.rawQuery);
    expect(fast!.rawQuery).toContain("cliOrdId=a%20b%2Bc%26d%3D%C3%A9");
    expect(viaMiddleware!.headers["x-trace"]).toBe("t-1");
    expect(fast!.headers["x-trace"]).toBeUndefined();
    expect(fastAgain!.headers["x-trace"]).toBeUndefined();
  });

  it("the signature covers what a middleware changed", async () => {
    const client = createRestClient({ origin: server.origin, credentials });
    // A middleware that rewrites the query: the server must see, and verify, the rewritten one.
    client.use({
      onRequest({ request }) {
        const url = new URL(request.url);
        url.searchParams.set("symbol", "PF_ETHUSD");
        return new Request(url, request);
      },
    });
    await client.POST("/sendorder", { params: { query: order } });
    expect(server.received[0]!.rawQuery).toContain("symbol=PF_ETHUSD");
    expect(server.received[0]!.authentOk).toBe(true);
  });

  it("hands users a real Response on the fast path, with the server's status and headers", async () => {
    server.handle("GET /tickers", () => ({ ...ok({ tickers: [] }), headers: { "x-served-by": "loopback" } }));
    const client = createRestClient({ origin: server.origin });
    const result = await client.GET("/tickers");
    expect(result.response).toBeInstanceOf(Response);
    expect(result.response.status).toBe(200);
    expect(result.response.headers.get("X-Served-By")).toBe("loopback");
    expect(result.response).toBe(result.response);
    // Spreading the result keeps the response.
    expect({ ...result }.response).toBeInstanceOf(Response);
    expect(Object.keys(result)).toEqual(["data", "response"]);
  });

  it("every answer shares one response accessor (no hidden class per answer, nothing kept past a GC)", async () => {
    server.handle("GET /tickers", () => ok({ tickers: [] }));
    const client = createRestClient({ origin: server.origin });
    const first = await client.GET("/tickers");
    const second = await client.GET("/tickers");
    const getter = (answer: object) => Object.getOwnPropertyDescriptor(answer, "response")?.get;
    expect(getter(first)).toBeTypeOf("function");
    expect(getter(second)).toBe(getter(first));
    expect(second.response).not.toBe(first.response);
  });

  it("an injected fetch receives a real Request carrying the signature", async () => {
    const seen: Request[] = [];
    const transport: Fetch = (request) => {
      seen.push(request);
      return globalThis.fetch(request);
    };
    const client = createRestClient({ origin: server.origin, credentials, fetch: transport });
    await client.POST("/sendorder", { params: { query: order } });
    expect(seen[0]).toBeInstanceOf(Request);
    expect(seen[0]!.headers.get("APIKey")).toBe(API_KEY);
    expect(server.received[0]!.authentOk).toBe(true);
  });
});

describe("headerRecord", () => {
  it("lower-cases names, joins array values, skips undefined and reads Headers", () => {
    expect(headerRecord({ "Content-Type": "text/plain", Accept: undefined, "X-A": ["1", "2"] })).toEqual({
      "content-type": "text/plain",
      "x-a": "1, 2",
    });
    expect(headerRecord(new Headers({ Y: "z" }))).toEqual({ y: "z" });
    expect(headerRecord(undefined)).toEqual({});
  });
});
