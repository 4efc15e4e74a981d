import ts from "typescript";
import { describe, expect, it } from "vitest";
import { openEnumValues, schemaTransform } from "../src/schema-transform.js";

const print = (node: ts.TypeNode | undefined) =>
  node === undefined
    ? undefined
    : ts
        .createPrinter()
        .printNode(ts.EmitHint.Unspecified, node, ts.createSourceFile("x.ts", "", ts.ScriptTarget.ES2022));

describe("schemaTransform", () => {
  it("turns an x-numeric field into number", () => {
    expect(print(schemaTransform({ type: "string", "x-numeric": true }))).toBe("number");
  });

  it("turns an open enum into its values and (string & {})", () => {
    const schema = { anyOf: [{ type: "string", enum: ["buy", "sell"] }, { type: "string" }] };
    expect(openEnumValues(schema)).toEqual(["buy", "sell"]);
    expect(print(schemaTransform(schema))).toBe('"buy" | "sell" | (string & {})');
  });

  it("leaves a closed enum and other anyOf shapes to openapi-typescript", () => {
    expect(schemaTransform({ type: "string", enum: ["a"] })).toBeUndefined();
    expect(openEnumValues({ anyOf: [{ type: "string", enum: ["a"] }, { type: "number" }] })).toBeUndefined();
    expect(openEnumValues({ anyOf: [{ enum: ["a"] }, { type: "string", const: "b" }] })).toBeUndefined();
  });
});
