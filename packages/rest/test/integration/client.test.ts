import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ApiDescription } from "../../src/api-description.js";
import { batchOrder } from "../../src/batch.js";
import { createApiClient } from "../../src/client.js";
import { MissingCredentialsError, ValidationError } from "../../src/errors.js";
import { tradingApi } from "../../src/generated/trading.operations.gen.js";
import { createRestClient, type RestClient } from "../../src/rest-client.js";
import { fixtureApi, type fixturePaths } from "../fixtures/api.js";
import { fakeClock } from "../fixtures/clock.js";
import { API_KEY, API_SECRET, krakenError, ok, startServer, type TestServer } from "../fixtures/server.js";

const credentials = { apiKey: API_KEY, apiSecret: API_SECRET };
let server: TestServer;
let clock: ReturnType<typeof fakeClock>;
let client: RestClient;

beforeEach(async () => {
  clock = fakeClock();
  server = await startServer(tradingApi, { now: clock.now });
  client = createRestClient({ origin: server.origin, credentials, now: clock.now, sleep: clock.sleep });
});
afterEach(async () => {
  await server.close();
});

const last = () => server.received.at(-1)!;
const UUID = "e35d61dd-8a30-4d5f-a574-b5593ef0c050";

describe("encodings that break naive clients", () => {
  const tricky = ["with space", "a+b", "a&b=c", "percent%20literal", "ünïcødé ✓ 🚀", "quote'\"!*()~"];
  for (const cliOrdId of tricky) {
    it(`signs sendorder with cliOrdId ${JSON.stringify(cliOrdId)}`, async () => {
      const { data } = await client.POST("/sendorder", {
        params: {
          query: {
            orderType: "lmt",
            symbol: "PF_XBTUSD",
            side: "buy",
            size: 0.0001,
            limitPrice: 1e-7,
            cliOrdId,
          },
        },
      });
      expect(data.result).toBe("success");
      const request = last();
      expect(request.authentOk).toBe(true);
      const decoded = new URLSearchParams(request.rawQuery);
      expect(decoded.get("cliOrdId")).toBe(cliOrdId);
      expect(decoded.get("limitPrice")).toBe("0.0000001");
      // RFC 3986: a space is %20 on the wire, never "+".
      expect(request.rawQuery).not.toContain("+");
    });
  }

  it("signs a batch of several orders sent as url-encoded JSON, costing 9 + 1 per instruction", async () => {
    const instructions = [
      {
        order: "send",
        order_tag: "1",
        orderType: "lmt",
        symbol: "PF_XBTUSD",
        side: "buy",
        size: 1,
        limitPrice: 1.5,
        cliOrdId: "a b+c&d",
      },
      {
        order: "send",
        order_tag: "2",
        orderType: "stp",
        symbol: "PF_XBTUSD",
        side: "sell",
        size: 2,
        limitPrice: 2,
        stopPrice: 3,
        reduceOnly: true,
      },
      { order: "edit", order_id: UUID, size: 3 },
      { order: "cancel", cliOrdId: "ünï" },
    ] as const;
    await batchOrder(client, [...instructions], { processBefore: "2026-11-21T10:00:00Z" });
    const request = last();
    expect(request.authentOk).toBe(true);
    const query = new URLSearchParams(request.rawQuery);
    expect(JSON.parse(query.get("json")!)).toEqual({ batchOrder: instructions });
    expect(query.get("processBefore")).toBe("2026-11-21T10:00:00Z");
    expect(request.cost).toBe(13);
  });

  it("signs a form body with repeated keys (orders/status)", async () => {
    await client.POST("/orders/status", { body: { cliOrdIds: ["a b", "c+d", "ü"] } });
    const request = last();
    expect(request.authentOk).toBe(true);
    expect(request.rawQuery).toBe("");
    expect(request.body).toBe("cliOrdIds=a%20b&cliOrdIds=c%2Bd&cliOrdIds=%C3%BC");
    expect(request.headers["content-type"]).toBe("application/x-www-form-urlencoded");
  });

  it("sends historical funding rates under /derivatives/api (the operation's own base path)", async () => {
    await client.GET("/v4/historicalfundingrates", { params: { query: { symbol: "PF_XBTUSD" } } });
    expect(last().pathname).toBe("/derivatives/api/v4/historicalfundingrates");
  });
});

describe("before sending", () => {
  it("refuses a signed call without credentials", async () => {
    const anonymous = createRestClient({ origin: server.origin });
    await expect(anonymous.GET("/openorders")).rejects.toBeInstanceOf(MissingCredentialsError);
    expect(server.received.length).toBe(0);
  });

  it("refuses an empty path parameter", async () => {
    await expect(
      client.GET("/tickers/{symbol}", { params: { path: { symbol: "" } } }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(server.received.length).toBe(0);
  });
});

describe("argument checks against the operation table, before sending", () => {
  const bad = { orderType: "lmt", symbol: "PF_XBTUSD", side: "buy", size: "1", limitPrice: 64000 };

  it("throws a ValidationError naming the operation, the parameter and the rule; nothing is sent", async () => {
    const error = await client
      .POST("/sendorder", { params: { query: bad as never } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    const v = error as ValidationError;
    expect(v.operationId).toBe("sendOrder");
    expect(v.message).toContain("sendOrder");
    expect(v.message).toContain('query parameter "size"');
    expect(v.message).toContain("(type)");
    expect(v.issues).toEqual([expect.objectContaining({ parameter: "size", in: "query", rule: "type" })]);
    expect(v.message).not.toContain(API_SECRET);
    expect(v.message).not.toContain(API_KEY);
    // Refused before the queue: no request, no cost spent, no nonce drawn.
    expect(server.received.length).toBe(0);
    expect(client.queue.bucket("derivatives")?.available).toBe(500);
  });

  it("checks path parameters too", async () => {
    await expect(
      client.GET("/tickers/{symbol}", { params: { path: { symbol: "a/b" } } }),
    ).rejects.toMatchObject({ issues: [{ parameter: "symbol", in: "path", rule: "pattern" }] });
    expect(server.received.length).toBe(0);
  });

  it("checkParams: false sends what the types let through, and the server decides", async () => {
    const unchecked = createRestClient({ origin: server.origin, credentials, checkParams: false });
    await unchecked.POST("/sendorder", { params: { query: bad as never } });
    expect(server.received.length).toBe(1);
    expect(last().rawQuery).toContain("size=1");
  });
});

describe("operations whose answer is text (responseType)", () => {
  const exportApi = {
    ...fixtureApi,
    operations: {
      "GET /export": {
        operationId: "getExport",
        method: "GET",
        path: "/export",
        signed: false,
        retrySafe: true,
        deprecated: false,
        rateLimit: { cost: 0 },
        responseType: "text",
      },
    },
  } as ApiDescription;

  it("hands back the text as it came, and still throws Kraken's error envelope", async () => {
    const textServer = await startServer(exportApi);
    try {
      const csv = "time,price\n2026-11-21T10:00:00Z,64000.5\n";
      textServer.handle("GET /export", () => ({ body: csv, headers: { "content-type": "text/csv" } }));
      const exporter = createApiClient<{
        "/export": { get: { responses: { 200: { content: { "text/csv": string } } } } };
      }>(exportApi, { origin: textServer.origin, retry: false });
      const { data } = await exporter.GET("/export");
      expect(data).toBe(csv);
      textServer.handle("GET /export", () => krakenError("Unavailable"));
      await expect(exporter.GET("/export", {} as never)).rejects.toMatchObject({ error: "Unavailable" });
    } finally {
      await textServer.close();
    }
  });
});

describe("numbers", () => {
  it("hands users numbers where the server sends numeric strings", async () => {
    server.handle("GET /unwindqueue", () =>
      ok({
        queue: [
          { symbol: "PF_XBTUSD", percentile: "40" },
          { symbol: "PF_ETHUSD", percentile: 100 },
        ],
      }),
    );
    const { data } = await client.GET("/unwindqueue");
    expect(data.queue).toEqual([
      { symbol: "PF_XBTUSD", percentile: 40 },
      { symbol: "PF_ETHUSD", percentile: 100 },
    ]);
  });
});

describe("the shared core with another ApiDescription", () => {
  it("serves a different surface from its own table (reuse by History and Charts)", async () => {
    const other = await startServer(fixtureApi);
    try {
      const fixture = createApiClient<fixturePaths>(fixtureApi, { origin: other.origin, credentials });
      other.handle("GET /openpositions", () =>
        ok({ openPositions: [{ size: "1.5", price: "64000" }], rates: { a: "0.01", b: 2 } }),
      );
      const { data } = await fixture.GET("/openpositions");
      expect(data.openPositions).toEqual([{ size: 1.5, price: 64000 }]);
      expect(data.rates).toEqual({ a: 0.01, b: 2 });
      expect(other.received.at(-1)!.authentOk).toBe(true);
    } finally {
      await other.close();
    }
  });
});
