/**
 * Kraken's book checksum (guide book-checksum-v2): the CRC-32 of the top 10 asks (lowest first) and
 * then the top 10 bids (highest first), each level contributing its price text and then its quantity
 * text with the `.` removed and the leading zeros stripped (`"0.00100000"` → `"100000"`). The texts are
 * the exact wire text of the JSON numbers, which is why the decoder keeps them: a re-formatted number
 * (`0.001`) would hash differently.
 */
import type { UwsLevel } from "../decode.js";
import { CRC32_START, CRC32_TABLE, crc32Finish } from "./crc32.js";

/** How many levels a side contributes, whatever the subscribed depth. */
export const CHECKSUM_LEVELS = 10;

const DOT = 0x2e;
const ZERO = 0x30;

/** How many bytes the last `feedDecimal` fed (its text less the stripped zeros and the dots). */
let fed = 0;

/** Feeds one decimal text into `state`: every character but `.`, after the leading `0`s and `.`s. */
function feedDecimal(state: number, text: string): number {
  let i = 0;
  const n = text.length;
  // Leading zeros are counted after the dot is removed, so "0.0012" loses "0.00" and keeps "12".
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c !== ZERO && c !== DOT) break;
    i++;
  }
  // The CRC step inlined (this loop runs for every character of the top 10 levels on every change).
  const table = CRC32_TABLE;
  let s = state;
  let bytes = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c !== DOT) {
      s = table[(s ^ c) & 0xff]! ^ (s >>> 8);
      bytes++;
    }
  }
  fed = bytes;
  return s;
}

/**
 * One level's bytes hashed from state 0 (its price text then its quantity text, as the checksum reads
 * them); the count of bytes is left in {@link levelBytes}. With `crc32Shift` this stands for the level
 * from any state: `crc32Shift(s, levelBytes) ^ levelHash(level)` is the state after it.
 */
export function levelHash(level: UwsLevel): number {
  const s = feedDecimal(0, level.priceText);
  const priceBytes = fed;
  const state = feedDecimal(s, level.qtyText);
  levelBytes = priceBytes + fed;
  return state;
}

/** The byte count of the last {@link levelHash}. */
export let levelBytes = 0;

/**
 * The checksum of a book, unsigned 32-bit: `asks` lowest first, `bids` highest first (only the first
 * 10 of each are read).
 */
export function bookChecksum(asks: readonly UwsLevel[], bids: readonly UwsLevel[]): number {
  // Hashed straight through, character by character: the reference the book's incremental
  // checksum (cached level hashes joined with crc32Shift) is tested against.
  let s = CRC32_START;
  for (const side of [asks, bids]) {
    const n = Math.min(side.length, CHECKSUM_LEVELS);
    for (let i = 0; i < n; i++) s = feedDecimal(feedDecimal(s, side[i]!.priceText), side[i]!.qtyText);
  }
  return crc32Finish(s);
}

/** The text one level contributes to the checksum (for tests and diagnostics; the hot path hashes in place). */
export function checksumText(level: Pick<UwsLevel, "priceText" | "qtyText">): string {
  const strip = (t: string) => t.replaceAll(".", "").replace(/^0+/, "");
  return strip(level.priceText) + strip(level.qtyText);
}
