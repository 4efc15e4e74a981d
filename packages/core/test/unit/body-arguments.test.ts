import { describe, expect, it } from "vitest";
import { checkBodyArguments } from "../../src/arguments/objects.js";
import { checkParameters } from "../../src/arguments.js";
import type { BodyFieldDescription, OperationDescription } from "../../src/model.js";

/** Spot's Ledgers / QueryLedgers / TradeVolume bodies, as the generator writes their plans. */
const plan: BodyFieldDescription[] = [
  { name: "nonce", type: "string", required: true, pattern: "^(0|[1-9][0-9]{0,19})$" },
  { name: "type", type: "string", enum: ["all", "trade"] },
  { name: "ofs", type: "integer", minimum: 0 },
  { name: "id", type: "string", minLength: 1, pattern: "^[^,]+(,[^,]+){0,19}$" },
  {
    name: "start",
    type: "string",
    anyOf: [
      { type: "integer", minimum: 0 },
      { type: "string", minLength: 1 },
    ],
  },
  {
    name: "pair",
    type: "string",
    anyOf: [
      { type: "string", minLength: 1 },
      {
        type: "array",
        minItems: 1,
        items: {
          type: "object",
          fields: [
            { name: "asset", type: "string", required: true, minLength: 1 },
            { name: "aclass", type: "string", required: true, minLength: 1 },
          ],
        },
      },
    ],
  },
];

const rules = (body: Record<string, unknown>) =>
  checkBodyArguments(plan, { nonce: "1", ...body })?.map((i) => `${i.parameter}:${i.rule}`);

describe("checkBodyArguments", () => {
  it("passes a body within the plan, alternatives and nested objects included", () => {
    expect(rules({})).toBeUndefined();
    expect(rules({ type: "trade", ofs: 0, id: "L1,L2", start: 5, pair: "XXBTZUSD" })).toBeUndefined();
    expect(rules({ start: "LQ7M2D", pair: [{ asset: "PF_XBTUSD", aclass: "derivatives" }] })).toBeUndefined();
  });

  it("names required, unknown, enum, bound and pattern breaks as checkParameters does", () => {
    expect(checkBodyArguments(plan, {})).toEqual([
      { parameter: "nonce", in: "body", rule: "required", message: 'body parameter "nonce" is required' },
    ]);
    expect(rules({ type: "bogus", ofs: -1, id: "", typo: 1 })).toEqual([
      "type:enum",
      "ofs:minimum",
      "id:minLength",
      "id:pattern",
      "typo:unknown",
    ]);
    expect(rules({ id: Array(21).fill("L").join(",") })).toEqual(["id:pattern"]);
    expect(rules({ ofs: 1.5 })).toEqual(["ofs:type"]);
  });

  it("reports the alternative of the value's own type, or a type issue naming every alternative", () => {
    expect(rules({ start: -1 })).toEqual(["start:minimum"]);
    expect(rules({ start: 1.5 })).toEqual(["start:type"]);
    expect(rules({ start: "" })).toEqual(["start:minLength"]);
    expect(checkBodyArguments(plan, { nonce: "1", start: true })?.[0]?.message).toBe(
      'body parameter "start" must be an integer or a string, not a boolean',
    );
    expect(rules({ pair: [] })).toEqual(["pair:minItems"]);
    expect(rules({ pair: [{ asset: "PF_XBTUSD" }] })).toEqual(["pair[0].aclass:required"]);
    expect(rules({ pair: [{ asset: "", aclass: "x" }, 3] })).toEqual([
      "pair[0].asset:minLength",
      "pair[1]:type",
    ]);
  });

  it("words value issues exactly as the query check does", () => {
    const op = {
      params: [{ name: "ofs", in: "query", required: false, type: "integer", minimum: 0 }],
    } as unknown as OperationDescription;
    const query = checkParameters(op, { ofs: -1 }, undefined)![0]!;
    const body = checkBodyArguments(plan, { nonce: "1", ofs: -1 })![0]!;
    expect(body.message).toBe(query.message.replace("query", "body"));
  });
});
