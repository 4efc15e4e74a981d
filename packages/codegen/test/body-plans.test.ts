import { describe, expect, it } from "vitest";
import { describeBodyFields, describeServer, type OpenApiDocument } from "../src/operation-table/index.js";

/** A Spot-like document: a form body by `$ref`, with a required nonce, an enum, bounds and unions. */
const doc = {
  servers: [{ url: "https://spot.example.com/0" }],
  paths: {
    "/private/Ledgers": {
      post: {
        operationId: "getLedgers",
        "x-rate-limit": { pool: "spot", cost: 2 },
        "x-retry-safe": true,
        requestBody: {
          content: {
            "application/x-www-form-urlencoded": { schema: { $ref: "#/components/schemas/Request" } },
          },
        },
        responses: { "200": {} },
      },
    },
  },
  components: {
    schemas: {
      Nonce: { type: "string", pattern: "^[0-9]+$", description: "prose is left out" },
      Pair: {
        type: "object",
        required: ["asset"],
        properties: { asset: { type: "string", minLength: 1 }, aclass: { type: "string" } },
      },
      Request: {
        type: "object",
        required: ["nonce", "id"],
        properties: {
          nonce: { $ref: "#/components/schemas/Nonce" },
          id: { type: "string", minLength: 1, maxLength: 400 },
          type: { type: "string", default: "all", enum: ["all", "trade"] },
          ofs: { type: "integer", minimum: 0 },
          start: {
            anyOf: [
              { type: "integer", minimum: 0 },
              { type: "string", minLength: 1 },
            ],
          },
          pair: {
            anyOf: [
              { type: "string" },
              { type: "array", minItems: 1, maxItems: 20, items: { $ref: "#/components/schemas/Pair" } },
            ],
          },
          ids: { type: "array", items: { type: "string", format: "uuid" } },
          flag: { type: ["boolean", "null"] },
        },
      },
    },
  },
} as unknown as OpenApiDocument;

describe("describeBodyFields", () => {
  it("plans each field: required, type, enum and bounds as stated, refs followed, prose left out", () => {
    const [nonce, id, type, ofs] = describeBodyFields(doc, { $ref: "#/components/schemas/Request" });
    expect(nonce).toEqual({ name: "nonce", type: "string", required: true, pattern: "^[0-9]+$" });
    expect(id).toEqual({ name: "id", type: "string", required: true, minLength: 1, maxLength: 400 });
    expect(type).toEqual({ name: "type", type: "string", enum: ["all", "trade"] });
    expect(ofs).toEqual({ name: "ofs", type: "integer", minimum: 0 });
  });

  it("plans unions as alternatives, arrays with their lengths and object items with their fields", () => {
    const fields = describeBodyFields(doc, { $ref: "#/components/schemas/Request" });
    const byName = Object.fromEntries(fields.map((f) => [f.name, f]));
    expect(byName.start).toEqual({
      name: "start",
      type: "string",
      anyOf: [
        { type: "integer", minimum: 0 },
        { type: "string", minLength: 1 },
      ],
    });
    expect(byName.pair).toEqual({
      name: "pair",
      type: "string",
      anyOf: [
        { type: "string" },
        {
          type: "array",
          minItems: 1,
          maxItems: 20,
          items: {
            type: "object",
            fields: [
              { name: "asset", type: "string", required: true, minLength: 1 },
              { name: "aclass", type: "string" },
            ],
          },
        },
      ],
    });
  });

  it("leaves plain fields as {name, type}: text items (a format alone) and nullable types add nothing", () => {
    const fields = describeBodyFields(doc, { $ref: "#/components/schemas/Request" });
    expect(fields.slice(-2)).toEqual([
      { name: "ids", type: "array" },
      { name: "flag", type: "boolean" },
    ]);
  });

  it("is what the server table's formFields hold", () => {
    const facts = describeServer(doc)["POST /private/Ledgers"];
    expect(facts?.formFields).toEqual(describeBodyFields(doc, { $ref: "#/components/schemas/Request" }));
  });
});
