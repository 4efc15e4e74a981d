/**
 * Types of the client's methods, derived from the openapi-typescript `paths` of an API: the path
 * literal picks the operation, which types the arguments and the success body.
 */
import type { ParamsOption, RequestBodyOption } from "openapi-fetch";
import type { OperationDescription } from "../model.js";

/** HTTP methods the Kraken APIs use, as openapi-typescript keys them. */
export type HttpMethod = "get" | "put" | "post" | "delete";

/** Paths of `Paths` that have an operation for method `M`. */
export type PathsWithMethod<Paths, M extends HttpMethod> = {
  [P in keyof Paths]: Paths[P] extends { [K in M]: unknown } ? P : never;
}[keyof Paths];

/** The operation object of `M` on path `P`. */
export type OperationOf<Paths, P extends keyof Paths, M extends HttpMethod> = Paths[P] extends {
  [K in M]: infer Op;
}
  ? Op
  : never;

/** Options every call takes besides its arguments. */
export interface CallOptions {
  /** Aborts the call, including its wait in the rate-limit queue and between retries. */
  readonly signal?: AbortSignal | undefined;
  /** Overrides the client's `timeoutMs` for this call. */
  readonly timeoutMs?: number | undefined;
  /** Extra request headers (never needed for signing). */
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

/** Arguments of one operation: `params` (`query`, `path`) and, for form operations, `body`. */
export type OperationInit<Op> = ParamsOption<Op> & RequestBodyOption<Op> & CallOptions;

// `{}` on purpose: a key is optional exactly when the empty object is assignable to the pick.
// biome-ignore lint/complexity/noBannedTypes: the empty object type is the test itself.
type RequiredKeysOf<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T];

/** The init argument is required exactly when the operation has a required argument. */
export type InitArgs<Init> = [RequiredKeysOf<Init>] extends [never] ? [init?: Init] : [init: Init];

/** The JSON body of an operation's 200 answer (success and error branches). */
export type JsonBody<Op> = Op extends { responses: { 200: { content: { "application/json": infer B } } } }
  ? B
  : unknown;

/**
 * What a call resolves to: the success branch only. Kraken's `result: "error"` branch never reaches
 * the caller; it is thrown as a `KrakenApiError`.
 */
export type SuccessBody<Op> = Exclude<JsonBody<Op>, { result: "error" }>;

/** A successful call: the parsed body (numeric strings already numbers) and the HTTP response. */
export interface ApiResponse<Op> {
  readonly data: SuccessBody<Op>;
  /** The HTTP response, for its status and headers; its body has been read. */
  readonly response: Response;
}

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void
  ? I
  : never;
/** True for a union of two or more members. */
type IsUnion<T> = [T] extends [UnionToIntersection<T>] ? false : true;

/**
 * The init arguments of path `P`. A path that is not one of the API's (a typo such as `"/ticker"`)
 * makes TypeScript fall back to `P`'s constraint, the union of every path, whose init would be
 * required: the error users saw was "Expected 2 arguments", not the path. For a union the init is
 * optional, so the error TypeScript reports is the path's.
 */
type InitOf<Paths, P extends keyof Paths, M extends HttpMethod> =
  IsUnion<P> extends true
    ? [init?: OperationInit<OperationOf<Paths, P, M>>]
    : InitArgs<OperationInit<OperationOf<Paths, P, M>>>;

/** One typed method (`GET`, `POST`, …) of the client. */
export type ApiMethod<Paths, M extends HttpMethod> = <P extends PathsWithMethod<Paths, M>>(
  url: P,
  ...init: InitOf<Paths, P, M>
) => Promise<ApiResponse<OperationOf<Paths, P, M>>>;

/** Arguments as the optional spec validator receives them. */
export interface RequestArguments {
  readonly query?: Readonly<Record<string, unknown>> | undefined;
  readonly path?: Readonly<Record<string, unknown>> | undefined;
  readonly body?: unknown;
}

/**
 * Checks requests and responses against the spec. Implemented by `createSpecValidator` in
 * `@kraken-futures/rest/validation` (ajv); any object with these methods works. Each method returns
 * the problems found, or `undefined` / an empty list when there are none.
 */
export interface SpecValidator {
  validateRequest?(operation: OperationDescription, args: RequestArguments): readonly string[] | undefined;
  validateResponse?(
    operation: OperationDescription,
    status: number,
    body: unknown,
  ): readonly string[] | undefined;
}

/**
 * Where the client writes what it does. Each method is optional; `console` fits. Lines name the
 * method, path, status, attempt and cost, never a header, query string, key or signature.
 */
export interface Logger {
  debug?(message: string, fields?: Record<string, unknown>): void;
  info?(message: string, fields?: Record<string, unknown>): void;
  warn?(message: string, fields?: Record<string, unknown>): void;
  error?(message: string, fields?: Record<string, unknown>): void;
}
