import { describe, expectTypeOf, it } from "vitest";
import { type Candle, createChartsClient } from "../../src/index.js";

const charts = createChartsClient();

describe("Charts calls are typed from the spec", () => {
  it("refuses wrong tick types, resolutions, parameter types and missing arguments", () => {
    // @ts-expect-error: "index" is not a tick type
    charts.GET("/{tick_type}", { params: { path: { tick_type: "index" } } });
    charts.GET("/{tick_type}/{symbol}/{resolution}", {
      // @ts-expect-error: "2h" is not a resolution
      params: { path: { tick_type: "trade", symbol: "PF_XBTUSD", resolution: "2h" } },
    });
    charts.GET("/{tick_type}/{symbol}/{resolution}", {
      // @ts-expect-error: from is epoch seconds as a number
      params: { path: { tick_type: "trade", symbol: "PF_XBTUSD", resolution: "1h" }, query: { from: "0" } },
    });
    // @ts-expect-error: since and interval are required
    charts.GET("/analytics/liquidity-pool");
    // @ts-expect-error: 120 s is not an interval
    charts.GET("/analytics/liquidity-pool", { params: { query: { since: 0, interval: 120 } } });
    // @ts-expect-error: the range needs a resolution
    charts.candles({ tickType: "trade", symbol: "PF_XBTUSD", from: 0 });
    // @ts-expect-error: the Charts API is read-only
    charts.POST("/");
  });

  it("types candles with number prices", async () => {
    const { data } = await charts.GET("/{tick_type}/{symbol}/{resolution}", {
      params: { path: { tick_type: "mark", symbol: "PF_XBTUSD", resolution: "1d" } },
    });
    expectTypeOf(data.candles).toEqualTypeOf<Candle[]>();
    expectTypeOf<Candle["close"]>().toEqualTypeOf<number>();
    expectTypeOf(data.more_candles).toEqualTypeOf<boolean>();
    for await (const candle of charts.candles({ tickType: "spot", symbol: "x", resolution: "1w", from: 0 })) {
      expectTypeOf(candle).toEqualTypeOf<Candle>();
    }
  });
});
