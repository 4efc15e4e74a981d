/**
 * A small JSON Schema (2020-12 subset) checker for request arguments: enough for the parameter and
 * `batchorder` document schemas of the spec (type, enum, const, bounds, lengths, pattern, required,
 * properties, items, anyOf / oneOf / allOf, local `$ref`). Responses are validated in tests with ajv;
 * the server keeps no validator dependency at run time.
 */
export type JsonSchema = boolean | { readonly [key: string]: unknown };

/** Resolves a local `$ref` (`#/components/schemas/X`) against the document. */
export function resolveRef(document: unknown, ref: string): unknown {
  if (!ref.startsWith("#/")) throw new Error(`Only local $refs are supported, got ${ref}`);
  let node = document;
  for (const raw of ref.slice(2).split("/")) {
    const key = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    node = (node as Record<string, unknown> | undefined)?.[key];
  }
  if (node === undefined) throw new Error(`Unresolved $ref ${ref}`);
  return node;
}

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function typeMatches(expected: string, actual: string): boolean {
  return expected === actual || (expected === "number" && actual === "integer");
}

/**
 * Checks `value` against `schema`; returns the first problem found as a JSON-pointer-ish message, or
 * undefined when the value conforms.
 */
export function checkSchema(
  document: unknown,
  schema: JsonSchema,
  value: unknown,
  at = "",
): string | undefined {
  if (schema === true) return undefined;
  if (schema === false) return `${at || "/"}: not allowed`;
  const s = schema as Record<string, unknown>;
  if (typeof s.$ref === "string") {
    const problem = checkSchema(document, resolveRef(document, s.$ref) as JsonSchema, value, at);
    if (problem) return problem;
  }
  const actual = typeOf(value);
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    if (!types.some((t) => typeMatches(t, actual))) return `${at || "/"}: expected ${types.join(" or ")}`;
  }
  if (Array.isArray(s.enum) && !s.enum.some((e) => e === value))
    return `${at || "/"}: not one of ${s.enum.join(", ")}`;
  if ("const" in s && s.const !== value) return `${at || "/"}: must be ${String(s.const)}`;
  if (typeof value === "number") {
    if (typeof s.minimum === "number" && value < s.minimum) return `${at || "/"}: below ${s.minimum}`;
    if (typeof s.maximum === "number" && value > s.maximum) return `${at || "/"}: above ${s.maximum}`;
    if (typeof s.exclusiveMinimum === "number" && value <= s.exclusiveMinimum)
      return `${at || "/"}: too small`;
    if (typeof s.exclusiveMaximum === "number" && value >= s.exclusiveMaximum)
      return `${at || "/"}: too large`;
  }
  if (typeof value === "string") {
    if (typeof s.maxLength === "number" && [...value].length > s.maxLength)
      return `${at || "/"}: longer than ${s.maxLength}`;
    if (typeof s.minLength === "number" && [...value].length < s.minLength)
      return `${at || "/"}: shorter than ${s.minLength}`;
    if (typeof s.pattern === "string" && !new RegExp(s.pattern, "u").test(value))
      return `${at || "/"}: does not match ${s.pattern}`;
  }
  if (actual === "object") {
    const obj = value as Record<string, unknown>;
    for (const name of (s.required as string[] | undefined) ?? []) {
      if (!(name in obj)) return `${at}/${name}: required`;
    }
    const props = (s.properties ?? {}) as Record<string, JsonSchema>;
    for (const [name, sub] of Object.entries(props)) {
      if (name in obj) {
        const problem = checkSchema(document, sub, obj[name], `${at}/${name}`);
        if (problem) return problem;
      }
    }
  }
  if (actual === "array") {
    const arr = value as unknown[];
    if (typeof s.minItems === "number" && arr.length < s.minItems)
      return `${at || "/"}: fewer than ${s.minItems} items`;
    if (typeof s.maxItems === "number" && arr.length > s.maxItems)
      return `${at || "/"}: more than ${s.maxItems} items`;
    if (s.items !== undefined) {
      for (let i = 0; i < arr.length; i++) {
        const problem = checkSchema(document, s.items as JsonSchema, arr[i], `${at}/${i}`);
        if (problem) return problem;
      }
    }
  }
  for (const sub of (s.allOf as JsonSchema[] | undefined) ?? []) {
    const problem = checkSchema(document, sub, value, at);
    if (problem) return problem;
  }
  for (const key of ["anyOf", "oneOf"] as const) {
    const subs = s[key] as JsonSchema[] | undefined;
    if (!subs) continue;
    const problems = subs.map((sub) => checkSchema(document, sub, value, at));
    const passing = problems.filter((p) => p === undefined).length;
    if (passing === 0) return problems.find((p) => p !== undefined);
    if (key === "oneOf" && passing > 1) return `${at || "/"}: matches more than one alternative`;
  }
  return undefined;
}
