import { describe, expect, it } from "vitest";
import { END, fieldsOf, START, spliceTable, unverifiedRows, unverifiedTable } from "../src/unverified.js";

const schemas = {
  Order: {
    type: "object",
    properties: {
      params: {
        type: "object",
        properties: { symbol: { type: "string", "x-unverified": "the v2 | docs\n page" } },
      },
      fills: {
        type: "array",
        items: { type: "object", properties: { fee: { type: "number", "x-unverified": "seed" } } },
      },
      fees: {
        type: "object",
        additionalProperties: { type: "object", properties: { rate: { type: "number" } } },
      },
    },
  },
  Ref: { $ref: "#/components/schemas/Order" },
};

describe("fieldsOf", () => {
  it("dots nested objects, marks array items [] and map values {}, and does not follow refs", () => {
    expect(fieldsOf(schemas.Order).map(([path]) => path)).toEqual([
      "params",
      "params.symbol",
      "fills",
      "fills[].fee",
      "fees",
      "fees{}.rate",
    ]);
    expect(fieldsOf(schemas.Ref)).toEqual([]);
  });
});

describe("the unverified table", () => {
  const rows = unverifiedRows(schemas);
  it("lists every x-unverified field with its source, escaping pipes and folding whitespace", () => {
    expect(rows).toEqual([
      ["Order", "params.symbol", "the v2 | docs\n page"],
      ["Order", "fills[].fee", "seed"],
    ]);
    expect(unverifiedTable("uws", "specs/x.yaml", rows)).toContain(
      "| Order | `params.symbol` | the v2 \\| docs page |",
    );
  });
  it("replaces only what is between the markers, and throws without them", () => {
    const readme = `intro\n${START}\nold\n${END}\noutro\n`;
    expect(spliceTable(readme, "new")).toBe(`intro\n${START}\nnew\n${END}\noutro\n`);
    expect(() => spliceTable("no markers", "new")).toThrow(/lacks the/);
  });
});
