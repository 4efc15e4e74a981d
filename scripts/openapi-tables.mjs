// Reads the Kraken facts out of a bundled OpenAPI document: the per-operation table clients import
// (signed, cost, retry safety, deprecation, success shape, numeric fields). Pure functions; used by the generator.

const METHODS = ["get", "post", "put", "delete", "patch"];

export function resolveRef(document, ref) {
  if (!ref.startsWith("#/")) throw new Error(`only local refs are expected in a bundle, got ${ref}`);
  return ref
    .slice(2)
    .split("/")
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce((node, key) => node?.[key], document);
}

function deref(document, schema) {
  let s = schema;
  const seen = new Set();
  while (s && typeof s === "object" && typeof s.$ref === "string") {
    if (seen.has(s.$ref)) break;
    seen.add(s.$ref);
    s = resolveRef(document, s.$ref);
  }
  return s;
}

function mergeTrees(a, b) {
  if (a === undefined) return b;
  if (b === undefined) return a;
  if (a === true || b === true) return true;
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = mergeTrees(out[k], v);
  return out;
}

/** Where numeric strings may appear under `schema` (see NumericTree in packages/rest/src/api-description.ts). */
export function numericTree(document, schema, stack = new Set()) {
  if (!schema || typeof schema !== "object") return undefined;
  if (schema.$ref) {
    if (stack.has(schema.$ref)) return undefined;
    const next = new Set(stack).add(schema.$ref);
    return numericTree(document, resolveRef(document, schema.$ref), next);
  }
  if (schema["x-numeric"] === true) return true;
  let tree;
  for (const key of ["anyOf", "oneOf", "allOf"]) {
    for (const sub of schema[key] ?? []) tree = mergeTrees(tree, numericTree(document, sub, stack));
  }
  if (schema.items) {
    const items = numericTree(document, schema.items, stack);
    if (items !== undefined) tree = mergeTrees(tree, { "[]": items });
  }
  if (schema.additionalProperties && typeof schema.additionalProperties === "object") {
    const values = numericTree(document, schema.additionalProperties, stack);
    if (values !== undefined) tree = mergeTrees(tree, { "*": values });
  }
  for (const [name, sub] of Object.entries(schema.properties ?? {})) {
    const t = numericTree(document, sub, stack);
    if (t !== undefined) tree = mergeTrees(tree, { [name]: t });
  }
  return tree;
}

/** The success branches of a 200 response: every branch that is not the error envelope. */
function successSchemas(document, operation) {
  const schema = operation.responses?.["200"]?.content?.["application/json"]?.schema;
  if (!schema) return [];
  const branches = schema.oneOf ?? schema.anyOf ?? [schema];
  return branches.filter((b) => deref(document, b)?.properties?.result?.const !== "error");
}

/** A schema with its `allOf` parts folded in: type, required names and properties, as one object. */
function flatten(document, schema, depth = 0) {
  const s = deref(document, schema);
  if (!s || typeof s !== "object" || depth > 8) return {};
  let out = { type: s.type, required: [...(s.required ?? [])], properties: { ...(s.properties ?? {}) } };
  for (const part of s.allOf ?? []) {
    const p = flatten(document, part, depth + 1);
    out = {
      type: out.type ?? p.type,
      required: [...out.required, ...p.required],
      properties: { ...p.properties, ...out.properties },
    };
  }
  return out;
}

/**
 * What every success branch of the 200 JSON answer promises about its top level, so a client can
 * refuse a body that is not that (a `null`, an array, an object without `result: "success"`) instead
 * of handing it out as data: `"envelope"` (an object whose `result` is required and is `"success"`),
 * `"object"`, `"array"`, or undefined when the branches disagree or say nothing.
 */
function successShape(document, operation) {
  const shapes = new Set(
    successSchemas(document, operation).map((branch) => {
      const { type, required, properties } = flatten(document, branch);
      if (type === "array") return "array";
      if (type !== "object") return undefined;
      const result = deref(document, properties.result ?? {});
      return required.includes("result") && result?.const === "success" ? "envelope" : "object";
    }),
  );
  if (shapes.size === 0 || shapes.has(undefined)) return undefined;
  if (shapes.size === 1) return [...shapes][0];
  return shapes.has("array") ? undefined : "object";
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
];
/** The keys that bound a value of the right type (what a JSON field's check reads). */
const BOUND_KEYS = ["minimum", "maximum", "exclusiveMinimum", "minLength", "maxLength", "pattern"];

const nonNullType = (schema) =>
  Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;

/**
 * The bounds of the instructions of a JSON parameter shaped like batchorder's: an object whose array
 * property holds a `oneOf` of objects told apart by a `const` tag (`order: send|edit|cancel`). Per tag,
 * the fields that carry a bound; with `everyField` (what a server checks), every field of a declared
 * type, with its closed set of values. Undefined for any other shape.
 */
function describeJsonItems(document, schema, everyField = false) {
  const keys = everyField ? [...BOUND_KEYS, "enum"] : BOUND_KEYS;
  for (const [array, sub] of Object.entries(deref(document, schema)?.properties ?? {})) {
    const list = deref(document, sub);
    const items = list?.type === "array" ? deref(document, list.items) : undefined;
    const tag = items?.discriminator?.propertyName;
    if (!items?.oneOf || tag === undefined) continue;
    const variants = {};
    for (const branch of items.oneOf) {
      const variant = deref(document, branch);
      const value = deref(document, variant.properties?.[tag] ?? {})?.const;
      if (typeof value !== "string") continue;
      variants[value] = Object.entries(variant.properties ?? {})
        .map(([name, field]) => [name, deref(document, field)])
        .filter(([name, field]) =>
          everyField
            ? name !== tag && nonNullType(field) !== undefined
            : BOUND_KEYS.some((key) => field[key] !== undefined),
        )
        .map(([name, field]) => {
          const out = { name, type: nonNullType(field) ?? "string" };
          for (const key of keys) if (field[key] !== undefined) out[key] = field[key];
          return out;
        });
    }
    return { array, tag, variants };
  }
  return undefined;
}

/** What a client needs to refuse bad input before sending: name, place, required, type and bounds. */
function describeParameters(document, pathItem, operation) {
  const all = [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])].map((p) =>
    deref(document, p),
  );
  return all
    .filter((p) => p.in === "query" || p.in === "path")
    .map((p) => {
      const schema = deref(document, p.schema ?? {});
      const type = p.content ? "json" : nonNullType(schema);
      const out = { name: p.name, in: p.in, required: p.required === true, type: type ?? "string" };
      for (const key of PARAM_KEYS) if (schema[key] !== undefined) out[key] = schema[key];
      const json = p.content?.["application/json"]?.schema;
      const items = json ? describeJsonItems(document, json) : undefined;
      if (items) out.items = items;
      return out;
    });
}

/**
 * The facts a server of the spec (the mock exchange) needs besides what a client reads: the methods
 * Kraken also answers on (`x-accepted-methods`), the lenient reading of the JSON argument
 * (`x-json-scalars`), every typed field of its instructions, the fields of a form-encoded body (their
 * JSON types, for reading repeated keys) and the non-200 statuses the operation declares. Emitted only
 * where the spec states one, into the mock's own table, so client bundles do not carry them.
 */
function serverFacts(document, pathItem, operation) {
  const out = {};
  const also = operation["x-accepted-methods"]?.methods;
  if (also?.length) out.acceptedMethods = also.map((m) => m.toUpperCase());
  if (operation["x-json-scalars"]?.lenient === true) out.lenientJson = true;
  for (const p of [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])].map((x) =>
    deref(document, x),
  )) {
    const json = p.content?.["application/json"]?.schema;
    const items = json ? describeJsonItems(document, json, true) : undefined;
    if (items) out.jsonItems = { ...out.jsonItems, [p.name]: items };
  }
  const form = operation.requestBody?.content?.["application/x-www-form-urlencoded"]?.schema;
  const props = form ? deref(document, form).properties : undefined;
  if (props) {
    out.formFields = Object.entries(props).map(([name, field]) => ({
      name,
      type: nonNullType(deref(document, field)) ?? "string",
    }));
  }
  const statuses = Object.keys(operation.responses ?? {}).filter((s) => s !== "200" && s !== "default");
  if (statuses.length > 0) out.errorStatuses = statuses;
  return out;
}

/** The server facts of every operation that has any, keyed like the operation table. */
export function describeServer(document) {
  const operations = {};
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const facts = serverFacts(document, item, op);
      if (Object.keys(facts).length > 0) operations[`${method.toUpperCase()} ${path}`] = facts;
    }
  }
  return operations;
}

/** A 200 response without JSON content (the account-log CSV) is handed to users as text. */
function isTextResponse(operation) {
  const content = operation.responses?.["200"]?.content;
  return content !== undefined && !("application/json" in content);
}

function serverParts(url) {
  const u = new URL(url);
  return { origin: u.origin, basePath: u.pathname.replace(/\/$/, "") };
}

/**
 * The pools as clients count them: capacity and refill. Their `description` is prose for readers of
 * the spec; left out of the tables, it stays out of every browser bundle (issue 7's size budget).
 */
function poolsWithoutProse(pools) {
  return Object.fromEntries(
    Object.entries(pools).map(([name, { description: _prose, ...pool }]) => [name, pool]),
  );
}

export function describeApi(document, name, specHash) {
  const server = serverParts(document.servers[0].url);
  const operations = {};
  for (const [path, item] of Object.entries(document.paths)) {
    const pathServer = item.servers?.[0] ? serverParts(item.servers[0].url) : undefined;
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const security = op.security ?? document.security ?? [];
      const rl = op["x-rate-limit"];
      if (!rl || typeof rl.cost !== "number") throw new Error(`${method} ${path}: missing x-rate-limit`);
      if (typeof op["x-retry-safe"] !== "boolean") throw new Error(`${method} ${path}: missing x-retry-safe`);
      const success = isTextResponse(op) ? undefined : successShape(document, op);
      let numeric;
      for (const s of successSchemas(document, op)) numeric = mergeTrees(numeric, numericTree(document, s));
      const entry = {
        operationId: op.operationId,
        method: method.toUpperCase(),
        path,
        ...(pathServer && pathServer.basePath !== server.basePath ? { basePath: pathServer.basePath } : {}),
        signed: security.length > 0 && security.some((req) => Object.keys(req).length > 0),
        retrySafe: op["x-retry-safe"],
        deprecated: op.deprecated === true,
        rateLimit: rl,
        params: describeParameters(document, item, op),
        ...(isTextResponse(op) ? { responseType: "text" } : {}),
        ...(success === undefined ? {} : { success }),
        ...(numeric === undefined ? {} : { numeric }),
      };
      operations[`${entry.method} ${path}`] = entry;
    }
  }
  return {
    name,
    basePath: server.basePath,
    defaultOrigin: server.origin,
    pools: poolsWithoutProse(document["x-rate-limit-pools"] ?? {}),
    operations,
    specHash,
  };
}
