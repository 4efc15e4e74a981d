import { formatDecimal } from "./decimal.js";
import { PostDataError } from "./errors.js";

/** A value written as one `key=value` pair. */
export type PostDataScalar = string | number | boolean | bigint;

/**
 * A value of one argument of a Kraken Futures request.
 * - scalars are written as text (numbers in plain decimal, see {@link formatDecimal});
 * - an array of scalars repeats the key (`a=1&a=2`), an empty array writes nothing;
 * - an object, or an array holding objects, is written as JSON (batchorder's `json` argument);
 * - `undefined` is skipped, so optional arguments can be passed through as they are.
 *
 * `null` is refused at run time with a {@link PostDataError}: it is almost always a bug, and Kraken has
 * no way to receive it.
 */
export type PostDataValue = PostDataScalar | readonly PostDataScalar[] | object | undefined;

/**
 * What {@link encodePostData} accepts: a plain object (keys in insertion order) or an iterable of
 * `[key, value]` pairs (an array of pairs, a `Map`, a `URLSearchParams`).
 */
export type PostDataInput =
  | { readonly [key: string]: PostDataValue }
  | Iterable<readonly [string, PostDataValue]>;

/**
 * Percent-encodes a string per RFC 3986: every byte of its UTF-8 form except the unreserved characters
 * `A-Z a-z 0-9 - . _ ~` becomes `%XX`. A space is `%20`, never `+`; `!'()*` are escaped too.
 *
 * @throws {PostDataError} for a lone UTF-16 surrogate, which has no UTF-8 form.
 */
export function percentEncode(text: string): string {
  try {
    // encodeURIComponent leaves !'()* as they are; RFC 3986 reserves them.
    return encodeURIComponent(text).replace(
      /[!'()*]/g,
      (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
    );
  } catch (error) {
    throw new PostDataError("a string contains a lone UTF-16 surrogate, which has no UTF-8 form", {
      cause: error,
    });
  }
}

/**
 * Encodes the arguments of a Kraken Futures request into the exact string that is both sent (as the
 * query string or the form body) and signed (as `postData` in {@link signRequest}). Using this one
 * function for both is what keeps the wire and the signature from disagreeing.
 *
 * Kraken wants "all arguments … in the order they are listed", so the order of the input is kept.
 * With a plain object that is insertion order, except that JavaScript puts integer-like keys
 * (`"0"`, `"42"`) first; pass an iterable of pairs if that matters.
 *
 * @example
 * encodePostData({ orderType: "lmt", symbol: "PF_XBTUSD", size: 1e-7, reduceOnly: undefined })
 * // "orderType=lmt&symbol=PF_XBTUSD&size=0.0000001"
 * encodePostData({ processBefore: "2024-01-01 00:00", json: { batchOrder: [] } })
 * // "processBefore=2024-01-01%2000%3A00&json=%7B%22batchOrder%22%3A%5B%5D%7D"
 *
 * @see https://docs.kraken.com/exchange/guides/futures/rest (Authentication: postData)
 * @throws {PostDataError} for `null`, non-finite numbers, functions, symbols, cyclic objects, lone
 * surrogates, and inputs that are neither plain objects nor iterables of pairs.
 */
export function encodePostData(params: PostDataInput): string {
  const parts: string[] = [];
  for (const [key, value] of entriesOf(params)) {
    if (typeof key !== "string") throw new PostDataError(`a key is a ${typeof key}, not a string`);
    const name = percentEncode(key);
    for (const text of textsOf(key, value)) parts.push(`${name}=${percentEncode(text)}`);
  }
  return parts.join("&");
}

function entriesOf(params: PostDataInput): Iterable<readonly [string, unknown]> {
  if (params !== null && typeof params === "object") {
    if (isPlainObject(params)) return Object.entries(params);
    if (Symbol.iterator in params) {
      return Array.from(params as Iterable<unknown>, (pair) => {
        if (!Array.isArray(pair) || pair.length !== 2) {
          throw new PostDataError(
            "each element of an iterable passed to encodePostData must be a [key, value] pair",
          );
        }
        return pair as unknown as readonly [string, unknown];
      });
    }
  }
  throw new PostDataError(
    `encodePostData takes a plain object or an iterable of [key, value] pairs, not ${describe(params)}` +
      (typeof params === "string" ? "; an already encoded string can be signed as it is" : ""),
  );
}

function textsOf(key: string, value: unknown): string[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) {
    if (value.every((item) => item === undefined || isScalar(item))) {
      return value.filter((item) => item !== undefined).map((item) => scalarText(item as PostDataScalar));
    }
    if (value.includes(null)) throw nullError(key);
    return [jsonText(key, value)];
  }
  if (isScalar(value)) return [scalarText(value)];
  if (value === null) throw nullError(key);
  if (typeof value === "object") return [jsonText(key, value)];
  throw new PostDataError(`"${key}" is a ${typeof value}, which cannot be sent to Kraken`);
}

function nullError(key: string): PostDataError {
  return new PostDataError(`"${key}" is null; pass undefined to leave an argument out`);
}

function isScalar(value: unknown): value is PostDataScalar {
  const type = typeof value;
  return type === "string" || type === "number" || type === "boolean" || type === "bigint";
}

function scalarText(value: PostDataScalar): string {
  if (typeof value === "number") return formatDecimal(value);
  return String(value);
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "object") return `a ${Object.getPrototypeOf(value)?.constructor?.name ?? "object"}`;
  return `a ${typeof value}`;
}

/**
 * Like JSON.stringify, with two differences that matter to Kraken: numbers are written in plain decimal
 * (no `1e-7`), and bigints are written as integers instead of throwing.
 */
function jsonText(key: string, value: object): string {
  const stack: object[] = [];
  const write = (item: unknown): string | undefined => {
    let current = item;
    if (
      current !== null &&
      typeof current === "object" &&
      typeof (current as { toJSON?: unknown }).toJSON === "function"
    ) {
      current = (current as { toJSON: () => unknown }).toJSON();
    }
    switch (typeof current) {
      case "string":
        return JSON.stringify(current);
      case "number":
        if (!Number.isFinite(current)) {
          throw new PostDataError(`"${key}" holds ${String(current)}, which has no JSON or decimal form`);
        }
        return formatDecimal(current);
      case "bigint":
        return current.toString();
      case "boolean":
        return current ? "true" : "false";
      case "undefined":
      case "function":
      case "symbol":
        return undefined;
    }
    if (current === null) return "null";
    const object = current as object;
    if (stack.includes(object)) throw new PostDataError(`"${key}" holds a cyclic structure`);
    stack.push(object);
    let text: string;
    if (Array.isArray(object)) {
      text = `[${object.map((element) => write(element) ?? "null").join(",")}]`;
    } else if (object instanceof Number || object instanceof String || object instanceof Boolean) {
      text = write(object.valueOf()) ?? "null";
    } else {
      const members: string[] = [];
      for (const [name, member] of Object.entries(object)) {
        const written = write(member);
        if (written !== undefined) members.push(`${JSON.stringify(name)}:${written}`);
      }
      text = `{${members.join(",")}}`;
    }
    stack.pop();
    return text;
  };
  return write(value) ?? "null";
}

export { formatDecimal } from "./decimal.js";
