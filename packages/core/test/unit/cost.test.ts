// The meaning of x-rate-limit and x-rate-limit-pools, checked against the rules of the bundled documents.
import { readFileSync } from "node:fs";
import { loadSpec } from "@kraken-futures/specs";
import { describe, expect, it } from "vitest";
import { operationCost, type RateLimitPool, type RateLimitRule, TokenBucket } from "../../src/index.js";

// biome-ignore lint/suspicious/noExplicitAny: the test walks parsed JSON of any shape
type Json = Record<string, any>;

const trading = loadSpec("trading") as Json;

function rule(method: string, path: string): RateLimitRule {
  const found = trading.paths?.[path]?.[method.toLowerCase()]?.["x-rate-limit"];
  if (!found) throw new Error(`${method} ${path}: no x-rate-limit`);
  return found as RateLimitRule;
}

/** A clock the test moves by hand. */
function manualClock(start = 1_700_000_000_000) {
  let time = start;
  return {
    now: () => time,
    advance: (ms: number) => {
      time += ms;
    },
  };
}

describe("operationCost, read from the spec's rules", () => {
  it("charges the base cost", () => {
    expect(operationCost(rule("POST", "/sendorder"), {})).toBe(10);
    expect(operationCost(rule("GET", "/tickers"), {})).toBe(0);
  });
  it("charges costIfPresent when the argument is sent (fills + lastFillTime = 25)", () => {
    const fills = rule("GET", "/fills");
    expect(operationCost(fills, {})).toBe(2);
    expect(operationCost(fills, { lastFillTime: undefined })).toBe(2);
    expect(operationCost(fills, { lastFillTime: "2026-11-21T10:00:00Z" })).toBe(25);
  });
  it("takes the dearest costIfPresent when several such arguments are sent", () => {
    const several = { cost: 2, costIfPresent: { since: 5, lastFillTime: 25 } };
    expect(operationCost(several, { since: 1 })).toBe(5);
    expect(operationCost(several, { since: 1, lastFillTime: "x" })).toBe(25);
  });
  it("adds costPerBatchItem per instruction of json.batchOrder, as an object or as JSON text", () => {
    const batch = rule("POST", "/batchorder");
    const batchOrder = [{ order: "cancel" }, { order: "cancel" }, { order: "cancel" }];
    expect(operationCost(batch, { json: { batchOrder } })).toBe(12);
    expect(operationCost(batch, { json: JSON.stringify({ batchOrder }) })).toBe(12);
    expect(operationCost(batch, { json: "not json" })).toBe(9);
    expect(operationCost(batch, {})).toBe(9);
  });
  it("tiers costByCount (history account log)", () => {
    const tiered: RateLimitRule = {
      pool: "history",
      cost: 1,
      costByCount: {
        param: "count",
        default: 500,
        tiers: [
          { max: 25, cost: 1 },
          { max: 50, cost: 2 },
          { max: 1000, cost: 3 },
          { max: 5000, cost: 6 },
          { max: 100000, cost: 10 },
        ],
      },
    };
    expect(operationCost(tiered, {})).toBe(3);
    expect(operationCost(tiered, { count: 25 })).toBe(1);
    expect(operationCost(tiered, { count: "26" })).toBe(2);
    expect(operationCost(tiered, { count: 5001 })).toBe(10);
    expect(operationCost(tiered, { count: 10_000_000 })).toBe(10);
  });
});

describe("TokenBucket", () => {
  const pool: RateLimitPool = trading["x-rate-limit-pools"].derivatives;

  it("reads the spec's derivatives pool: 500, refilled 500 per 10 s", () => {
    expect(pool).toMatchObject({ capacity: 500, refillAmount: 500, refillIntervalMs: 10_000 });
  });
  it("starts full, refills continuously, never above capacity", () => {
    const clock = manualClock();
    const bucket = new TokenBucket(pool, clock.now);
    expect(bucket.tryTake(500)).toBe(true);
    expect(bucket.tryTake(1)).toBe(false);
    expect(bucket.msUntilAvailable(10)).toBe(200);
    clock.advance(199);
    expect(bucket.tryTake(10)).toBe(false);
    clock.advance(1);
    expect(bucket.tryTake(10)).toBe(true);
    clock.advance(60_000);
    expect(bucket.available).toBe(500);
  });
  it("lets a cost of 0 through an empty bucket", () => {
    const bucket = new TokenBucket(pool, () => 0);
    bucket.tryTake(500);
    expect(bucket.tryTake(0)).toBe(true);
  });
  it("says Infinity for a cost above capacity", () => {
    expect(new TokenBucket(pool, () => 0).msUntilAvailable(501)).toBe(Number.POSITIVE_INFINITY);
  });
  it("ignores a clock stepping back", () => {
    const clock = manualClock();
    const bucket = new TokenBucket(pool, clock.now);
    bucket.tryTake(500);
    clock.advance(-5_000);
    expect(bucket.available).toBe(0);
  });
  it("debit may go below zero, and the refill pays it back before the next spend", () => {
    const clock = manualClock();
    const bucket = new TokenBucket(pool, clock.now);
    bucket.tryTake(500);
    bucket.debit(50);
    expect(bucket.available).toBe(-50);
    expect(bucket.msUntilAvailable(10)).toBe(1_200);
    bucket.debit(-5); // not a correction: ignored
    expect(bucket.available).toBe(-50);
  });
});

describe("the cost rules' module", () => {
  it("stays browser-safe: it imports nothing but the model's types", () => {
    const source = readFileSync(new URL("../../src/cost.ts", import.meta.url), "utf8");
    expect(source).not.toMatch(/^\s*import\s(?!type\s)|\bimport\(|\brequire\(/m);
  });
});
