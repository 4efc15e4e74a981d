import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeFrame } from "../../src/decode.js";
import { WsDecodeError } from "../../src/errors.js";

const valid = [
  '{"feed":"book","product_id":"PF_XBTUSD","side":"buy","seq":5,"price":"100.5","qty":"2","timestamp":1}',
  '{"feed":"book_snapshot","product_id":"PF_XBTUSD","timestamp":1,"seq":4,"bids":[{"price":"100","qty":1}],"asks":[]}',
  '{"feed":"balances","account":"a","timestamp":1,"seq":2,"holding":{"USD":"5000.0"},"futures":{}}',
  '{"event":"challenge","message":"226aee50-88fc-4618-a42a-34f7709570b2"}',
  '{"feed":"ticker","product_id":"PF_XBTUSD","time":1,"bid":"1","ask":2,"last":1,"markPrice":"1.5","suspended":false}',
];

describe("decodeFrame", () => {
  it("converts numeric strings where the spec says Numeric, and nowhere else", () => {
    const book = decodeFrame(valid[1]);
    expect(book.ok && book.message).toMatchObject({
      bids: [{ price: 100, qty: 1 }],
      product_id: "PF_XBTUSD",
    });
    const balances = decodeFrame(valid[2]);
    expect(balances.ok && balances.message).toMatchObject({ holding: { USD: 5000 }, account: "a" });
    const challenge = decodeFrame(valid[3]);
    expect(challenge.ok && challenge.message).toMatchObject({
      message: "226aee50-88fc-4618-a42a-34f7709570b2",
    });
    const weird = decodeFrame('{"feed":"book","price":"12abc","qty":"1e2"}');
    expect(weird.ok && weird.message).toMatchObject({ price: "12abc", qty: 100 });
  });

  it("accepts binary UTF-8 frames and unknown feeds", () => {
    const bytes = new TextEncoder().encode('{"feed":"brand_new_feed","x":1}');
    expect(decodeFrame(bytes)).toMatchObject({ ok: true, message: { feed: "brand_new_feed" } });
  });

  it.each([
    ["not JSON", "{"],
    ["an array", "[1,2]"],
    ["a number", "42"],
    ["null", "null"],
    ["no feed or event", '{"foo":1}'],
    ["a numeric feed", '{"feed":1}'],
    ["invalid UTF-8", new Uint8Array([0xff, 0xfe, 0x7b])],
    ["a non-text value", 12],
  ])("refuses %s with a WsDecodeError", (_, frame) => {
    const result = decodeFrame(frame);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toBeInstanceOf(WsDecodeError);
  });

  it("never throws on thousands of random and mutated frames (fuzz)", () => {
    const mutate = fc
      .tuple(fc.constantFrom(...valid), fc.nat(), fc.nat({ max: 20 }), fc.string({ maxLength: 8 }))
      .map(([frame, at, cut, insert]) => {
        const i = at % (frame.length + 1);
        return frame.slice(0, i) + insert + frame.slice(Math.min(frame.length, i + cut));
      });
    const frames = fc.oneof(
      mutate,
      fc.string(),
      fc.json(),
      fc.jsonValue().map((v) => JSON.stringify({ feed: "book_snapshot", bids: v, asks: [v], seq: v })),
      fc
        .jsonValue()
        .map((v) => JSON.stringify({ feed: "balances", holding: v, futures: v, flex_futures: v })),
      fc.uint8Array({ maxLength: 64 }),
    );
    let refused = 0;
    fc.assert(
      fc.property(frames, (frame) => {
        const result = decodeFrame(frame);
        if (!result.ok) refused++;
        expect(typeof result.ok).toBe("boolean");
      }),
      { numRuns: 5000 },
    );
    expect(refused).toBeGreaterThan(0);
  });
});
