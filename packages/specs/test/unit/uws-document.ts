// The Unified WebSocket document as the UWS tests read it (the source YAML, not the bundle), with an
// ajv 2020 validator over its schemas.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { documentValidator } from "../validator.js";

// biome-ignore lint/suspicious/noExplicitAny: the test walks parsed YAML of any shape
export type Json = Record<string, any>;

const root = join(dirname(fileURLToPath(import.meta.url)), "../../../..");
export const text = readFileSync(join(root, "specs/asyncapi/uws/asyncapi.yaml"), "utf8");
export const doc: Json = parse(text);
export const messages = Object.entries(doc.components.messages as Record<string, Json>);
export const schemaName = (ref: string) => ref.split("/").pop() as string;
export const payloadName = (message: Json) => schemaName(message.payload.$ref);
const { validate } = documentValidator(doc, "https://spec.local/uws.asyncapi.json");
export const validPayload = (schema: string, value: unknown) =>
  validate({ $ref: `#/components/schemas/${schema}` }, value);

export function deref(node: Json): Json {
  return typeof node?.$ref === "string" ? deref(doc.components.schemas[schemaName(node.$ref)]) : node;
}

export interface Field {
  path: string;
  own?: string;
  inherited?: string;
}
/** Every field under a schema, following refs: `a.b` for nesting, `[]` for items, `{}` for map values. */
export function fieldsOf(node: Json, prefix = "", inherited?: string): Field[] {
  const schema = deref(node);
  const out: Field[] = [];
  for (const [name, property] of Object.entries((schema.properties ?? {}) as Json)) {
    const path = `${prefix}${name}`;
    const own = property["x-unverified"] as string | undefined;
    out.push({ path, own, inherited }, ...fieldsOf(property, `${path}.`, inherited ?? own));
  }
  if (schema.items) out.push(...fieldsOf(schema.items, prefix.replace(/\.$/, "[]."), inherited));
  if (schema.additionalProperties && typeof schema.additionalProperties === "object") {
    out.push(...fieldsOf(schema.additionalProperties, prefix.replace(/\.$/, "{}."), inherited));
  }
  return out;
}
