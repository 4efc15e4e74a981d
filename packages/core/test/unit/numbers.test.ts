import { describe, expect, it } from "vitest";
import { normaliseNumbers, normaliseNumbersByName, numericValue } from "../../src/numbers.js";

describe("numericValue", () => {
  it("turns a numeric string into a number and leaves everything else as it is", () => {
    expect(numericValue("42")).toBe(42);
    expect(numericValue("-0.5")).toBe(-0.5);
    expect(numericValue("1e-8")).toBe(1e-8);
    for (const kept of ["0x10", " 1", "NaN", "1.", "", "01", null, 3, true]) {
      expect(numericValue(kept)).toBe(kept);
    }
  });
});

describe("normaliseNumbers (by plan)", () => {
  it("converts only where the plan marks a value, array items and map values included", () => {
    const value = { price: "1.5", note: "2", fills: [{ qty: "3" }], balances: { XBT: "0.1" } };
    normaliseNumbers(value, { price: true, fills: { "[]": { qty: true } }, balances: { "*": true } });
    expect(value).toEqual({ price: 1.5, note: "2", fills: [{ qty: 3 }], balances: { XBT: 0.1 } });
  });
});

describe("normaliseNumbersByName", () => {
  const names = { keys: new Set(["price", "qty"]), maps: new Set(["holding"]), depth: 3 };

  it("converts named properties at any level within depth, and the values of named maps", () => {
    const frame = {
      feed: "x",
      price: "10",
      name: "11",
      orders: [{ qty: "2", id: "7" }],
      holding: { XBT: "0.25", ETH: 1 },
    };
    normaliseNumbersByName(frame, names);
    expect(frame).toEqual({
      feed: "x",
      price: 10,
      name: "11",
      orders: [{ qty: 2, id: "7" }],
      holding: { XBT: 0.25, ETH: 1 },
    });
  });

  it("stops at the depth bound, so a hostile deeply nested frame is not walked", () => {
    const deep = { a: { b: { c: { price: "1" } } } };
    normaliseNumbersByName(deep, names);
    expect(deep.a.b.c.price).toBe("1");
    const shallow = { a: { b: { price: "1" } } };
    normaliseNumbersByName(shallow, names);
    expect(shallow.a.b.price).toBe(1);
  });
});
