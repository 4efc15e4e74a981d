import { describe, expect, it } from "vitest";
import { RateLimitError } from "../../src/errors.js";
import { tradingApi } from "../../src/generated/trading.operations.gen.js";
import { operationCost, TokenBucket } from "../../src/rate-limit.js";
import { SendQueue } from "../../src/send-queue.js";
import { fakeClock } from "../fixtures/clock.js";

const ops = tradingApi.operations;
const target = { method: "POST", path: "/sendorder" };

describe("operationCost, read from the spec's rules", () => {
  it("charges the base cost", () => {
    expect(operationCost(ops["POST /sendorder"].rateLimit, {})).toBe(10);
    expect(operationCost(ops["GET /tickers"].rateLimit, {})).toBe(0);
  });
  it("charges costIfPresent when the argument is sent (fills + lastFillTime = 25)", () => {
    const rule = ops["GET /fills"].rateLimit;
    expect(operationCost(rule, {})).toBe(2);
    expect(operationCost(rule, { lastFillTime: undefined })).toBe(2);
    expect(operationCost(rule, { lastFillTime: "2026-11-21T10:00:00Z" })).toBe(25);
  });
  it("adds costPerBatchItem per instruction of json.batchOrder, as an object or as JSON text", () => {
    const rule = ops["POST /batchorder"].rateLimit;
    const batchOrder = [{ order: "cancel" }, { order: "cancel" }, { order: "cancel" }];
    expect(operationCost(rule, { json: { batchOrder } })).toBe(12);
    expect(operationCost(rule, { json: JSON.stringify({ batchOrder }) })).toBe(12);
    expect(operationCost(rule, { json: "not json" })).toBe(9);
  });
  it("tiers costByCount (history account log)", () => {
    const rule = {
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
    expect(operationCost(rule, {})).toBe(3);
    expect(operationCost(rule, { count: 25 })).toBe(1);
    expect(operationCost(rule, { count: "26" })).toBe(2);
    expect(operationCost(rule, { count: 5001 })).toBe(10);
    expect(operationCost(rule, { count: 10_000_000 })).toBe(10);
  });
});

describe("TokenBucket", () => {
  const pool = { capacity: 500, refillAmount: 500, refillIntervalMs: 10_000 };
  it("starts full, refills continuously, never above capacity", () => {
    const clock = fakeClock();
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
  it("says Infinity for a cost above capacity", () => {
    expect(new TokenBucket(pool, () => 0).msUntilAvailable(501)).toBe(Number.POSITIVE_INFINITY);
  });
  it("ignores a clock stepping back", () => {
    const clock = fakeClock();
    const bucket = new TokenBucket(pool, clock.now);
    bucket.tryTake(500);
    clock.advance(-5_000);
    expect(bucket.available).toBe(0);
  });
});

describe("SendQueue", () => {
  const pools = { derivatives: { capacity: 20, refillAmount: 20, refillIntervalMs: 1_000 } };

  it("lets calls through in arrival order, waiting for their cost (queue policy)", async () => {
    const clock = fakeClock();
    const queue = new SendQueue({ pools, now: clock.now, sleep: clock.sleep });
    const order: number[] = [];
    await Promise.all(
      [0, 1, 2, 3, 4].map(async (i) => {
        const release = await queue.enter("derivatives", 10, target);
        order.push(i);
        release();
      }),
    );
    expect(order).toEqual([0, 1, 2, 3, 4]);
    // 50 units from a 20-unit pool refilling 20/s: 30 units had to be waited for, 1.5 s of fake time.
    expect(clock.now() - 1_700_000_000_000).toBe(1_500);
  });

  it("holds the lane until the previous call releases it", async () => {
    const queue = new SendQueue({ pools, policy: false });
    const first = await queue.enter("derivatives", 10, target);
    let secondIn = false;
    const second = queue.enter("derivatives", 10, target).then((release) => {
      secondIn = true;
      return release;
    });
    await new Promise((r) => setTimeout(r, 5));
    expect(secondIn).toBe(false);
    first();
    (await second)();
    expect(secondIn).toBe(true);
  });

  it("throws a client-side RateLimitError under the fail policy", async () => {
    const clock = fakeClock();
    const queue = new SendQueue({ pools, policy: "fail", now: clock.now });
    (await queue.enter("derivatives", 20, target))();
    const error = await queue.enter("derivatives", 10, target).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).source).toBe("client");
    expect((error as RateLimitError).retryAfterMs).toBe(500);
    // The lane is free again afterwards.
    clock.advance(500);
    (await queue.enter("derivatives", 10, target))();
  });

  it("refuses a cost above the pool's capacity instead of waiting forever", async () => {
    const queue = new SendQueue({ pools, now: () => 0 });
    await expect(queue.enter("derivatives", 21, target)).rejects.toBeInstanceOf(RateLimitError);
  });

  it("an aborted waiter leaves the queue without blocking the ones behind it", async () => {
    const queue = new SendQueue({ pools, policy: false });
    const first = await queue.enter("derivatives", 1, target);
    const controller = new AbortController();
    const aborted = queue.enter("derivatives", 1, target, controller.signal);
    const third = queue.enter("derivatives", 1, target);
    controller.abort(new Error("stop"));
    await expect(aborted).rejects.toThrow("stop");
    first();
    (await third)();
  });
});

describe("SendQueue settle: the server counts at receipt", () => {
  const pools = { derivatives: { capacity: 500, refillAmount: 500, refillIntervalMs: 10_000 } };
  const target = { method: "GET", path: "/unwindqueue" };

  it("debits the refill a full server bucket wasted while the call was in flight", async () => {
    const clock = fakeClock();
    const queue = new SendQueue({ pools, now: clock.now, sleep: clock.sleep });
    const release = await queue.enter("derivatives", 100, target);
    release();
    clock.advance(1_000); // 50 tokens of refill; the server, full until it received the call, lost them
    release.settle();
    expect(queue.bucket("derivatives")!.available).toBeCloseTo(400, 9);
    release.settle(); // once only
    expect(queue.bucket("derivatives")!.available).toBeCloseTo(400, 9);
  });

  it("debits nothing when the bucket had room for the refill of the flight", async () => {
    const clock = fakeClock();
    const queue = new SendQueue({ pools, now: clock.now, sleep: clock.sleep });
    queue.bucket("derivatives")!.tryTake(300); // 300 tokens of room, far more than 1 s of refill
    const release = queue.tryEnter("derivatives", 100)!;
    release();
    clock.advance(1_000);
    release.settle();
    expect(queue.bucket("derivatives")!.available).toBeCloseTo(150, 9);
  });

  it("never debits more than the call's cost", async () => {
    const clock = fakeClock();
    const queue = new SendQueue({ pools, now: clock.now, sleep: clock.sleep });
    const release = queue.tryEnter("derivatives", 10)!;
    release();
    clock.advance(60_000);
    release.settle();
    expect(queue.bucket("derivatives")!.available).toBeCloseTo(490, 9);
  });
});
