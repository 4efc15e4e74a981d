/**
 * `createApiClient(api, options, { interpretError })`: how a surface whose refusals are not Kraken's
 * Trading envelope (History, Charts) has them read by the core itself, on both paths, without
 * middleware. The Trading table stands in for any surface: the hook is what changes the reading. Its
 * answers promise an object, not Trading's `result: "success"` envelope, as History's and Charts' do.
 */
import type { Middleware } from "openapi-fetch";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ApiDescription } from "../../src/api-description.js";
import { createApiClient, type RefusedAnswer, type SurfaceOptions } from "../../src/client.js";
import { HttpError, KrakenApiError, RateLimitError } from "../../src/errors.js";
import type { paths } from "../../src/generated/trading.gen.js";
import { tradingApi } from "../../src/generated/trading.operations.gen.js";
import { startServer, type TestServer } from "../fixtures/server.js";

let server: TestServer;
beforeEach(async () => {
  server = await startServer(tradingApi);
});
afterEach(async () => {
  await server.close();
});

const surfaceApi: ApiDescription = {
  ...tradingApi,
  operations: Object.fromEntries(
    Object.entries(tradingApi.operations).map(([key, op]) => [key, { ...op, success: "object" as const }]),
  ),
};

const noop: Middleware = { onRequest: ({ request }) => request };
const routes = ["fast path", "middleware path"] as const;

/** A client of `surface`; on the middleware path with a do-nothing middleware installed. */
function clientOf(path: (typeof routes)[number], surface?: SurfaceOptions, retries = 0) {
  const client = createApiClient<paths>(
    surfaceApi,
    { origin: server.origin, retry: { retries, baseDelayMs: 1 }, sleep: async () => {} },
    surface,
  );
  if (path === "middleware path") client.use(noop);
  return client;
}

const tickers = (client: ReturnType<typeof clientOf>) => client.GET("/tickers");
const CHARTS_REFUSAL = '{ "errors": [{ "severity": "ERROR", "type": "notFound", "msg": "no market" }] }';

describe.each(routes)("interpretError on the %s", (path) => {
  it("is given the status, the parsed body, the text and the target, and its error is thrown as it is", async () => {
    const seen: RefusedAnswer[] = [];
    const refusal = new HttpError(418, "teapot", { target: { method: "GET", path: "/tickers" } });
    const client = clientOf(path, {
      interpretError: (answer) => {
        seen.push(answer);
        return refusal;
      },
    });
    server.handle("GET /tickers", () => ({ status: 404, body: CHARTS_REFUSAL }));
    await expect(tickers(client)).rejects.toBe(refusal);
    expect(seen).toHaveLength(1);
    const { status, body, text, target } = seen[0]!;
    expect({ status, body, target }).toEqual({
      status: 404,
      body: JSON.parse(CHARTS_REFUSAL),
      target: { method: "GET", path: "/tickers", operationId: "getTickers" },
    });
    // The fast path hands the text as received; the middleware path gets it back from openapi-fetch's parse.
    expect(JSON.parse(text)).toEqual(JSON.parse(CHARTS_REFUSAL));
    if (path === "fast path") expect(text).toBe(CHARTS_REFUSAL);
  });

  it("a bare {errors} body left to the core is an HttpError with the body, not Kraken's envelope", async () => {
    server.handle("GET /tickers", () => ({ status: 404, body: CHARTS_REFUSAL }));
    const error = await tickers(clientOf(path, { interpretError: () => undefined })).catch((e) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 404, bodySnippet: expect.stringContaining('"notFound"') });
    // Without a hook (the Trading surface) the same body is still read as Kraken's envelope.
    await expect(tickers(clientOf(path))).rejects.toBeInstanceOf(KrakenApiError);
  });

  it("left to the core, Kraken's own envelope is still a KrakenApiError", async () => {
    server.handle("GET /tickers", () => ({
      status: 400,
      body: '{"result":"error","error":"invalidArgument"}',
    }));
    await expect(tickers(clientOf(path, { interpretError: () => undefined }))).rejects.toMatchObject({
      name: "InvalidArgumentError",
      error: "invalidArgument",
      status: 400,
    });
  });

  it("a 2xx body with a bare {errors} member is data on such a surface", async () => {
    server.handle("GET /tickers", () => ({ body: '{"errors":[],"tickers":[]}' }));
    const { data } = await tickers(clientOf(path, { interpretError: () => undefined }));
    expect(data).toEqual({ errors: [], tickers: [] });
  });

  it("a server-side RateLimitError from the hook is retried on a retry-safe call; other refusals are not", async () => {
    let calls = 0;
    server.handle("GET /tickers", () =>
      ++calls === 1 ? { status: 429, body: "{}" } : { body: '{"result":"success","tickers":[]}' },
    );
    const interpretError: SurfaceOptions["interpretError"] = ({ status, target }) =>
      status === 429
        ? new RateLimitError({ error: "apiLimitExceeded" }, { target, status, source: "server" })
        : new HttpError(status, "", { target });
    const { data } = await tickers(clientOf(path, { interpretError }, 2));
    expect(data).toMatchObject({ tickers: [] });
    expect(calls).toBe(2);

    server.handle("GET /tickers", () => ({ status: 404, body: "{}" }));
    await expect(tickers(clientOf(path, { interpretError }, 2))).rejects.toMatchObject({ status: 404 });
    expect(server.received.filter((r) => r.pathname.endsWith("/tickers"))).toHaveLength(3);
  });
});
