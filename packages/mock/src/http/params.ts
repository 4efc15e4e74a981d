/**
 * Reads an operation's arguments from the request as its generated table entry declares them, turns
 * the query or form text into the declared JSON types and checks them with core's `checkParameters`
 * (the check the clients run before sending), answering with Kraken's codes: `requiredArgumentMissing`
 * for a missing required argument, `invalidArgument` for a wrong type, enum value, bound or length, and
 * `Json Parse Error` for a JSON argument (`batchorder`'s `json`) that does not parse.
 */
import {
  checkParameters,
  type NumericTree,
  normaliseNumbers,
  type ParameterDescription,
  type ParameterIssue,
  type ServerOperationFacts,
} from "@kraken-futures/core";
import type { Route } from "./routes.js";

/** A Kraken error code that refuses the arguments of a request. */
export type ArgumentError = "requiredArgumentMissing" | "invalidArgument" | "Json Parse Error";

/** Arguments read and checked, or the Kraken error code that refuses the request. */
export type ParamsResult =
  | { readonly ok: true; readonly values: Record<string, unknown> }
  | {
      readonly ok: false;
      readonly error: ArgumentError;
      readonly detail: string;
      /** The argument at fault. */
      readonly param: string;
    };

/** The values of `name` in a form or query (`name=a&name=b` and `name[]=a` both give a list). */
function all(source: URLSearchParams, name: string): string[] {
  return [...source.getAll(name), ...source.getAll(`${name}[]`)];
}

/** Query text as the declared type; numbers through core's coercer, the one the clients use. */
function typed(raw: string, type: string): unknown {
  switch (type) {
    case "number":
    case "integer":
      return normaliseNumbers({ v: raw }, { v: true }).v;
    case "boolean":
      return raw === "true" ? true : raw === "false" ? false : raw;
    default:
      return raw;
  }
}

/**
 * Kraken's lenient reading of a JSON argument (`x-json-scalars`, batchorder): a decimal string where a
 * number is declared becomes that number, a number where a string is declared becomes its text. Only
 * the fields the table types are touched; anything else is left for the check to refuse.
 */
function lenient(p: ParameterDescription, document: unknown): unknown {
  const items = p.items;
  const list = items && (document as Record<string, unknown> | null)?.[items.array];
  if (!items || !Array.isArray(list)) return document;
  for (const instruction of list as (Record<string, unknown> | null)[]) {
    if (instruction === null || typeof instruction !== "object") continue;
    const fields = items.variants[String(instruction[items.tag])] ?? [];
    const numeric: Record<string, NumericTree> = {};
    for (const f of fields) {
      const value = instruction[f.name];
      if (f.type === "number" || f.type === "integer") numeric[f.name] = true;
      else if (f.type === "string" && typeof value === "number" && Number.isFinite(value))
        instruction[f.name] = String(value);
    }
    normaliseNumbers(instruction, numeric);
  }
  return document;
}

type Read = { ok: true; value: unknown } | { ok: false; error: ArgumentError };

function readOne(
  p: ParameterDescription,
  facts: ServerOperationFacts,
  raw: string,
  args: URLSearchParams,
): Read {
  if (p.type === "json") {
    try {
      const value = JSON.parse(raw);
      return { ok: true, value: facts.lenientJson ? lenient(p, value) : value };
    } catch {
      return { ok: false, error: "Json Parse Error" };
    }
  }
  // A form-style array (`info=a&info=b`): every value.
  if (p.type === "array") return { ok: true, value: all(args, p.name) };
  return { ok: true, value: typed(raw, p.type) };
}

function refusal(issue: ParameterIssue): ParamsResult {
  return {
    ok: false,
    error: issue.rule === "required" ? "requiredArgumentMissing" : "invalidArgument",
    detail: issue.message,
    param: issue.parameter.split(".")[0]!,
  };
}

/**
 * Reads the route's declared arguments; undeclared ones are ignored, as Kraken ignores them.
 * @param args the query string, or for a request with a form body, that body (Kraken accepts either).
 * @param pathParams values captured from the path template.
 */
export function readParams(
  route: Route,
  args: URLSearchParams,
  pathParams: Readonly<Record<string, string>>,
): ParamsResult {
  const op = route.operation;
  const query: Record<string, unknown> = {};
  const path: Record<string, unknown> = {};
  for (const p of op.params ?? []) {
    const raw =
      p.in === "path" ? pathParams[p.name] : (args.get(p.name) ?? args.get(`${p.name}[]`) ?? undefined);
    // An empty value is no value, as Kraken reads it.
    if (raw === undefined || raw === "") continue;
    const read = readOne(p, route.facts, raw, args);
    if (!read.ok) return { ok: false, error: read.error, detail: p.name, param: p.name };
    (p.in === "path" ? path : query)[p.name] = read.value;
  }
  const issues = checkParameters(op, query, path);
  if (issues) return refusal(issues.find((i) => i.rule === "required") ?? issues[0]!);
  const values: Record<string, unknown> = { ...query, ...path };
  for (const f of route.facts.formFields ?? []) {
    const raws = all(args, f.name);
    if (raws.length > 0) values[f.name] = f.type === "array" ? raws : typed(raws[0]!, f.type);
  }
  return { ok: true, values };
}
