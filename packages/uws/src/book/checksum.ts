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
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c !== DOT) s = table[(s ^ c) & 0xff]! ^ (s >>> 8);
  }
  return s;
}

/**
 * Feeds levels `from`.. of the top {@link CHECKSUM_LEVELS} of one side (best first) into the state
 * `states[from]`, writing the state after each level into `states` (so `states[i]` is the state before
 * level `i`); returns the state after the last one.
 */
export function feedLevels(levels: readonly UwsLevel[], states: Int32Array, from: number): number {
  const n = Math.min(levels.length, CHECKSUM_LEVELS);
  let s = states[from]!;
  for (let i = from; i < n; i++) {
    const level = levels[i]!;
    s = feedDecimal(feedDecimal(s, level.priceText), level.qtyText);
    states[i + 1] = s;
  }
  return s;
}

/**
 * The checksum of a book, unsigned 32-bit: `asks` lowest first, `bids` highest first (only the first
 * 10 of each are read).
 */
export function bookChecksum(asks: readonly UwsLevel[], bids: readonly UwsLevel[]): number {
  const states = new Int32Array(CHECKSUM_LEVELS + 1);
  states[0] = CRC32_START;
  states[0] = feedLevels(asks, states, 0);
  return crc32Finish(feedLevels(bids, states, 0));
}

/** The text one level contributes to the checksum (for tests and diagnostics; the hot path hashes in place). */
export function checksumText(level: Pick<UwsLevel, "priceText" | "qtyText">): string {
  const strip = (t: string) => t.replaceAll(".", "").replace(/^0+/, "");
  return strip(level.priceText) + strip(level.qtyText);
}
