/**
 * The check of a request body's fields (a form or JSON body, the mock's Spot calls) against the
 * generated body plans of a server table (`formFields`: required, types, enums, bounds, array items,
 * nested objects and `anyOf` alternatives). Issues have `checkParameters`' shape, with `in: "body"`.
 *
 * Why a walker of its own over `checkParameters`' value test: one argument-check engine. Every scalar
 * value goes through the same `checkValue` (type, enum, bounds, length, pattern, format, messages) that
 * query and path arguments go through; this module adds only what a body has and a query has not:
 * alternatives, array lengths and items, nested objects. It is reached through
 * `@kraken-futures/core/object-arguments`, never from the REST path, so the REST + auth browser
 * bundle (15,000 B budget) carries none of it.
 */
import {
  type CompiledParameter,
  checkValue,
  compileOne,
  type ParameterIssue,
  typeName,
} from "../arguments.js";
import type { BodyFieldDescription, BodyValueDescription } from "../model.js";
import { aboveMax, belowMin, isOfType } from "./values.js";

// Made once per description: the check runs on every request the mock admits.
const scalars = new WeakMap<BodyValueDescription, CompiledParameter>();
const byName = new WeakMap<ReadonlyArray<BodyFieldDescription>, ReadonlyMap<string, BodyFieldDescription>>();

/** The description as `checkValue` reads it: the scalar keys only (an object never reaches it). */
function scalarOf(d: BodyValueDescription): CompiledParameter {
  let c = scalars.get(d);
  if (c === undefined) {
    const { items: _items, fields: _fields, anyOf: _anyOf, minItems: _min, maxItems: _max, ...rest } = d;
    // The caller has handled objects, so the type is one checkValue knows.
    c = compileOne({ name: "", ...rest, type: rest.type as Exclude<typeof rest.type, "object"> });
    scalars.set(d, c);
  }
  return c;
}

const push = (issues: ParameterIssue[], name: string, rule: ParameterIssue["rule"], message: string) =>
  issues.push({ parameter: name, in: "body", rule, message: `body parameter "${name}" ${message}` });

const withArticle = (type: string) => (/^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`);

/** Checks one value against its description; `name` is its path (`pair[0].asset`). */
function checkBodyValue(d: BodyValueDescription, value: unknown, name: string, issues: ParameterIssue[]) {
  if (d.anyOf) return checkAlternatives(d.anyOf, value, name, issues);
  if (d.type === "object") {
    if (!isOfType(value, "object"))
      return push(issues, name, "type", `must be an object, not ${typeName(value)}`);
    return checkFields(d.fields ?? [], value as Record<string, unknown>, `${name}.`, issues);
  }
  const before = issues.length;
  checkValue(scalarOf(d), value, "body", issues, name);
  if (issues.length > before || !Array.isArray(value)) return;
  if (belowMin(value.length, d.minItems))
    push(issues, name, "minItems", `must hold at least ${d.minItems} items`);
  if (aboveMax(value.length, d.maxItems))
    push(issues, name, "maxItems", `must hold at most ${d.maxItems} items`);
  const items = d.items;
  if (items) for (let i = 0; i < value.length; i++) checkBodyValue(items, value[i], `${name}[${i}]`, issues);
}

/**
 * JSON Schema's `anyOf`: passing one alternative is enough. Otherwise the issues of the alternative of
 * the value's own JSON type say best what is wrong (`start` = -1: below the integer's minimum); a value
 * of none of their types is a type issue naming them all.
 */
function checkAlternatives(
  alternatives: ReadonlyArray<BodyValueDescription>,
  value: unknown,
  name: string,
  issues: ParameterIssue[],
) {
  let own: ParameterIssue[] | undefined;
  for (const alternative of alternatives) {
    const found: ParameterIssue[] = [];
    checkBodyValue(alternative, value, name, found);
    if (found.length === 0) return;
    // An integer alternative is the one a fractional number was meant for.
    const type = alternative.type === "integer" ? "number" : alternative.type;
    if (own === undefined && isOfType(value, type)) own = found;
  }
  if (own) return void issues.push(...own);
  const types = alternatives.map((a) => withArticle(a.type)).join(" or ");
  push(issues, name, "type", `must be ${types}, not ${typeName(value)}`);
}

/** The fields of an object: each present one checked, unknown and missing required ones named. */
function checkFields(
  fields: ReadonlyArray<BodyFieldDescription>,
  object: Readonly<Record<string, unknown>>,
  prefix: string,
  issues: ParameterIssue[],
) {
  let known = byName.get(fields);
  if (known === undefined) {
    known = new Map(fields.map((f) => [f.name, f]));
    byName.set(fields, known);
  }
  for (const name in object) {
    const value = object[name];
    // undefined means "left out", as the encoders treat it.
    if (value === undefined) continue;
    const field = known.get(name);
    if (field) checkBodyValue(field, value, prefix + name, issues);
    else push(issues, prefix + name, "unknown", "is not a parameter of this operation");
  }
  for (const field of fields) {
    if (field.required && object[field.name] === undefined) {
      push(issues, prefix + field.name, "required", "is required");
    }
  }
}

/**
 * Checks a request body's fields (`fields`, as read from a form or parsed from JSON) against the
 * operation's body plan. Returns the issues found, or `undefined` when there are none.
 */
export function checkBodyArguments(
  plan: ReadonlyArray<BodyFieldDescription>,
  fields: Readonly<Record<string, unknown>>,
): ParameterIssue[] | undefined {
  const issues: ParameterIssue[] = [];
  checkFields(plan, fields, "", issues);
  return issues.length > 0 ? issues : undefined;
}
