/**
 * Issue 12, item 8: an origin with a path is refused when the client is created, with a message that
 * says what to pass; a response body never reaches an error's message, nor its JSON or inspect text.
 */
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HttpError, UnexpectedResponseError } from "../../src/errors.js";
import { tradingApi } from "../../src/generated/trading.operations.gen.js";
import { createRestClient } from "../../src/rest-client.js";
import { startMockExchange } from "../fixtures/mock.js";
import { startServer, type TestServer } from "../fixtures/server.js";

describe("the origin option", () => {
  it("refuses the mock's url (origin + base path) at construction, naming the origin to pass", async () => {
    const mock = await startMockExchange({ port: 0 });
    try {
      const origin = new URL(mock.url).origin;
      expect(() => createRestClient({ origin: mock.url })).toThrow(
        `origin must be http(s)://host[:port] without a path, query, fragment or user info (the client adds each API's base path): pass "${origin}"`,
      );
    } finally {
      await mock.stop();
    }
  });

  it.each([
    ["a query", "http://127.0.0.1:1?x=1"],
    ["a fragment", "http://127.0.0.1:1#x"],
    ["another scheme", "ftp://127.0.0.1:1"],
    ["no scheme", "127.0.0.1:8080"],
    ["user info", "http://user:pass@127.0.0.1:1"],
  ])("refuses an origin with %s, without echoing user info", (_, origin) => {
    let error: unknown;
    try {
      createRestClient({ origin });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ name: "TypeError" });
    expect((error as Error).message).toMatch(/^origin must be/);
    expect((error as Error).message).not.toContain("pass@");
  });

  it("accepts an origin with or without a trailing slash", () => {
    expect(() => createRestClient({ origin: "http://127.0.0.1:8080/" })).not.toThrow();
    expect(() => createRestClient({ origin: "https://futures.kraken.com" })).not.toThrow();
  });
});

describe("a response body stays out of an error's message, JSON and inspect text", () => {
  let server: TestServer;
  const BALANCE = "balance-4711-secret-looking";
  beforeAll(async () => {
    server = await startServer(tradingApi);
    server.handle("GET /tickers", () => ({ status: 200, body: `<html>${BALANCE}</html>` }));
    server.handle("GET /tickers/{symbol}", () => ({ status: 404, body: `{"detail":"${BALANCE}"}` }));
  });
  afterAll(() => server.close());

  it.each([
    [
      "UnexpectedResponseError (HTML 200)",
      () => createRestClient({ origin: server.origin }).GET("/tickers"),
      UnexpectedResponseError,
    ],
    [
      "HttpError (JSON 404)",
      () =>
        createRestClient({ origin: server.origin }).GET("/tickers/{symbol}", {
          params: { path: { symbol: "PF_XBTUSD" } },
        }),
      HttpError,
    ],
  ])("%s keeps the body on bodySnippet only", async (_, call, type) => {
    const error = (await call().catch((e: unknown) => e)) as UnexpectedResponseError | HttpError;
    expect(error).toBeInstanceOf(type);
    expect(error.bodySnippet).toContain(BALANCE);
    expect(error.message).not.toContain(BALANCE);
    expect(JSON.stringify(error)).not.toContain(BALANCE);
    expect(inspect(error)).not.toContain(BALANCE);
    expect(String(error)).not.toContain(BALANCE);
  });
});
