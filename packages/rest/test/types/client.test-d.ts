import { describe, expectTypeOf, it } from "vitest";
import { batchOrder } from "../../src/batch.js";
import type { KrakenApiError, KrakenErrorCode } from "../../src/errors.js";
import { createRestClient, type RestClient } from "../../src/rest-client.js";

const client = createRestClient();

describe("operation arguments are typed from the spec", () => {
  it("accepts correct arguments", () => {
    client.POST("/sendorder", {
      params: { query: { orderType: "lmt", symbol: "PF_XBTUSD", side: "buy", size: 1, limitPrice: 64000 } },
    });
    client.GET("/tickers/{symbol}", { params: { path: { symbol: "PF_XBTUSD" } } });
    client.POST("/orders/status", { body: { cliOrdIds: ["a", "b"] } });
    client.GET("/tickers");
  });

  it("refuses wrong names, types, enum values and missing arguments", () => {
    // @ts-expect-error: unknown path
    client.GET("/tickerz");
    // @ts-expect-error: sendorder is a POST
    client.GET("/sendorder");
    // @ts-expect-error: sendorder has required arguments
    client.POST("/sendorder");
    client.POST("/sendorder", {
      // @ts-expect-error: misspelt parameter name (limitprice)
      params: { query: { orderType: "lmt", symbol: "PF_XBTUSD", side: "buy", size: 1, limitprice: 1 } },
    });
    client.POST("/sendorder", {
      // @ts-expect-error: size is a number, not a string
      params: { query: { orderType: "lmt", symbol: "PF_XBTUSD", side: "buy", size: "1" } },
    });
    client.POST("/sendorder", {
      // @ts-expect-error: "limit" is not an orderType (request enums are closed)
      params: { query: { orderType: "limit", symbol: "PF_XBTUSD", side: "buy", size: 1 } },
    });
    client.POST("/sendorder", {
      // @ts-expect-error: side is required
      params: { query: { orderType: "lmt", symbol: "PF_XBTUSD", size: 1 } },
    });
    // @ts-expect-error: the path parameter is required
    client.GET("/tickers/{symbol}", { params: { path: {} } });
    // @ts-expect-error: orders/status ids are string arrays
    client.POST("/orders/status", { body: { orderIds: "a" } });
  });

  it("types batch instructions from the BatchOrder schema", () => {
    batchOrder(client, [{ order: "cancel", cliOrdId: "x" }]);
    // @ts-expect-error: "replace" is not an instruction
    batchOrder(client, [{ order: "replace", cliOrdId: "x" }]);
    // @ts-expect-error: a send needs a side
    batchOrder(client, [{ order: "send", order_tag: "1", orderType: "lmt", symbol: "PF_XBTUSD", size: 1 }]);
  });
});

describe("results are the success branch, with numbers", () => {
  it("types data without the error envelope", async () => {
    const { data } = await client.GET("/unwindqueue");
    expectTypeOf(data.result).toEqualTypeOf<"success">();
    expectTypeOf(data.queue).toEqualTypeOf<Array<{ percentile?: number; symbol?: string }> | undefined>();
    const { data: order } = await client.POST("/sendorder", {
      params: { query: { orderType: "ioc", symbol: "PF_XBTUSD", side: "sell", size: 2 } },
    });
    expectTypeOf(order.result).toEqualTypeOf<"success">();
  });

  it("types Kraken's error code as the spec's open union", () => {
    expectTypeOf<KrakenApiError["error"]>().toEqualTypeOf<KrakenErrorCode>();
    expectTypeOf<"apiLimitExceeded">().toExtend<KrakenErrorCode>();
  });
});

describe("a mistyped path is the error users see (issue 12)", () => {
  it("leaves the init optional when the path is not one of the API's", () => {
    // A path TypeScript cannot match (a typo) falls back to the constraint, the union of every path:
    // this is that signature. Its init must be optional, or the error shown for `GET("/ticker")` is
    // "Expected 2 arguments" instead of the path's own.
    type Fallback = Parameters<RestClient["GET"]>;
    type InitOptional = Fallback extends [unknown, ...infer Rest] ? ([] extends Rest ? true : false) : false;
    expectTypeOf<InitOptional>().toEqualTypeOf<true>();
    // @ts-expect-error: "/ticker" is not a path (the only error: the init may be left out)
    client.GET("/ticker");
    // A real path with required arguments still requires them.
    // @ts-expect-error: sendorder has required arguments
    client.POST("/sendorder");
  });
});
