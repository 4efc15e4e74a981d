/**
 * The client against the mock exchange (`@kraken-futures/mock`): Kraken's rules implemented
 * independently of this package (routes and argument checks from the spec, Authent and nonces
 * verified per key, a per-key budget, an in-memory market). Every operation is called with typed
 * arguments; encodings that break naive clients must reach the exchange intact.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batchOrder } from "../../src/batch.js";
import { AuthenticationError } from "../../src/errors.js";
import { tradingApi } from "../../src/generated/trading.operations.gen.js";
import { createRestClient, type RestClient } from "../../src/rest-client.js";
import { DEFAULT_TEST_KEY, type MockExchange, startMockExchange } from "../fixtures/mock.js";
import { type ExistingIds, everyOperation, limitBuy } from "../fixtures/operations.js";

let mock: MockExchange;
let client: RestClient;
const ids: ExistingIds = { orderId: "", cliOrdId: "resting + order & ü", assignmentId: 0 };

async function restingOrder(cliOrdId: string, limitPrice = 1000) {
  const { data } = await client.POST("/sendorder", {
    params: { query: { orderType: "lmt", symbol: "PF_XBTUSD", side: "buy", size: 1, limitPrice, cliOrdId } },
  });
  expect(data.sendStatus?.status).toBe("placed");
  return data.sendStatus!.order_id!;
}

beforeAll(async () => {
  // A wallet deep enough for the size-1 bids below: the mock holds each at the mark (its margin rule).
  mock = await startMockExchange({ balances: { flex: { USD: 1_000_000 } } });
  client = createRestClient({ origin: mock.origin, credentials: DEFAULT_TEST_KEY });
  ids.orderId = await restingOrder(ids.cliOrdId);
  const { data } = await client.POST("/assignmentprogram/add", {
    params: {
      query: {
        acceptLong: true,
        acceptShort: true,
        contractType: "flex",
        enabled: true,
        timeFrame: "weekdays",
      },
    },
  });
  ids.assignmentId = data.id!;
});
afterAll(async () => {
  await mock?.stop();
});

const lastRecord = () => mock.requests.at(-1)!;

describe("every Trading operation, typed, against the mock exchange", () => {
  const calls = everyOperation(ids);

  it("covers every operation of the generated table", () => {
    expect(calls.map(([key]) => key).sort()).toEqual(Object.keys(tradingApi.operations).sort());
  });

  for (const [key, call] of calls) {
    it(key, async () => {
      await call(client);
      const op = tradingApi.operations[key as keyof typeof tradingApi.operations];
      const record = lastRecord();
      // The exchange routed it to this operation, accepted the signature and answered without error.
      expect(record.operationId).toBe(op.operationId);
      expect(record.status).toBe(200);
      expect(record.error).toBeUndefined();
      expect(record.apiKey).toBe(op.signed ? DEFAULT_TEST_KEY.apiKey : undefined);
    });
  }
});

describe("encodings that break naive clients reach the exchange intact", () => {
  const tricky = ["with space", "a+b", "a&b=c", "percent%20literal", "ünïcødé ✓ 🚀", "quote'\"!*()~"];

  it("cliOrdIds with spaces, +, &, %, quotes and unicode", async () => {
    for (const cliOrdId of tricky) await restingOrder(cliOrdId, 900);
    const { data } = await client.GET("/openorders");
    const stored = new Set(data.openOrders?.map((o) => o.cliOrdId));
    for (const cliOrdId of tricky) expect(stored).toContain(cliOrdId);
  });

  it("a batch of several orders, url-encoded JSON, each instruction applied", async () => {
    const target = await restingOrder("batch target", 800);
    const { data } = await batchOrder(
      client,
      [
        limitBuy("1", { limitPrice: 700, cliOrdId: "b a+t&c=h ü" }),
        limitBuy("2", { limitPrice: 10, symbol: "PF_ETHUSD" }),
        { order: "edit", order_id: target, size: 3 },
        { order: "cancel", cliOrdId: "with space" },
      ],
      { processBefore: new Date(Date.now() + 60_000).toISOString() },
    );
    expect(data.batchStatus.map((s) => s.status)).toEqual(["placed", "placed", "edited", "cancelled"]);
    const { data: open } = await client.GET("/openorders");
    const byCliOrdId = new Map(open.openOrders?.map((o) => [o.cliOrdId, o]));
    expect(byCliOrdId.has("b a+t&c=h ü")).toBe(true);
    expect(byCliOrdId.has("with space")).toBe(false);
    expect(open.openOrders?.find((o) => o.order_id === target)?.unfilledSize).toBe(3);
  });

  it("a form body with repeated keys (orders/status)", async () => {
    const { data } = await client.POST("/orders/status", { body: { cliOrdIds: ["a+b", "ünïcødé ✓ 🚀"] } });
    expect(data.orders?.map((o) => o.order?.cliOrdId).sort()).toEqual(["a+b", "ünïcødé ✓ 🚀"]);
  });
});

describe("the exchange refuses what Kraken would", () => {
  it("a key pair it does not know: AuthenticationError, with no credential in the message", async () => {
    const stranger = createRestClient({
      origin: mock.origin,
      credentials: { apiKey: "not-a-known-key", apiSecret: DEFAULT_TEST_KEY.apiSecret },
    });
    const error = await stranger.GET("/openpositions").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(String((error as Error).message)).not.toContain(DEFAULT_TEST_KEY.apiSecret);
    expect(lastRecord().error).toBe("authenticationError");
  });
});
