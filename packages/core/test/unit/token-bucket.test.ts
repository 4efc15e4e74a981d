import { describe, expect, it } from "vitest";
import { TokenBucket } from "../../src/index.js";

describe("TokenBucket", () => {
  it("starts full, refills continuously and never above capacity", () => {
    let now = 0;
    const bucket = new TokenBucket({ capacity: 10, refillAmount: 10, refillIntervalMs: 1000 }, () => now);
    for (let i = 0; i < 10; i++) expect(bucket.tryTake()).toBe(true);
    expect(bucket.tryTake()).toBe(false);
    expect(bucket.msUntilAvailable()).toBe(100);
    now = 250;
    expect(bucket.available).toBeCloseTo(2.5);
    now = 1_000_000;
    expect(bucket.available).toBe(10);
    expect(bucket.msUntilAvailable(11)).toBe(Number.POSITIVE_INFINITY);
  });

  it("keeps the pool it was given, typed as given", () => {
    const pool = { description: "derivatives", capacity: 500, refillAmount: 500, refillIntervalMs: 10_000 };
    const bucket = new TokenBucket(pool, () => 0);
    expect(bucket.pool.description).toBe("derivatives");
    expect(bucket.tryTake(10)).toBe(true);
    expect(bucket.available).toBe(490);
    bucket.debit(600);
    expect(bucket.available).toBe(-110);
  });

  it("refills nothing when the clock steps back", () => {
    let now = 1000;
    const bucket = new TokenBucket({ capacity: 1, refillAmount: 1, refillIntervalMs: 1000 }, () => now);
    bucket.tryTake();
    now = 0;
    expect(bucket.available).toBe(0);
    now = 2000;
    expect(bucket.available).toBe(1);
  });
});
