/**
 * Reads an operation's arguments from the request as the spec declares them, coerces them to their
 * schema types and checks them, answering with Kraken's codes: `requiredArgumentMissing` for a missing
 * required argument, `invalidArgument` for a wrong type, enum value, bound or length, and
 * `Json Parse Error` for a JSON argument (`batchorder`'s `json`) that does not parse.
 */

import { coerceJsonScalars } from "./json-scalars.js";
import { checkSchema, type JsonSchema, resolveRef } from "./schema-check.js";
import type { Route } from "./spec-routes.js";

/** Arguments read and checked, or the Kraken error code that refuses the request. */
export type ParamsResult =
  | { readonly ok: true; readonly values: Record<string, unknown> }
  | {
      readonly ok: false;
      readonly error: "requiredArgumentMissing" | "invalidArgument" | "Json Parse Error";
      readonly detail: string;
      /** The argument at fault. */
      readonly param: string;
    };

function schemaType(document: unknown, schema: JsonSchema): string | undefined {
  if (typeof schema !== "object") return undefined;
  if (typeof schema.$ref === "string")
    return schemaType(document, resolveRef(document, schema.$ref) as JsonSchema);
  const t = schema.type;
  if (Array.isArray(t)) return t.find((x) => x !== "null") as string | undefined;
  return t as string | undefined;
}

const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/** Turns a query or form string into the schema's type; undefined when it cannot be. */
function coerce(raw: string, type: string | undefined): unknown {
  switch (type) {
    case "number":
      return NUMBER.test(raw) ? Number(raw) : undefined;
    case "integer":
      return /^[-+]?\d+$/.test(raw) ? Number(raw) : undefined;
    case "boolean":
      return raw === "true" ? true : raw === "false" ? false : undefined;
    default:
      return raw;
  }
}

/** The values of `name` in a form or query (`name=a&name=b` and `name[]=a` both give a list). */
function all(source: URLSearchParams, name: string): string[] {
  return [...source.getAll(name), ...source.getAll(`${name}[]`)];
}

/**
 * Reads the route's declared arguments.
 * @param args the query string, or for a request with a form body, that body (Kraken accepts either).
 * @param pathParams values captured from the path template.
 */
export function readParams(
  document: unknown,
  route: Route,
  args: URLSearchParams,
  pathParams: Readonly<Record<string, string>>,
): ParamsResult {
  const values: Record<string, unknown> = {};
  for (const p of route.parameters) {
    if (p.in !== "query" && p.in !== "path") continue;
    const raw = p.in === "path" ? pathParams[p.name] : (args.get(p.name) ?? undefined);
    if (raw === undefined || raw === "") {
      if (p.required) return { ok: false, error: "requiredArgumentMissing", detail: p.name, param: p.name };
      continue;
    }
    let value: unknown;
    if (p.json) {
      try {
        value = JSON.parse(raw);
      } catch {
        return { ok: false, error: "Json Parse Error", detail: p.name, param: p.name };
      }
      if (route.lenientJson) value = coerceJsonScalars(document, p.schema, value);
    } else if (p.in === "query" && schemaType(document, p.schema) === "array") {
      // A form-style array (`info=a&info=b`): every value, each coerced to the items' type.
      const items = (p.schema as Record<string, unknown>).items as JsonSchema;
      const list = all(args, p.name).map((r) => coerce(r, schemaType(document, items)));
      if (list.includes(undefined))
        return { ok: false, error: "invalidArgument", detail: `${p.name}: ${raw}`, param: p.name };
      value = list;
    } else {
      value = coerce(raw, schemaType(document, p.schema));
      if (value === undefined)
        return { ok: false, error: "invalidArgument", detail: `${p.name}: ${raw}`, param: p.name };
    }
    const problem = checkSchema(document, p.schema, value, `/${p.name}`);
    if (problem)
      return {
        ok: false,
        error: missing(problem) ? "requiredArgumentMissing" : "invalidArgument",
        detail: problem,
        param: p.name,
      };
    values[p.name] = value;
  }
  if (route.formBody && typeof route.formBody === "object") {
    const props = (route.formBody.properties ?? {}) as Record<string, JsonSchema>;
    for (const [name, schema] of Object.entries(props)) {
      const type = schemaType(document, schema);
      const raws = all(args, name);
      if (raws.length === 0) continue;
      const value = type === "array" ? raws : coerce(raws[0]!, type);
      const problem = checkSchema(document, schema, value, `/${name}`);
      if (value === undefined || problem)
        return { ok: false, error: "invalidArgument", detail: problem ?? name, param: name };
      values[name] = value;
    }
  }
  return { ok: true, values };
}

/** A nested `required` failure (inside a JSON argument) is a missing argument too. */
function missing(problem: string): boolean {
  return problem.endsWith(": required");
}
