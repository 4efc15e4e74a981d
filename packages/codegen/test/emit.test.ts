// Snapshot tests of the emitters on the small fixture documents (inline here and in fixtures/): the
// whole emitted file is compared with test/__snapshots__/, so any change to a template shows as a diff.
// The real surfaces are held byte for byte by `pnpm check:generated`.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { wsTablesPart, wsTypesPart } from "../src/asyncapi/emit.js";
import { wsModel } from "../src/asyncapi/ws-model.js";
import { header } from "../src/header.js";
import { emitOpenApi } from "../src/openapi/emit.js";
import type { OpenApiDocument } from "../src/operation-table/index.js";
import { writeOutputs } from "../src/outputs.js";
import { payloadTypes } from "../src/payload-types.js";
import { uwsTablesPart, uwsTypesPart } from "../src/uws/emit.js";
import { uwsDocument } from "./fixtures/uws-document.js";
import { wsDocument } from "./fixtures/ws-document.js";

const openApiDocument = {
  openapi: "3.1.0",
  info: { title: "Fixture REST", version: "3.0.0", "x-content-hash": "resthash" },
  servers: [{ url: "https://futures.example.com/derivatives/api/v3/" }],
  security: [{ authent: [] }],
  paths: {
    "/tickers": {
      get: {
        operationId: "getTickers",
        security: [{}],
        "x-rate-limit": { pool: "derivatives", cost: 0 },
        "x-retry-safe": true,
        parameters: [{ name: "symbol", in: "query", schema: { type: "string", maxLength: 20 } }],
        responses: {
          "200": { content: { "application/json": { schema: { $ref: "#/components/schemas/Tickers" } } } },
        },
      },
    },
  },
  components: {
    schemas: {
      Tickers: {
        type: "object",
        required: ["result"],
        properties: {
          result: { type: "string", const: "success" },
          last: { type: "string", "x-numeric": true },
          side: { anyOf: [{ type: "string", enum: ["buy", "sell"] }, { type: "string" }] },
        },
      },
    },
  },
} as unknown as OpenApiDocument;

describe("emitOpenApi", () => {
  it("writes types and table to the package, and the server facts too to a mirror", async () => {
    const outputs = await emitOpenApi(
      { name: "fixture", source: "specs/fixture.yaml", dirs: ["/pkg", "/mock"] },
      openApiDocument,
    );
    expect(outputs.map((o) => o.file)).toEqual([
      "/pkg/fixture.gen.ts",
      "/pkg/fixture.operations.gen.ts",
      "/mock/fixture.gen.ts",
      "/mock/fixture.operations.gen.ts",
      "/mock/fixture.server.gen.ts",
    ]);
    expect(outputs[0]!.content).toBe(outputs[2]!.content);
    await expect(outputs[2]!.content).toMatchFileSnapshot("__snapshots__/openapi-fixture.gen.ts.snap");
    await expect(outputs[3]!.content).toMatchFileSnapshot(
      "__snapshots__/openapi-fixture.operations.gen.ts.snap",
    );
    await expect(outputs[4]!.content).toMatchFileSnapshot("__snapshots__/openapi-fixture.server.gen.ts.snap");
  });
  it("leaves the document it is given untouched (openapi-typescript rewrites its input)", async () => {
    const before = structuredClone(openApiDocument);
    await emitOpenApi({ name: "fixture", source: "s", dirs: ["/pkg"] }, openApiDocument);
    expect(openApiDocument).toEqual(before);
  });
});

describe("the WebSocket v1 emitter", () => {
  it("writes payload types, aliases, unions, the feed table and both Numeric tables", async () => {
    const types = await payloadTypes(wsDocument.info, wsDocument.components.schemas);
    const content =
      wsTypesPart("fixture", "specs/ws.yaml", "(bundle hash fixturehash)", types) +
      wsTablesPart(wsModel(wsDocument));
    expect(content).toContain("export type ServerEvent =\n  | Subscribed;");
    expect(content).toContain("/** Subscribed: The server's confirmation. */");
    await expect(content).toMatchFileSnapshot("__snapshots__/ws-fixture.gen.ts.snap");
  });
});

describe("the Unified WebSocket emitter", () => {
  it("writes payload types, aliases, unions and the channel, method and request-rule tables", async () => {
    const types = await payloadTypes(uwsDocument.info, uwsDocument.components.schemas, {
      defaultNonNullable: false,
    });
    const content =
      uwsTypesPart("fixture", "specs/uws.yaml", "(no hash)", types) + uwsTablesPart(uwsDocument);
    expect(content).toContain("export type UwsAck =\n  | SubscribeAck\n  | UnsubscribeAck\n  | AddOrderAck;");
    // defaultNonNullable: false keeps a field with a default optional in what users send.
    expect(content).toContain("post_only?: boolean;");
    await expect(content).toMatchFileSnapshot("__snapshots__/uws-fixture.gen.ts.snap");
  });
});

describe("header", () => {
  it("names the codegen command, the source and the provenance, one comment line per line of `about`", () => {
    expect(header("generate x", "specs/x.yaml", "(bundle hash h)", "One.\nTwo.")).toBe(
      "// This file is generated by @kraken-futures/codegen (generate x) from specs/x.yaml\n" +
        "// (bundle hash h). Do not edit it by hand: change the spec and run `pnpm generate`.\n// One.\n// Two.\n\n",
    );
  });
});

describe("writeOutputs", () => {
  const dir = mkdtempSync(join(tmpdir(), "codegen-outputs-"));
  afterEach(() => vi.restoreAllMocks());

  it("writes new and changed files only, and in check mode counts drift without writing", () => {
    vi.spyOn(console, "log").mockImplementation(() => {});
    vi.spyOn(console, "error").mockImplementation(() => {});
    const file = join(dir, "nested/a.gen.ts");
    expect(writeOutputs([{ file, content: "one" }], false, "spec")).toBe(0);
    expect(readFileSync(file, "utf8")).toBe("one");
    const written = statSync(file).mtimeMs;
    expect(writeOutputs([{ file, content: "one" }], true, "spec")).toBe(0);
    expect(writeOutputs([{ file, content: "two" }], true, "spec")).toBe(1);
    expect(readFileSync(file, "utf8")).toBe("one");
    writeOutputs([{ file, content: "one" }], false, "spec");
    expect(statSync(file).mtimeMs).toBe(written);
    writeFileSync(file, "edited");
    expect(writeOutputs([{ file, content: "one" }], true, "spec")).toBe(1);
    rmSync(dir, { recursive: true, force: true });
  });
});
