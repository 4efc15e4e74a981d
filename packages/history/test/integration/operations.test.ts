/**
 * Every operation of the History document, called with typed arguments through the real client against
 * the mock exchange, after real account activity on its Trading API. The mock verifies signatures over
 * the full `/api/history/...` path with the default test key; public market history goes unsigned.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createHistoryClient, type HistoryClient, historyApi } from "../../src/index.js";
import {
  credentials,
  expectedAuthent,
  type Harness,
  recordingFetch,
  startHarness,
} from "../fixtures/mock.js";

let h: Harness;
let client: HistoryClient;
let recorder: ReturnType<typeof recordingFetch>;
let stopId: string;

beforeAll(async () => {
  h = await startHarness(3);
  // A taker buy (a fill: executions, a position, two account-log entries), a resting bid placed and
  // cancelled (order events), a reduce-only stop placed and cancelled (trigger events).
  const { data: bought } = await h.trading.POST("/sendorder", {
    params: { query: { orderType: "mkt", symbol: "PF_XBTUSD", side: "buy", size: 0.02 } },
  });
  expect(bought.sendStatus?.status).toBe("placed");
  const bid = h.mock.exchange.books.get("PF_XBTUSD")!.bestSimulated("buy")!;
  const { data: resting } = await h.trading.POST("/sendorder", {
    params: {
      query: {
        orderType: "lmt",
        symbol: "PF_XBTUSD",
        side: "buy",
        size: 0.01,
        limitPrice: Math.round(bid - 500),
      },
    },
  });
  await h.trading.POST("/cancelorder", { params: { query: { order_id: resting.sendStatus!.order_id! } } });
  const mark = h.mock.exchange.markPrice("PF_XBTUSD");
  const { data: stop } = await h.trading.POST("/sendorder", {
    params: {
      query: {
        orderType: "stp",
        symbol: "PF_XBTUSD",
        side: "sell",
        size: 0.01,
        stopPrice: Math.round(mark - 5_000),
        reduceOnly: true,
      },
    },
  });
  stopId = stop.sendStatus!.order_id!;
  await h.trading.POST("/cancelorder", { params: { query: { order_id: stopId } } });
  h.clock.advance(1_000);
});
afterAll(() => h.mock.stop());

/** One typed call per operation; each resolves to how many rows the answer carried. */
const calls: Record<string, (c: HistoryClient) => Promise<number>> = {
  getOrderEventsV2: async (c) => (await c.GET("/v2/orders")).data.len,
  getTriggerEventsV2: async (c) =>
    (await c.GET("/v2/triggers", { params: { query: { sort: "asc" } } })).data.len,
  getExecutionEventsV2: async (c) =>
    (await c.GET("/v2/executions", { params: { query: { tradeable: "PF_XBTUSD" } } })).data.len,
  getPositionEvents: async (c) => (await c.GET("/v3/positions")).data.len,
  getAccountLog: async (c) =>
    (await c.GET("/v3/account-log", { params: { query: { count: 25 } } })).data.logs.length,
  getAccountLogCsvV2: async (c) => (await c.accountLogCsv()).trim().split("\n").length - 1,
  getPublicExecutionEvents: async (c) =>
    (
      await c.GET("/v3/market/{tradeable}/executions", {
        params: { path: { tradeable: "PF_XBTUSD" }, query: { count: 50 } },
      })
    ).data.len,
  getPublicOrderEventsV2: async (c) =>
    (await c.GET("/v2/market/{tradeable}/orders", { params: { path: { tradeable: "PF_XBTUSD" } } })).data.len,
  getPublicPriceEventsV2: async (c) =>
    (
      await c.GET("/v2/market/{tradeable}/price", {
        params: { path: { tradeable: "PF_ETHUSD" }, query: { count: 10, sort: "asc" } },
      })
    ).data.len,
  // The current paths of Kraken's reference (/api/history/v3), answering like the v2 ones.
  getOrderEvents: async (c) => (await c.GET("/v3/orders", { params: { query: { opened: true } } })).data.len,
  getTriggerEvents: async (c) =>
    (await c.GET("/v3/triggers", { params: { query: { sort: "asc", count: 10 } } })).data.len,
  getExecutionEvents: async (c) =>
    (await c.GET("/v3/executions", { params: { query: { tradeable: "PF_XBTUSD" } } })).data.len,
  getAccountLogCsv: async (c) => {
    const { data } = await c.GET("/v3/accountlogcsv");
    return String(data).trim().split("\n").length - 1;
  },
  getPublicOrderEvents: async (c) =>
    (await c.GET("/v3/market/{tradeable}/orders", { params: { path: { tradeable: "PF_XBTUSD" } } })).data.len,
  getPublicPriceEvents: async (c) =>
    (
      await c.GET("/v3/market/{tradeable}/price", {
        params: { path: { tradeable: "PF_ETHUSD" }, query: { count: 10 } },
      })
    ).data.elements.filter((e) => typeof e.event.price === "number").length,
};

describe("every operation of the History document, against the mock exchange", () => {
  beforeAll(() => {
    recorder = recordingFetch();
    client = createHistoryClient({ origin: h.mock.origin, credentials, retry: false, fetch: recorder.fetch });
  });

  it("covers every operation of the generated table", () => {
    const ids = Object.values(historyApi.operations).map((op) => op.operationId);
    expect(Object.keys(calls).sort()).toEqual([...ids].sort());
    expect(ids).toHaveLength(15);
  });

  for (const op of Object.values(historyApi.operations)) {
    it(`${op.operationId} (${op.signed ? "signed" : "public"})`, async () => {
      const before = h.history().length;
      const rows = await calls[op.operationId]!(client);
      expect(rows, "the answer reports the account's or the market's activity").toBeGreaterThan(0);
      const records = h.history().slice(before);
      // The mock routed exactly one request to this operation, accepted its signature (or took it as
      // public) and answered 200.
      expect(records.map((r) => [r.operationId, r.status])).toEqual([[op.operationId, 200]]);
      expect(records[0]!.apiKey).toBe(op.signed ? credentials.apiKey : undefined);
      const sent = recorder.sent.at(-1)!;
      const url = new URL(sent.url);
      expect(url.pathname.startsWith("/api/history/v")).toBe(true);
      if (op.signed) {
        // Signed over the full endpoint path, never the path relative to /api/history.
        const nonce = sent.headers.get("nonce")!;
        const query = url.search.slice(1);
        expect(sent.headers.get("authent")).toBe(expectedAuthent(query, nonce, url.pathname));
        expect(sent.headers.get("authent")).not.toBe(
          expectedAuthent(query, nonce, url.pathname.slice("/api/history".length)),
        );
      } else {
        expect([sent.headers.get("apikey"), sent.headers.get("authent")]).toEqual([null, null]);
      }
    });
  }
});

describe("answers, as the client hands them over", () => {
  beforeAll(() => {
    client = createHistoryClient({ origin: h.mock.origin, credentials, retry: false });
  });

  it("returns the CSV export as text, header row first, one row per account-log entry", async () => {
    const csv = await client.accountLogCsv();
    const lines = csv.trim().split("\n");
    expect(lines[0]).toMatch(/^uid,dateTime,account,type,symbol/);
    expect(lines).toHaveLength(1 + 2 * h.mock.exchange.fills.length);
    expect(h.history().at(-1)).toMatchObject({ operationId: "getAccountLogCsvV2", status: 200 });
  });

  it("hands numbers where the wire has digit strings and keeps empty decimals as they are", async () => {
    const fill = h.mock.exchange.fills[0]!;
    const { data } = await client.GET("/v2/executions", { params: { query: { sort: "asc" } } });
    const execution = data.elements[0]!.event.Execution!.execution;
    expect(execution.price).toBe(fill.price);
    expect(execution.quantity).toBe(fill.size);
    expect(typeof data.elements[0]!.timestamp).toBe("number");
    const { data: market } = await client.GET("/v3/market/{tradeable}/executions", {
      params: { path: { tradeable: "PF_XBTUSD" }, query: { count: 1 } },
    });
    const publicExecution = market.elements[0]!.event.Execution!;
    expect(typeof publicExecution.execution.price).toBe("number");
    expect(publicExecution.takerReducedQuantity).toBe("");
  });

  it("reports the stop's trigger events, placed then cancelled", async () => {
    const kinds: string[] = [];
    for await (const event of client.triggerEvents({ sort: "asc" })) {
      const body = Object.values(event.event)[0] as { order?: { uid?: string } };
      if (body.order?.uid === stopId) kinds.push(Object.keys(event.event)[0]!);
    }
    expect(kinds).toEqual(["OrderTriggerPlaced", "OrderTriggerCancelled"]);
  });
});

describe("the fast path", () => {
  it("installs no middleware: answers and refusals are read without building a single Request", async () => {
    // The middleware path builds a real Request per call (openapi-fetch reads globalThis.Request);
    // the fast path, with the default transport, builds none.
    let built = 0;
    const Real = globalThis.Request;
    vi.stubGlobal(
      "Request",
      class extends Real {
        constructor(...args: ConstructorParameters<typeof Request>) {
          super(...args);
          built++;
        }
      },
    );
    try {
      const history = createHistoryClient({ origin: h.mock.origin, credentials, retry: false });
      const { data } = await history.GET("/v3/positions");
      expect(data.len).toBeGreaterThan(0);
      const path = { path: { tradeable: "PF_NOPEUSD" } };
      await expect(history.GET("/v2/market/{tradeable}/price", { params: path })).rejects.toMatchObject({
        name: "HistoryApiError",
        status: 404,
      });
      expect(built).toBe(0);
      // The count does see the middleware path once middleware is installed.
      history.use({ onRequest: ({ request }) => request });
      await history.GET("/v3/positions");
      expect(built).toBeGreaterThan(0);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe("refusals by the mock exchange", () => {
  it("maps a wrong signature (HTTP 401) to AuthenticationError and does not retry it", async () => {
    const before = h.history().length;
    const wrong = createHistoryClient({
      origin: h.mock.origin,
      credentials: { apiKey: credentials.apiKey, apiSecret: Buffer.alloc(64, 1).toString("base64") },
      sleep: async () => {},
    });
    const error = await wrong.GET("/v2/triggers").catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "AuthenticationError", status: 401, path: "/v2/triggers" });
    expect((error as Error).message).not.toContain(credentials.apiSecret);
    expect(
      h
        .history()
        .slice(before)
        .map((r) => r.status),
    ).toEqual([401]);
  });

  it("maps {status, reason} (HTTP 404) to HistoryApiError with both fields", async () => {
    const error = await createHistoryClient({ origin: h.mock.origin, retry: false })
      .GET("/v2/market/{tradeable}/price", { params: { path: { tradeable: "PF_NOPEUSD" } } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: "HistoryApiError",
      status: 404,
      code: "not_found",
      reason: "Resource was not found.",
      operationId: "getPublicPriceEventsV2",
    });
  });

  it.each([
    ["a 5xx answer", 503, "UnexpectedResponseError"],
    ["a 429 answer", 429, "RateLimitError"],
  ] as const)("retries %s of a read, then succeeds", async (_, status, retried) => {
    const before = h.history().length;
    const match = { match: { operationId: "getPositionEvents" }, times: 1 };
    if (status === 429) h.mock.faults.rateLimit(match);
    else h.mock.faults.serverError(status, match);
    const warned: unknown[] = [];
    const retrying = createHistoryClient({
      origin: h.mock.origin,
      credentials,
      sleep: async () => {},
      logger: { warn: (_message, fields) => warned.push(fields?.error) },
    });
    const { data } = await retrying.GET("/v3/positions");
    expect(data.len).toBeGreaterThan(0);
    expect(warned).toEqual([retried]);
    expect(
      h
        .history()
        .slice(before)
        .map((r) => [r.operationId, r.status]),
    ).toEqual([
      ["getPositionEvents", status],
      ["getPositionEvents", 200],
    ]);
  });

  it("refuses a signed call without credentials before sending or spending budget", async () => {
    const before = h.mock.requests.length;
    const anonymous = createHistoryClient({ origin: h.mock.origin });
    await expect(anonymous.GET("/v2/orders")).rejects.toMatchObject({ name: "MissingCredentialsError" });
    expect(h.mock.requests.length).toBe(before);
    expect(anonymous.queue.bucket("history")?.available).toBe(100);
  });
});
