import { describe, expect, it } from "vitest";
import {
  describeApi,
  describeServer,
  numericTree,
  type OpenApiDocument,
  resolveRef,
} from "../src/operation-table/index.js";

const envelope = {
  type: "object",
  required: ["result"],
  properties: { result: { type: "string", const: "success" }, serverTime: { type: "string" } },
};
const errorEnvelope = {
  type: "object",
  required: ["result"],
  properties: { result: { type: "string", const: "error" }, error: { type: "string" } },
};
const json = (schema: unknown) => ({ "200": { content: { "application/json": { schema } } } });
const op = (extra: Record<string, unknown> = {}) => ({
  operationId: "op",
  "x-rate-limit": { pool: "derivatives", cost: 1 },
  "x-retry-safe": true,
  responses: json({ $ref: "#/components/schemas/Envelope" }),
  ...extra,
});
const spec = (paths: Record<string, unknown>, extra: Record<string, unknown> = {}): OpenApiDocument =>
  ({
    servers: [{ url: "https://futures.example.com/derivatives/api/v3/" }],
    security: [{ authent: [] }],
    paths,
    components: { schemas: { Envelope: envelope, Error: errorEnvelope } },
    ...extra,
  }) as unknown as OpenApiDocument;
const entry = (doc: OpenApiDocument, key: string) => {
  const found = describeApi(doc, "t", "hash").operations[key];
  if (!found) throw new Error(`no ${key}`);
  return found;
};

describe("describeApi: signed", () => {
  it("is signed under the document's security and public under an operation's `security: []` or `[{}]`", () => {
    const doc = spec({
      "/accounts": { get: op() },
      "/tickers": { get: op({ security: [] }) },
      "/optional": { get: op({ security: [{}] }) },
      "/either": { get: op({ security: [{}, { authent: [] }] }) },
    });
    expect(entry(doc, "GET /accounts").signed).toBe(true);
    expect(entry(doc, "GET /tickers").signed).toBe(false);
    expect(entry(doc, "GET /optional").signed).toBe(false);
    expect(entry(doc, "GET /either").signed).toBe(true);
  });

  it("is public when neither the document nor the operation states security", () => {
    const doc = spec({ "/x": { post: op() } }, { security: undefined });
    expect(entry(doc, "POST /x").signed).toBe(false);
  });
});

describe("describeApi: cost, pools, retry safety, deprecation", () => {
  it("copies x-rate-limit as the spec states it (pool, base cost, the cost-if-present overrides)", () => {
    const rl = { pool: "derivatives", cost: 10, costIfPresent: { lastFillTime: 25 } };
    const doc = spec({ "/fills": { get: op({ "x-rate-limit": rl }) } });
    expect(entry(doc, "GET /fills").rateLimit).toEqual(rl);
  });

  it("keeps a public call's cost 0 without a pool", () => {
    const doc = spec({ "/tickers": { get: op({ security: [], "x-rate-limit": { cost: 0 } }) } });
    expect(entry(doc, "GET /tickers").rateLimit).toEqual({ cost: 0 });
  });

  it("strips the prose of x-rate-limit-pools and keeps capacity and refill", () => {
    const pools = {
      derivatives: { description: "prose", capacity: 500, refillAmount: 500, refillIntervalMs: 10000 },
    };
    const table = describeApi(spec({}, { "x-rate-limit-pools": pools }), "t", "h");
    expect(table.pools).toEqual({
      derivatives: { capacity: 500, refillAmount: 500, refillIntervalMs: 10000 },
    });
    expect(describeApi(spec({}), "t", "h").pools).toEqual({});
  });

  it("refuses an operation without a numeric x-rate-limit cost or without x-retry-safe", () => {
    expect(() => describeApi(spec({ "/a": { get: op({ "x-rate-limit": undefined }) } }), "t", "h")).toThrow(
      "get /a: missing x-rate-limit",
    );
    expect(() =>
      describeApi(spec({ "/a": { get: op({ "x-rate-limit": { cost: "1" } }) } }), "t", "h"),
    ).toThrow("missing x-rate-limit");
    expect(() => describeApi(spec({ "/b": { post: op({ "x-retry-safe": undefined }) } }), "t", "h")).toThrow(
      "post /b: missing x-retry-safe",
    );
  });

  it("reads x-retry-safe and deprecated", () => {
    const doc = spec({
      "/send": { post: op({ "x-retry-safe": false }) },
      "/old": { get: op({ deprecated: true }) },
    });
    expect(entry(doc, "POST /send").retrySafe).toBe(false);
    expect(entry(doc, "POST /send").deprecated).toBe(false);
    expect(entry(doc, "GET /old").retrySafe).toBe(true);
    expect(entry(doc, "GET /old").deprecated).toBe(true);
  });
});

describe("describeApi: success shape", () => {
  const shape = (schema: unknown, extra: Record<string, unknown> = {}) =>
    entry(spec({ "/s": { get: op({ responses: json(schema), ...extra }) } }), "GET /s").success;

  it("is an envelope when result is required and const success, error branches left out", () => {
    expect(
      shape({ oneOf: [{ $ref: "#/components/schemas/Envelope" }, { $ref: "#/components/schemas/Error" }] }),
    ).toBe("envelope");
  });

  it("folds allOf parts in (the envelope through allOf)", () => {
    expect(shape({ allOf: [{ $ref: "#/components/schemas/Envelope" }, { properties: { x: {} } }] })).toBe(
      "envelope",
    );
  });

  it("is an object when result is not required or not success", () => {
    expect(shape({ type: "object", properties: { result: { const: "success" } } })).toBe("object");
    expect(shape({ type: "object", properties: { a: { type: "string" } } })).toBe("object");
    expect(shape({ anyOf: [{ $ref: "#/components/schemas/Envelope" }, { type: "object" }] })).toBe("object");
  });

  it("is an array, and undefined when array and object branches disagree or a branch says nothing", () => {
    expect(shape({ type: "array", items: { type: "string" } })).toBe("array");
    expect(shape({ oneOf: [{ type: "array" }, { type: "object" }] })).toBeUndefined();
    expect(shape({ oneOf: [{ type: "object" }, {}] })).toBeUndefined();
  });

  it("gives a text response responseType text and no success", () => {
    const e = entry(
      spec({ "/csv": { get: op({ responses: { "200": { content: { "text/csv": {} } } } }) } }),
      "GET /csv",
    );
    expect(e.responseType).toBe("text");
    expect(e.success).toBeUndefined();
    expect(e.numeric).toBeUndefined();
  });
});

describe("describeApi: argument plans", () => {
  it("lists query and path parameters with their type and bounds, path item's first, header left out", () => {
    const doc = spec({
      "/orders/{id}": {
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string", maxLength: 36 } }],
        get: op({
          parameters: [
            { name: "limit", in: "query", schema: { type: ["integer", "null"], minimum: 1, maximum: 100 } },
            { name: "side", in: "query", schema: { type: "string", enum: ["buy", "sell"] } },
            { name: "at", in: "query", schema: { type: "string", format: "date-time", pattern: "^\\d" } },
            { name: "X-Trace", in: "header", schema: { type: "string" } },
            { name: "anything", in: "query", schema: {} },
          ],
        }),
      },
    });
    expect(entry(doc, "GET /orders/{id}").params).toEqual([
      { name: "id", in: "path", required: true, type: "string", maxLength: 36 },
      { name: "limit", in: "query", required: false, type: "integer", minimum: 1, maximum: 100 },
      { name: "side", in: "query", required: false, type: "string", enum: ["buy", "sell"] },
      { name: "at", in: "query", required: false, type: "string", pattern: "^\\d", format: "date-time" },
      { name: "anything", in: "query", required: false, type: "string" },
    ]);
  });

  it("describes a batch JSON argument's tagged instructions: bounded fields per tag", () => {
    const doc = spec({ "/batchorder": { post: op({ parameters: [batchParameter] }) } });
    const [param] = entry(doc, "POST /batchorder").params;
    expect(param).toMatchObject({ name: "json", in: "query", required: true, type: "json" });
    expect(param?.items).toEqual({
      array: "batchOrder",
      tag: "order",
      variants: {
        send: [{ name: "size", type: "number", exclusiveMinimum: 0 }],
        cancel: [{ name: "order_id", type: "string", maxLength: 36 }],
      },
    });
  });
});

const batchParameter = {
  name: "json",
  in: "query",
  required: true,
  content: {
    "application/json": {
      schema: {
        type: "object",
        properties: {
          batchOrder: {
            type: "array",
            items: {
              discriminator: { propertyName: "order" },
              oneOf: [
                {
                  type: "object",
                  properties: {
                    order: { const: "send" },
                    size: { type: "number", exclusiveMinimum: 0 },
                    side: { type: "string", enum: ["buy", "sell"] },
                  },
                },
                {
                  type: "object",
                  properties: { order: { const: "cancel" }, order_id: { type: "string", maxLength: 36 } },
                },
              ],
            },
          },
        },
      },
    },
  },
};

describe("describeServer", () => {
  it("lists every typed instruction field with its values, form fields, accepted methods, error statuses", () => {
    const doc = spec({
      "/batchorder": {
        post: op({
          parameters: [batchParameter],
          "x-accepted-methods": { methods: ["get"] },
          "x-json-scalars": { lenient: true },
          requestBody: {
            content: {
              "application/x-www-form-urlencoded": {
                schema: { properties: { json: { type: "string" }, n: { type: ["integer", "null"] }, x: {} } },
              },
            },
          },
          responses: { ...json({}), "401": {}, default: {} },
        }),
      },
      "/plain": { get: op() },
    });
    expect(describeServer(doc)).toEqual({
      "POST /batchorder": {
        acceptedMethods: ["GET"],
        lenientJson: true,
        jsonItems: {
          json: {
            array: "batchOrder",
            tag: "order",
            variants: {
              send: [
                { name: "size", type: "number", exclusiveMinimum: 0 },
                { name: "side", type: "string", enum: ["buy", "sell"] },
              ],
              cancel: [{ name: "order_id", type: "string", maxLength: 36 }],
            },
          },
        },
        formFields: [
          { name: "json", type: "string" },
          { name: "n", type: "integer" },
          { name: "x", type: "string" },
        ],
        errorStatuses: ["401"],
      },
    });
  });
});

describe("numericTree", () => {
  it("marks x-numeric values by key, array items and map values, merging branches and stopping at cycles", () => {
    const doc = spec(
      {},
      {
        components: {
          schemas: {
            Node: {
              properties: { price: { "x-numeric": true }, child: { $ref: "#/components/schemas/Node" } },
            },
          },
        },
      },
    );
    expect(resolveRef(doc, "#/components/schemas/Node")).toHaveProperty("properties.price");
    expect(() => resolveRef(doc, "other.json#/x")).toThrow("only local refs");
    expect(numericTree(doc, { $ref: "#/components/schemas/Node" })).toEqual({ price: true });
    expect(
      numericTree(doc, {
        oneOf: [
          { properties: { a: { type: "array", items: { "x-numeric": true } } } },
          { properties: { a: { type: "array", items: { properties: { q: { "x-numeric": true } } } } } },
          { properties: { m: { additionalProperties: { "x-numeric": true } }, s: { type: "string" } } },
        ],
      }),
    ).toEqual({ a: { "[]": true }, m: { "*": true } });
    expect(numericTree(doc, { type: "string" })).toBeUndefined();
  });
});

describe("describeApi: a whole table", () => {
  it("writes a tiny spec's table exactly", () => {
    const doc = spec(
      {
        "/tickers": {
          servers: [{ url: "https://futures.example.com/derivatives/api/v4" }],
          get: op({
            operationId: "getTickers",
            security: [],
            "x-rate-limit": { cost: 0 },
            responses: json({
              allOf: [
                { $ref: "#/components/schemas/Envelope" },
                {
                  properties: {
                    tickers: { type: "array", items: { properties: { last: { "x-numeric": true } } } },
                  },
                },
              ],
            }),
          }),
        },
        "/sendorder": {
          post: op({
            operationId: "sendOrder",
            "x-retry-safe": false,
            parameters: [
              { name: "size", in: "query", required: true, schema: { type: "number", minimum: 0 } },
            ],
          }),
        },
      },
      { "x-rate-limit-pools": { derivatives: { description: "d", capacity: 500 } } },
    );
    expect(JSON.parse(JSON.stringify(describeApi(doc, "trading", "abc123")))).toEqual({
      name: "trading",
      basePath: "/derivatives/api/v3",
      defaultOrigin: "https://futures.example.com",
      pools: { derivatives: { capacity: 500 } },
      operations: {
        "GET /tickers": {
          operationId: "getTickers",
          method: "GET",
          path: "/tickers",
          basePath: "/derivatives/api/v4",
          signed: false,
          retrySafe: true,
          deprecated: false,
          rateLimit: { cost: 0 },
          params: [],
          success: "envelope",
          numeric: { tickers: { "[]": { last: true } } },
        },
        "POST /sendorder": {
          operationId: "sendOrder",
          method: "POST",
          path: "/sendorder",
          signed: true,
          retrySafe: false,
          deprecated: false,
          rateLimit: { pool: "derivatives", cost: 1 },
          params: [{ name: "size", in: "query", required: true, type: "number", minimum: 0 }],
          success: "envelope",
        },
      },
      specHash: "abc123",
    });
    // Key order is what the generated file prints: it must not move.
    expect(JSON.stringify(describeApi(doc, "trading", "abc123").operations["POST /sendorder"])).toBe(
      '{"operationId":"sendOrder","method":"POST","path":"/sendorder","signed":true,"retrySafe":false,' +
        '"deprecated":false,"rateLimit":{"pool":"derivatives","cost":1},' +
        '"params":[{"name":"size","in":"query","required":true,"type":"number","minimum":0}],"success":"envelope"}',
    );
  });
});
