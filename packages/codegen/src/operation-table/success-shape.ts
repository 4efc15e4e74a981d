// What a 200 JSON answer promises about its top level: the `success` of an operation-table entry.
import type { Schema } from "../json-schema.js";
import { deref, type OpenApiDocument, type Operation } from "./openapi-document.js";

/** The top-level shape every success branch shares. */
export type SuccessShape = "envelope" | "object" | "array";

/** The success branches of a 200 response: every branch that is not the error envelope. */
export function successSchemas(document: OpenApiDocument, operation: Operation): Schema[] {
  const schema = operation.responses?.["200"]?.content?.["application/json"]?.schema;
  if (!schema) return [];
  const branches = schema.oneOf ?? schema.anyOf ?? [schema];
  return branches.filter((b) => deref(document, b)?.properties?.result?.const !== "error");
}

interface Flat {
  type: Schema["type"];
  required: string[];
  properties: Record<string, Schema>;
}

/** A schema with its `allOf` parts folded in: type, required names and properties, as one object. */
function flatten(document: OpenApiDocument, schema: Schema, depth = 0): Flat {
  const s = deref(document, schema);
  if (!s || typeof s !== "object" || depth > 8) return { type: undefined, required: [], properties: {} };
  let out: Flat = {
    type: s.type,
    required: [...((s.required as string[] | undefined) ?? [])],
    properties: { ...(s.properties ?? {}) },
  };
  for (const part of s.allOf ?? []) {
    const p = flatten(document, part, depth + 1);
    out = {
      type: out.type ?? p.type,
      required: [...out.required, ...p.required],
      properties: { ...p.properties, ...out.properties },
    };
  }
  return out;
}

function branchShape(document: OpenApiDocument, branch: Schema): SuccessShape | undefined {
  const { type, required, properties } = flatten(document, branch);
  if (type === "array") return "array";
  if (type !== "object") return undefined;
  const result = deref(document, properties.result ?? {});
  return required.includes("result") && result?.const === "success" ? "envelope" : "object";
}

/**
 * What every success branch of the 200 JSON answer promises about its top level, so a client can
 * refuse a body that is not that (a `null`, an array, an object without `result: "success"`) instead
 * of handing it out as data: `"envelope"` (an object whose `result` is required and is `"success"`),
 * `"object"`, `"array"`, or undefined when the branches disagree or say nothing.
 */
export function successShape(document: OpenApiDocument, operation: Operation): SuccessShape | undefined {
  const shapes = new Set(successSchemas(document, operation).map((branch) => branchShape(document, branch)));
  if (shapes.size === 0 || shapes.has(undefined)) return undefined;
  if (shapes.size === 1) return [...shapes][0];
  return shapes.has("array") ? undefined : "object";
}
