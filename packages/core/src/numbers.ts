/**
 * Numeric normalisation: Kraken sends some decimal fields as JSON numbers and, in recorded traffic, the
 * same fields as numeric strings. The spec marks them (`x-numeric`), the generator lists where they sit
 * in each success response (the operation's `numeric` tree), and this module turns the strings into
 * numbers so users get `number` everywhere, as the generated types already say.
 */
import type { NumericTree } from "./model.js";

/** The spec's `Numeric` string pattern: a plain or exponent decimal, no spaces, no hex, no `NaN`. */
const NUMERIC_STRING = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?$/;

function toNumber(value: unknown): unknown {
  // Anything that is not a numeric string is left as it is, so an unexpected shape is still visible.
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
  if (tree === true) return toNumber(value);
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
