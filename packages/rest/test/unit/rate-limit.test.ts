import * as core from "@kraken-futures/core";
import { describe, expect, it } from "vitest";
import { RateLimitError } from "../../src/errors.js";
import { tradingApi } from "../../src/generated/trading.operations.gen.js";
import * as rest from "../../src/index.js";
import { SendQueue } from "../../src/send-queue.js";
import { fakeClock } from "../fixtures/clock.js";

const ops = tradingApi.operations;
const target = { method: "POST", path: "/sendorder" };

describe("the spec's rate-limit primitives", () => {
  it("are re-exported from this package unchanged (defined once in @kraken-futures/core)", () => {
    expect(rest.operationCost).toBe(core.operationCost);
    expect(rest.TokenBucket).toBe(core.TokenBucket);
  });
  it("price the generated table's rules (sendorder 10, tickers 0)", () => {
    expect(rest.operationCost(ops["POST /sendorder"].rateLimit, {})).toBe(10);
    expect(rest.operationCost(ops["GET /tickers"].rateLimit, {})).toBe(0);
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
