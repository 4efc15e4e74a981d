import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { backend as webBackend } from "../../src/crypto-web.js";
import {
  encodePostData,
  type PostDataValue,
  parseCredentials,
  parseSpotCredentials,
  signRequest,
  signSpotRequest,
  spotSignedRequest,
} from "../../src/index.js";
import { referenceAuthent, referenceDecimal, referencePostData, referenceSpotSign } from "../reference.js";

const RUNS = 10_000;

// Characters that break hand-rolled encoders, mixed with arbitrary well-formed unicode.
const tricky = fc.constantFrom(
  " ",
  "+",
  "&",
  "%",
  "=",
  "!",
  "'",
  "(",
  ")",
  "*",
  "~",
  "?",
  "#",
  "/",
  ":",
  "\n",
  "€",
  "😀",
);
const text = fc.string({
  unit: fc.oneof(tricky, fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 })),
  maxLength: 12,
});

/** A value and the texts Kraken must receive for it (more than one when the key repeats). */
type Case = { value: PostDataValue; texts: string[] };

// Numbers built from decimal digits, so the expected text is known without formatting a number:
// at most 15 significant digits and no trailing zero make the digits the shortest round-trip form.
const decimalNumber = fc
  .tuple(fc.boolean(), fc.bigInt({ min: 1n, max: 999_999_999_999_999n }), fc.integer({ min: -30, max: 30 }))
  .filter(([, mantissa]) => mantissa % 10n !== 0n)
  .map(([negative, mantissa, exponent]): Case => {
    const value = Number(`${negative ? "-" : ""}${mantissa}e${exponent}`);
    return { value, texts: [referenceDecimal(negative, mantissa.toString(), exponent)] };
  });

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
const { json } = fc.letrec<{ json: Json }>((tie) => ({
  json: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    text,
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("json"), { maxLength: 3 }),
    fc.dictionary(text, tie("json"), { maxKeys: 3 }),
  ),
}));
const jsonObject = fc.dictionary(text, json, { minKeys: 1, maxKeys: 4 });

const value: fc.Arbitrary<Case> = fc.oneof(
  text.map((s) => ({ value: s, texts: [s] })),
  fc.maxSafeInteger().map((n) => ({ value: n, texts: [BigInt(n).toString()] })),
  decimalNumber,
  fc.bigInt().map((n) => ({ value: n, texts: [n.toString()] })),
  fc.boolean().map((b) => ({ value: b, texts: [b ? "true" : "false"] })),
  fc.array(text, { maxLength: 4 }).map((list) => ({ value: list, texts: list })),
  fc.constant<Case>({ value: undefined, texts: [] }),
  // batchorder's `json`: JSON.stringify is the reference, fed only numbers it writes without exponent.
  jsonObject.map((o) => ({ value: o, texts: [JSON.stringify(o)] })),
  fc
    .array(jsonObject, { minLength: 1, maxLength: 3 })
    .map((list) => ({ value: list, texts: [JSON.stringify(list)] })),
);

const entries = fc.array(fc.tuple(text, value), { maxLength: 8 });
const secret = fc
  .uint8Array({ minLength: 32, maxLength: 128 })
  .map((bytes) => Buffer.from(bytes).toString("base64"));
const endpointPath = fc
  .tuple(fc.boolean(), fc.stringMatching(/^\/api\/(v3|history\/v[23])\/[a-z]{1,16}(\/[a-z_]{1,10})?$/))
  .map(([prefixed, path]) => (prefixed ? `/derivatives${path}` : path));
const nonce = fc.oneof(fc.constant(""), fc.bigInt({ min: 0n, max: 10n ** 19n }).map(String));

describe(`against the node:crypto reference (${RUNS} random inputs each)`, () => {
  it("encodePostData of pairs gives the hand-encoded string", () => {
    fc.assert(
      fc.property(entries, (list) => {
        const input = list.map(([key, item]) => [key, item.value] as const);
        const expected = referencePostData(
          list.flatMap(([key, item]) => item.texts.map((t) => [key, t] as const)),
        );
        expect(encodePostData(input)).toBe(expected);
      }),
      { numRuns: RUNS },
    );
  }, 60_000);

  it("encodePostData of a plain object keeps insertion order", () => {
    // Integer-like keys are ordered first by JavaScript itself, so they are left to the pairs form.
    const keys = fc.uniqueArray(
      text.filter((k) => !/^(0|[1-9]\d*)$/.test(k)),
      { maxLength: 8 },
    );
    fc.assert(
      fc.property(keys, fc.array(value, { minLength: 8, maxLength: 8 }), (names, values) => {
        const list = names.map((name, i) => [name, values[i]!] as const);
        const object = Object.fromEntries(list.map(([key, item]) => [key, item.value]));
        const expected = referencePostData(
          list.flatMap(([key, item]) => item.texts.map((t) => [key, t] as const)),
        );
        expect(encodePostData(object)).toBe(expected);
      }),
      { numRuns: RUNS },
    );
  }, 60_000);

  it("signRequest over encodePostData gives the reference Authent, on both backends", async () => {
    await fc.assert(
      fc.asyncProperty(entries, secret, endpointPath, nonce, async (list, apiSecret, path, n) => {
        const postData = encodePostData(list.map(([key, item]) => [key, item.value] as const));
        const expectedPostData = referencePostData(
          list.flatMap(([key, item]) => item.texts.map((t) => [key, t] as const)),
        );
        const expected = referenceAuthent(apiSecret, expectedPostData, n, path);
        const credentials = parseCredentials({ apiKey: "key", apiSecret });
        expect(await signRequest({ endpointPath: path, postData, nonce: n, secret: credentials })).toBe(
          expected,
        );
        expect(await signRequest({ endpointPath: path, postData, nonce: n, secret: apiSecret })).toBe(
          expected,
        );
        const webKey = await webBackend.importHmacKey(Buffer.from(apiSecret, "base64"));
        const signedPath = path.replace(/^\/derivatives/, "");
        expect(await webBackend.signDigest(webKey, postData + n + signedPath)).toBe(expected);
      }),
      { numRuns: RUNS },
    );
  }, 120_000);

  it("signSpotRequest over encodePostData gives the reference API-Sign, on both backends", async () => {
    // Spot nonces are unsigned 64-bit integers; the body carries the nonce first, as Kraken's examples do.
    const spotNonce = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map(String);
    const method = fc.stringMatching(/^[A-Z][A-Za-z]{0,24}$/);
    const withoutNonce = entries.map((list) => list.filter(([key]) => key !== "nonce"));
    await fc.assert(
      fc.asyncProperty(withoutNonce, secret, method, spotNonce, async (list, apiSecret, name, n) => {
        const uriPath = `/0/private/${name}`;
        const postData = encodePostData([
          ["nonce", n],
          ...list.map(([key, item]) => [key, item.value] as const),
        ]);
        const expectedPostData = referencePostData([
          ["nonce", n],
          ...list.flatMap(([key, item]) => item.texts.map((t) => [key, t] as const)),
        ]);
        expect(postData).toBe(expectedPostData);
        const expected = referenceSpotSign(apiSecret, uriPath, n, expectedPostData);
        const credentials = parseSpotCredentials({ apiKey: "key", apiSecret });
        expect(await signSpotRequest({ uriPath, nonce: n, postData, secret: credentials })).toBe(expected);
        expect(await signSpotRequest({ uriPath, nonce: n, postData, secret: apiSecret })).toBe(expected);
        const params = list.map(([key, item]) => [key, item.value] as const);
        const built = await spotSignedRequest({ credentials, uriPath, nonce: n, params });
        expect(built.body).toBe(expectedPostData);
        expect(built.headers["API-Sign"]).toBe(expected);
        const webKey = await webBackend.importHmacKey(Buffer.from(apiSecret, "base64"));
        expect(await webBackend.signDigest(webKey, n + postData, uriPath)).toBe(expected);
      }),
      { numRuns: RUNS },
    );
  }, 120_000);
});
