import { describe, expectTypeOf, it } from "vitest";
import {
  type AccountLogEntry,
  createHistoryClient,
  type ElementOf,
  type PageablePath,
  pages,
  paginate,
} from "../../src/index.js";

const client = createHistoryClient();

describe("History calls are typed from the spec", () => {
  it("accepts correct arguments", () => {
    client.GET("/v2/orders", { params: { query: { sort: "asc", count: 100, since: 0, opened: true } } });
    client.GET("/v3/account-log", { params: { query: { info: ["futures trade", "a later kind"] } } });
    client.GET("/v3/market/{tradeable}/executions", { params: { path: { tradeable: "PF_XBTUSD" } } });
    client.orderEvents({ tradeable: "PF_XBTUSD", continuation_token: "dA==" });
  });

  it("refuses wrong paths, names, types, enum values and missing path parameters", () => {
    // @ts-expect-error: unknown path
    client.GET("/v2/order");
    // @ts-expect-error: History has no POST
    client.POST("/v2/orders");
    // @ts-expect-error: "up" is not a sort
    client.GET("/v2/orders", { params: { query: { sort: "up" } } });
    // @ts-expect-error: count is a number
    client.GET("/v2/executions", { params: { query: { count: "10" } } });
    // @ts-expect-error: misspelt parameter (continuationToken is the response's name)
    client.GET("/v2/triggers", { params: { query: { continuationToken: "x" } } });
    // @ts-expect-error: the market path needs its tradeable
    client.GET("/v2/market/{tradeable}/price");
    // @ts-expect-error: positions have no `info` filter
    client.positionEvents({ info: ["transfer"] });
    // @ts-expect-error: the account log has no continuation token, so it is not pageable by token
    paginate(client, "/v3/account-log");
    // @ts-expect-error: the CSV export is not pageable
    pages(client, "/v2/accountlogcsv");
    // @ts-expect-error: nor on its current path
    pages(client, "/v3/accountlogcsv");
  });
});

describe("results carry numbers and open unions", () => {
  it("types pages, elements and entries", async () => {
    expectTypeOf<PageablePath>().toEqualTypeOf<
      | "/v3/orders"
      | "/v3/executions"
      | "/v3/triggers"
      | "/v3/market/{tradeable}/orders"
      | "/v3/market/{tradeable}/price"
      | "/v2/orders"
      | "/v2/executions"
      | "/v2/triggers"
      | "/v3/positions"
      | "/v3/market/{tradeable}/executions"
      | "/v2/market/{tradeable}/orders"
      | "/v2/market/{tradeable}/price"
    >();
    const { data } = await client.GET("/v2/orders");
    expectTypeOf(data.len).toEqualTypeOf<number>();
    expectTypeOf(data.continuationToken).toEqualTypeOf<string | undefined>();
    expectTypeOf<ElementOf<"/v2/executions">["timestamp"]>().toEqualTypeOf<number>();
    expectTypeOf<AccountLogEntry["id"]>().toEqualTypeOf<number>();
    expectTypeOf(client.accountLogCsv()).toEqualTypeOf<Promise<string>>();
    for await (const event of client.executionEvents()) {
      expectTypeOf(event.event.Execution).toMatchTypeOf<{ execution: { price: number } } | undefined>();
    }
  });
});
