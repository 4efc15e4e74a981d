/**
 * Kraken's lenient reading of a JSON argument (`batchorder`'s `json`, marked `x-json-scalars` in the
 * spec): a decimal string where the schema declares a number (`"size": "0.01"`) becomes that number, and
 * a finite number where it declares a string (a numeric `order_tag`) becomes its decimal text. Nothing
 * else is converted, so `"ten"` for a size or `true` for a tag is still refused by the schema check.
 */
import { checkSchema, type JsonSchema, resolveRef } from "./schema-check.js";

const DECIMAL = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

function declared(schema: Record<string, unknown>): readonly string[] {
  const t = schema.type;
  return Array.isArray(t) ? (t as string[]) : typeof t === "string" ? [t] : [];
}

function scalar(types: readonly string[], value: unknown): unknown {
  if (typeof value === "string" && !types.includes("string") && DECIMAL.test(value)) {
    if (types.includes("number")) return Number(value);
    if (types.includes("integer") && /^[-+]?\d+$/.test(value)) return Number(value);
  }
  if (typeof value === "number" && Number.isFinite(value) && types.length > 0) {
    if (types.includes("string") && !types.includes("number") && !types.includes("integer"))
      return String(value);
  }
  return value;
}

/**
 * `value` with its scalars converted as Kraken accepts them, guided by `schema`. For `anyOf`/`oneOf`,
 * the first alternative the converted value satisfies wins; when none does, the value is left as it is
 * so that the schema check reports the original problem.
 */
export function coerceJsonScalars(document: unknown, schema: JsonSchema, value: unknown): unknown {
  if (typeof schema !== "object") return value;
  if (typeof schema.$ref === "string")
    return coerceJsonScalars(document, resolveRef(document, schema.$ref) as JsonSchema, value);
  let out = scalar(declared(schema), value);
  if (out !== null && typeof out === "object" && !Array.isArray(out)) {
    const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
    const obj: Record<string, unknown> = { ...(out as Record<string, unknown>) };
    for (const [name, sub] of Object.entries(props))
      if (name in obj) obj[name] = coerceJsonScalars(document, sub, obj[name]);
    out = obj;
  } else if (Array.isArray(out) && schema.items !== undefined) {
    out = out.map((item) => coerceJsonScalars(document, schema.items as JsonSchema, item));
  }
  for (const sub of (schema.allOf as JsonSchema[] | undefined) ?? [])
    out = coerceJsonScalars(document, sub, out);
  for (const key of ["anyOf", "oneOf"] as const) {
    const subs = schema[key] as JsonSchema[] | undefined;
    if (!subs) continue;
    for (const sub of subs) {
      const candidate = coerceJsonScalars(document, sub, out);
      if (checkSchema(document, sub, candidate) === undefined) {
        out = candidate;
        break;
      }
    }
  }
  return out;
}
