import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodePostData, formatDecimal, PostDataError, percentEncode } from "../../src/index.js";

describe("formatDecimal", () => {
  it.each([
    [1e-7, "0.0000001"],
    [1.5e-7, "0.00000015"],
    [-2.5e-10, "-0.00000000025"],
    [1e21, "1000000000000000000000"],
    [1.2345e25, "12345000000000000000000000"],
    [-1e21, "-1000000000000000000000"],
    [5e-324, `0.${"0".repeat(323)}5`],
    [0.000001, "0.000001"],
    [0.1, "0.1"],
    [123.456, "123.456"],
    [-0, "0"],
    [0, "0"],
    [Number.MAX_SAFE_INTEGER, "9007199254740991"],
  ])("%s is written %s", (value, text) => {
    expect(formatDecimal(value)).toBe(text);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])("%s is refused", (value) => {
    expect(() => formatDecimal(value)).toThrow(PostDataError);
  });

  it("reads back as the same number, in plain decimal without useless zeros, for any finite double", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
        const text = formatDecimal(value);
        expect(text).toMatch(/^-?(0|[1-9]\d*)(\.\d*[1-9])?$/);
        expect(Number(text)).toBe(Object.is(value, -0) ? 0 : value);
      }),
      { numRuns: 10_000 },
    );
  });
});

describe("percentEncode", () => {
  it("escapes per RFC 3986: space as %20, and !'()* too", () => {
    expect(percentEncode("a b+c&d=e%f")).toBe("a%20b%2Bc%26d%3De%25f");
    expect(percentEncode("!'()*")).toBe("%21%27%28%29%2A");
    expect(percentEncode("-._~AZaz09")).toBe("-._~AZaz09");
    expect(percentEncode("€😀")).toBe("%E2%82%AC%F0%9F%98%80");
  });

  it("refuses a lone surrogate with a typed error", () => {
    expect(() => percentEncode("\ud800")).toThrow(PostDataError);
  });
});

describe("encodePostData", () => {
  it("keeps the order of the arguments and skips undefined", () => {
    expect(encodePostData({ orderType: "lmt", symbol: "PI_XBTUSD", limitPrice: undefined, size: 1 })).toBe(
      "orderType=lmt&symbol=PI_XBTUSD&size=1",
    );
    expect(encodePostData({ symbol: "PI_XBTUSD", orderType: "lmt" })).toBe("symbol=PI_XBTUSD&orderType=lmt");
  });

  it("writes the Kraken docs' example the way it appears on the wire", () => {
    expect(encodePostData({ greeting: "hello world" })).toBe("greeting=hello%20world");
  });

  it("writes numbers without exponent, booleans and bigints as text", () => {
    expect(
      encodePostData({ size: 1e-7, price: 1e21, reduceOnly: true, postOnly: false, id: 2n ** 70n }),
    ).toBe(
      "size=0.0000001&price=1000000000000000000000&reduceOnly=true&postOnly=false&id=1180591620717411303424",
    );
  });

  it("repeats the key for an array of scalars and writes nothing for an empty array", () => {
    expect(encodePostData({ orderIds: ["a b", "c"], none: [], n: [1, 2e-7] })).toBe(
      "orderIds=a%20b&orderIds=c&n=1&n=0.0000002",
    );
  });

  it("writes objects and arrays of objects as JSON (batchorder), numbers in plain decimal", () => {
    const json = {
      batchOrder: [
        { order: "send", order_tag: "1", orderType: "lmt", size: 1e-7, reduceOnly: false, nested: [1n] },
      ],
    };
    const encoded = encodePostData({ json });
    expect(decodeURIComponent(encoded.slice("json=".length))).toBe(
      '{"batchOrder":[{"order":"send","order_tag":"1","orderType":"lmt","size":0.0000001,"reduceOnly":false,"nested":[1]}]}',
    );
    expect(encoded).not.toMatch(/[{}":,[\]]/);
    expect(encodePostData({ list: [{ a: 1 }, { b: undefined, c: null }] })).toBe(
      `list=${percentEncode('[{"a":1},{"c":null}]')}`,
    );
  });

  it("follows JSON.stringify for toJSON, undefined in arrays and boxed values", () => {
    const value = { when: new Date(0), list: [undefined, () => 1], boxed: Object(5), s: Object("x") };
    expect(decodeURIComponent(encodePostData({ value }).slice(6))).toBe(JSON.stringify(value));
  });

  it("accepts pairs, a Map and URLSearchParams, and allows repeated keys there", () => {
    expect(
      encodePostData([
        ["a", "1"],
        ["a", "2"],
      ]),
    ).toBe("a=1&a=2");
    expect(
      encodePostData(
        new Map<string, string | number>([
          ["x y", "z"],
          ["n", 3],
        ]),
      ),
    ).toBe("x%20y=z&n=3");
    expect(encodePostData(new URLSearchParams("q=a+b&r=%21"))).toBe("q=a%20b&r=%21");
  });

  it("encodes an empty input as the empty string", () => {
    expect(encodePostData({})).toBe("");
    expect(encodePostData([])).toBe("");
  });

  it.each([
    ["null", { symbol: null }, /"symbol" is null/],
    ["null in an array", { ids: ["a", null] }, /"ids" is null/],
    ["NaN", { size: Number.NaN }, /NaN/],
    ["Infinity inside JSON", { json: { size: Number.POSITIVE_INFINITY } }, /"json" holds Infinity/],
    ["a function", { f: () => 1 }, /"f" is a function/],
    ["a symbol", { s: Symbol("x") }, /"s" is a symbol/],
    ["a lone surrogate", { s: "\udc00" }, /lone UTF-16 surrogate/],
  ])("refuses %s with a PostDataError", (_, input, message) => {
    expect(() => encodePostData(input as never)).toThrow(PostDataError);
    expect(() => encodePostData(input as never)).toThrow(message);
  });

  it("refuses cyclic JSON, strings, non-pair iterables and class instances that are not iterable", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => encodePostData({ json: cyclic })).toThrow(/cyclic/);
    expect(() => encodePostData("a=1" as never)).toThrow(/already encoded string/);
    expect(() => encodePostData([["a"]] as never)).toThrow(/\[key, value\] pair/);
    expect(() => encodePostData(new Date() as never)).toThrow(/not a Date/);
    expect(() => encodePostData(null as never)).toThrow(PostDataError);
    expect(() => encodePostData([[1, "a"]] as never)).toThrow(/not a string/);
  });
});
