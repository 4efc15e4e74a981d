/**
 * The opt-in tick-size / trade-precision check (issue 12, item 7), built from the mock exchange's own
 * `/instruments`: an order off the grid is refused before it is sent, one on it is placed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batchOrder } from "../../src/batch.js";
import { ValidationError } from "../../src/errors.js";
import { instrumentGrid } from "../../src/instrument-grid.js";
import { createRestClient, type RestClient } from "../../src/rest-client.js";
import { DEFAULT_TEST_KEY, type MockExchange, startMockExchange } from "../fixtures/mock.js";

let mock: MockExchange;
let client: RestClient;
let tick: number;
let step: number;
beforeAll(async () => {
  mock = await startMockExchange();
  const { data } = await createRestClient({ origin: mock.origin }).GET("/instruments");
  const instruments = data.instruments ?? [];
  const xbt = instruments.find((i) => i.symbol === "PF_XBTUSD")!;
  tick = Number(xbt.tickSize);
  step = 10 ** -Number(xbt.contractValueTradePrecision);
  client = createRestClient({
    origin: mock.origin,
    credentials: DEFAULT_TEST_KEY,
    instruments: instrumentGrid(instruments),
  });
});
afterAll(() => mock?.stop());

const sent = () =>
  mock.requests.filter((r) => r.operationId === "sendOrder" || r.operationId === "batchOrder").length;

async function refusedBeforeSending(call: () => Promise<unknown>, parameter: string, rule: string) {
  const before = sent();
  const error = await call().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  expect((error as ValidationError).issues.map((i) => [i.parameter, i.rule])).toEqual([[parameter, rule]]);
  expect(sent()).toBe(before);
}

describe("instrumentGrid from the mock's /instruments", () => {
  const order = (fields: Record<string, unknown>) => ({
    orderType: "lmt",
    symbol: "PF_XBTUSD",
    side: "buy",
    size: 1,
    limitPrice: 1000,
    ...fields,
  });

  it("places an order on the grid", async () => {
    const { data } = await client.POST("/sendorder", {
      params: { query: order({ limitPrice: 1000 + tick }) as never },
    });
    expect(data.sendStatus?.status).toBe("placed");
  });

  it("refuses a limit price between two ticks, before sending", async () => {
    await refusedBeforeSending(
      () => client.POST("/sendorder", { params: { query: order({ limitPrice: 1000 + tick / 2 }) as never } }),
      "limitPrice",
      "tickSize",
    );
  });

  it("refuses a size finer than the trade precision, before sending", async () => {
    await refusedBeforeSending(
      () => client.POST("/sendorder", { params: { query: order({ size: 1 + step / 10 }) as never } }),
      "size",
      "tradePrecision",
    );
  });

  it("matches symbols case-insensitively, and checks batch send instructions", async () => {
    await refusedBeforeSending(
      () =>
        batchOrder(client, [
          {
            order: "send",
            order_tag: "a",
            ...order({ symbol: "pf_xbtusd", stopPrice: 1000 + tick / 3, orderType: "stp" }),
          } as never,
        ]),
      "json.batchOrder[0].stopPrice",
      "tickSize",
    );
  });

  it("(control) without the option the same off-grid order reaches the exchange, which refuses it", async () => {
    const plain = createRestClient({ origin: mock.origin, credentials: DEFAULT_TEST_KEY });
    const before = sent();
    const { data } = await plain.POST("/sendorder", {
      params: { query: order({ limitPrice: 1000 + tick / 2 }) as never },
    });
    expect(sent()).toBe(before + 1);
    expect(data.sendStatus?.status).toBe("invalidPrice");
  });

  it("leaves symbols it does not know to the exchange", () => {
    const grid = instrumentGrid([{ symbol: "PF_XBTUSD", tickSize: 0.5, contractValueTradePrecision: 4 }]);
    expect(grid.issues("sendOrder", order({ symbol: "PF_OTHER", limitPrice: 0.3 }))).toBeUndefined();
    expect(grid.issues("sendOrder", order({ limitPrice: 0.3 }))?.[0]?.rule).toBe("tickSize");
    // Exact decimal arithmetic: 0.1 + 0.2 is not a float multiple of 0.1, but 0.3 is on a 0.1 grid.
    const fine = instrumentGrid([{ symbol: "X", tickSize: "0.1", contractValueTradePrecision: "2" }]);
    expect(fine.issues("sendOrder", { symbol: "X", size: 0.07, limitPrice: 0.3 })).toBeUndefined();
    expect(fine.issues("sendOrder", { symbol: "X", size: 0.075, limitPrice: 0.3 })?.[0]?.rule).toBe(
      "tradePrecision",
    );
  });
});
