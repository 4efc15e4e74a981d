// A Spot key is its own credential: a Futures key never signs a Spot call (and the other way round),
// the refusal is typed, and SpotCredentials hide their secret like Credentials do.
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import {
  authHeaders,
  Credentials,
  CredentialsError,
  CredentialsKindError,
  KrakenFuturesError,
  parseCredentials,
  parseSpotCredentials,
  SigningError,
  SpotCredentials,
  signChallenge,
  signRequest,
  signSpotRequest,
  spotAuthHeaders,
  spotSignedRequest,
} from "../../src/index.js";
import { createSigningMiddleware } from "../../src/middleware.js";
import { SPOT_VECTORS } from "../reference.js";

const { published, token } = SPOT_VECTORS;
const KEY = "spotKeyAbCdEfGh0123";
const futures = parseCredentials({ apiKey: KEY, apiSecret: published.secret });
const spot = parseSpotCredentials({ apiKey: KEY, apiSecret: published.secret });

async function kindRefusal(call: () => unknown): Promise<CredentialsKindError> {
  try {
    await call();
  } catch (error) {
    expect(error).toBeInstanceOf(CredentialsKindError);
    expect(error).toBeInstanceOf(CredentialsError);
    expect(error).toBeInstanceOf(KrakenFuturesError);
    expect((error as Error).name).toBe("CredentialsKindError");
    expect((error as Error).message).not.toContain(KEY);
    expect((error as Error).message).not.toContain(published.secret);
    return error as CredentialsKindError;
  }
  throw new Error("the key of the wrong kind was accepted");
}

describe("a Futures key cannot sign Spot calls", () => {
  const tokenCall = { uriPath: token.uriPath, nonce: token.nonce, postData: token.postData };

  it.each([
    ["signSpotRequest", () => signSpotRequest({ ...tokenCall, secret: futures as never })],
    ["spotAuthHeaders", () => spotAuthHeaders({ ...tokenCall, credentials: futures as never })],
    ["spotSignedRequest", () => spotSignedRequest({ uriPath: token.uriPath, credentials: futures as never })],
    ["parseSpotCredentials", () => parseSpotCredentials(futures as never)],
  ])("%s refuses it with CredentialsKindError", async (_, call) => {
    const error = await kindRefusal(call);
    expect(error).toMatchObject({ expected: "spot", received: "futures" });
    expect(error.message).toMatch(
      /Kraken Futures key cannot sign a Kraken Spot request.*parseSpotCredentials/,
    );
  });

  it("and a Spot key cannot sign Futures calls", async () => {
    const path = "/derivatives/api/v3/sendorder";
    for (const call of [
      () => signRequest({ endpointPath: path, postData: "", secret: spot as never }),
      () => authHeaders({ credentials: spot as never, endpointPath: path, postData: "" }),
      () => signChallenge("c100b894-1729-464d-ace1-52dbce11db42", spot as never),
      () => parseCredentials(spot as never),
      () => createSigningMiddleware({ credentials: spot as never }),
    ]) {
      expect(await kindRefusal(call)).toMatchObject({ expected: "futures", received: "spot" });
    }
  });

  it("refuses a plain { apiKey, apiSecret } in the Spot header helpers: the kind must be declared", async () => {
    const plain = { apiKey: KEY, apiSecret: published.secret };
    await expect(spotAuthHeaders({ ...tokenCall, credentials: plain as never })).rejects.toThrow(
      /SpotCredentials: parse the key pair with parseSpotCredentials/,
    );
    await expect(spotAuthHeaders({ ...tokenCall, credentials: plain as never })).rejects.not.toBeInstanceOf(
      CredentialsKindError,
    );
  });

  it("(control) the same key material parsed as a Spot key signs", async () => {
    expect(await signSpotRequest({ ...tokenCall, secret: spot })).toBe(token.sign);
    expect(spot.kind).toBe("spot");
    expect(futures.kind).toBe("futures");
    expect(spot).not.toBeInstanceOf(Credentials);
    expect(futures).not.toBeInstanceOf(SpotCredentials);
  });
});

describe("parseSpotCredentials", () => {
  it("applies the same validation as parseCredentials, naming Kraken Spot, without quoting the secret", () => {
    const short = Buffer.alloc(16, 1).toString("base64");
    expect(() => parseSpotCredentials({ apiKey: KEY, apiSecret: short })).toThrow(
      /decodes to 16 bytes; Kraken Spot secrets decode to 64/,
    );
    expect(() =>
      parseSpotCredentials({ apiKey: KEY, apiSecret: `${published.secret.slice(0, -4)}ab$d` }),
    ).toThrow(/not strict base64/);
    expect(() => parseSpotCredentials({ apiKey: "a b", apiSecret: published.secret })).toThrow(/apiKey/);
    expect(parseSpotCredentials(spot)).toBe(spot);
  });
});

describe("SpotCredentials never reveal the secret", () => {
  const hex = Buffer.from(published.secret, "base64").toString("hex");
  const views: Array<[string, () => string]> = [
    ["JSON.stringify", () => JSON.stringify({ spot })],
    ["util.inspect", () => inspect(spot, { showHidden: true, depth: 10, getters: true })],
    ["String()", () => String(spot)],
    ["Object.entries", () => JSON.stringify(Object.entries(spot))],
    ["structuredClone", () => inspect(structuredClone(spot), { showHidden: true })],
  ];

  it.each(views)("through %s", (_, view) => {
    const shown = view();
    expect(shown).not.toContain(published.secret);
    expect(shown).not.toContain(hex);
    expect(shown).not.toContain(KEY);
  });

  it("shows the key masked, under its own name", () => {
    expect(JSON.stringify(spot)).toBe('{"apiKey":"sp…23"}');
    expect(inspect(spot)).toBe("SpotCredentials { apiKey: 'sp…23' }");
    expect(String(spot)).toBe("SpotCredentials(sp…23)");
  });
});

describe("signSpotRequest refuses what Kraken would refuse, before signing", () => {
  const ok = { uriPath: token.uriPath, nonce: token.nonce, postData: token.postData, secret: spot };

  it.each([
    ["a public path", { uriPath: "/0/public/Time" }, /starts with "\/0\/private\/"/],
    ["a full URL", { uriPath: "https://api.kraken.com/0/private/Ledgers" }, /starts with/],
    ["a query", { uriPath: "/0/private/Ledgers?asset=XBT" }, /query or fragment/],
    ["no method", { uriPath: "/0/private/" }, /followed by a method name/],
    ["a negative nonce", { nonce: "-1", postData: "nonce=-1" }, /unsigned 64-bit/],
    [
      "a nonce above 2^64-1",
      { nonce: "18446744073709551616", postData: "nonce=18446744073709551616" },
      /64-bit/,
    ],
    ["a nonce that is a number", { nonce: 1616492376594 as never }, /unsigned 64-bit/],
    ["a body without the nonce", { postData: "asset=XBT" }, /carries no nonce/],
    ["a body with another nonce", { postData: "nonce=1616492376595" }, /exactly once/],
    [
      "a body with the nonce twice",
      { postData: `nonce=${token.nonce}&nonce=${token.nonce}` },
      /exactly once/,
    ],
    ["a JSON body with another nonce", { postData: '{"nonce":"1"}' }, /exactly once/],
    ["a body that is not a string", { postData: { nonce: token.nonce } as never }, /body sent on the wire/],
  ])("%s", async (_, change, message) => {
    await expect(signSpotRequest({ ...ok, ...change })).rejects.toThrow(SigningError);
    await expect(signSpotRequest({ ...ok, ...change })).rejects.toThrow(message);
  });

  it("accepts the highest nonce and a JSON body that carries the nonce", async () => {
    const max = "18446744073709551615";
    const sign = await signSpotRequest({ ...ok, nonce: max, postData: `nonce=${max}` });
    expect(sign).toMatch(/^[A-Za-z0-9+/]{86}==$/);
    const json = `{"nonce":${token.nonce}}`;
    expect(await signSpotRequest({ ...ok, postData: json })).not.toBe(token.sign);
  });

  it("spotSignedRequest refuses a nonce in params, since it writes the nonce itself", async () => {
    await expect(
      spotSignedRequest({ credentials: spot, uriPath: token.uriPath, params: { nonce: "1" } }),
    ).rejects.toThrow(/params must not hold a nonce: it is drawn and written by the signer/);
  });

  it("spotSignedRequest draws strictly increasing nonces from the shared source by default", async () => {
    const first = await spotSignedRequest({ credentials: spot, uriPath: token.uriPath });
    const second = await spotSignedRequest({ credentials: spot, uriPath: token.uriPath });
    expect(BigInt(second.nonce)).toBeGreaterThan(BigInt(first.nonce));
    expect(first.body).toBe(`nonce=${first.nonce}`);
  });
});
