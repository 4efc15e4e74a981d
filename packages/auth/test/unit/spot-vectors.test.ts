// Kraken Spot's API-Sign against the vector Kraken publishes, on every path that computes it.
import { describe, expect, it } from "vitest";
import { backend as nodeBackend } from "../../src/crypto-node.js";
import { backend as webBackend } from "../../src/crypto-web.js";
import {
  encodePostData,
  parseSpotCredentials,
  signSpotRequest,
  spotAuthHeaders,
  spotSignedRequest,
} from "../../src/index.js";
import { referenceSpotSign, SPOT_VECTORS } from "../reference.js";

const { published, token } = SPOT_VECTORS;
const API_KEY = "spot-public-key-for-tests";

describe("Kraken's published Spot vector", () => {
  it("the reference implementation itself reproduces both vectors", () => {
    for (const v of [published, token]) {
      expect(referenceSpotSign(v.secret, v.uriPath, v.nonce, v.postData)).toBe(v.sign);
    }
  });

  it("signSpotRequest gives 4/dpxb3iT…, with the secret as a string or as SpotCredentials", async () => {
    const input = { uriPath: published.uriPath, nonce: published.nonce, postData: published.postData };
    expect(await signSpotRequest({ ...input, secret: published.secret })).toBe(published.sign);
    const credentials = parseSpotCredentials({ apiKey: API_KEY, apiSecret: published.secret });
    expect(await signSpotRequest({ ...input, secret: credentials })).toBe(published.sign);
    expect(published.sign.startsWith("4/dpxb3iT")).toBe(true);
  });

  it("the shared encoder writes the published body from the order's arguments", () => {
    const body = encodePostData({
      nonce: published.nonce,
      ordertype: "limit",
      pair: "XBTUSD",
      price: 37500,
      type: "buy",
      volume: 1.25,
    });
    expect(body).toBe(published.postData);
  });

  it("spotSignedRequest builds and signs the published order and the token request", async () => {
    const credentials = parseSpotCredentials({ apiKey: API_KEY, apiSecret: published.secret });
    const order = await spotSignedRequest({
      credentials,
      uriPath: published.uriPath,
      nonce: published.nonce,
      params: { ordertype: "limit", pair: "XBTUSD", price: 37500, type: "buy", volume: 1.25 },
    });
    expect(order).toEqual({
      body: published.postData,
      nonce: published.nonce,
      headers: {
        "API-Key": API_KEY,
        "API-Sign": published.sign,
        "Content-Type": "application/x-www-form-urlencoded",
      },
    });
    const tokenRequest = await spotSignedRequest({ credentials, uriPath: token.uriPath, nonce: token.nonce });
    expect(tokenRequest.body).toBe(token.postData);
    expect(tokenRequest.headers["API-Sign"]).toBe(token.sign);
  });

  it("spotAuthHeaders signs an encoded body", async () => {
    const credentials = parseSpotCredentials({ apiKey: API_KEY, apiSecret: token.secret });
    expect(
      await spotAuthHeaders({
        credentials,
        uriPath: token.uriPath,
        postData: token.postData,
        nonce: token.nonce,
      }),
    ).toEqual({ "API-Key": API_KEY, "API-Sign": token.sign });
  });

  for (const backend of [nodeBackend, webBackend]) {
    it(`the ${backend.name} backend reproduces both vectors`, async () => {
      for (const v of [published, token]) {
        const key = await backend.importHmacKey(Buffer.from(v.secret, "base64"));
        expect(await backend.signDigest(key, v.nonce + v.postData, v.uriPath)).toBe(v.sign);
      }
    });
  }
});
