/**
 * The UWS wire text. UWS decimals are JSON numbers at full precision, and the book checksum hashes the
 * exact text on the wire, so the mock writes its decimals itself: a {@link Dec} carries the text that
 * goes on the wire (`45283.50`, `0.1000`, trailing zeros kept as Kraken sends them), and {@link wire}
 * serializes a message with those texts as bare number tokens. The checksum is computed from the same
 * texts, never from a re-formatted number.
 */
import { crc32 } from "node:zlib";
import type { InstrumentSpec } from "../engine/instruments.js";

/** A decimal as the text of its JSON number token. */
export class Dec {
  constructor(readonly text: string) {}
}

/** Decimal places of a tick (0.5 → 1, 1 → 0, 0.01 → 2). */
export function decimalsOf(step: number): number {
  const s = String(step);
  const dot = s.indexOf(".");
  return dot < 0 ? 0 : s.length - dot - 1;
}

/** Price text of an instrument: fixed to the decimals of its tick. */
export function priceDec(inst: InstrumentSpec, price: number): Dec {
  return new Dec(price.toFixed(decimalsOf(inst.tickSize)));
}

/** Quantity text of an instrument: fixed to its size precision (so `1` goes out as `1.0000` on PF_XBTUSD). */
export function qtyDec(inst: InstrumentSpec, qty: number): Dec {
  return new Dec(qty.toFixed(inst.sizePrecision));
}

/** A decimal with no instrument precision (money figures): the shortest round-trip text. */
export function num(n: number): Dec {
  if (!Number.isFinite(n)) throw new RangeError(`not a finite decimal: ${n}`);
  // Avoid exponent notation, which a decimal-aware client need not accept for a money figure.
  const text = Math.abs(n) !== 0 && Math.abs(n) < 1e-6 ? n.toFixed(12).replace(/0+$/, "") : String(n);
  return new Dec(text);
}

/** Serializes a message, writing each {@link Dec} as its text (a bare JSON number). */
export function wire(value: unknown): string {
  if (value instanceof Dec) return value.text;
  if (Array.isArray(value)) return `[${value.map(wire).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const parts: string[] = [];
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined) parts.push(`${JSON.stringify(k)}:${wire(v)}`);
    }
    return `{${parts.join(",")}}`;
  }
  return JSON.stringify(value);
}

/** A price level as sent: the texts of its price and quantity. */
export interface LevelText {
  readonly price: string;
  readonly qty: string;
}

/** A level's checksum contribution: price then qty, `.` removed and leading zeros stripped. */
function levelDigits(l: LevelText): string {
  const strip = (s: string) => s.replace(".", "").replace(/^0+/, "");
  return strip(l.price) + strip(l.qty);
}

/**
 * The book checksum of Kraken's v2 guide: CRC32 (IEEE, unsigned) of the top 10 asks (ascending) then
 * the top 10 bids (descending), each level as {@link levelDigits}.
 */
export function bookChecksum(asks: readonly LevelText[], bids: readonly LevelText[]): number {
  const text = asks.slice(0, 10).map(levelDigits).join("") + bids.slice(0, 10).map(levelDigits).join("");
  return crc32(text) >>> 0;
}

/** RFC 3339 with microseconds, as UWS examples print `time_in`/`time_out`/`timestamp`. */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace("Z", "000Z");
}
