/**
 * CRC-32 against published check values (the IEEE polynomial's standard vectors) and against
 * node:zlib's implementation on random inputs, and Kraken's book checksum against the guide's worked
 * example: level (45285.2, 0.00100000) contributes "452852100000".
 */
import { crc32 as zlibCrc32 } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bookChecksum, checksumText } from "../../src/book/checksum.js";
import { CRC32_START, crc32, crc32Byte, crc32Finish, crc32Shift } from "../../src/book/crc32.js";
import type { UwsLevel } from "../../src/decode.js";

const level = (priceText: string, qtyText: string): UwsLevel => ({
  price: Number(priceText),
  qty: Number(qtyText),
  priceText,
  qtyText,
});

describe("crc32Shift", () => {
  it("advances a state through n zero bytes, as n single steps do", () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.nat({ max: 5_000 }), (state, n) => {
        let s = state;
        for (let i = 0; i < n; i++) s = crc32Byte(s, 0);
        expect(crc32Shift(state, n)).toBe(s);
      }),
      { numRuns: 300 },
    );
  });

  it("joins two parts hashed separately into the CRC of both, as the book's checksum does", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.uint8Array({ maxLength: 200 }), (a, b) => {
        let first = CRC32_START;
        for (const byte of a) first = crc32Byte(first, byte);
        let second = 0;
        for (const byte of b) second = crc32Byte(second, byte);
        const joined = crc32Finish(crc32Shift(first, b.length) ^ second);
        expect(joined).toBe(zlibCrc32(Buffer.concat([a, b])) >>> 0);
      }),
    );
  });
});

describe("crc32", () => {
  it.each([
    ["", 0],
    ["a", 0xe8b7be43],
    ["abc", 0x352441c2],
    ["123456789", 0xcbf43926],
    ["The quick brown fox jumps over the lazy dog", 0x414fa339],
  ])("crc32(%j) is the published check value", (text, expected) => {
    expect(crc32(text)).toBe(expected);
    expect(crc32(new TextEncoder().encode(text))).toBe(expected);
  });

  it("hashes a string as its UTF-8 bytes", () => {
    expect(crc32("€ and ü")).toBe(zlibCrc32(Buffer.from("€ and ü", "utf8")) >>> 0);
  });

  it("equals node:zlib's CRC-32 on random bytes and strings", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.string({ maxLength: 100 }), (bytes, text) => {
        expect(crc32(bytes)).toBe(zlibCrc32(bytes) >>> 0);
        expect(crc32(text)).toBe(zlibCrc32(Buffer.from(text, "utf8")) >>> 0);
      }),
      { numRuns: 500 },
    );
  });
});

describe("bookChecksum (Kraken's book-checksum-v2)", () => {
  it("formats a level as the guide does: '.' removed, leading zeros stripped", () => {
    expect(checksumText({ priceText: "45285.2", qtyText: "0.00100000" })).toBe("452852100000");
    expect(checksumText({ priceText: "0.05005", qtyText: "0.00000500" })).toBe("5005500");
    expect(checksumText({ priceText: "100", qtyText: "10.0" })).toBe("100100");
  });

  it("matches the guide's example: crc32('452852100000') = 2099347975", () => {
    expect(crc32("452852100000")).toBe(2099347975);
    expect(bookChecksum([level("45285.2", "0.00100000")], [])).toBe(2099347975);
  });

  it("hashes the top 10 asks (lowest first) then the top 10 bids (highest first), nothing deeper", () => {
    const asks = Array.from({ length: 12 }, (_, i) => level((100.5 + i).toFixed(2), `${i + 1}.000`));
    const bids = Array.from({ length: 12 }, (_, i) => level((99.5 - i).toFixed(2), `0.0${i + 1}0`));
    const text = [...asks.slice(0, 10), ...bids.slice(0, 10)].map(checksumText).join("");
    expect(bookChecksum(asks, bids)).toBe(crc32(text));
    expect(bookChecksum(asks.slice(0, 10), bids.slice(0, 10))).toBe(crc32(text));
    // Asks come first: swapping the sides changes the checksum.
    expect(bookChecksum(bids, asks)).not.toBe(crc32(text));
  });

  it("depends on the exact text: trailing zeros that JSON.parse drops change it", () => {
    const exact = bookChecksum([level("50000.50", "1.5000")], [level("49999.00", "0.1000")]);
    const lossy = bookChecksum([level("50000.5", "1.5")], [level("49999", "0.1")]);
    expect(exact).toBe(crc32("500005015000" + "49999001000"));
    expect(lossy).not.toBe(exact);
  });

  it("is the CRC of nothing for an empty book", () => {
    expect(bookChecksum([], [])).toBe(0);
  });
});
