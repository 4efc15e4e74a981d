// The decoder reads Numeric fields by name (`numericNames`); the spec's per-message plans
// (`numericFields`) are the reference. Every message with a plan is built with a numeric string at every
// planned place and a numeric-looking non-Numeric string beside each, then decoded: the result must be
// exactly what walking the plan gives.
import { describe, expect, it } from "vitest";
import { decodeFrame } from "../../src/decode.js";
import { type NumericPlan, numericFields } from "../../src/generated/ws.gen.js";

/** A value shaped by `plan`: "7.5" at Numeric places, two items per array, two entries per map. */
function sample(plan: NumericPlan): unknown {
  if (plan === true) return "7.5";
  const items = plan["[]"];
  if (items !== undefined) return [sample(items), sample(items)];
  const values = plan["*"];
  if (values !== undefined) return { XBT: sample(values), "12": sample(values) };
  const record: Record<string, unknown> = { not_numeric_id: "42", note: "1e3" };
  for (const [key, inner] of Object.entries(plan)) record[key] = sample(inner);
  return record;
}

/** The reference: the plan walked, numeric strings converted where it says. */
function byPlan(value: unknown, plan: NumericPlan): unknown {
  if (plan === true) return typeof value === "string" ? Number(value) : value;
  if (Array.isArray(value)) return value.map((item) => byPlan(item, plan["[]"]!));
  const values = plan["*"];
  const record = value as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(record).map(([key, inner]) => {
      const next = values ?? plan[key];
      return [key, next === undefined ? inner : byPlan(inner, next)];
    }),
  );
}

describe("numericNames", () => {
  for (const [name, plan] of Object.entries(numericFields)) {
    it(`decodes ${name} exactly as its numericFields plan says`, () => {
      const body = sample(plan) as Record<string, unknown>;
      const frame = { ...body, feed: name, product_id: "PF_XBTUSD", seq: 3 };
      const expected = byPlan(frame, plan);
      const decoded = decodeFrame(JSON.stringify(frame));
      expect(decoded.ok).toBe(true);
      if (decoded.ok) expect(decoded.message).toEqual(expected);
    });
  }

  it("leaves a frame of an unknown feed untouched, even where a Numeric name appears", () => {
    const decoded = decodeFrame('{"feed":"someday","price":"1","holding":{"XBT":"2"}}');
    expect(decoded.ok && decoded.message).toEqual({ feed: "someday", price: "1", holding: { XBT: "2" } });
  });
});
