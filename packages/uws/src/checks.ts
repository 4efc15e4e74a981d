/**
 * The client-side checks of a request's `params`, read from the spec's generated `uwsRequestRules`:
 * required fields, JSON types, enums, array bounds (batch sizes), groups of alternatives and bounds on
 * ids spread over several lists. A request that breaks one is refused before anything is sent.
 */
import { UwsValidationError } from "./errors.js";

/** One field's rule, as generated. */
interface FieldRule {
  readonly type: readonly string[];
  readonly enum?: readonly unknown[];
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly itemType?: string;
  readonly items?: ParamRules;
  readonly object?: ParamRules;
}

/** The rules of one object (`params`, an order of a batch, `leverage_mode`), as generated. */
export interface ParamRules {
  readonly required: readonly string[];
  readonly fields: Readonly<Record<string, FieldRule>>;
  readonly oneOf?: readonly (readonly (readonly string[])[])[];
  readonly anyOf?: readonly (readonly (readonly string[])[])[];
  readonly ids?: { readonly of: readonly string[]; readonly min: number; readonly max: number };
}

/** The JSON type of a value, in JSON Schema's words. */
function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

function typeOk(value: unknown, types: readonly string[]): boolean {
  if (types.length === 0) return true;
  const t = jsonType(value);
  if (types.includes(t)) return true;
  if (t === "number" && types.includes("integer")) return Number.isInteger(value);
  return false;
}

/** A rules object with its fields as an array, made once per rules object (this runs on every order). */
const compiled = new WeakMap<ParamRules, readonly (readonly [string, FieldRule])[]>();

function fieldsOf(rules: ParamRules): readonly (readonly [string, FieldRule])[] {
  let fields = compiled.get(rules);
  if (!fields) {
    fields = Object.entries(rules.fields);
    compiled.set(rules, fields);
  }
  return fields;
}

type Fail = (field: string, problem: string) => never;

/** Throws a {@link UwsValidationError} at the first rule `value` breaks. `path` names it (`params`). */
export function checkParams(method: string, rules: ParamRules, value: unknown, path = "params"): void {
  const fail: Fail = (field, problem) => {
    throw new UwsValidationError(method, field, problem);
  };
  checkObject(rules, value, path, fail);
}

function checkObject(rules: ParamRules, value: unknown, path: string, fail: Fail): void {
  if (jsonType(value) !== "object") fail(path, "must be an object");
  const object = value as Record<string, unknown>;
  for (const name of rules.required) if (object[name] === undefined) fail(`${path}.${name}`, "is required");
  for (const [name, rule] of fieldsOf(rules)) {
    const v = object[name];
    if (v !== undefined) checkField(rule, v, `${path}.${name}`, fail);
  }
  if (rules.oneOf || rules.anyOf || rules.ids) checkGroups(rules, object, path, fail);
}

function checkGroups(rules: ParamRules, object: Record<string, unknown>, path: string, fail: Fail): void {
  const has = (alt: readonly string[]) => alt.every((name) => object[name] !== undefined);
  for (const group of rules.oneOf ?? []) {
    if (group.filter(has).length !== 1)
      fail(path, `needs exactly one of ${group.map((a) => a.join("+")).join(", ")}`);
  }
  for (const group of rules.anyOf ?? []) {
    if (!group.some(has)) fail(path, `needs one of ${group.map((a) => a.join("+")).join(", ")}`);
  }
  if (rules.ids) {
    const { of, min, max } = rules.ids;
    const total = of.reduce(
      (n, name) => n + (Array.isArray(object[name]) ? (object[name] as []).length : 0),
      0,
    );
    if (total < min || total > max)
      fail(path, `must hold ${min} to ${max} ids in ${of.join(" and ")}, got ${total}`);
  }
}

function checkField(rule: FieldRule, v: unknown, at: string, fail: Fail): void {
  if (!typeOk(v, rule.type)) fail(at, `must be ${rule.type.join(" or ")}, got ${jsonType(v)}`);
  if (typeof v === "number" && !Number.isFinite(v)) fail(at, "must be a finite number");
  if (rule.enum && !rule.enum.includes(v)) fail(at, `must be one of ${rule.enum.join(", ")}`);
  if (rule.object) checkObject(rule.object, v, at, fail);
  if (!Array.isArray(v)) return;
  if (rule.minItems !== undefined && v.length < rule.minItems)
    fail(at, `must hold at least ${rule.minItems} items, got ${v.length}`);
  if (rule.maxItems !== undefined && v.length > rule.maxItems)
    fail(at, `must hold at most ${rule.maxItems} items, got ${v.length}`);
  v.forEach((item, i) => {
    if (rule.items) checkObject(rule.items, item, `${at}[${i}]`, fail);
    else if (rule.itemType && !typeOk(item, [rule.itemType])) fail(`${at}[${i}]`, `must be ${rule.itemType}`);
  });
}
