import { describe, expect, it } from "vitest";
import type { Schema } from "../src/json-schema.js";
import { numericNames } from "../src/numeric-names.js";

const components: Record<string, Schema> = {
  Numeric: { "x-numeric": true, anyOf: [{ type: "number" }, { type: "string" }] },
  Level: { type: "object", properties: { price: { $ref: "#/Numeric" }, qty: { $ref: "#/Numeric" } } },
};
const resolve = (ref: string): Schema => components[ref.slice(2)]!;

describe("numericNames", () => {
  it("lists Numeric names, maps of Numeric values, the messages and the plan depth", () => {
    const book: Schema = {
      type: "object",
      properties: {
        feed: { type: "string", const: "book" },
        bids: { type: "array", items: { $ref: "#/Level" } },
        funding: { type: "object", additionalProperties: { $ref: "#/Numeric" } },
        seq: { $ref: "#/Numeric" },
      },
    };
    const plans = { book: { bids: { "[]": { price: true, qty: true } } as const, seq: true } as const };
    expect(numericNames([book], resolve, plans)).toEqual({
      keys: ["price", "qty", "seq"],
      maps: ["funding"],
      messages: ["book"],
      depth: 3,
    });
  });

  it("throws when a name is Numeric in one message and a plain string in another", () => {
    const a: Schema = { type: "object", properties: { price: { $ref: "#/Numeric" } } };
    const b: Schema = { type: "object", properties: { price: { type: "string" } } };
    expect(() => numericNames([a, b], resolve, {})).toThrow(/property "price" is Numeric/);
  });

  it("refuses an array of Numeric values, which has no name", () => {
    const a: Schema = {
      type: "object",
      properties: { list: { type: "array", items: { $ref: "#/Numeric" } } },
    };
    expect(() => numericNames([a], resolve, {})).toThrow(/array of Numeric values/);
  });
});
