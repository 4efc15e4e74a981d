/**
 * Optional validation of requests and responses against the bundled OpenAPI document, with ajv.
 * A separate entry point (`@kraken-futures/rest/validation`) so that the default bundle carries neither
 * ajv nor the spec: install `ajv` and `ajv-formats` (the default document comes from
 * `@kraken-futures/specs`, a dependency), then
 *
 * @example
 * import { createSpecValidator } from "@kraken-futures/rest/validation";
 * const client = createRestClient({ validator: await createSpecValidator() });
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import type { OperationDescription } from "./api-description.js";
import type { RequestArguments, SpecValidator } from "./types.js";

// ajv-formats is CommonJS; under NodeNext its default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => void;

const DOCUMENT_ID = "kraken-futures-spec";
const FORM = "application/x-www-form-urlencoded";

type Json = Record<string, unknown>;

function pointer(...segments: string[]): string {
  return segments.map((s) => s.replace(/~/g, "~0").replace(/\//g, "~1")).join("/");
}

function resolve(document: Json, ref: string): unknown {
  return ref
    .replace(/^#\//, "")
    .split("/")
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce<unknown>((node, key) => (node as Json | undefined)?.[key], document);
}

function describe(errors: readonly ErrorObject[] | null | undefined, prefix: string): string[] {
  return (errors ?? []).map((e) => {
    const at = `${prefix}${e.instancePath}`;
    const extra =
      e.keyword === "additionalProperties"
        ? ` "${(e.params as { additionalProperty?: string }).additionalProperty}"`
        : e.keyword === "enum"
          ? ` (${((e.params as { allowedValues?: unknown[] }).allowedValues ?? []).join(", ")})`
          : "";
    return `${at || "/"} ${e.message ?? e.keyword}${extra}`;
  });
}

/** A validator compiled from one document; validators are compiled on first use per operation, then kept. */
export interface DocumentValidator extends SpecValidator {
  validateRequest(operation: OperationDescription, args: RequestArguments): string[];
  validateResponse(operation: OperationDescription, status: number, body: unknown): string[];
}

/**
 * Builds a validator from a bundled OpenAPI 3.1 document (ajv 2020-12, `strict: false` because
 * OpenAPI's `discriminator` and the `x-` extensions are not JSON Schema keywords).
 *
 * Requests: unknown query parameters, missing required ones, wrong types and enum values, missing path
 * parameters and bad form bodies. Responses: the JSON of the answer's status against its schema, before
 * numeric strings are converted.
 */
export function createDocumentValidator(document: Json): DocumentValidator {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  ajv.addSchema(document, DOCUMENT_ID);
  const requests = new Map<string, ValidateFunction | null>();
  const responses = new Map<string, ValidateFunction | null>();
  const paths = (document["paths"] ?? {}) as Json;

  const operationPointer = (op: OperationDescription) =>
    `#/${pointer("paths", op.path, op.method.toLowerCase())}`;

  function requestValidator(op: OperationDescription): ValidateFunction | null {
    const key = `${op.method} ${op.path}`;
    if (requests.has(key)) return requests.get(key)!;
    const item = paths[op.path] as Json | undefined;
    const operation = item?.[op.method.toLowerCase()] as Json | undefined;
    if (!item || !operation) {
      requests.set(key, null);
      return null;
    }
    const groups: Record<string, { properties: Json; required: string[] }> = {
      query: { properties: {}, required: [] },
      path: { properties: {}, required: [] },
    };
    const lists: Array<[string, unknown]> = [
      [`#/${pointer("paths", op.path, "parameters")}`, item["parameters"]],
      [operationPointer(op) + "/parameters", operation["parameters"]],
    ];
    for (const [base, list] of lists) {
      (Array.isArray(list) ? list : []).forEach((entry: unknown, i: number) => {
        let where = `${base}/${i}`;
        let parameter = entry as Json;
        if (typeof parameter["$ref"] === "string") {
          where = parameter["$ref"] as string;
          parameter = resolve(document, where) as Json;
        }
        const group = groups[parameter["in"] as string];
        if (!group) return;
        const name = parameter["name"] as string;
        const schemaAt = parameter["schema"]
          ? `${where}/schema`
          : `${where}/content/${pointer("application/json")}/schema`;
        group.properties[name] = { $ref: `${DOCUMENT_ID}${schemaAt}` };
        if (parameter["required"] === true) group.required.push(name);
      });
    }
    const body = (operation["requestBody"] as Json | undefined)?.["content"] as Json | undefined;
    const schema = {
      type: "object",
      properties: {
        query: { type: "object", additionalProperties: false, ...groups["query"] },
        path: { type: "object", additionalProperties: false, ...groups["path"] },
        ...(body?.[FORM]
          ? {
              body: {
                $ref: `${DOCUMENT_ID}${operationPointer(op)}/requestBody/content/${pointer(FORM)}/schema`,
              },
            }
          : {}),
      },
    };
    const validate = ajv.compile(schema);
    requests.set(key, validate);
    return validate;
  }

  function responseValidator(op: OperationDescription, status: number): ValidateFunction | null {
    const key = `${op.method} ${op.path} ${status}`;
    if (responses.has(key)) return responses.get(key)!;
    const operation = (paths[op.path] as Json | undefined)?.[op.method.toLowerCase()] as Json | undefined;
    const all = (operation?.["responses"] ?? {}) as Json;
    const code = String(status) in all ? String(status) : "default" in all ? "default" : undefined;
    const content = code ? ((all[code] as Json)["content"] as Json | undefined) : undefined;
    const validate = content?.["application/json"]
      ? ajv.compile({
          $ref: `${DOCUMENT_ID}${operationPointer(op)}/responses/${code}/content/${pointer("application/json")}/schema`,
        })
      : null;
    responses.set(key, validate);
    return validate;
  }

  return {
    validateRequest(op, args) {
      const validate = requestValidator(op);
      if (!validate) return [];
      const input = {
        query: args.query ?? {},
        path: args.path ?? {},
        ...(args.body === undefined ? {} : { body: args.body }),
      };
      return validate(input) ? [] : describe(validate.errors, "");
    },
    validateResponse(op, status, body) {
      const validate = responseValidator(op, status);
      if (!validate) return [];
      return validate(body) ? [] : describe(validate.errors, "response");
    },
  };
}

/**
 * Loads a surface's bundled document from `@kraken-futures/specs` (`loadSpec(name)`, Node only) and
 * builds a validator from it. Pass the document itself in browsers.
 *
 * @param source the surface name (default `"trading"`) or the parsed bundled document.
 */
export async function createSpecValidator(source: string | Json = "trading"): Promise<DocumentValidator> {
  if (typeof source !== "string") return createDocumentValidator(source);
  const specs = await import("@kraken-futures/specs");
  return createDocumentValidator(specs.loadSpec(source));
}
