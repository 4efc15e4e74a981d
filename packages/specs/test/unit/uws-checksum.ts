// Kraken's v2 book checksum (https://docs.kraken.com/exchange/guides/websockets/book-checksum-v2), written
// here from the algorithm so the spec's examples can be checked: for the top 10 asks (ascending) then the
// top 10 bids (descending), each level contributes its price then its quantity as printed on the wire,
// without the decimal point and without leading zeros; the checksum is the unsigned CRC32 (IEEE) of it.

const TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC32 (IEEE 802.3) of a string's UTF-8 bytes, as an unsigned 32-bit integer. */
export function crc32(text: string): number {
  let c = 0xffffffff;
  for (const byte of new TextEncoder().encode(text)) c = (TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * The wire text of a value (a string is taken as that text; a number as JSON.stringify prints it, which is
 * how the bundled examples are written), with the point and leading zeros removed.
 */
const digits = (value: unknown) =>
  (typeof value === "string" ? value : JSON.stringify(value)).replace(".", "").replace(/^0+/, "");

/** The checksum of sorted levels (book) or orders (level3), each `[price, quantity]`. */
export function levelChecksum(asks: [unknown, unknown][], bids: [unknown, unknown][]): number {
  const side = (levels: [unknown, unknown][]) =>
    levels
      .slice(0, 10)
      .map(([price, qty]) => digits(price) + digits(qty))
      .join("");
  return crc32(side(asks) + side(bids));
}
