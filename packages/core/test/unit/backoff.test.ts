import { describe, expect, it } from "vitest";
import { Backoff } from "../../src/index.js";

describe("Backoff", () => {
  it("grows exponentially up to the cap, each delay within [base/2, base]", () => {
    for (const r of [0, 0.5, 0.999_999]) {
      const backoff = new Backoff({ initialDelayMs: 250, maxDelayMs: 30_000, random: () => r });
      const delays = Array.from({ length: 12 }, () => backoff.next());
      const bases = [250, 500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000, 30_000, 30_000];
      delays.forEach((delay, i) => {
        expect(delay).toBeGreaterThanOrEqual(bases[i]! / 2);
        expect(delay).toBeLessThanOrEqual(bases[i]!);
      });
      expect(backoff.attempts).toBe(12);
    }
  });

  it("jitters: the same attempt with other random numbers gives other delays", () => {
    const values = [0, 0.25, 0.5, 0.75];
    const delays = values.map((r) => new Backoff({ initialDelayMs: 1000, random: () => r }).next());
    expect(delays).toEqual([500, 625, 750, 875]);
  });

  it("starts over after reset()", () => {
    const backoff = new Backoff({ random: () => 0 });
    for (let i = 0; i < 6; i++) backoff.next();
    backoff.reset();
    expect(backoff.attempts).toBe(0);
    expect(backoff.next()).toBe(125);
  });

  it("refuses nonsense settings", () => {
    expect(() => new Backoff({ initialDelayMs: 0 })).toThrow(RangeError);
    expect(() => new Backoff({ initialDelayMs: 100, maxDelayMs: 50 })).toThrow(RangeError);
  });
});
