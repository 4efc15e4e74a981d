import { describe, expect, it } from "vitest";
import { createNonceSource, nextNonce } from "../../src/index.js";

function expectStrictlyIncreasing(nonces: readonly string[]): void {
  for (const nonce of nonces) expect(nonce).toMatch(/^[1-9]\d*$/);
  for (let i = 1; i < nonces.length; i++) {
    if (BigInt(nonces[i]!) <= BigInt(nonces[i - 1]!)) {
      throw new Error(`nonce ${i} (${nonces[i]}) is not above nonce ${i - 1} (${nonces[i - 1]})`);
    }
  }
  expect(new Set(nonces).size).toBe(nonces.length);
}

/** 100 callers × 1,000 nonces, yielding to each other between draws, recorded in the order drawn. */
async function drawConcurrently(draw: () => string): Promise<{ all: string[]; perCaller: string[][] }> {
  const all: string[] = [];
  const perCaller = await Promise.all(
    Array.from({ length: 100 }, async (_, caller) => {
      const mine: string[] = [];
      for (let i = 0; i < 1000; i++) {
        const nonce = draw();
        all.push(nonce);
        mine.push(nonce);
        // Vary how callers interleave: microtasks, macrotasks, and no yield at all.
        if ((i + caller) % 97 === 0) await new Promise((resolve) => setImmediate(resolve));
        else if ((i + caller) % 3 !== 0) await Promise.resolve();
      }
      return mine;
    }),
  );
  return { all, perCaller };
}

describe("nonces", () => {
  // 100,000 draws take 3-4 s on a loaded 2-core machine: past vitest's 5 s default under more load. The
  // tests check order, not speed, so they get a generous bound.
  it("100,000 nonces from 100 concurrent async callers are strictly increasing and unique", async () => {
    const { all, perCaller } = await drawConcurrently(createNonceSource());
    expect(all).toHaveLength(100_000);
    expectStrictlyIncreasing(all);
    for (const mine of perCaller) expectStrictlyIncreasing(mine);
  }, 60_000);

  it("nextNonce, the source all clients share, stays strictly increasing under the same load", async () => {
    const { all } = await drawConcurrently(nextNonce);
    expect(all).toHaveLength(100_000);
    expectStrictlyIncreasing(all);
  }, 60_000);

  it("is milliseconds × 1000 plus a counter within the millisecond", () => {
    let now = 1_616_492_376_594;
    const next = createNonceSource({ now: () => now });
    expect([next(), next(), next()]).toEqual(["1616492376594000", "1616492376594001", "1616492376594002"]);
    now += 1;
    expect(next()).toBe("1616492376595000");
  });

  it("keeps increasing when the clock goes backwards or stands still past 1,000 draws", () => {
    const times = [2_000_000_000_000, 1_999_999_999_000, 1_000_000_000_000, 0, 2_000_000_000_000];
    let call = 0;
    const next = createNonceSource({ now: () => times[Math.min(call++, times.length - 1)]! });
    const nonces = Array.from({ length: 3000 }, () => next());
    expectStrictlyIncreasing(nonces);
    expect(nonces[0]).toBe("2000000000000000");
    expect(nonces[1]).toBe("2000000000000001");
    // 3,000 draws in one millisecond borrow from the next milliseconds…
    expect(nonces.at(-1)).toBe("2000000000002999");
    // …and the clock takes over again once it passes them.
    call = 0;
    times.length = 0;
    times.push(2_000_000_000_010);
    expect(next()).toBe("2000000000010000");
  });

  it("ignores a clock that returns NaN or a fraction", () => {
    const values = [1_700_000_000_000.9, Number.NaN, 1_700_000_000_001];
    let call = 0;
    const next = createNonceSource({ now: () => values[call++]! });
    expect([next(), next(), next()]).toEqual(["1700000000000000", "1700000000000001", "1700000000001000"]);
  });

  it("uses the wall clock by default, and nextNonce stays above any earlier nonce", () => {
    const before = Date.now();
    const nonce = BigInt(createNonceSource()());
    expect(nonce).toBeGreaterThanOrEqual(BigInt(before) * 1000n);
    expect(nonce).toBeLessThanOrEqual(BigInt(Date.now()) * 1000n + 999n);
    const a = BigInt(nextNonce());
    expect(BigInt(nextNonce())).toBeGreaterThan(a);
  });
});
