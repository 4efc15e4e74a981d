// The facts a server of the spec (the mock exchange) needs besides the client's operation table.
import {
  type BodyFieldPlan,
  describeBodyFields,
  describeJsonItems,
  type JsonItemsPlan,
} from "./argument-plans.js";
import {
  allParameters,
  deref,
  METHODS,
  type OpenApiDocument,
  type Operation,
  type PathItem,
} from "./openapi-document.js";

/** What a server checks of one operation beyond the client's table; every key only where the spec states it. */
export interface ServerFacts {
  acceptedMethods?: string[];
  lenientJson?: true;
  jsonItems?: Record<string, JsonItemsPlan>;
  formFields?: BodyFieldPlan[];
  errorStatuses?: string[];
}

/**
 * The facts a server of the spec (the mock exchange) needs besides what a client reads: the methods
 * Kraken also answers on (`x-accepted-methods`), the lenient reading of the JSON argument
 * (`x-json-scalars`), every typed field of its instructions, the fields of a form-encoded body (their
 * JSON types, for reading repeated keys, and the plans the mock checks a body against) and the non-200 statuses the operation declares. Emitted only
 * where the spec states one, into the mock's own table, so client bundles do not carry them.
 */
export function serverFacts(
  document: OpenApiDocument,
  pathItem: PathItem,
  operation: Operation,
): ServerFacts {
  const out: ServerFacts = {};
  const also = operation["x-accepted-methods"]?.methods;
  if (also?.length) out.acceptedMethods = also.map((m) => m.toUpperCase());
  if (operation["x-json-scalars"]?.lenient === true) out.lenientJson = true;
  for (const p of allParameters(document, pathItem, operation)) {
    const json = p.content?.["application/json"]?.schema;
    const items = json ? describeJsonItems(document, json, true) : undefined;
    if (items) out.jsonItems = { ...out.jsonItems, [p.name]: items };
  }
  const form = operation.requestBody?.content?.["application/x-www-form-urlencoded"]?.schema;
  if (form && deref(document, form).properties) out.formFields = describeBodyFields(document, form);
  const statuses = Object.keys(operation.responses ?? {}).filter((s) => s !== "200" && s !== "default");
  if (statuses.length > 0) out.errorStatuses = statuses;
  return out;
}

/** The server facts of every operation that has any, keyed like the operation table (`"POST /path"`). */
export function describeServer(document: OpenApiDocument): Record<string, ServerFacts> {
  const operations: Record<string, ServerFacts> = {};
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
