/**
 * The per-value tests of core's argument checker, shared by its two walkers: `checkParameters`
 * (../arguments.ts, query and path arguments against an operation's `params`) and
 * `checkObjectArguments` (./objects.ts, JSON objects against generated object rules, the Unified
 * WebSocket's `uwsRequestRules`). Both name and test JSON types through {@link jsonType}; the object
 * walker also tests unions of types, enums and bounds here.
 *
 * Why a module of its own: both walkers must agree on what a JSON type means (one engine, two shapes
 * of rule), while the REST path must not import the object walker (the REST + auth browser bundle has
 * a 15,000 B budget, so checkParameters uses only what costs it no bytes). Each walker words its own
 * messages, which its callers and tests rely on.
 */

/** The JSON type of a value, in JSON Schema's words (a number is "number", never "integer"). */
export function jsonType(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
}

/** What a JSON Schema type name stands for in TypeScript (for narrowing). */
type JsonTypeOf<T extends string> = T extends "string"
  ? string
  : T extends "number" | "integer"
    ? number
    : T extends "boolean"
      ? boolean
      : T extends "array"
        ? unknown[]
        : T extends "null"
          ? null
          : T extends "object"
            ? object
            : unknown;

/**
 * Whether `value` is of the JSON Schema type `type`: "integer" is a number without fraction, "object"
 * is neither null nor an array. A non-finite number passes "number" here; {@link isFiniteNumber} is
 * the separate test, so that each walker can say which of the two failed.
 */
export function isOfType<T extends string>(value: unknown, type: T): value is JsonTypeOf<T> {
  return type === "integer" ? Number.isInteger(value) : jsonType(value) === type;
}

/** A number JSON can carry (not NaN, not ±Infinity). */
export function isFiniteNumber(value: unknown): value is number {
  return Number.isFinite(value);
}

/** Whether `value` is among a closed enum's values; `undefined` (no enum) allows anything. */
export const inEnum = (values: ReadonlySet<unknown> | undefined, value: unknown): boolean =>
  values === undefined || values.has(value);

/** Whether `n` breaks a lower bound (`minimum`, `minItems`); `undefined` is no bound. */
export const belowMin = (n: number, min: number | undefined): min is number => min !== undefined && n < min;

/** Whether `n` breaks an upper bound (`maximum`, `maxItems`); `undefined` is no bound. */
export const aboveMax = (n: number, max: number | undefined): max is number => max !== undefined && n > max;
