import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHistoryClient, type HistoryClient, historyApi } from "../../src/index.js";
import { type Exchange, expectedAuthent, MARKET, startExchange } from "../fixtures/exchange.js";

let exchange: Exchange;
let client: HistoryClient;
beforeEach(async () => {
  exchange = await startExchange();
  client = createHistoryClient({ origin: exchange.origin, credentials: exchange.credentials, retry: false });
});
afterEach(async () => {
  await exchange.stop();
});

describe("every operation of the History document", () => {
  it("is called once, signed exactly when the spec says, with the /api/history path", async () => {
    const operations = Object.values(historyApi.operations);
    for (const op of operations) {
      const init = op.path.includes("{tradeable}") ? { params: { path: { tradeable: MARKET } } } : {};
      const { response } = await client.GET(op.path as "/v2/orders", init as object);
      expect(response.status, op.operationId).toBe(200);
    }
    expect(exchange.received.map((r) => r.operationId)).toEqual(operations.map((op) => op.operationId));
    for (const [i, op] of operations.entries()) {
      const request = exchange.received[i]!;
      expect(request.pathname.startsWith("/api/history/v")).toBe(true);
      // Signed calls carry a valid Authent; public ones none at all (no key leaks to public endpoints).
      expect(request.authentOk, op.operationId).toBe(op.signed ? true : undefined);
      expect(request.headers["apikey"] !== undefined, op.operationId).toBe(op.signed);
    }
    expect(operations.length).toBe(9);
  });

  it("signs the full endpoint path, not the path relative to the base", async () => {
    await client.GET("/v2/orders", { params: { query: { sort: "asc", count: 5 } } });
    const request = exchange.received[0]!;
    const nonce = String(request.headers["nonce"]);
    expect(request.rawQuery).toBe("sort=asc&count=5");
    expect(request.headers["authent"]).toBe(
      expectedAuthent(request.rawQuery, nonce, "/api/history/v2/orders"),
    );
    expect(request.headers["authent"]).not.toBe(expectedAuthent(request.rawQuery, nonce, "/v2/orders"));
  });

  it("hands numbers where the wire has digit strings and keeps empty decimals as they are", async () => {
    const { data } = await client.GET("/v2/orders");
    expect(data.len).toBe(10);
    const element = data.elements[0]!;
    expect(typeof element.timestamp).toBe("number");
    const order = element.event.OrderUpdated?.newOrder;
    expect(typeof order?.quantity).toBe("number");
    expect(typeof order?.timestamp).toBe("number");
    const { data: executions } = await client.GET("/v2/executions");
    const execution = executions.elements[0]!.event.Execution!;
    expect(execution.execution.price).toBe(3012.5);
    expect(execution.takerReducedQuantity).toBe("");
  });

  it("returns the CSV export as text, header row first", async () => {
    const csv = await client.accountLogCsv();
    expect(csv.split("\n")[0]).toMatch(/^uid,dateTime,account,type,symbol/);
    expect(csv.trim().split("\n").length).toBe(3);
    expect(exchange.received[0]!.authentOk).toBe(true);
    expect(exchange.received[0]!.cost).toBe(6);
  });
});

describe("refusals", () => {
  it("maps a wrong signature (HTTP 401) to AuthenticationError and does not retry it", async () => {
    const wrong = createHistoryClient({
      origin: exchange.origin,
      credentials: { apiKey: exchange.credentials.apiKey, apiSecret: Buffer.alloc(64, 1).toString("base64") },
    });
    const error = await wrong.GET("/v2/triggers").catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "AuthenticationError", status: 401, path: "/v2/triggers" });
    expect((error as Error).message).toContain("Invalid API key or signature.");
    expect(exchange.received).toHaveLength(1);
  });

  it("maps {status, reason} (HTTP 404) to HistoryApiError with both fields", async () => {
    const error = await client
      .GET("/v2/market/{tradeable}/price", { params: { path: { tradeable: "PF_NOPE" } } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: "HistoryApiError",
      status: 404,
      code: "not_found",
      reason: "Resource was not found.",
      operationId: "getPublicPriceEvents",
    });
  });

  it("retries a 5xx answer of a read, then succeeds", async () => {
    let failures = 1;
    exchange.override("getPositionEvents", () =>
      failures-- > 0
        ? { status: 503, body: JSON.stringify({ status: "unavailable", reason: "busy" }) }
        : undefined,
    );
    const retrying = createHistoryClient({
      origin: exchange.origin,
      credentials: exchange.credentials,
      sleep: async () => {},
    });
    const { data } = await retrying.GET("/v3/positions");
    expect(data.elements).toHaveLength(10);
    expect(exchange.received.map((r) => r.status)).toEqual([503, 200]);
  });

  it("refuses a signed call without credentials before sending or spending budget", async () => {
    const anonymous = createHistoryClient({ origin: exchange.origin });
    await expect(anonymous.GET("/v2/orders")).rejects.toMatchObject({ name: "MissingCredentialsError" });
    expect(exchange.received).toHaveLength(0);
    expect(anonymous.queue.bucket("history")?.available).toBe(100);
  });
});
