// The run-time form of the spec's Numeric facts for the WebSocket decoder: the property NAMES that hold
// Numeric values, instead of a path per message (`numericFields`). The browser bundle ships this table,
// so its size counts (issue 12 follow-up: the ws bundle budget); a name list is about a third of the
// per-message plans once gzipped.
//
// A name list is only equivalent to the per-message plans if no property of that name is anything but
// Numeric in any server message: this module proves that over every server payload schema and throws
// otherwise, so a spec change that breaks the equivalence fails `pnpm generate` instead of mis-decoding.

/**
 * @param {Record<string, unknown>[]} payloads the server payload schemas
 * @param {(ref: string) => Record<string, unknown>} resolve a `$ref` to its schema
 * @param {Record<string, unknown>} plans `numericFields`: the per-message plans, for the depth bound
 * @returns {{ keys: string[], maps: string[], messages: string[], depth: number }}
 */
export function numericNames(payloads, resolve, plans) {
  const numeric = new Set(); // a Numeric value, somewhere
  const maps = new Set(); // a map whose values are Numeric
  const other = new Map(); // name -> where it is a value that may be a string but is not Numeric
  const visit = (schema, seen) => {
    if (!schema || typeof schema !== "object") return;
    for (const [name, property] of Object.entries(schema.properties ?? {})) classify(name, property, seen);
    for (const variant of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])])
      visit(deref(variant, seen)?.[0], deref(variant, seen)?.[1] ?? seen);
    const items = deref(schema.items, seen);
    if (items) {
      if (isNumeric(items[0], items[1])) throw new Error("an array of Numeric values has no name to list");
      visit(items[0], items[1]);
    }
    const values = deref(schema.additionalProperties, seen);
    if (values && !isNumeric(values[0], values[1])) visit(values[0], values[1]);
  };
  const deref = (schema, seen) => {
    if (!schema || typeof schema !== "object") return undefined;
    if (typeof schema.$ref !== "string") return [schema, seen];
    if (seen.has(schema.$ref)) return undefined;
    return [resolve(schema.$ref), new Set([...seen, schema.$ref])];
  };
  const isNumeric = (schema, seen) => {
    if (!schema) return false;
    if (schema["x-numeric"] === true) return true;
    return [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])].some((v) => {
      const d = deref(v, seen);
      return d !== undefined && isNumeric(d[0], d[1]);
    });
  };
  const classify = (name, property, seen) => {
    const d = deref(property, seen);
    if (!d) return;
    const [schema, inner] = d;
    if (isNumeric(schema, inner)) {
      numeric.add(name);
      return;
    }
    const values = deref(schema.additionalProperties, inner);
    if (values && isNumeric(values[0], values[1])) maps.add(name);
    else if (!isContainer(schema)) other.set(name, true);
    visit(schema, inner);
  };
  const isContainer = (schema) => {
    const types = [schema.type ?? []].flat();
    return types.length > 0 && types.every((t) => t === "object" || t === "array" || t === "null");
  };
  for (const payload of payloads) visit(payload, new Set());
  for (const name of [...numeric, ...maps]) {
    if (other.has(name) || (numeric.has(name) && maps.has(name))) {
      throw new Error(
        `property "${name}" is Numeric in one server message and not in another: the decoder's name table cannot describe it`,
      );
    }
  }
  const depthOf = (plan) =>
    plan === true ? 0 : 1 + Math.max(0, ...Object.values(plan).map((p) => depthOf(p)));
  return {
    keys: [...numeric].sort(),
    maps: [...maps].sort(),
    messages: Object.keys(plans),
    depth: Math.max(0, ...Object.values(plans).map((p) => depthOf(p))),
  };
}
