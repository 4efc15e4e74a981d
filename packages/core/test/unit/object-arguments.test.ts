import { describe, expect, it } from "vitest";
import { checkObjectArguments, type ObjectRules } from "../../src/arguments/objects.js";
import { checkParameters } from "../../src/arguments.js";
import type { OperationDescription } from "../../src/model.js";

/** A batch_cancel / add_order-like set of rules, as the UWS generator writes them. */
const order: ObjectRules = {
  required: ["side", "qty"],
  fields: {
    side: { type: ["string"], enum: ["buy", "sell"] },
    qty: { type: ["number"] },
    limit_price: { type: ["number", "null"] },
    display_qty: { type: ["integer"] },
  },
};
const rules: ObjectRules = {
  required: ["symbol"],
  fields: {
    symbol: { type: ["string"] },
    orders: { type: ["array"], minItems: 2, maxItems: 3, items: order },
    tags: { type: ["array"], itemType: "string" },
    mode: { type: ["object"], object: { required: ["max"], fields: { max: { type: ["number"] } } } },
    order_id: { type: ["array"] },
    cl_ord_id: { type: ["array"] },
    any: { type: [] },
  },
  oneOf: [[["order_id"], ["cl_ord_id"]]],
  ids: { of: ["order_id", "cl_ord_id"], min: 1, max: 4 },
};
const ok = { symbol: "PF_XBTUSD", order_id: ["a"] };
const check = (value: unknown) => checkObjectArguments(rules, value);

describe("checkObjectArguments", () => {
  it("accepts what the rules allow, including null where the type list has it", () => {
    expect(check(ok)).toBeUndefined();
    const orders = [
      { side: "buy", qty: 1, limit_price: null },
      { side: "sell", qty: 2, limit_price: 3, display_qty: 1 },
    ];
    expect(check({ ...ok, orders, tags: ["x"], mode: { max: 5 }, any: { whatever: 1 } })).toBeUndefined();
  });

  it("names the missing field and refuses a non-object", () => {
    expect(check({ order_id: ["a"] })).toEqual({ field: "params.symbol", problem: "is required" });
    expect(check([])).toEqual({ field: "params", problem: "must be an object" });
    expect(checkObjectArguments(rules, null, "p")).toEqual({ field: "p", problem: "must be an object" });
  });

  it("checks JSON types, integers, finiteness and enums", () => {
    expect(check({ ...ok, symbol: 1 })).toEqual({
      field: "params.symbol",
      problem: "must be string, got number",
    });
    const one = (o: Record<string, unknown>) =>
      check({
        ...ok,
        orders: [
          { side: "buy", qty: 1 },
          { side: "buy", qty: 1, ...o },
        ],
      });
    expect(one({ limit_price: "1" })).toEqual({
      field: "params.orders[1].limit_price",
      problem: "must be number or null, got string",
    });
    expect(one({ display_qty: 1.5 })?.problem).toBe("must be integer, got number");
    expect(one({ qty: Number.POSITIVE_INFINITY })?.problem).toBe("must be a finite number");
    expect(one({ side: "up" })).toEqual({
      field: "params.orders[1].side",
      problem: "must be one of buy, sell",
    });
  });

  it("bounds arrays and checks their items and nested objects", () => {
    const o = { side: "buy", qty: 1 };
    expect(check({ ...ok, orders: [o] })?.problem).toBe("must hold at least 2 items, got 1");
    expect(check({ ...ok, orders: [o, o, o, o] })?.problem).toBe("must hold at most 3 items, got 4");
    expect(check({ ...ok, orders: [o, 5] })).toEqual({
      field: "params.orders[1]",
      problem: "must be an object",
    });
    expect(check({ ...ok, tags: ["a", 2] })).toEqual({ field: "params.tags[1]", problem: "must be string" });
    expect(check({ ...ok, mode: {} })).toEqual({ field: "params.mode.max", problem: "is required" });
  });

  it("checks groups of alternatives and ids spread over several lists", () => {
    expect(check({ symbol: "X" })?.problem).toBe("needs exactly one of order_id, cl_ord_id");
    expect(check({ ...ok, cl_ord_id: ["b"] })?.problem).toBe("needs exactly one of order_id, cl_ord_id");
    const anyOf: ObjectRules = { required: [], fields: {}, anyOf: [[["a", "b"], ["c"]]] };
    expect(checkObjectArguments(anyOf, { a: 1 })?.problem).toBe("needs one of a+b, c");
    expect(checkObjectArguments(anyOf, { a: 1, b: 2 })).toBeUndefined();
    expect(check({ symbol: "X", order_id: [] })?.problem).toBe(
      "must hold 1 to 4 ids in order_id and cl_ord_id, got 0",
    );
    expect(check({ symbol: "X", order_id: ["1", "2", "3", "4", "5"] })?.problem).toMatch(/got 5$/);
  });

  it("treats undefined as left out, as JSON does", () => {
    expect(check({ ...ok, tags: undefined })).toBeUndefined();
  });
});

describe("checkParameters on the shared JSON types", () => {
  const op = {
    params: [
      { name: "flag", in: "query", type: "boolean" },
      { name: "list", in: "query", type: "array" },
    ],
  } as unknown as OperationDescription;
  it("words boolean and array refusals as before", () => {
    const issues = checkParameters(op, { flag: null, list: {} }, undefined);
    expect(issues?.map((i) => i.message)).toEqual([
      'query parameter "flag" must be a boolean, not null',
      'query parameter "list" must be an array, not an object',
    ]);
    expect(checkParameters(op, { flag: true, list: [] }, undefined)).toBeUndefined();
    expect(checkParameters(op, { flag: Number.NaN, list: "x" }, undefined)?.map((i) => i.message)).toEqual([
      'query parameter "flag" must be a boolean, not NaN',
      'query parameter "list" must be an array, not a string',
    ]);
  });
});
