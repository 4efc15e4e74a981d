// The AsyncAPI generator path: @asyncapi/generator with the project's template must render exactly what
// the typed emitters produce from the raw document, and the parser's reading of the v1 operations must
// equal the raw one. Run on the real source documents (single files, so no bundle is needed); the
// template imports the emitters from dist/, so `pnpm build` this package first (turbo's test task does).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { AsyncApiDocument } from "../src/asyncapi/document.js";
import { wsTablesPart } from "../src/asyncapi/emit.js";
import { operationFacts, type ParsedDocument, parsedOperationFacts } from "../src/asyncapi/facts.js";
import { renderWithGenerator } from "../src/asyncapi/generator.js";
import { wsModel } from "../src/asyncapi/ws-model.js";
import { root } from "../src/surfaces.js";
import { uwsTablesPart } from "../src/uws/emit.js";

const source = (surface: string) => join(root, `specs/asyncapi/${surface}/asyncapi.yaml`);
const raw = (surface: string) => parse(readFileSync(source(surface), "utf8")) as AsyncApiDocument;

describe("@asyncapi/generator with the project's template", () => {
  it("renders the WS v1 tables byte for byte as the emitter does", { timeout: 60_000 }, async () => {
    const rendered = await renderWithGenerator(source("ws"), "ws");
    expect(rendered).toBe(wsTablesPart(wsModel(raw("ws"))));
    expect(rendered).toContain("export const wsFeeds = {");
  });
  it("renders the UWS tables byte for byte as the emitter does", { timeout: 60_000 }, async () => {
    const rendered = await renderWithGenerator(source("uws"), "uws");
    expect(rendered).toBe(uwsTablesPart(raw("uws")));
  });
});

describe("parsedOperationFacts", () => {
  it("reads what operationFacts reads, from a parser-shaped model", () => {
    const document = raw("ws");
    const facts = operationFacts(document);
    // A stand-in with the parser's method names, built from the raw facts, with extension values boxed.
    const ext = (values: Record<string, unknown>) => ({
      get: (name: string) => (values[name] === undefined ? undefined : { value: () => values[name] }),
    });
    const parsed: ParsedDocument = {
      operations: () => ({
        all: () =>
          facts.map((op) => ({
            id: () => op.id,
            action: () => op.action,
            security: () => (op.secured ? [{}] : []),
            extensions: () => ext({ "x-feed": op.feed }),
            messages: () => ({
              all: () =>
                op.messages.map((m) => ({
                  id: () => m.name,
                  payload: () => ({ id: () => m.payload }),
                  extensions: () => ext({ "x-feed": m.feed, "x-role": m.role }),
                })),
            }),
          })),
      }),
    };
    expect(parsedOperationFacts(parsed)).toEqual(facts);
    expect(facts.find((f) => f.id === "receiveBook")?.messages.map((m) => m.role)).toEqual([
      "snapshot",
      "update",
    ]);
  });
});
