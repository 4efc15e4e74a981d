import { describe, expect, it } from "vitest";
import { candles } from "../../src/engine/charts.js";
import { manualClock } from "../../src/engine/clock.js";
import { Exchange, MAX_BACKFILL_STEPS } from "../../src/engine/exchange.js";
import { HistoryRecorder } from "../../src/engine/history.js";
import { tradeHistory } from "../../src/engine/public-data.js";
import { publicExecutions } from "../../src/engine/public-history.js";

const HOUR = 3_600_000;

// Issue 12, item 19: a fresh mock held five minutes of market history, so a client asking candles for
// the last hour got (almost) none.
describe("backfill", () => {
  const clock = manualClock();
  const now = clock.now();
  const ex = new Exchange({ seed: 5, clock, backfillHours: 3 });

  it("holds hours of candles: a client asking 1m candles for the last hour gets 60", () => {
    const fromSec = Math.floor((now - HOUR) / 1_000);
    for (const tickType of ["trade", "mark", "spot"] as const) {
      const page = candles(ex, tickType, "PF_XBTUSD", "1m", { fromSec });
      expect(page.candles.length, tickType).toBeGreaterThanOrEqual(60);
      expect(page.candles[0]!.time, tickType).toBe(Math.ceil(fromSec / 60) * 60_000);
    }
    // Three full hours of 1h candles, and the one `now` opens.
    const hourly = candles(ex, "mark", "PF_ETHUSD", "1h", { fromSec: (now - 3 * HOUR) / 1_000 }).candles;
    expect(hourly.map((c) => c.time)).toEqual([3, 2, 1, 0].map((h) => now - h * HOUR));
  });

  it("holds hours of public trades and price points, oldest about `backfillHours` ago", () => {
    for (const symbol of ex.instruments.keys()) {
      const trades = ex.trades.get(symbol)!;
      const prices = ex.prices.get(symbol)!;
      expect(now - trades[0]!.time, symbol).toBeGreaterThan(2.9 * HOUR);
      expect(prices.length, symbol).toBe((3 * HOUR) / ex.stepMs);
      expect(prices.at(-1)!.time).toBe(now);
    }
    // History's public executions page back into the backfill.
    const history = new HistoryRecorder(ex);
    const page = publicExecutions(history, "PF_XBTUSD", { before: now - 2 * HOUR, count: 10 });
    expect(page.elements).toHaveLength(10);
    history.close();
    expect((tradeHistory(ex, "PF_XBTUSD").history as unknown[]).length).toBe(100);
  });

  it("is drawn from the seed: the same seed and clock give the same history, another seed another", () => {
    const again = new Exchange({ seed: 5, clock: manualClock(), backfillHours: 3 });
    const other = new Exchange({ seed: 6, clock: manualClock(), backfillHours: 3 });
    expect(again.trades.get("PI_XBTUSD")).toEqual(ex.trades.get("PI_XBTUSD"));
    expect(again.prices.get("PF_XBTUSD")).toEqual(ex.prices.get("PF_XBTUSD"));
    expect(other.prices.get("PF_XBTUSD")).not.toEqual(ex.prices.get("PF_XBTUSD"));
  });

  it("defaults to the five-minute warm-up and refuses a negative or too long backfill", () => {
    const plain = new Exchange({ clock: manualClock() });
    expect(plain.prices.get("PF_XBTUSD")).toHaveLength(300);
    expect(() => new Exchange({ clock: manualClock(), backfillHours: -1 })).toThrow(RangeError);
    const tooMany = (MAX_BACKFILL_STEPS + 1) / 3_600;
    expect(() => new Exchange({ clock: manualClock(), backfillHours: tooMany })).toThrow(/backfillHours/);
  });
});
