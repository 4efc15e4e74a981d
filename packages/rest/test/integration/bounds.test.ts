/**
 * Arguments the spec refuses are refused before anything is sent (issue 12, item 7): sizes and
 * prices must be positive and at most 10^15, symbols non-empty, path segments never "." or ".." (a URL
 * parser would turn `/tickers/..` into another endpoint). Each case counts the requests that reached
 * a loopback server: none may.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batchOrder } from "../../src/batch.js";
import { createApiClient } from "../../src/client.js";
import { ValidationError } from "../../src/errors.js";
import { tradingApi } from "../../src/generated/trading.operations.gen.js";
import { createRestClient, type RestClient } from "../../src/rest-client.js";
import { fixtureApi, type fixturePaths } from "../fixtures/api.js";
import { API_KEY, API_SECRET, startServer, type TestServer } from "../fixtures/server.js";

let server: TestServer;
let client: RestClient;
beforeAll(async () => {
  server = await startServer(tradingApi);
  client = createRestClient({
    origin: server.origin,
    credentials: { apiKey: API_KEY, apiSecret: API_SECRET },
  });
});
afterAll(() => server.close());

const order = { orderType: "lmt", symbol: "PF_XBTUSD", side: "buy", size: 1, limitPrice: 50000 } as const;

/** Runs `call`, expects a ValidationError naming `parameter` for `rule`, and that nothing was sent. */
async function refused(call: () => Promise<unknown>, parameter: string, rule: string) {
  const before = server.received.length;
  const error = await call().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  const issues = (error as ValidationError).issues;
  expect(issues.map((i) => [i.parameter, i.rule])).toContainEqual([parameter, rule]);
  expect((error as Error).message).toContain(`"${parameter}"`);
  expect(server.received.length - before).toBe(0);
}

describe("sendorder arguments the spec refuses are never sent", () => {
  const send = (query: Record<string, unknown>) => () =>
    client.POST("/sendorder", { params: { query: { ...order, ...query } as never } });

  it.each([
    ["size", -1, "exclusiveMinimum"],
    ["size", 0, "exclusiveMinimum"],
    ["size", -0, "exclusiveMinimum"],
    ["size", 1e21, "maximum"],
    ["limitPrice", -50000, "exclusiveMinimum"],
    ["stopPrice", 0, "exclusiveMinimum"],
    ["symbol", "", "minLength"],
  ])("%s = %s (%s)", async (name, value, rule) => {
    await refused(send({ [name]: value }), name, rule);
  });

  it("a negative limitPriceOffsetValue is sent: Kraken allows a relative limit below the stop price", async () => {
    const before = server.received.length;
    await client.POST("/sendorder", {
      params: {
        query: {
          orderType: "stp",
          symbol: "PF_XBTUSD",
          side: "sell",
          size: 1,
          stopPrice: 50000,
          limitPriceOffsetValue: -50,
          limitPriceOffsetUnit: "QUOTE_CURRENCY",
        },
      },
    });
    expect(server.received.length - before).toBe(1);
  });
});

describe("path segments that would change the URL are never sent", () => {
  it.each([
    ["..", "pattern"],
    [".", "pattern"],
  ])('GET /tickers/{symbol} with symbol "%s"', async (symbol, rule) => {
    await refused(() => client.GET("/tickers/{symbol}", { params: { path: { symbol } } }), "symbol", rule);
  });

  it('GET /tickers/{symbol} with symbol ""', async () => {
    await refused(
      () => client.GET("/tickers/{symbol}", { params: { path: { symbol: "" } } }),
      "symbol",
      "pattern",
    );
  });

  it('GET /instruments/{symbol}/status with symbol ".."', async () => {
    await refused(
      () => client.GET("/instruments/{symbol}/status", { params: { path: { symbol: ".." } } }),
      "symbol",
      "pattern",
    );
  });

  // Every surface's table may lack a pattern (History, Charts, a hand-written table): the client
  // refuses dot segments in any path parameter whatever the table says.
  it.each(["..", "."])('a surface without patterns: path parameter "%s" is refused', async (symbol) => {
    const bare = createApiClient<fixturePaths>(fixtureApi, { origin: server.origin });
    const before = server.received.length;
    const error = await bare
      .GET("/tickers/{symbol}", { params: { path: { symbol } } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toContain('path parameter "symbol"');
    expect(server.received.length - before).toBe(0);
  });

  it("a symbol with a dot inside is still sent", async () => {
    const before = server.received.length;
    await client.GET("/tickers/{symbol}", { params: { path: { symbol: "PF_XBT.USD" } } });
    expect(server.received.length - before).toBe(1);
  });
});

describe("editorder and batchorder instructions", () => {
  it("editorder size -1 and limitPrice -50000", async () => {
    const edit = (query: Record<string, unknown>) => () =>
      client.POST("/editorder", { params: { query: { orderId: "o-1", ...query } as never } });
    await refused(edit({ size: -1 }), "size", "exclusiveMinimum");
    await refused(edit({ limitPrice: -50000 }), "limitPrice", "exclusiveMinimum");
  });

  const send = (fields: Record<string, unknown>) => ({ order: "send", order_tag: "1", ...order, ...fields });
  it.each([
    ["send", send({ size: 0 }), "size"],
    ["send", send({ limitPrice: -50000 }), "limitPrice"],
    ["send", send({ symbol: "" }), "symbol"],
    ["edit", { order: "edit", order_id: "e35d61dd-8a30-4d5f-a574-b5593ef0c050", size: 1e21 }, "size"],
  ])("batchorder %s instruction: bad %s", async (_, instruction, field) => {
    const before = server.received.length;
    const error = await batchOrder(client, [send({ order_tag: "0" }) as never, instruction as never]).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    const [issue] = (error as ValidationError).issues;
    expect(issue?.parameter).toBe(`json.batchOrder[1].${field}`);
    expect((error as Error).message).toContain(`"json.batchOrder[1].${field}"`);
    expect(server.received.length - before).toBe(0);
  });
});
