// The per-operation table clients import (signed, cost, retry safety, deprecation, success shape,
// argument and numeric plans), read out of a bundled OpenAPI document. Pure functions.
import type { NumericPlan } from "../json-schema.js";
import { describeParameters, type ParameterPlan } from "./argument-plans.js";
import { mergeTrees, numericTree } from "./numeric-tree.js";
import {
  METHODS,
  type Method,
  type OpenApiDocument,
  type Operation,
  type PathItem,
  type Pool,
  type RateLimit,
} from "./openapi-document.js";
import { type SuccessShape, successSchemas, successShape } from "./success-shape.js";

/** One operation as clients read it (the `ApiDescription` operation of @kraken-futures/core). */
export interface OperationEntry {
  operationId: string | undefined;
  method: string;
  path: string;
  /** The path item's own base path, where it differs from the document's. */
  basePath?: string;
  signed: boolean;
  retrySafe: boolean;
  deprecated: boolean;
  rateLimit: RateLimit;
  params: ParameterPlan[];
  responseType?: "text";
  success?: SuccessShape;
  numeric?: NumericPlan;
}

/** A surface's table: its default server, pools without prose, every operation keyed `"METHOD /path"`. */
export interface ApiTable {
  name: string;
  basePath: string;
  defaultOrigin: string;
  pools: Record<string, Omit<Pool, "description">>;
  operations: Record<string, OperationEntry>;
  specHash: string;
}

/** A 200 response without JSON content (the account-log CSV) is handed to users as text. */
function isTextResponse(operation: Operation): boolean {
  const content = operation.responses?.["200"]?.content;
  return content !== undefined && !("application/json" in content);
}

function serverParts(url: string): { origin: string; basePath: string } {
  const u = new URL(url);
  return { origin: u.origin, basePath: u.pathname.replace(/\/$/, "") };
}

/**
 * The pools as clients count them: capacity and refill. Their `description` is prose for readers of
 * the spec; left out of the tables, it stays out of every browser bundle (issue 7's size budget).
 */
function poolsWithoutProse(pools: Readonly<Record<string, Pool>>): ApiTable["pools"] {
  return Object.fromEntries(
    Object.entries(pools).map(([name, { description: _prose, ...pool }]) => [name, pool]),
  );
}

interface Place {
  readonly path: string;
  readonly method: Method;
  readonly item: PathItem;
  /** The document's base path, against which a path item's own server is compared. */
  readonly basePath: string;
}

/** One operation's entry; throws when the spec leaves out `x-rate-limit` or `x-retry-safe`. */
export function describeOperation(document: OpenApiDocument, op: Operation, at: Place): OperationEntry {
  const { path, method, item } = at;
  const pathServer = item.servers?.[0] ? serverParts(item.servers[0].url) : undefined;
  const security = op.security ?? document.security ?? [];
  const rl = op["x-rate-limit"];
  if (!rl || typeof rl.cost !== "number") throw new Error(`${method} ${path}: missing x-rate-limit`);
  const retrySafe = op["x-retry-safe"];
  if (typeof retrySafe !== "boolean") throw new Error(`${method} ${path}: missing x-retry-safe`);
  const success = isTextResponse(op) ? undefined : successShape(document, op);
  let numeric: NumericPlan | undefined;
  for (const s of successSchemas(document, op)) numeric = mergeTrees(numeric, numericTree(document, s));
  return {
    operationId: op.operationId,
    method: method.toUpperCase(),
    path,
    ...(pathServer && pathServer.basePath !== at.basePath ? { basePath: pathServer.basePath } : {}),
    signed: security.length > 0 && security.some((req) => Object.keys(req).length > 0),
    retrySafe,
    deprecated: op.deprecated === true,
    rateLimit: rl,
    params: describeParameters(document, item, op),
    ...(isTextResponse(op) ? { responseType: "text" as const } : {}),
    ...(success === undefined ? {} : { success }),
    ...(numeric === undefined ? {} : { numeric }),
  };
}

/**
 * The operation table of one surface, as `pnpm generate` writes it into `<surface>.operations.gen.ts`.
 * `name` and `specHash` are copied in; everything else is read from `document`.
 */
export function describeApi(document: OpenApiDocument, name: string, specHash: string): ApiTable {
  const server = serverParts(document.servers[0]!.url);
  const operations: Record<string, OperationEntry> = {};
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const entry = describeOperation(document, op, { path, method, item, basePath: server.basePath });
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
