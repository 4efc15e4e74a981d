import { operationCost } from "@kraken-futures/rest";
import { describe, expect, it } from "vitest";
import { historyApi } from "../../src/index.js";

// The figures Kraken publishes (docs.kraken.com rate limits, History section), restated here so a
// change of the spec or of the cost rule is caught.
const op = (key: keyof typeof historyApi.operations) => historyApi.operations[key];

describe("the generated History table the client reads", () => {
  it("declares the history pool: 100 tokens, +100 per 10 minutes", () => {
    expect(historyApi.pools.history).toMatchObject({
      capacity: 100,
      refillAmount: 100,
      refillIntervalMs: 600_000,
    });
    expect(historyApi.basePath).toBe("/api/history");
  });

  it("costs the account log by count: 1, 2, 3, 6, 10, and 3 when count is absent", () => {
    const rule = op("GET /v3/account-log").rateLimit;
    const cost = (count?: number) => operationCost(rule, { count });
    expect([cost(1), cost(25), cost(26), cost(50), cost(51), cost(1000)]).toEqual([1, 1, 2, 2, 3, 3]);
    expect([cost(1001), cost(5000), cost(5001), cost(100_000)]).toEqual([6, 6, 10, 10]);
    expect(cost()).toBe(3);
  });

  it("costs the event endpoints 1 and the CSV export 6 from the history pool; market history is free", () => {
    for (const key of [
      "GET /v2/orders",
      "GET /v2/triggers",
      "GET /v2/executions",
      "GET /v3/positions",
    ] as const) {
      expect(op(key).rateLimit).toMatchObject({ pool: "history", cost: 1 });
      expect(op(key).signed).toBe(true);
    }
    expect(op("GET /v2/accountlogcsv").rateLimit).toMatchObject({ pool: "history", cost: 6 });
    for (const key of [
      "GET /v3/market/{tradeable}/executions",
      "GET /v2/market/{tradeable}/orders",
      "GET /v2/market/{tradeable}/price",
    ] as const) {
      expect(op(key).rateLimit).toEqual({ cost: 0 });
      expect(op(key).signed).toBe(false);
    }
  });
});
