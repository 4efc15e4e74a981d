// Where numeric strings may appear in a response: the `numeric` plan of an operation-table entry.
import type { NumericPlan, Schema } from "../json-schema.js";
import { type OpenApiDocument, resolveRef } from "./openapi-document.js";

/** The union of two plans: a value (`true`) anywhere wins over the keys below it. */
export function mergeTrees(a: NumericPlan | undefined, b: NumericPlan | undefined): NumericPlan | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  if (a === true || b === true) return true;
  const out: Record<string, NumericPlan | undefined> = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = mergeTrees(out[k], v);
  return out as NumericPlan;
}

/**
 * Where numeric strings may appear under `schema` (see NumericTree in packages/rest/src/api-description.ts):
 * `true` for an `x-numeric` value, else by key (`"[]"` items, `"*"` map values); undefined when none.
 * A `$ref` already on the walk's stack (a recursive schema) adds nothing.
 */
export function numericTree(
  document: OpenApiDocument,
  schema: Schema | undefined,
  stack: ReadonlySet<string> = new Set(),
): NumericPlan | undefined {
  if (!schema || typeof schema !== "object") return undefined;
  if (schema.$ref) {
    if (stack.has(schema.$ref)) return undefined;
    const next = new Set(stack).add(schema.$ref);
    return numericTree(document, resolveRef(document, schema.$ref) as Schema | undefined, next);
  }
  if (schema["x-numeric"] === true) return true;
  let tree: NumericPlan | undefined;
  for (const key of ["anyOf", "oneOf", "allOf"] as const) {
    for (const sub of schema[key] ?? []) tree = mergeTrees(tree, numericTree(document, sub, stack));
  }
  if (schema.items) {
    const items = numericTree(document, schema.items, stack);
    if (items !== undefined) tree = mergeTrees(tree, { "[]": items });
  }
  if (schema.additionalProperties && typeof schema.additionalProperties === "object") {
    const values = numericTree(document, schema.additionalProperties, stack);
    if (values !== undefined) tree = mergeTrees(tree, { "*": values });
  }
  for (const [name, sub] of Object.entries(schema.properties ?? {})) {
    const t = numericTree(document, sub, stack);
    if (t !== undefined) tree = mergeTrees(tree, { [name]: t });
  }
  return tree;
}
