// What a client checks before sending: the `params` of an operation-table entry, with the bounds of a
// batch-style JSON argument's instructions; and what a server checks of a request body (its fields'
// plans, `formFields` of the server table).
import type { Schema } from "../json-schema.js";
import {
  allParameters,
  deref,
  nonNullType,
  type OpenApiDocument,
  type Operation,
  type PathItem,
} from "./openapi-document.js";

/** One field of a tagged instruction: its name, JSON type and the bounds (and values) it carries. */
export interface FieldPlan {
  name: string;
  type: string;
  [bound: string]: unknown;
}

/** The instructions of a JSON argument: the array property, the tag that tells them apart, per tag the fields. */
export interface JsonItemsPlan {
  array: string;
  tag: string;
  variants: Record<string, FieldPlan[]>;
}

/** A query or path parameter as a client checks it: place, required, type, bounds. */
export interface ParameterPlan {
  name: string;
  in: string;
  required: boolean;
  type: string;
  items?: JsonItemsPlan;
  [bound: string]: unknown;
}

const PARAM_KEYS = [
  "enum",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "minLength",
  "maxLength",
  "pattern",
  "format",
] as const;
/** The keys that bound a value of the right type (what a JSON field's check reads). */
const BOUND_KEYS = ["minimum", "maximum", "exclusiveMinimum", "minLength", "maxLength", "pattern"] as const;

/** The fields of one tagged variant that carry a bound (or, with `everyField`, every typed field). */
function variantFields(variant: Schema, tag: string, document: OpenApiDocument, everyField: boolean) {
  const keys: readonly string[] = everyField ? [...BOUND_KEYS, "enum"] : BOUND_KEYS;
  return Object.entries(variant.properties ?? {})
    .map(([name, field]) => [name, deref(document, field)] as const)
    .filter(([name, field]) =>
      everyField
        ? name !== tag && nonNullType(field) !== undefined
        : BOUND_KEYS.some((key) => field[key] !== undefined),
    )
    .map(([name, field]) => {
      const out: FieldPlan = { name, type: nonNullType(field) ?? "string" };
      for (const key of keys) if (field[key] !== undefined) out[key] = field[key];
      return out;
    });
}

/**
 * The bounds of the instructions of a JSON parameter shaped like batchorder's: an object whose array
 * property holds a `oneOf` of objects told apart by a `const` tag (`order: send|edit|cancel`). Per tag,
 * the fields that carry a bound; with `everyField` (what a server checks), every field of a declared
 * type, with its closed set of values. Undefined for any other shape.
 */
export function describeJsonItems(
  document: OpenApiDocument,
  schema: Schema,
  everyField = false,
): JsonItemsPlan | undefined {
  for (const [array, sub] of Object.entries(deref(document, schema)?.properties ?? {})) {
    const list = deref(document, sub);
    const items = list?.type === "array" ? deref(document, list.items) : undefined;
    const tag = (items?.discriminator as { propertyName?: string } | undefined)?.propertyName;
    if (!items?.oneOf || tag === undefined) continue;
    const variants: Record<string, FieldPlan[]> = {};
    for (const branch of items.oneOf) {
      const variant = deref(document, branch);
      const value = deref(document, variant.properties?.[tag] ?? {})?.const;
      if (typeof value !== "string") continue;
      variants[value] = variantFields(variant, tag, document, everyField);
    }
    return { array, tag, variants };
  }
  return undefined;
}

/** What a client needs to refuse bad input before sending: name, place, required, type and bounds. */
export function describeParameters(
  document: OpenApiDocument,
  pathItem: PathItem,
  operation: Operation,
): ParameterPlan[] {
  return allParameters(document, pathItem, operation)
    .filter((p) => p.in === "query" || p.in === "path")
    .map((p) => {
      const schema = deref(document, p.schema ?? {});
      const type = p.content ? "json" : nonNullType(schema);
      const out: ParameterPlan = {
        name: p.name,
        in: p.in,
        required: p.required === true,
        type: type ?? "string",
      };
      for (const key of PARAM_KEYS) if (schema[key] !== undefined) out[key] = schema[key];
      const json = p.content?.["application/json"]?.schema;
      const items = json ? describeJsonItems(document, json) : undefined;
      if (items) out.items = items;
      return out;
    });
}

/** A value of a request body as a server checks it: type, bounds, array items, object fields, alternatives. */
export interface BodyValuePlan {
  type: string;
  items?: BodyValuePlan;
  fields?: BodyFieldPlan[];
  anyOf?: BodyValuePlan[];
  [bound: string]: unknown;
}

/** One field of a request body: its name, `required: true` where the schema requires it, its value's plan. */
export interface BodyFieldPlan extends BodyValuePlan {
  name: string;
  required?: true;
}

/** What bounds a body value, in the order emitted (a query parameter's keys, then an array's lengths). */
const BODY_KEYS = [...PARAM_KEYS, "minItems", "maxItems"] as const;

/** Whether a plan refuses anything beyond its JSON type (an item of plain text needs no check in a form). */
const checksMore = (plan: BodyValuePlan) =>
  Object.keys(plan).some((key) => key !== "type" && key !== "format");

/**
 * One body value's plan. Keys appear only where the schema states them, so a body of plain typed
 * fields (Trading's `orders/status`) is planned as `{name, type}` alone. `anyOf` becomes alternatives,
 * each planned the same way; a union's `type` is `string`, what a form carries it as.
 */
function describeBodyValue(document: OpenApiDocument, raw: Schema): BodyValuePlan {
  const schema = deref(document, raw);
  const out: BodyValuePlan = { type: nonNullType(schema) ?? "string" };
  for (const key of BODY_KEYS) if (schema[key] !== undefined) out[key] = schema[key];
  if (schema.items !== undefined) {
    const items = describeBodyValue(document, schema.items);
    if (checksMore(items)) out.items = items;
  }
  if (out.type === "object" && schema.properties) out.fields = describeBodyFields(document, schema);
  if (schema.anyOf) out.anyOf = schema.anyOf.map((alternative) => describeBodyValue(document, alternative));
  return out;
}

/**
 * The fields of a request body's schema (a form-encoded body's, or an object inside one), each with
 * `required` where the schema lists it and the plan of its value: what core's `checkBodyArguments`
 * runs in the mock, instead of a JSON Schema walk over the document at run time.
 */
export function describeBodyFields(document: OpenApiDocument, raw: Schema): BodyFieldPlan[] {
  const schema = deref(document, raw);
  const required = new Set((schema.required as string[] | undefined) ?? []);
  return Object.entries(schema.properties ?? {}).map(([name, field]) => {
    const { type, ...rest } = describeBodyValue(document, field);
    return { name, type, ...(required.has(name) && { required: true as const }), ...rest };
  });
}
