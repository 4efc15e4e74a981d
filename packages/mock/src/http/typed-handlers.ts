/**
 * The types of the mock's handlers, derived from the generated `operations` of each spec
 * (`src/generated/*.gen.ts`): an operation's arguments are its query, path and body fields as the spec
 * types them (the server has read and checked them against the same spec's plans before a handler
 * runs), and its answer is the spec's HTTP 200 JSON body, less what the surface adds around it. A
 * handler that returns another shape than its operation's fails `tsc`.
 */

/** The generated shape of one operation (openapi-typescript's `operations[Id]`). */
export interface GeneratedOperation {
  readonly parameters: { readonly query?: unknown; readonly path?: unknown };
  readonly requestBody?: unknown;
  readonly responses: unknown;
}

/** `T` without `undefined`, or `{}` where the operation has none (`query?: never`). */
// biome-ignore lint/complexity/noBannedTypes: `{}` is "no fields", the identity of `&`.
type Fields<T> = [NonNullable<T>] extends [never] ? {} : NonNullable<T>;

/** The fields of a request body, whichever media type carries them (form or JSON). */
type BodyFields<Op extends GeneratedOperation> =
  NonNullable<Op["requestBody"]> extends { content: infer C } ? C[keyof C] : never;

/** The arguments a handler of `Op` receives: query, path and body fields, typed by the spec. */
export type RequestArgs<Op extends GeneratedOperation> = Readonly<
  Fields<Op["parameters"]["query"]> & Fields<Op["parameters"]["path"]> & Fields<BodyFields<Op>>
>;

/** The JSON body of the operation's HTTP 200 answer, as generated (often with its error branches). */
export type SuccessJson<Op extends GeneratedOperation> = Op["responses"] extends {
  200: { content: { "application/json": infer B } };
}
  ? B
  : never;

/**
 * An answer as it goes on the wire: every number may also be text, and an open object any object. The generated types are what a
 * client sees after turning the spec's `Numeric` decimal strings into numbers (candle prices, Spot
 * amounts), and they keep no mark of which numbers were `Numeric`, so a handler may answer any of them
 * as the decimal string Kraken sends.
 */
export type Wire<T> = T extends number
  ? number | string
  : T extends readonly (infer I)[]
    ? ReadonlyArray<Wire<I>>
    : T extends object
      ? OpenObject<T> extends true
        ? Readonly<Record<string, unknown>>
        : { readonly [K in keyof T]: Wire<T[K]> }
      : T;

/**
 * True for `Record<string, never>`: openapi-typescript's rendering of a schema that is an object and
 * says nothing more (a shape the spec keeps open, such as Spot's `schedules`), which admits any keys.
 */
type OpenObject<T> = string extends keyof T ? ([T[string & keyof T]] extends [never] ? true : false) : false;

/** `Omit` over each member of a union (TypeScript's own collapses a union into its common keys). */
export type OmitEach<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * A table of typed handlers: for each generated operation, a function from its arguments (plus
 * `Extra`, what the surface adds, such as the Spot key) to its answer (`Answer`), both read from
 * `Ops[Id]`. `Context` is what the surface passes first (the exchange), or nothing.
 */
export type HandlerTable<
  Ops,
  Answer extends { [Id in keyof Ops]: unknown },
  Context extends unknown[] = [],
  // biome-ignore lint/complexity/noBannedTypes: `{}` is "nothing added", the identity of `&`.
  Extra = {},
> = {
  readonly [Id in keyof Ops]?: Ops[Id] extends GeneratedOperation
    ? (...args: [...Context, RequestArgs<Ops[Id]> & Extra]) => Answer[Id]
    : never;
};

/**
 * A typed table as the server runs it: by operationId, on arguments it has already read and checked
 * against the same spec's plans. The one place the handler types are widened (the server dispatches by
 * a run-time operationId, which no static type can follow).
 */
export function asServed<Handler>(table: object): Readonly<Record<string, Handler>> {
  return table as Readonly<Record<string, Handler>>;
}
