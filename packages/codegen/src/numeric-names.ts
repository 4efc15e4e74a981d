// The run-time form of the spec's Numeric facts for the WebSocket decoder: the property NAMES that hold
// Numeric values, instead of a path per message (`numericFields`). The browser bundle ships this table,
// so its size counts (issue 12 follow-up: the ws bundle budget); a name list is about a third of the
// per-message plans once gzipped.
//
// A name list is only equivalent to the per-message plans if no property of that name is anything but
// Numeric in any server message: this module proves that over every server payload schema and throws
// otherwise, so a spec change that breaks the equivalence fails `pnpm generate` instead of mis-decoding.
import type { NumericPlan, Schema } from "./json-schema.js";

/** The decoder's name table: Numeric property names, names of maps of Numeric values, messages, depth. */
export interface NumericNames {
  keys: string[];
  maps: string[];
  messages: string[];
  depth: number;
}

type Seen = ReadonlySet<string>;
type Reached = readonly [Schema, Seen];

const isContainer = (schema: Schema): boolean => {
  const types = [schema.type ?? []].flat();
  return types.length > 0 && types.every((t) => t === "object" || t === "array" || t === "null");
};

const depthOf = (plan: NumericPlan): number =>
  plan === true ? 0 : 1 + Math.max(0, ...Object.values(plan).map((p) => depthOf(p)));

/** Walks server payloads, sorting every property name into Numeric, map of Numeric, or other. */
class NameWalker {
  readonly numeric = new Set<string>();
  readonly maps = new Set<string>();
  readonly other = new Set<string>();

  constructor(private readonly resolve: (ref: string) => Schema) {}

  deref(schema: Schema | boolean | undefined, seen: Seen): Reached | undefined {
    if (!schema || typeof schema !== "object") return undefined;
    if (typeof schema.$ref !== "string") return [schema, seen];
    if (seen.has(schema.$ref)) return undefined;
    return [this.resolve(schema.$ref), new Set([...seen, schema.$ref])];
  }

  isNumeric(schema: Schema | undefined, seen: Seen): boolean {
    if (!schema) return false;
    if (schema["x-numeric"] === true) return true;
    return [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])].some((v) => {
      const d = this.deref(v, seen);
      return d !== undefined && this.isNumeric(d[0], d[1]);
    });
  }

  visit(schema: Schema | undefined, seen: Seen): void {
    if (!schema || typeof schema !== "object") return;
    for (const [name, property] of Object.entries(schema.properties ?? {}))
      this.classify(name, property, seen);
    for (const variant of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])]) {
      const d = this.deref(variant, seen);
      this.visit(d?.[0], d?.[1] ?? seen);
    }
    const items = this.deref(schema.items, seen);
    if (items) {
      if (this.isNumeric(items[0], items[1]))
        throw new Error("an array of Numeric values has no name to list");
      this.visit(items[0], items[1]);
    }
    const values = this.deref(schema.additionalProperties, seen);
    if (values && !this.isNumeric(values[0], values[1])) this.visit(values[0], values[1]);
  }

  classify(name: string, property: Schema, seen: Seen): void {
    const d = this.deref(property, seen);
    if (!d) return;
    const [schema, inner] = d;
    if (this.isNumeric(schema, inner)) {
      this.numeric.add(name);
      return;
    }
    const values = this.deref(schema.additionalProperties, inner);
    if (values && this.isNumeric(values[0], values[1])) this.maps.add(name);
    else if (!isContainer(schema)) this.other.add(name);
    this.visit(schema, inner);
  }
}

/**
 * The name table of the server payload schemas, proved equivalent to their per-message plans.
 * @param payloads the server payload schemas
 * @param resolve a `$ref` to its schema
 * @param plans `numericFields`: the per-message plans, for the message list and the depth bound
 * @throws when a property name is Numeric in one message and not in another
 */
export function numericNames(
  payloads: readonly Schema[],
  resolve: (ref: string) => Schema,
  plans: Readonly<Record<string, NumericPlan>>,
): NumericNames {
  const walker = new NameWalker(resolve);
  for (const payload of payloads) walker.visit(payload, new Set());
  const { numeric, maps, other } = walker;
  for (const name of [...numeric, ...maps]) {
    if (other.has(name) || (numeric.has(name) && maps.has(name))) {
      throw new Error(
        `property "${name}" is Numeric in one server message and not in another: the decoder's name table cannot describe it`,
      );
    }
  }
  return {
    keys: [...numeric].sort(),
    maps: [...maps].sort(),
    messages: Object.keys(plans),
    depth: Math.max(0, ...Object.values(plans).map((p) => depthOf(p))),
  };
}
