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
