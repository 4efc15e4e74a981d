/**
 * CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), the one Kraken's book checksum uses, table
 * driven. Written here rather than taken from `node:zlib` so the package runs in browsers too, and so
 * the checksum can be fed character by character from the level texts without building a string.
 */

/** The 256-entry table of the reflected polynomial (exported for the checksum's inlined hot loop). */
export const CRC32_TABLE: Int32Array = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/** The running state before any byte (the CRC's initial value, inverted). */
export const CRC32_START = -1;

/** Feeds one byte (0..255) into a running state. */
export function crc32Byte(state: number, byte: number): number {
  return CRC32_TABLE[(state ^ byte) & 0xff]! ^ (state >>> 8);
}

/**
 * The tables of `crc32Shift`: `SHIFT_TABLES[k]` advances a running state through 2^k zero bytes, as four
 * 256-entry tables, one per byte of the state. Advancing through zero bytes is linear in the state
 * (each step is `table[s & 0xff] ^ (s >>> 8)`, and the table is linear), so the map is fully given by
 * where it sends each byte value of each byte of the state. Built on first use (about 60 KB).
 */
let SHIFT_TABLES: Int32Array[] | undefined;

/** Zero-byte shifts up to 2^SHIFT_BITS - 1 bytes: far beyond 20 texts of at most 300 characters. */
const SHIFT_BITS = 14;

function applyShift(table: Int32Array, s: number): number {
  return (
    table[s & 0xff]! ^
    table[256 + ((s >>> 8) & 0xff)]! ^
    table[512 + ((s >>> 16) & 0xff)]! ^
    table[768 + (s >>> 24)]!
  );
}

function shiftTables(): Int32Array[] {
  if (SHIFT_TABLES) return SHIFT_TABLES;
  const tables: Int32Array[] = [];
  // Where one zero byte sends each single-bit state, then each later power of two as the square.
  let basis = Array.from({ length: 32 }, (_, bit) => crc32Byte(1 << bit, 0));
  for (let k = 0; k < SHIFT_BITS; k++) {
    const table = new Int32Array(1024);
    for (let part = 0; part < 4; part++) {
      for (let b = 1; b < 256; b++) {
        const low = b & -b;
        table[part * 256 + b] = table[part * 256 + (b ^ low)]! ^ basis[part * 8 + 31 - Math.clz32(low)]!;
      }
    }
    tables.push(table);
    basis = basis.map((v) => applyShift(table, v));
  }
  SHIFT_TABLES = tables;
  return tables;
}

/**
 * Advances a running state through `n` zero bytes in O(log n) table lookups. With it, the state after
 * `A` then `B` is `crc32Shift(stateAfterA, B.length) ^ stateOf(B from 0)`: the checksum of the asks
 * then the bids is combined from the two sides' own states, so a change of the asks does not re-hash
 * the bids. `n` must be below 16 384.
 */
export function crc32Shift(state: number, n: number): number {
  const tables = shiftTables();
  let s = state;
  for (let k = 0; n > 0; k++, n >>>= 1) if (n & 1) s = applyShift(tables[k]!, s);
  return s;
}

/** The final CRC of a running state, as an unsigned 32-bit integer. */
export function crc32Finish(state: number): number {
  return (state ^ -1) >>> 0;
}

const encoder = /* @__PURE__ */ new TextEncoder();

/**
 * The CRC-32 of `data`, unsigned: bytes as given, or a string as its UTF-8 bytes.
 * `crc32("123456789")` is `0xcbf43926`, the standard check value.
 */
export function crc32(data: string | Uint8Array): number {
  let state = CRC32_START;
  if (typeof data === "string") {
    for (let i = 0; i < data.length; i++) {
      const code = data.charCodeAt(i);
      // ASCII is its own UTF-8; anything else goes through the encoder (never on the checksum's digits).
      if (code >= 0x80) return crc32(encoder.encode(data));
      state = crc32Byte(state, code);
    }
  } else {
    for (let i = 0; i < data.length; i++) state = crc32Byte(state, data[i]!);
  }
  return crc32Finish(state);
}
