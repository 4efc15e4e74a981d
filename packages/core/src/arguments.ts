/**
 * The pre-send check of query and path arguments against the operation table's `params` (generated
 * from the spec), without ajv: a typo in a parameter name, a string where Kraken wants a number, a
 * value outside a closed enum or its bounds is refused before anything is sent, signed or counted.
 *
 * Why not ajv here: it would put the spec and a schema compiler into every bundle. The table already
 * holds the few facts a check needs; each operation's checker is built once, on first use, and a call
 * then costs one pass over its arguments (well under a microsecond for a sendorder).
 */
import { jsonType } from "./arguments/values.js";
import type { OperationDescription, ParameterDescription } from "./model.js";

/** The rule an argument broke. */
export type ParameterRule =
  | "required"
  | "unknown"
  | "type"
  | "enum"
  | "minimum"
  | "maximum"
  | "exclusiveMinimum"
  | "minLength"
  | "maxLength"
  | "pattern"
  | "format"
  /** A request body's array (`checkBodyArguments`): fewer or more items than its bounds allow. */
  | "minItems"
  | "maxItems"
  /** The opt-in instrument check (`instrumentGrid`): a price off the instrument's tick grid. */
  | "tickSize"
  /** The opt-in instrument check: a size that is not a multiple of the trade precision. */
  | "tradePrecision";

/**
 * One refused argument: which parameter, where, and which rule. The message never repeats the
 * argument's value, so nothing the caller passed (an order id, a client order id) ends up in logs.
 */
export interface ParameterIssue {
  readonly parameter: string;
  /** `body`: a field of a request body, checked by `checkBodyArguments` (the mock's Spot calls). */
  readonly in: "query" | "path" | "body";
  readonly rule: ParameterRule;
  readonly message: string;
}

/** What a check reads of a parameter, or of a field of a JSON instruction or a request body. */
export type Checked = Omit<ParameterDescription, "in" | "required"> & { readonly required?: boolean };

/** A parameter's description with its enum as a set and its pattern compiled (made once per description). */
export interface CompiledParameter {
  readonly description: Checked;
  readonly enumValues: ReadonlySet<string | number> | undefined;
  readonly pattern: RegExp | undefined;
  /** A `json` parameter's instructions: per tag value, their bounded fields. */
  readonly variants?: ReadonlyMap<string, readonly CompiledParameter[]>;
}

interface CompiledOperation {
  readonly query: ReadonlyMap<string, CompiledParameter>;
  readonly path: ReadonlyMap<string, CompiledParameter>;
  readonly requiredQuery: readonly string[];
  readonly requiredPath: readonly string[];
}

// RFC 3339 date-time, as JSON Schema's `date-time` format means it (offset required).
const DATE_TIME =
  /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])[Tt ](?:[01]\d|2[0-3]):[0-5]\d:(?:[0-5]\d|60)(?:\.\d+)?(?:[Zz]|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

const compiled = new WeakMap<OperationDescription, CompiledOperation | null>();

/** Compiles one description (internal: shared with the body walker, ./arguments/bodies.ts). */
export function compileOne(description: Checked): CompiledParameter {
  const variants = description.items?.variants;
  return {
    description,
    enumValues: description.enum ? new Set(description.enum) : undefined,
    // `u`: JSON Schema patterns are ECMA-262 with Unicode semantics.
    pattern: description.pattern !== undefined ? new RegExp(description.pattern, "u") : undefined,
    ...(variants && {
      variants: new Map(Object.entries(variants).map(([tag, fields]) => [tag, fields.map(compileOne)])),
    }),
  };
}

function compile(op: OperationDescription): CompiledOperation | null {
  if (op.params === undefined) return null;
  const query = new Map<string, CompiledParameter>();
  const path = new Map<string, CompiledParameter>();
  for (const description of op.params) {
    (description.in === "path" ? path : query).set(description.name, compileOne(description));
  }
  const required = (map: Map<string, CompiledParameter>) =>
    [...map.values()].filter((p) => p.description.required).map((p) => p.description.name);
  return { query, path, requiredQuery: required(query), requiredPath: required(path) };
}

/** A value's type for a message: "a string", "an array", "null", "NaN" (its JSON type, with an article). */
export function typeName(value: unknown): string {
  const type = jsonType(value);
  // String(value) is "null", "NaN" or "Infinity" here.
  if (value === null || (type === "number" && !Number.isFinite(value))) return String(value);
  return type === "object" || type === "array" ? `an ${type}` : `a ${type}`;
}

/** Counts code points, as JSON Schema's maxLength does, only when UTF-16 length could exceed the bound. */
function tooLong(text: string, max: number): boolean {
  if (text.length <= max) return false;
  let points = 0;
  for (const _ of text) if (++points > max) return true;
  return false;
}

/** Fewer than `min` code points (counted only when the UTF-16 length leaves a doubt). */
const tooShort = (text: string, min: number) =>
  text.length < min || (text.length < 2 * min && [...text].length < min);

/**
 * Checks one value; `name` is the parameter's, or a batch field's path (`json.batchOrder[1].size`).
 * Internal: the body walker (./arguments/bodies.ts) runs its scalar values through it too.
 */
export function checkValue(
  p: CompiledParameter,
  value: unknown,
  where: ParameterIssue["in"],
  issues: ParameterIssue[],
  name: string = p.description.name,
): void {
  const d = p.description;
  const issue = (rule: ParameterRule, message: string) =>
    issues.push({ parameter: name, in: where, rule, message: `${where} parameter "${name}" ${message}` });
  switch (d.type) {
    case "string": {
      if (typeof value !== "string") return void issue("type", `must be a string, not ${typeName(value)}`);
      if (p.enumValues !== undefined && !p.enumValues.has(value)) {
        return void issue("enum", `must be one of ${d.enum!.join(", ")}`);
      }
      if (d.minLength !== undefined && tooShort(value, d.minLength)) {
        issue("minLength", `must be at least ${d.minLength} characters long`);
      }
      if (d.maxLength !== undefined && tooLong(value, d.maxLength)) {
        issue("maxLength", `must be at most ${d.maxLength} characters long`);
      }
      if (p.pattern !== undefined && !p.pattern.test(value)) issue("pattern", `must match ${d.pattern}`);
      if (d.format === "date-time" && !DATE_TIME.test(value)) {
        issue("format", "must be an RFC 3339 date-time (2026-11-21T10:00:00.000Z)");
      }
      return;
    }
    case "number":
    case "integer": {
      if (typeof value !== "number" || !Number.isFinite(value)) {
        return void issue("type", `must be a finite number, not ${typeName(value)}`);
      }
      if (d.type === "integer" && !Number.isInteger(value)) return void issue("type", "must be an integer");
      if (p.enumValues !== undefined && !p.enumValues.has(value)) {
        return void issue("enum", `must be one of ${d.enum!.join(", ")}`);
      }
      if (d.minimum !== undefined && value < d.minimum) issue("minimum", `must be at least ${d.minimum}`);
      if (d.maximum !== undefined && value > d.maximum) issue("maximum", `must be at most ${d.maximum}`);
      // `<=` also refuses -0 when the bound is 0.
      if (d.exclusiveMinimum !== undefined && value <= d.exclusiveMinimum) {
        issue("exclusiveMinimum", `must be greater than ${d.exclusiveMinimum}`);
      }
      return;
    }
    case "boolean":
    case "array":
      // The table's type names are JSON's here.
      if (jsonType(value) !== d.type)
        issue("type", `must be ${d.type === "array" ? "an" : "a"} ${d.type}, not ${typeName(value)}`);
      return;
    case "json":
      // A JSON document: the encoder serialises an object; an already serialised string is sent as is.
      if (value === null || (typeof value !== "object" && typeof value !== "string")) {
        return void issue("type", `must be an object, not ${typeName(value)}`);
      }
      if (p.variants && typeof value === "object")
        checkInstructions(p, value as Record<string, unknown>, issues);
      return;
  }
}

/**
 * The instructions of a JSON parameter (batchorder's `json.batchOrder[]`), each against its variant's
 * fields (chosen by the tag, `order`) as the spec types and bounds them: a size of 0 inside a batch is
 * refused as it is in a sendorder. An already serialised string is sent as it is.
 */
function checkInstructions(
  p: CompiledParameter,
  document: Record<string, unknown>,
  issues: ParameterIssue[],
) {
  const { array, tag } = p.description.items!;
  const list = document[array];
  if (!Array.isArray(list)) return;
  list.forEach((instruction: Record<string, unknown> | null, index) => {
    for (const field of p.variants!.get(instruction?.[tag] as string) ?? []) {
      const value = instruction![field.description.name];
      const at = `${p.description.name}.${array}[${index}].${field.description.name}`;
      // null too: the edit instruction's cliOrdId may be null, and the table keeps no nullability.
      if (value != null) checkValue(field, value, "query", issues, at);
    }
  });
}

function checkGroup(
  args: Readonly<Record<string, unknown>> | undefined,
  known: ReadonlyMap<string, CompiledParameter>,
  required: readonly string[],
  where: "query" | "path",
  issues: ParameterIssue[],
): void {
  let present = 0;
  if (args != null) {
    for (const name in args) {
      const value = args[name];
      // undefined means "leave it out", as the encoder treats it.
      if (value === undefined) continue;
      const p = known.get(name);
      if (p === undefined) {
        issues.push({
          parameter: name,
          in: where,
          rule: "unknown",
          message: `${where} parameter "${name}" is not a parameter of this operation`,
        });
        continue;
      }
      if (p.description.required) present++;
      checkValue(p, value, where, issues);
    }
  }
  if (present === required.length) return;
  for (const name of required) {
    if (args == null || args[name] === undefined) {
      issues.push({
        parameter: name,
        in: where,
        rule: "required",
        message: `${where} parameter "${name}" is required`,
      });
    }
  }
}

/**
 * Checks an operation's query and path arguments against its table entry. Returns the issues found,
 * or `undefined` when there are none (or when the table has no `params` for the operation).
 */
export function checkParameters(
  op: OperationDescription,
  query: Readonly<Record<string, unknown>> | undefined,
  path: Readonly<Record<string, unknown>> | undefined,
): ParameterIssue[] | undefined {
  let c = compiled.get(op);
  if (c === undefined) {
    c = compile(op);
    compiled.set(op, c);
  }
  if (c === null) return undefined;
  const issues: ParameterIssue[] = [];
  checkGroup(query, c.query, c.requiredQuery, "query", issues);
  checkGroup(path, c.path, c.requiredPath, "path", issues);
  return issues.length > 0 ? issues : undefined;
}

/**
 * What is wrong with a path argument whatever the table says, or undefined: missing or empty, or a
 * dot segment (`.` or `..`), which a URL parser (`fetch`, `new URL`) resolves into another path, so
 * `GET /tickers/{symbol}` with `..` would reach the API's root. Every surface gets this check, also
 * one whose table has no pattern for the parameter.
 */
export function pathSegmentProblem(name: string, value: unknown): string | undefined {
  if (value === undefined || value === null || value === "") return `path parameter "${name}" is missing`;
  if (value === "." || value === "..") {
    return `path parameter "${name}" must not be "." or ".."`;
  }
  return undefined;
}
