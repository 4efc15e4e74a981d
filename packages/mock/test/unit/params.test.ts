/** Reading and checking arguments from the generated Trading table, Kraken's lenient batch reading included. */
import { describe, expect, it } from "vitest";
import { tradingApi } from "../../src/generated/trading.operations.gen.js";
import { tradingServer } from "../../src/generated/trading.server.gen.js";
import { readParams } from "../../src/http/params.js";
import { buildRoutes, type Route } from "../../src/http/routes.js";

const table = buildRoutes(tradingApi, tradingServer);
const route = (method: string, path: string): Route =>
  table.routes.find((r) => r.method === method && r.path === path)!;
const batch = route("POST", "/batchorder");
const send = { order: "send", order_tag: "a", orderType: "lmt", symbol: "PF_XBTUSD", side: "buy" };
const read = (r: Route, args: Record<string, string>, path: Record<string, string> = {}) =>
  readParams(r, new URLSearchParams(args), path);
const batchOf = (instructions: unknown[]) =>
  read(batch, { json: JSON.stringify({ batchOrder: instructions }) });

describe("readParams", () => {
  it("turns decimal strings into numbers and numbers into strings where the table types them", () => {
    const out = batchOf([
      { ...send, order_tag: 7, size: "0.01", limitPrice: "50000.5" },
      { order: "edit", order_id: "x", size: "2" },
      { order: "cancel", cliOrdId: 12 },
    ]);
    expect(out.ok).toBe(true);
    const list = (out as unknown as { values: { json: { batchOrder: Record<string, unknown>[] } } }).values
      .json.batchOrder;
    expect(list[0]).toMatchObject({ order_tag: "7", size: 0.01, limitPrice: 50000.5 });
    expect(list[1]).toMatchObject({ size: 2 });
    expect(list[2]).toMatchObject({ cliOrdId: "12" });
  });

  it("refuses what Kraken would refuse: a size that is not a number, a size of 0", () => {
    expect(batchOf([{ ...send, size: "ten" }])).toMatchObject({
      ok: false,
      error: "invalidArgument",
      param: "json",
    });
    expect(batchOf([{ ...send, size: 0 }])).toMatchObject({ ok: false, error: "invalidArgument" });
    expect(batchOf([{ ...send, size: 1, order_tag: true }])).toMatchObject({
      ok: false,
      error: "invalidArgument",
    });
    expect(batchOf([{ ...send, size: 1, side: "up" }])).toMatchObject({
      ok: false,
      error: "invalidArgument",
    });
  });

  it("does not turn a number string into a number where a string is declared", () => {
    const out = batchOf([{ ...send, symbol: "123", size: 1 }]) as unknown as {
      values: { json: { batchOrder: Record<string, unknown>[] } };
    };
    expect(out.values.json.batchOrder[0]!.symbol).toBe("123");
  });

  it("answers Kraken's codes for a missing argument, a bad enum value and unparsable JSON", () => {
    const sendorder = route("POST", "/sendorder");
    expect(read(sendorder, { orderType: "lmt", side: "buy", size: "1" })).toMatchObject({
      ok: false,
      error: "requiredArgumentMissing",
      param: "symbol",
    });
    expect(read(sendorder, { orderType: "nope", symbol: "PF_XBTUSD", side: "buy", size: "1" })).toMatchObject(
      {
        ok: false,
        error: "invalidArgument",
        param: "orderType",
      },
    );
    expect(read(batch, { json: "{" })).toMatchObject({ ok: false, error: "Json Parse Error" });
  });

  it("reads a form body's repeated keys as the table's array fields, on POST and on GET", () => {
    for (const method of ["POST", "GET"]) {
      const out = readParams(
        route(method, "/orders/status"),
        new URLSearchParams("orderIds=a&orderIds=b"),
        {},
      );
      expect(out).toEqual({ ok: true, values: { orderIds: ["a", "b"] } });
    }
  });
});
