/**
 * Issue 12, items 2 and 3, on every transport the client can run on: the default node:http one (fast
 * path, and the middleware path through its fetch signature) and a fetch one (an injected `fetch`,
 * which is also what the default transport is in browsers, Deno and Bun), each with and without
 * middleware.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tradingApi } from "../../src/generated/trading.operations.gen.js";
import { createRestClient, type RestClientOptions } from "../../src/rest-client.js";
import { API_KEY, API_SECRET, ok, startServer, type TestServer } from "../fixtures/server.js";

const credentials = { apiKey: API_KEY, apiSecret: API_SECRET };
const order = { orderType: "lmt", symbol: "PF_XBTUSD", side: "buy", size: 1, limitPrice: 1 } as const;

const TRANSPORTS: ReadonlyArray<[string, Partial<RestClientOptions>, boolean]> = [
  ["node:http", {}, false],
  ["node:http + middleware", {}, true],
  ["fetch", { fetch: (request) => globalThis.fetch(request) }, false],
  ["fetch + middleware", { fetch: (request) => globalThis.fetch(request) }, true],
];

function clientOn(origin: string, transport: Partial<RestClientOptions>, middleware: boolean, extra = {}) {
  const client = createRestClient({ origin, credentials, retry: false, ...transport, ...extra });
  if (middleware) client.use({ onRequest: ({ request }) => request });
  return client;
}

const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => new Error("resolved"),
    (error: unknown) => error,
  );

describe("a redirect is never followed (item 2)", () => {
  let server: TestServer;
  let other: TestServer;
  beforeAll(async () => {
    server = await startServer(tradingApi);
    other = await startServer(tradingApi);
    for (const [key, status] of [
      ["POST /sendorder", 307],
      ["GET /openpositions", 302],
      ["GET /tickers", 301],
    ] as const) {
      const path = key.split(" ")[1];
      server.handle(key, (request) => ({
        status,
        body: "",
        headers: { location: `${other.origin}/derivatives/api/v3${path}?${request.rawQuery}` },
      }));
    }
    other.handle("POST /sendorder", () => ok({ sendStatus: { status: "placed" } }));
  });
  afterAll(() => Promise.all([server.close(), other.close()]));

  it.each(TRANSPORTS)(
    "signed and public calls on %s: RedirectError, 0 requests reach the other host",
    async (_, transport, middleware) => {
      const client = clientOn(server.origin, transport, middleware);
      const before = other.received.length;
      const signedPost = await rejection(client.POST("/sendorder", { params: { query: order } }));
      const signedGet = await rejection(client.GET("/openpositions"));
      const publicGet = await rejection(client.GET("/tickers"));
      const reached = other.received.length - before;
      console.log(`redirects on ${_}: ${reached} requests reached the other host`);
      expect(reached).toBe(0);
      expect(signedPost).toMatchObject({
        name: "RedirectError",
        status: 307,
        location: `${other.origin}/derivatives/api/v3/sendorder`,
      });
      expect(signedGet).toMatchObject({ name: "RedirectError", status: 302 });
      expect(publicGet).toMatchObject({ name: "RedirectError", status: 301 });
      // The message names the status and where it pointed, never the signed query.
      expect((signedPost as Error).message).toContain(
        `HTTP 307 to ${other.origin}/derivatives/api/v3/sendorder`,
      );
      expect((signedPost as Error).message).not.toContain("PF_XBTUSD");
    },
  );
});

describe("redirects: requests rebuilt by middleware, and a fetch that follows anyway", () => {
  let server: TestServer;
  let other: TestServer;
  beforeAll(async () => {
    server = await startServer(tradingApi);
    other = await startServer(tradingApi);
    server.handle("GET /openpositions", () => ({
      status: 307,
      body: "",
      headers: { location: `${other.origin}/derivatives/api/v3/openpositions` },
    }));
    server.handle("GET /tickers", () => ({
      status: 302,
      body: "",
      headers: { location: `${other.origin}/derivatives/api/v3/tickers` },
    }));
    other.handle("GET /tickers", () => ok({ tickers: [] }));
  });
  afterAll(() => Promise.all([server.close(), other.close()]));

  it("a Request rebuilt by middleware (redirect: follow) is sent with redirect: manual", async () => {
    const client = clientOn(server.origin, { fetch: (request) => globalThis.fetch(request) }, false);
    client.use({ onRequest: ({ request }) => new Request(request, { redirect: "follow" }) });
    const before = other.received.length;
    const error = await rejection(client.GET("/openpositions"));
    expect(error).toMatchObject({ name: "RedirectError", status: 307 });
    expect(other.received.length - before).toBe(0);
  });

  it("the answer of a fetch that follows a redirect anyway is refused, not returned as data", async () => {
    const follows = (request: Request) =>
      globalThis.fetch(request.url, { method: request.method, headers: request.headers, redirect: "follow" });
    const client = clientOn(server.origin, { fetch: follows }, false);
    const error = await rejection(client.GET("/tickers"));
    expect(error).toMatchObject({
      name: "RedirectError",
      status: 200,
      location: `${other.origin}/derivatives/api/v3/tickers`,
    });
  });
});

describe("timeoutMs aborts every transport (item 3)", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer(tradingApi);
    server.handle("POST /sendorder", () => "hang");
  });
  afterAll(() => server.close());

  it.each(TRANSPORTS)(
    "a never-answering sendorder with timeoutMs 1000 on %s rejects within 1.5 s",
    async (name, transport, middleware) => {
      const client = clientOn(server.origin, transport, middleware, { timeoutMs: 1000 });
      const started = performance.now();
      const guard = new Promise((resolve) =>
        setTimeout(() => resolve(new Error("still pending after 4 s")), 4000),
      );
      const outcome = await Promise.race([
        rejection(client.POST("/sendorder", { params: { query: order } })),
        guard,
      ]);
      const elapsed = performance.now() - started;
      console.log(`timeout on ${name}: rejected after ${Math.round(elapsed)} ms`);
      expect(outcome).toMatchObject({ name: "TimeoutError", timeoutMs: 1000 });
      expect(elapsed).toBeLessThan(1500);
    },
  );
});
