/**
 * The decoder of inbound UWS text frames. UWS sends prices and quantities as JSON numbers at full
 * precision, and the book checksum hashes their exact text: `JSON.parse` turns `0.00100000` into
 * `0.001` and the checksum fails. So `book` frames are parsed here by hand, keeping each level's
 * number tokens as text next to their value ({@link UwsLevel}); every other frame goes through
 * `JSON.parse`, which is faster than any parser written in JavaScript.
 *
 * The hand parser is a complete, strict JSON parser (what `JSON.parse` rejects, it rejects), so a
 * `book` frame in any key order or spacing decodes the same. The frames Kraken sends
 * (`{"channel":"book",…`) are recognised by their first bytes and read by the fixed-layout fast path
 * of `book/frame.ts`, falling back to the complete parser when the layout differs.
 */
import { KrakenFuturesError, nameErrorClasses } from "@kraken-futures/core";
import { readBookFrame } from "./book/frame.js";

/** A decoded inbound frame: the JSON.parse result, except book frames whose levels keep the exact wire text. */
export type UwsInbound = Record<string, unknown>;

/**
 * One price level of a `book` frame: `price` and `qty` as numbers for use, and `priceText`/`qtyText`,
 * the exact text of the JSON number tokens on the wire (trailing zeros kept), which the checksum hashes.
 */
export interface UwsLevel {
  readonly price: number;
  readonly qty: number;
  readonly priceText: string;
  readonly qtyText: string;
}

/** A frame that is not JSON, or a `book` frame whose levels are not what Kraken documents. */
export class UwsDecodeError extends KrakenFuturesError {
  /** Where in the frame the problem is (a character offset), when known. */
  readonly offset: number | undefined;

  constructor(message: string, offset?: number, options?: { cause?: unknown }) {
    super(offset === undefined ? message : `${message} (at character ${offset})`, options);
    this.offset = offset;
  }
}
nameErrorClasses({ UwsDecodeError });

/** Nesting deeper than this is refused (a UWS frame nests 4 levels): no stack overflow on hostile input. */
const MAX_NESTING = 64;

let src = "";
let pos = 0;
let nesting = 0;

function fail(message: string): never {
  throw new UwsDecodeError(`malformed UWS frame: ${message}`, pos);
}

function skipSpace(): void {
  for (;;) {
    const c = src.charCodeAt(pos);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) pos++;
    else return;
  }
}

function expect(code: number, what: string): void {
  skipSpace();
  if (src.charCodeAt(pos) !== code) fail(`expected ${what}`);
  pos++;
}

/** A string token at `pos` (which is at its opening quote). */
function parseString(): string {
  const start = pos + 1;
  const end = src.indexOf('"', start);
  if (end < 0) fail("unterminated string");
  const backslash = src.indexOf("\\", start);
  if (backslash < 0 || backslash > end) {
    for (let i = start; i < end; i++) if (src.charCodeAt(i) < 0x20) fail("control character in a string");
    pos = end + 1;
    return src.slice(start, end);
  }
  // Escapes are rare in UWS frames: find the real closing quote, then let JSON.parse unescape.
  let i = start;
  for (;;) {
    const c = src.charCodeAt(i);
    if (Number.isNaN(c)) fail("unterminated string");
    if (c === 0x5c) i += 2;
    else if (c === 0x22) break;
    else i++;
  }
  try {
    const value = JSON.parse(src.slice(pos, i + 1)) as string;
    pos = i + 1;
    return value;
  } catch (cause) {
    throw new UwsDecodeError("malformed UWS frame: bad string escape", pos, { cause });
  }
}

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

/** Advances over digits from `pos`; returns the code of the first non-digit (NaN at the end). */
function skipDigits(): number {
  let c = src.charCodeAt(pos);
  while (isDigit(c)) c = src.charCodeAt(++pos);
  return c;
}

/** The text of the number token at `pos`, checked against JSON's grammar. */
function numberText(): string {
  const start = pos;
  let c = src.charCodeAt(pos);
  if (c === 0x2d) c = src.charCodeAt(++pos);
  if (c === 0x30) c = src.charCodeAt(++pos);
  else if (isDigit(c)) c = skipDigits();
  else fail("bad number");
  if (c === 0x2e) {
    pos++;
    if (!isDigit(src.charCodeAt(pos))) fail("bad number");
    c = skipDigits();
  }
  if (c === 0x65 || c === 0x45) {
    c = src.charCodeAt(++pos);
    if (c === 0x2b || c === 0x2d) c = src.charCodeAt(++pos);
    if (!isDigit(c)) fail("bad number");
    skipDigits();
  }
  return src.slice(start, pos);
}

function parseLiteral(word: string, value: unknown): unknown {
  if (!src.startsWith(word, pos)) fail("unexpected token");
  pos += word.length;
  return value;
}

/** Any JSON value at `pos` (spaces skipped). */
function parseValue(): unknown {
  skipSpace();
  const c = src.charCodeAt(pos);
  if (c === 0x22) return parseString();
  if (c === 0x7b) return parseObject();
  if (c === 0x5b) return parseArray(parseValue);
  if (c === 0x74) return parseLiteral("true", true);
  if (c === 0x66) return parseLiteral("false", false);
  if (c === 0x6e) return parseLiteral("null", null);
  return Number(numberText());
}

function enter(): void {
  if (++nesting > MAX_NESTING) fail(`nesting deeper than ${MAX_NESTING}`);
}

function parseArray<T>(item: () => T): T[] {
  enter();
  pos++;
  const out: T[] = [];
  skipSpace();
  if (src.charCodeAt(pos) === 0x5d) {
    pos++;
    nesting--;
    return out;
  }
  for (;;) {
    out.push(item());
    skipSpace();
    const c = src.charCodeAt(pos++);
    if (c === 0x5d) break;
    if (c !== 0x2c) {
      pos--;
      fail("expected , or ]");
    }
  }
  nesting--;
  return out;
}

/** An object; the values of `bids` and `asks` are read as level arrays (this parser only reads book frames). */
function parseObject(): Record<string, unknown> {
  enter();
  pos++;
  const out: Record<string, unknown> = {};
  skipSpace();
  if (src.charCodeAt(pos) === 0x7d) {
    pos++;
    nesting--;
    return out;
  }
  for (;;) {
    skipSpace();
    if (src.charCodeAt(pos) !== 0x22) fail("expected a key");
    const key = parseString();
    expect(0x3a, ":");
    skipSpace();
    const levels = (key === "bids" || key === "asks") && src.charCodeAt(pos) === 0x5b;
    const value = levels ? parseArray(parseLevel) : parseValue();
    // As JSON.parse: "__proto__" is an own key, not the prototype.
    if (key === "__proto__")
      Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    else out[key] = value;
    skipSpace();
    const c = src.charCodeAt(pos++);
    if (c === 0x7d) break;
    if (c !== 0x2c) {
      pos--;
      fail("expected , or }");
    }
  }
  nesting--;
  return out;
}

/** A non-negative finite number token's text, for a level's price or qty. */
function levelNumber(what: string): string {
  skipSpace();
  const at = pos;
  const c = src.charCodeAt(pos);
  if (!isDigit(c)) fail(`a level's ${what} must be a non-negative number`);
  const text = numberText();
  if (!Number.isFinite(Number(text))) {
    pos = at;
    fail(`a level's ${what} is out of range`);
  }
  return text;
}

/** One `{ "price": n, "qty": n }` level; other keys are read and ignored (fields Kraken may add). */
function parseLevel(): UwsLevel {
  skipSpace();
  if (src.charCodeAt(pos) !== 0x7b) fail("a level must be an object");
  enter();
  pos++;
  let priceText: string | undefined;
  let qtyText: string | undefined;
  skipSpace();
  if (src.charCodeAt(pos) !== 0x7d) {
    for (;;) {
      skipSpace();
      if (src.charCodeAt(pos) !== 0x22) fail("expected a key");
      const key = parseString();
      expect(0x3a, ":");
      if (key === "price") priceText = levelNumber("price");
      else if (key === "qty") qtyText = levelNumber("qty");
      else parseValue();
      skipSpace();
      const c = src.charCodeAt(pos);
      if (c === 0x7d) break;
      if (c !== 0x2c) fail("expected , or }");
      pos++;
    }
  }
  pos++;
  nesting--;
  if (priceText === undefined || qtyText === undefined) fail("a level needs a price and a qty");
  return { price: Number(priceText), qty: Number(qtyText), priceText, qtyText };
}

/** Parses a whole frame with the lossless parser. */
function parseLossless(text: string): unknown {
  src = text;
  pos = 0;
  nesting = 0;
  try {
    const value = parseValue();
    skipSpace();
    if (pos !== src.length) fail("unexpected data after the value");
    return value;
  } finally {
    src = "";
  }
}

/** The first bytes of the book frames Kraken sends, which skip the `JSON.parse` probe. */
const BOOK_PREFIX = '{"channel":"book",';

/**
 * Decodes one text frame. Book snapshot/update frames come back with `data[i].bids`/`asks` as
 * {@link UwsLevel}[] (exact texts kept; a missing side reads as `[]`) and `checksum` checked to be an unsigned 32-bit integer when
 * present; other frames as `JSON.parse` returns them.
 *
 * @throws UwsDecodeError when the text is not a JSON object, or a book frame is malformed (a level
 *   without a numeric non-negative `price` and `qty`, `data` not an array, a bad `checksum`).
 */
export function decodeUwsFrame(text: string): UwsInbound {
  let value: unknown;
  if (text.startsWith(BOOK_PREFIX)) {
    const fast = readBookFrame(text);
    if (fast !== undefined) return fast;
    value = parseLossless(text);
  } else {
    try {
      value = JSON.parse(text);
    } catch (cause) {
      throw new UwsDecodeError("malformed UWS frame: not JSON", undefined, { cause });
    }
    // A book frame in another key order or spacing: parse again, keeping the texts.
    if (isObject(value) && value.channel === "book") value = parseLossless(text);
  }
  if (!isObject(value)) throw new UwsDecodeError("malformed UWS frame: not a JSON object");
  if (value.channel === "book" && value.data !== undefined) checkBook(value);
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Checks the shape the book view relies on; levels were already checked while parsing. */
function checkBook(frame: Record<string, unknown>): void {
  const data = frame.data;
  if (!Array.isArray(data)) throw new UwsDecodeError("malformed UWS book frame: data is not an array");
  for (const entry of data) {
    if (!isObject(entry)) throw new UwsDecodeError("malformed UWS book frame: an entry is not an object");
    for (const side of ["bids", "asks"] as const) {
      const levels = entry[side];
      if (levels === undefined) entry[side] = [];
      else if (!Array.isArray(levels))
        throw new UwsDecodeError(`malformed UWS book frame: ${side} is not an array`);
    }
    const checksum = entry.checksum;
    if (
      checksum !== undefined &&
      !(typeof checksum === "number" && Number.isInteger(checksum) && checksum >= 0 && checksum <= 0xffffffff)
    ) {
      throw new UwsDecodeError("malformed UWS book frame: checksum is not an unsigned 32-bit integer");
    }
  }
}
