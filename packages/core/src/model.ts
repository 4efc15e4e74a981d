/**
 * The operation model: the facts a client (and the mock exchange) needs about each operation of one
 * HTTP surface, read from its OpenAPI document by the generator and emitted as
 * `src/generated/<surface>.operations.gen.ts`. One name per concept, defined once here: nothing is
 * written by hand per operation, and a hand-kept list of endpoints anywhere is a bug.
 */

import type { RateLimitPool, RateLimitRule } from "./cost.js";

/**
 * Where a success response may carry numeric strings: `true` marks a numeric leaf, `"[]"` array items,
 * `"*"` values of a map (additionalProperties); other keys are property names.
 */
export type NumericTree = true | { readonly [key: string]: NumericTree };

/**
 * The by-name form of a numeric plan, for a whole protocol: property names whose values are Numeric
 * (`keys`), names of maps of Numeric values (`maps`), and the deepest object nesting that holds one.
 */
export interface NumericNames {
  readonly keys: ReadonlySet<string>;
  readonly maps: ReadonlySet<string>;
  readonly depth: number;
}

/** The bounds a value of the right type must keep (JSON Schema's keywords, as the spec states them). */
export interface ValueBounds {
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  /** In code points, as JSON Schema counts (also `maxLength`). */
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
}

/** A query or path parameter as the spec declares it (only what a pre-send check needs). */
export interface ParameterDescription extends ValueBounds {
  readonly name: string;
  readonly in: "query" | "path";
  readonly required: boolean;
  /** JSON type of the value (`"json"` for a parameter whose content is a JSON document). */
  readonly type: "string" | "number" | "integer" | "boolean" | "array" | "json";
  /** Closed set of allowed values (strings, or numbers for numeric parameters). */
  readonly enum?: ReadonlyArray<string | number>;
  readonly format?: string;
  /** A `json` parameter holding tagged instructions (batchorder): the bounds of their fields. */
  readonly items?: JsonItemsDescription;
}

/** One bounded field of a JSON instruction: its JSON type and the bounds its value must keep. */
export interface JsonFieldDescription extends ValueBounds {
  readonly name: string;
  readonly type: ParameterDescription["type"];
  /** Closed set of allowed values (in a server's table: the mock checks every field). */
  readonly enum?: ReadonlyArray<string | number>;
}

/**
 * A value of a request body's field as a server checks it (`@kraken-futures/core/object-arguments`'s
 * `checkBodyArguments`): its JSON type with bounds and closed set, an array's length bounds and items,
 * an object's fields, or alternatives. Keys appear only where the spec states them.
 */
export interface BodyValueDescription extends ValueBounds {
  /**
   * JSON type of the value; with {@link anyOf}, the type a form body carries it as (text) and the
   * alternatives are what is checked.
   */
  readonly type: Exclude<ParameterDescription["type"], "json"> | "object";
  readonly enum?: ReadonlyArray<string | number>;
  readonly format?: string;
  readonly minItems?: number;
  readonly maxItems?: number;
  /** The items of an array, where they are objects or bounded (plain text items need no check). */
  readonly items?: BodyValueDescription;
  /** The fields of an object value. */
  readonly fields?: ReadonlyArray<BodyFieldDescription>;
  /** JSON Schema's `anyOf`: the value passes when it passes one alternative. */
  readonly anyOf?: ReadonlyArray<BodyValueDescription>;
}

/** One field of a request body (a form or JSON body's top level, or an object inside one). */
export interface BodyFieldDescription extends BodyValueDescription {
  readonly name: string;
  /** Present (true) when the body's schema lists the field in `required`. */
  readonly required?: true;
}

/**
 * The instructions of a JSON parameter: the array property that holds them (`batchOrder`), the field
 * that tells them apart (`order`), and per value of that field the bounded fields.
 */
export interface JsonItemsDescription {
  readonly array: string;
  readonly tag: string;
  readonly variants: Readonly<Record<string, ReadonlyArray<JsonFieldDescription>>>;
}

export interface OperationDescription {
  readonly operationId: string;
  readonly method: "GET" | "POST" | "PUT" | "DELETE";
  /** Path template relative to the base path, as in the spec (`/tickers/{symbol}`). */
  readonly path: string;
  /** Base path when a path-level `servers` entry overrides the document's. */
  readonly basePath?: string;
  /** True when the operation's `security` is not empty. */
  readonly signed: boolean;
  /** The operation's `x-retry-safe`. */
  readonly retrySafe: boolean;
  readonly deprecated: boolean;
  readonly rateLimit: RateLimitRule;
  /** The operation's query and path parameters, for checking input before anything is sent. */
  readonly params?: ReadonlyArray<ParameterDescription>;
  /** How the success body is read: JSON unless the 200 response has no JSON content (CSV exports). */
  readonly responseType?: "text";
  /**
   * What the spec promises about the top level of every success answer (JSON only): `"envelope"`, an
   * object with `result: "success"` (Trading); `"object"`; `"array"` (some Charts lists). Absent when
   * the spec promises none of these. The client refuses a 200 body that breaks it with an
   * `UnexpectedResponseError` instead of returning it as data.
   */
  readonly success?: "envelope" | "object" | "array";
  /** Numeric fields of the success response (absent when it has none). */
  readonly numeric?: NumericTree;
}

export interface ApiDescription {
  /** Surface name (`trading`, `history`, `charts`). */
  readonly name: string;
  /** Path of the document's first server (`/derivatives/api/v3`). */
  readonly basePath: string;
  /** Origin of the document's first server (`https://futures.kraken.com`). */
  readonly defaultOrigin: string;
  readonly pools: Readonly<Record<string, RateLimitPool>>;
  /** Keyed by `"METHOD /path"`. */
  readonly operations: Readonly<Record<string, OperationDescription>>;
  /** Content hash of the bundled document the tables were generated from. */
  readonly specHash: string;
}

/**
 * What a server of the spec (the mock exchange) needs about one operation besides its
 * {@link OperationDescription}; generated only into the mock, so client bundles do not carry it.
 */
export interface ServerOperationFacts {
  /** Methods Kraken also answers the operation on (`x-accepted-methods`), with the same arguments. */
  readonly acceptedMethods?: ReadonlyArray<string>;
  /** True when Kraken reads the JSON argument leniently (`x-json-scalars`): `"0.01"` for a number. */
  readonly lenientJson?: true;
  /**
   * Per JSON parameter, its instructions with every typed field (and closed sets of values), where
   * the client's table keeps only the bounded ones.
   */
  readonly jsonItems?: Readonly<Record<string, JsonItemsDescription>>;
  /**
   * The fields of a form-encoded request body (`orders/status`, the Spot calls), with their JSON types
   * and, where the spec states them, required, closed sets, bounds and alternatives.
   */
  readonly formFields?: ReadonlyArray<BodyFieldDescription>;
  /** Non-200 statuses the operation declares (`"404"`, `"4XX"`). */
  readonly errorStatuses?: ReadonlyArray<string>;
}

/** The server facts of a surface, keyed like {@link ApiDescription.operations} (`"METHOD /path"`). */
export type ServerDescription = Readonly<Record<string, ServerOperationFacts>>;
