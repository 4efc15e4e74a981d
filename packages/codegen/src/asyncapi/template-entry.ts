// What the AsyncAPI generator's template (../../asyncapi-template/template/tables.js) calls: the tables
// part of a surface's file, from the document the generator parsed. WS v1 reads its operations through
// the parser's model (./facts.ts); schemas, and the UWS channels, are read from the raw document the
// generator was given, because the parser's model has every `$ref` inlined and the tables name components.
import { parse } from "yaml";
import { uwsTablesPart } from "../uws/emit.js";
import type { AsyncApiDocument } from "./document.js";
import { wsTablesPart } from "./emit.js";
import { type ParsedDocument, parsedOperationFacts } from "./facts.js";
import { wsModel } from "./ws-model.js";

/** The emitters the template renders. */
export type TemplateEmitter = "ws" | "uws";

/**
 * The tables part of the surface's file (aliases, unions and tables), from the template's props:
 * `asyncapi` (the parser's model) and `originalAsyncAPI` (the text the generator read: JSON or YAML).
 */
export function renderTables(
  asyncapi: ParsedDocument,
  originalAsyncAPI: string,
  emitter: TemplateEmitter,
): string {
  const document = parse(originalAsyncAPI) as AsyncApiDocument;
  if (emitter === "uws") return uwsTablesPart(document);
  if (emitter === "ws") return wsTablesPart(wsModel(document, parsedOperationFacts(asyncapi)));
  throw new Error(`unknown emitter "${String(emitter)}" (ws or uws)`);
}
