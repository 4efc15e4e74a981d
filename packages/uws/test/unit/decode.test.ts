/**
 * The decoder: book frames keep each level's exact number text next to its value, in Kraken's layout
 * (fast path) and in any other key order or spacing (complete parser) alike; other frames are exactly
 * JSON.parse's result; malformed frames throw UwsDecodeError.
 */
import { KrakenFuturesError } from "@kraken-futures/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeUwsFrame, UwsDecodeError } from "../../src/decode.js";

const KRAKEN =
  '{"channel":"book","type":"snapshot","data":[{"symbol":"PF_XBTUSD","bids":[{"price":45283.5,"qty":0.10000000},' +
  '{"price":45283.0,"qty":4.50000000}],"asks":[{"price":45285.2,"qty":0.00100000}],"checksum":3310070434,' +
  '"timestamp":"2026-11-20T10:00:00.123456Z"}]}';

const EXPECTED = {
  channel: "book",
  type: "snapshot",
  data: [
    {
      symbol: "PF_XBTUSD",
      bids: [
        { price: 45283.5, qty: 0.1, priceText: "45283.5", qtyText: "0.10000000" },
        { price: 45283, qty: 4.5, priceText: "45283.0", qtyText: "4.50000000" },
      ],
      asks: [{ price: 45285.2, qty: 0.001, priceText: "45285.2", qtyText: "0.00100000" }],
      checksum: 3310070434,
      timestamp: "2026-11-20T10:00:00.123456Z",
    },
  ],
};

describe("decodeUwsFrame: book frames", () => {
  it("keeps the exact wire text of every price and qty, next to its number", () => {
    expect(decodeUwsFrame(KRAKEN)).toEqual(EXPECTED);
  });

  it("decodes the same frame in another key order, with spaces, escapes and extra fields", () => {
    const other = `{ "data" : [ { "asks" : [ {"qty":0.00100000, "price" : 45285.2, "note": [1, {"x": null}]} ],
      "bids": [{"price":45283.5,"qty":0.10000000},{"qty":4.50000000,"price":45283.0}],
      "symbol":"PF\\u005fXBTUSD", "checksum":3310070434, "timestamp":"2026-11-20T10:00:00.123456Z" } ],
      "type":"snapshot", "channel" : "book" }`;
    expect(decodeUwsFrame(other)).toEqual(EXPECTED);
  });

  it("reads an update without a checksum, and several symbols in one frame", () => {
    const frame =
      '{"channel":"book","type":"update","data":[{"symbol":"A","bids":[],"asks":[{"price":1,"qty":0}]},' +
      '{"symbol":"B","bids":[{"price":2.50,"qty":3}],"asks":[],"checksum":0,"timestamp":"t"}]}';
    const decoded = decodeUwsFrame(frame) as { data: Record<string, unknown>[] };
    expect(decoded.data[0]).toMatchObject({ symbol: "A", bids: [], asks: [{ price: 1, qtyText: "0" }] });
    expect(decoded.data[0]!.checksum).toBeUndefined();
    expect(decoded.data[1]).toMatchObject({ checksum: 0, bids: [{ price: 2.5, priceText: "2.50", qty: 3 }] });
  });

  it("keeps exponent notation as sent (the fallback parser reads any JSON number)", () => {
    const frame =
      '{"channel":"book","type":"update","data":[{"symbol":"A","bids":[{"price":1e2,"qty":5E-3}],"asks":[]}]}';
    const [entry] = (decodeUwsFrame(frame) as { data: { bids: unknown[] }[] }).data;
    expect(entry!.bids).toEqual([{ price: 100, qty: 0.005, priceText: "1e2", qtyText: "5E-3" }]);
  });
});

describe("decodeUwsFrame: book numbers", () => {
  // The fast path computes each number from its digits (exact up to 15 digits) instead of converting
  // the text again; it must give the very double Number() gives, on either side of that limit.
  const decimal = fc
    .tuple(fc.stringMatching(/^(0|[1-9][0-9]{0,11})$/), fc.stringMatching(/^[0-9]{0,12}$/))
    .map(([int, frac]) => (frac === "" ? int : `${int}.${frac}`));

  it("gives every price and qty the number Number() gives its text (up to 24 digits)", () => {
    fc.assert(
      fc.property(decimal, decimal, (price, qty) => {
        const frame = `{"channel":"book","type":"update","data":[{"symbol":"PF_XBTUSD","bids":[{"price":${price},"qty":${qty}}],"asks":[]}]}`;
        const level = (decodeUwsFrame(frame).data as { bids: { price: number; qty: number }[] }[])[0]!
          .bids[0]!;
        expect(level.price).toBe(Number(price));
        expect(level.qty).toBe(Number(qty));
      }),
      { numRuns: 5_000 },
    );
  });

  it.each(["0.1", "0.3", "9007199254740993", "123456789012345.6", "0.000000000000001", "99999.99999999999"])(
    "reads %s as Number() does",
    (text) => {
      const frame = `{"channel":"book","type":"update","data":[{"symbol":"X","bids":[{"price":${text},"qty":1}],"asks":[]}]}`;
      const level = (decodeUwsFrame(frame).data as { bids: { price: number }[] }[])[0]!.bids[0]!;
      expect(level.price).toBe(Number(text));
    },
  );
});

describe("decodeUwsFrame: other frames", () => {
  it.each([
    '{"channel":"heartbeat"}',
    '{"method":"subscribe","result":{"channel":"book","symbol":"PF_XBTUSD","depth":10},"success":true,"req_id":1}',
    '{"channel":"ticker","type":"update","data":[{"symbol":"PF_XBTUSD","bid":1.50,"bids":[1,2]}]}',
    '{"channel":"book_extra","data":{"bids":"x"}}',
  ])("returns exactly JSON.parse's result for %s", (text) => {
    expect(decodeUwsFrame(text)).toEqual(JSON.parse(text));
  });
});

describe("decodeUwsFrame: malformed frames", () => {
  it.each([
    ["not JSON", "{"],
    ["not an object", "[1,2]"],
    ["a string", '"book"'],
    ["truncated book", KRAKEN.slice(0, 80)],
    ["trailing data", `${KRAKEN}x`],
    [
      "a negative qty",
      '{"channel":"book","type":"update","data":[{"symbol":"A","bids":[{"price":1,"qty":-1}],"asks":[]}]}',
    ],
    [
      "a string price",
      '{"channel":"book","type":"update","data":[{"symbol":"A","bids":[{"price":"1","qty":1}],"asks":[]}]}',
    ],
    [
      "a level without qty",
      '{"channel":"book","type":"update","data":[{"symbol":"A","bids":[{"price":1}],"asks":[]}]}',
    ],
    [
      "a level that is a number",
      '{"channel":"book","type":"update","data":[{"symbol":"A","bids":[1],"asks":[]}]}',
    ],
    [
      "an infinite price",
      '{"channel":"book","type":"update","data":[{"symbol":"A","bids":[{"price":1e999,"qty":1}],"asks":[]}]}',
    ],
    [
      "a bad number",
      '{"channel":"book","type":"update","data":[{"symbol":"A","bids":[{"price":01,"qty":1}],"asks":[]}]}',
    ],
    ["bids not an array", '{"channel":"book","type":"update","data":[{"symbol":"A","bids":{},"asks":[]}]}'],
    ["data not an array", '{"channel":"book","type":"update","data":{}}'],
    [
      "a fractional checksum",
      '{"channel":"book","type":"update","data":[{"symbol":"A","bids":[],"asks":[],"checksum":1.5}]}',
    ],
    [
      "a checksum over 32 bits",
      '{"channel":"book","type":"update","data":[{"symbol":"A","bids":[],"asks":[],"checksum":4294967296}]}',
    ],
    [
      "a control character",
      '{"channel":"book","type":"update","data":[{"symbol":"A\u0001","bids":[],"asks":[{"price":1,"qty":1},]}]}',
    ],
    ["deep nesting", `{"channel":"book","x":${"[".repeat(10_000)}${"]".repeat(10_000)}}`],
  ])("throws UwsDecodeError on %s", (_, text) => {
    let error: unknown;
    try {
      decodeUwsFrame(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UwsDecodeError);
    expect(error).toBeInstanceOf(KrakenFuturesError);
    expect((error as Error).name).toBe("UwsDecodeError");
    expect((error as Error).message).toMatch(/^malformed UWS (book )?frame/);
  });
});
