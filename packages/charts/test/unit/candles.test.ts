import { describe, expect, it } from "vitest";
import { createChartsClient } from "../../src/index.js";

// No I/O: an injected fetch answers from a script and records the URLs asked for.
function scripted(bodies: unknown[]) {
  const urls: URL[] = [];
  const fetch = async (request: Request) => {
    urls.push(new URL(request.url));
    return new Response(JSON.stringify(bodies[urls.length - 1]), {
      headers: { "content-type": "application/json" },
    });
  };
  return { urls, charts: createChartsClient({ origin: "http://charts.test", fetch, retry: false }) };
}

const c = (seconds: number, close: string) => ({
  time: seconds * 1000,
  open: "1",
  high: "2",
  low: "0.5",
  close,
  volume: "3",
});
const range = { tickType: "trade", symbol: "PF_XBTUSD", resolution: "1m", from: 60 } as const;

describe("candles()", () => {
  it("drops a candle the server repeats at the page boundary", async () => {
    const { urls, charts } = scripted([
      { candles: [c(60, "1.5"), c(120, "1.25")], more_candles: true },
      { candles: [c(120, "1.25"), c(180, "1.75")], more_candles: false },
    ]);
    const closes: number[] = [];
    for await (const candle of charts.candles(range)) closes.push(candle.close);
    expect(closes).toEqual([1.5, 1.25, 1.75]);
    expect(urls[1]!.searchParams.get("from")).toBe("121");
  });

  it("stops when a page says more_candles but brings nothing new, instead of looping", async () => {
    const { urls, charts } = scripted([
      { candles: [c(60, "1")], more_candles: true },
      { candles: [c(60, "1")], more_candles: true },
      { candles: [c(120, "1")], more_candles: false },
    ]);
    let n = 0;
    for await (const _ of charts.candles(range)) n++;
    expect(n).toBe(1);
    expect(urls).toHaveLength(2);
  });

  it("sends no `to` or `count` when the range names none", async () => {
    const { urls, charts } = scripted([{ candles: [], more_candles: false }]);
    for await (const _ of charts.candles(range));
    expect(urls[0]!.pathname).toBe("/api/charts/v1/trade/PF_XBTUSD/1m");
    expect(urls[0]!.search).toBe("?from=60");
  });
});
