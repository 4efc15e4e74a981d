/**
 * The fast path of the decoder: a `book` frame exactly as Kraken lays it out
 * (`{"channel":"book","type":…,"data":[{"symbol":…,"bids":[{"price":…,"qty":…}],"asks":[…],
 * "checksum":…,"timestamp":…}]}`, no spaces) is read with fixed-string comparisons, which is about as
 * fast as `JSON.parse` and keeps the number texts. Anything else (other key order, spaces, escapes,
 * extra fields) returns undefined and the caller's complete parser reads the frame instead, so this
 * path never has to be right about unusual input, only about the usual one. What it returns has the
 * shape the decoder promises (levels, sides as arrays, a 32-bit checksum), so it is not checked again.
 */
import type { UwsLevel } from "../decode.js";

let s = "";
let at = 0;
/** The value of the number `decimal()` read last, computed while its digits were scanned. */
let value = 0;

/** Powers of ten that are exact doubles, for Clinger's fast path in `decimal()`. */
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;

/** Consumes `literal` at the cursor, or reports that it is not there. */
function eat(literal: string): boolean {
  if (!s.startsWith(literal, at)) return false;
  at += literal.length;
  return true;
}

/** Consumes the one character `code` at the cursor, or reports that it is not there. */
function eatChar(code: number): boolean {
  if (s.charCodeAt(at) !== code) return false;
  at++;
  return true;
}

/** A string's contents up to the next quote (the opening one already eaten); undefined on an escape. */
function rawString(): string | undefined {
  const end = s.indexOf('"', at);
  if (end < 0) return undefined;
  // Escapes and raw control characters (which JSON forbids) are left to the complete parser.
  for (let i = at; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x5c) return undefined;
  }
  const text = s.slice(at, end);
  at = end + 1;
  return text;
}

/**
 * A plain decimal token (digits, optional fraction; no sign, no exponent): its text, or undefined; its
 * value is left in `value`. With at most 15 digits the digits read as one integer and 10^fraction are
 * both exact doubles, so one (correctly rounded) division gives the double nearest the decimal, the
 * very number `Number(text)` gives (Clinger's fast path), without converting the text a second time.
 */
function decimal(): string | undefined {
  const start = at;
  let i = at;
  let c = s.charCodeAt(i);
  let mantissa = 0;
  let digits = 0;
  let fraction = 0;
  if (c === 0x30) c = s.charCodeAt(++i);
  else if (c >= 0x31 && c <= 0x39) {
    do {
      mantissa = mantissa * 10 + (c - 0x30);
      digits++;
      c = s.charCodeAt(++i);
    } while (c >= 0x30 && c <= 0x39);
  } else return undefined;
  if (c === 0x2e) {
    c = s.charCodeAt(++i);
    if (!(c >= 0x30 && c <= 0x39)) return undefined;
    do {
      mantissa = mantissa * 10 + (c - 0x30);
      digits++;
      fraction++;
      c = s.charCodeAt(++i);
    } while (c >= 0x30 && c <= 0x39);
  }
  if (i - start > 300) return undefined;
  at = i;
  const text = s.slice(start, i);
  value = digits <= 15 ? mantissa / POW10[fraction]! : +text;
  return text;
}

/** `[{"price":p,"qty":q},…]` (the `[` already eaten, up to and including `]`), or undefined. */
function levels(): UwsLevel[] | undefined {
  const out: UwsLevel[] = [];
  if (eatChar(CLOSE_BRACKET)) return out;
  for (;;) {
    if (!eat('{"price":')) return undefined;
    const priceText = decimal();
    if (priceText === undefined) return undefined;
    const price = value;
    if (!eat(',"qty":')) return undefined;
    const qtyText = decimal();
    if (qtyText === undefined || !eatChar(CLOSE_BRACE)) return undefined;
    out.push({ price, qty: value, priceText, qtyText });
    if (eatChar(CLOSE_BRACKET)) return out;
    if (!eatChar(COMMA)) return undefined;
  }
}

/** One `data[]` entry (the `{` not yet eaten), or undefined. */
function entry(): Record<string, unknown> | undefined {
  if (!eat('{"symbol":"')) return undefined;
  const symbol = rawString();
  if (symbol === undefined || !eat(',"bids":[')) return undefined;
  const bids = levels();
  if (bids === undefined || !eat(',"asks":[')) return undefined;
  const asks = levels();
  if (asks === undefined) return undefined;
  let checksum: number | undefined;
  if (eat(',"checksum":')) {
    // An unsigned 32-bit integer, as the decoder promises; anything else is the complete parser's to refuse.
    const text = decimal();
    if (text === undefined || text.includes(".")) return undefined;
    checksum = value;
    if (checksum > 0xffffffff) return undefined;
  }
  let timestamp: string | undefined;
  if (eat(',"timestamp":"')) {
    timestamp = rawString();
    if (timestamp === undefined) return undefined;
  }
  if (!eatChar(CLOSE_BRACE)) return undefined;
  return { symbol, bids, asks, checksum, timestamp };
}

/** The frame at the cursor, or undefined. */
function frame(): Record<string, unknown> | undefined {
  if (!eat('{"channel":"book","type":"')) return undefined;
  const type = rawString();
  if (type === undefined || !eat(',"data":[')) return undefined;
  const data: Record<string, unknown>[] = [];
  for (;;) {
    const e = entry();
    if (e === undefined) return undefined;
    data.push(e);
    if (eatChar(CLOSE_BRACKET)) break;
    if (!eatChar(COMMA)) return undefined;
  }
  if (!eatChar(CLOSE_BRACE) || at !== s.length) return undefined;
  return { channel: "book", type, data };
}

/**
 * Reads a book frame in Kraken's layout; undefined when `text` is laid out any other way (or is not
 * JSON at all), for the complete parser to decide.
 */
export function readBookFrame(text: string): Record<string, unknown> | undefined {
  s = text;
  at = 0;
  const result = frame();
  // Nothing above throws (string reads past the end give NaN), so no `finally` is needed to let the
  // frame's text go.
  s = "";
  return result;
}
