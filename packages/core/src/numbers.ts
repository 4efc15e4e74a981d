/**
 * Numeric normalisation: Kraken sends some decimal fields as JSON numbers and, in recorded traffic, the
 * same fields as numeric strings. The spec marks them (`x-numeric`), the generator lists where they sit
 * in each success response (the operation's `numeric` tree), and this module turns the strings into
 * numbers so users get `number` everywhere, as the generated types already say.
 */
import type { NumericNames, NumericTree } from "./model.js";

/** The spec's `Numeric` string pattern: a plain or exponent decimal, no spaces, no hex, no `NaN`. */
const NUMERIC_STRING = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?$/;

/**
 * A numeric string as a number; anything else (numbers, `null`, other text) as it is, so an
 * unexpected shape is still visible. The one leaf conversion both walks below use.
 */
export function numericValue(value: unknown): unknown {
  return typeof value === "string" && NUMERIC_STRING.test(value) ? Number(value) : value;
}

/**
 * Converts, in place, every numeric string found where `tree` marks a numeric field, and returns
 * `value`. Keys of the tree: property names, `"[]"` for array items, `"*"` for the values of a map.
 * Values that are not numeric strings (numbers, `null`, other text) are left untouched.
 */
export function normaliseNumbers<T>(value: T, tree: NumericTree | undefined): T {
  if (tree === undefined) return value;
  return walk(value, tree) as T;
}

function walk(value: unknown, tree: NumericTree): unknown {
  if (tree === true) return numericValue(value);
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    const items = tree["[]"];
    if (items !== undefined) {
      for (let i = 0; i < value.length; i++) value[i] = walk(value[i], items);
    }
    return value;
  }
  const record = value as Record<string, unknown>;
  const mapValues = tree["*"];
  if (mapValues !== undefined) {
    for (const key of Object.keys(record)) {
      if (tree[key] === undefined) record[key] = walk(record[key], mapValues);
    }
  }
  for (const key of Object.keys(tree)) {
    if (key === "*" || key === "[]") continue;
    if (key in record) record[key] = walk(record[key], tree[key]!);
  }
  return value;
}

/**
 * Converts, in place, the numeric strings of `value` under the property names that `names` marks
 * Numeric (`keys`), and the values of the maps it names (`maps`), at most `depth` objects or arrays
 * deep (default `names.depth`: the deepest the spec nests one, which also bounds the walk on a hostile,
 * deeply nested frame). The by-name form of {@link normaliseNumbers}, for decoders whose bundle cannot
 * carry a plan per message; the generator proves the two forms agree for its spec.
 */
export function normaliseNumbersByName<T extends object>(
  value: T,
  names: NumericNames,
  depth: number = names.depth,
): T {
  byName(value, names, depth);
  return value;
}

function byName(value: object, names: NumericNames, depth: number): void {
  if (Array.isArray(value)) {
    for (const item of value)
      if (depth > 1 && item !== null && typeof item === "object") byName(item, names, depth - 1);
    return;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const inner = record[key];
    if (typeof inner === "string") {
      if (names.keys.has(key)) record[key] = numericValue(inner);
    } else if (inner !== null && typeof inner === "object" && depth > 1) {
      if (names.maps.has(key) && !Array.isArray(inner)) {
        const map = inner as Record<string, unknown>;
        for (const name of Object.keys(map)) map[name] = numericValue(map[name]);
      } else byName(inner, names, depth - 1);
    }
  }
}
