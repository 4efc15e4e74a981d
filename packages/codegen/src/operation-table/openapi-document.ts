// The parts of a bundled OpenAPI 3.1 document the operation-table builder reads, and the refs in it.

import { deref } from "../json-pointer.js";
import type { Schema } from "../json-schema.js";

// The resolver is shared with the AsyncAPI generators (one `$ref` reading for every surface).
export { deref, resolveRef } from "../json-pointer.js";

/** Media types of a request body or response, each with its schema. */
export type Content = Readonly<Record<string, { readonly schema?: Schema }>>;

/** One security requirement: scheme name to scopes; `{}` means "no authentication". */
export type SecurityRequirement = Readonly<Record<string, readonly string[]>>;

/** The `x-rate-limit` extension of an operation, passed to the table as the spec states it. */
export interface RateLimit {
  readonly cost?: unknown;
  readonly pool?: string;
  readonly [key: string]: unknown;
}

/** A parameter (or a `$ref` to one) of a path item or operation. */
export interface Parameter {
  readonly $ref?: string;
  readonly name: string;
  readonly in: string;
  readonly required?: boolean;
  readonly schema?: Schema;
  readonly content?: Content;
}

/** An operation with the Kraken extensions the tables read. */
export interface Operation {
  readonly operationId?: string;
  readonly security?: readonly SecurityRequirement[];
  readonly deprecated?: boolean;
  readonly parameters?: readonly Parameter[];
  readonly requestBody?: { readonly content?: Content };
  readonly responses?: Readonly<Record<string, { readonly content?: Content }>>;
  readonly "x-rate-limit"?: RateLimit;
  readonly "x-retry-safe"?: unknown;
  readonly "x-accepted-methods"?: { readonly methods?: readonly string[] };
  readonly "x-json-scalars"?: { readonly lenient?: boolean };
}

/** The HTTP methods the tables describe, in the order they are emitted per path. */
export const METHODS = ["get", "post", "put", "delete", "patch"] as const;

/** One of {@link METHODS}. */
export type Method = (typeof METHODS)[number];

/** A path item: its own servers and parameters, and an operation per method. */
export type PathItem = {
  readonly servers?: readonly { readonly url: string }[];
  readonly parameters?: readonly Parameter[];
} & { readonly [M in Method]?: Operation };

/** A rate-limit pool as the spec declares it (its `description` is prose for readers). */
export interface Pool {
  readonly description?: string;
  readonly [key: string]: unknown;
}

/** A bundled OpenAPI document (every `$ref` local). */
export interface OpenApiDocument {
  readonly servers: readonly { readonly url: string }[];
  readonly security?: readonly SecurityRequirement[];
  readonly paths: Readonly<Record<string, PathItem>>;
  readonly "x-rate-limit-pools"?: Readonly<Record<string, Pool>>;
  readonly [key: string]: unknown;
}

/** The parameters of an operation: the path item's first, then the operation's, refs followed. */
export function allParameters(
  document: OpenApiDocument,
  pathItem: PathItem,
  operation: Operation,
): Parameter[] {
  return [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])].map((p) => deref(document, p));
}

/** The first non-null type of a schema (`["string", "null"]` → `"string"`), or undefined. */
export const nonNullType = (schema: Schema): string | undefined =>
  Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : (schema.type as string | undefined);
