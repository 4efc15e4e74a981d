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

/** Consumes `literal` at the cursor, or reports that it is not there. */
function eat(literal: string): boolean {
  if (!s.startsWith(literal, at)) return false;
  at += literal.length;
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

/** A plain decimal token (digits, optional fraction; no sign, no exponent): its text, or undefined. */
function decimal(): string | undefined {
  const start = at;
  let c = s.charCodeAt(at);
  if (c === 0x30) c = s.charCodeAt(++at);
  else if (c >= 0x31 && c <= 0x39) {
    do c = s.charCodeAt(++at);
    while (c >= 0x30 && c <= 0x39);
  } else return undefined;
  if (c === 0x2e) {
    c = s.charCodeAt(++at);
    if (!(c >= 0x30 && c <= 0x39)) return undefined;
    do c = s.charCodeAt(++at);
    while (c >= 0x30 && c <= 0x39);
  }
  return at - start > 300 ? undefined : s.slice(start, at);
}

/** `[{"price":p,"qty":q},…]` (the `[` already eaten, up to and including `]`), or undefined. */
function levels(): UwsLevel[] | undefined {
  const out: UwsLevel[] = [];
  if (eat("]")) return out;
  for (;;) {
    if (!eat('{"price":')) return undefined;
    const priceText = decimal();
    if (priceText === undefined || !eat(',"qty":')) return undefined;
    const qtyText = decimal();
    if (qtyText === undefined || !eat("}")) return undefined;
    out.push({ price: +priceText, qty: +qtyText, priceText, qtyText });
    if (eat("]")) return out;
    if (!eat(",")) return undefined;
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
    checksum = +text;
    if (checksum > 0xffffffff) return undefined;
  }
  let timestamp: string | undefined;
  if (eat(',"timestamp":"')) {
    timestamp = rawString();
    if (timestamp === undefined) return undefined;
  }
  if (!eat("}")) return undefined;
  return { symbol, bids, asks, checksum, timestamp };
}

/**
 * Reads a book frame in Kraken's layout; undefined when `text` is laid out any other way (or is not
 * JSON at all), for the complete parser to decide.
 */
export function readBookFrame(text: string): Record<string, unknown> | undefined {
  s = text;
  at = 0;
  try {
    if (!eat('{"channel":"book","type":"')) return undefined;
    const type = rawString();
    if (type === undefined || !eat(',"data":[')) return undefined;
    const data: Record<string, unknown>[] = [];
    for (;;) {
      const e = entry();
      if (e === undefined) return undefined;
      data.push(e);
      if (eat("]")) break;
      if (!eat(",")) return undefined;
    }
    if (!eat("}") || at !== s.length) return undefined;
    return { channel: "book", type, data };
  } finally {
    s = "";
  }
}
