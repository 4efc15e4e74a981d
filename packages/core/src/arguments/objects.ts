/**
 * The check of a JSON object's arguments against generated object rules (the Unified WebSocket's
 * `uwsRequestRules`): required fields, JSON types (`["number", "null"]`), enums, array bounds (batch
 * sizes), item types, nested objects and arrays of objects, groups of alternatives (`oneOf`, `anyOf`)
 * and a bound on ids spread over several lists (`ids`). It answers the first rule broken, before
 * anything is sent.
 *
 * Why here, beside `checkParameters`: one argument-check engine for the SDK. Both walkers run the same
 * per-value tests (./values.ts); this one walks objects instead of query and path parameters. It is its
 * own entry (`@kraken-futures/core/object-arguments`) so the REST path never imports it: the REST +
 * auth browser bundle stays within its budget.
 */
import { aboveMax, belowMin, inEnum, isFiniteNumber, isOfType, jsonType } from "./values.js";

// A request body's fields (the mock's Spot calls) are checked through this entry too, for the same reason.
export { checkBodyArguments } from "./bodies.js";

/** One field's rule, as generated. */
export interface FieldRules {
  /** The JSON types allowed (`["string"]`, `["number", "null"]`); empty allows any. */
  readonly type: readonly string[];
  /** The closed set of values allowed. */
  readonly enum?: readonly unknown[];
  /** Bounds on an array's length. */
  readonly minItems?: number;
  readonly maxItems?: number;
  /** The JSON type of each item of an array of scalars. */
  readonly itemType?: string;
  /** The rules of each item of an array of objects. */
  readonly items?: ObjectRules;
  /** The rules of a nested object. */
  readonly object?: ObjectRules;
}

/** The rules of one object (a request's `params`, an order of a batch, `leverage_mode`), as generated. */
export interface ObjectRules {
  /** Fields that must be present (not undefined). */
  readonly required: readonly string[];
  readonly fields: Readonly<Record<string, FieldRules>>;
  /** Groups of alternatives (each a list of fields present together): exactly one must hold. */
  readonly oneOf?: readonly (readonly (readonly string[])[])[];
  /** Groups of alternatives: at least one must hold. */
  readonly anyOf?: readonly (readonly (readonly string[])[])[];
  /** Ids spread over the lists `of`: their total count must lie in `min`…`max`. */
  readonly ids?: { readonly of: readonly string[]; readonly min: number; readonly max: number };
}

/** The first rule an object broke: the JSON path of the field (`params.orders[2].side`) and why. */
export interface ObjectIssue {
  readonly field: string;
  /** What is wrong, without the value (`must hold at most 15 items, got 16`). */
  readonly problem: string;
}

interface CompiledField {
  readonly name: string;
  readonly rule: FieldRules;
  readonly enumValues: ReadonlySet<unknown> | undefined;
}

// Fields as an array and enums as sets, made once per rules object: this runs on every order sent.
const compiled = new WeakMap<ObjectRules, readonly CompiledField[]>();

function fieldsOf(rules: ObjectRules): readonly CompiledField[] {
  let fields = compiled.get(rules);
  if (!fields) {
    fields = Object.entries(rules.fields).map(([name, rule]) => ({
      name,
      rule,
      enumValues: rule.enum && new Set(rule.enum),
    }));
    compiled.set(rules, fields);
  }
  return fields;
}

const typeOk = (value: unknown, types: readonly string[]) =>
  types.length === 0 || types.some((type) => isOfType(value, type));

/**
 * Checks `value` against `rules`. Returns the first issue found, or `undefined` when there is none.
 * `path` names the value in issues (default `params`).
 */
export function checkObjectArguments(
  rules: ObjectRules,
  value: unknown,
  path = "params",
): ObjectIssue | undefined {
  if (!isOfType(value, "object")) return { field: path, problem: "must be an object" };
  const object = value as Record<string, unknown>;
  for (const name of rules.required) {
    if (object[name] === undefined) return { field: `${path}.${name}`, problem: "is required" };
  }
  for (const field of fieldsOf(rules)) {
    const v = object[field.name];
    // undefined means "left out", as JSON.stringify treats it.
    const issue = v === undefined ? undefined : checkField(field, v, `${path}.${field.name}`);
    if (issue) return issue;
  }
  return rules.oneOf || rules.anyOf || rules.ids ? checkGroups(rules, object, path) : undefined;
}

function checkGroups(
  rules: ObjectRules,
  object: Record<string, unknown>,
  path: string,
): ObjectIssue | undefined {
  const has = (alt: readonly string[]) => alt.every((name) => object[name] !== undefined);
  const names = (group: readonly (readonly string[])[]) => group.map((a) => a.join("+")).join(", ");
  for (const group of rules.oneOf ?? []) {
    if (group.filter(has).length !== 1)
      return { field: path, problem: `needs exactly one of ${names(group)}` };
  }
  for (const group of rules.anyOf ?? []) {
    if (!group.some(has)) return { field: path, problem: `needs one of ${names(group)}` };
  }
  if (rules.ids) {
    const { of, min, max } = rules.ids;
    let total = 0;
    for (const name of of) {
      const list = object[name];
      if (Array.isArray(list)) total += list.length;
    }
    if (belowMin(total, min) || aboveMax(total, max)) {
      return { field: path, problem: `must hold ${min} to ${max} ids in ${of.join(" and ")}, got ${total}` };
    }
  }
  return undefined;
}

function checkField(field: CompiledField, v: unknown, at: string): ObjectIssue | undefined {
  const { rule } = field;
  if (!typeOk(v, rule.type))
    return { field: at, problem: `must be ${rule.type.join(" or ")}, got ${jsonType(v)}` };
  if (jsonType(v) === "number" && !isFiniteNumber(v))
    return { field: at, problem: "must be a finite number" };
  if (!inEnum(field.enumValues, v)) return { field: at, problem: `must be one of ${rule.enum!.join(", ")}` };
  if (rule.object) return checkObjectArguments(rule.object, v, at);
  if (!Array.isArray(v)) return undefined;
  if (belowMin(v.length, rule.minItems)) {
    return { field: at, problem: `must hold at least ${rule.minItems} items, got ${v.length}` };
  }
  if (aboveMax(v.length, rule.maxItems)) {
    return { field: at, problem: `must hold at most ${rule.maxItems} items, got ${v.length}` };
  }
  for (let i = 0; i < v.length; i++) {
    const issue = rule.items
      ? checkObjectArguments(rule.items, v[i], `${at}[${i}]`)
      : rule.itemType && !isOfType(v[i], rule.itemType)
        ? { field: `${at}[${i}]`, problem: `must be ${rule.itemType}` }
        : undefined;
    if (issue) return issue;
  }
  return undefined;
}
