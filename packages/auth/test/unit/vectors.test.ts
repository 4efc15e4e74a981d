import { describe, expect, it } from "vitest";
import { backend as nodeBackend } from "../../src/crypto-node.js";
import { backend as webBackend } from "../../src/crypto-web.js";
import { authHeaders, parseCredentials, signChallenge, signRequest } from "../../src/index.js";
import { referenceAuthent, referenceSign, SEED_KEY, VECTORS } from "../reference.js";

const { rest, challenge } = VECTORS;

describe("public vectors", () => {
  it("the reference implementation itself reproduces both vectors", () => {
    expect(referenceAuthent(rest.secret, rest.postData, rest.nonce, rest.endpointPath)).toBe(rest.authent);
    expect(referenceSign(challenge.secret, challenge.challenge)).toBe(challenge.signed);
  });

  it("signRequest gives the published Authent, with the secret as a string or as Credentials", async () => {
    const input = { endpointPath: rest.endpointPath, postData: rest.postData, nonce: rest.nonce };
    expect(await signRequest({ ...input, secret: rest.secret })).toBe(rest.authent);
    const credentials = parseCredentials({ apiKey: SEED_KEY, apiSecret: rest.secret });
    expect(await signRequest({ ...input, secret: credentials })).toBe(rest.authent);
    // The path without /derivatives is what Kraken signs, so both spellings give the same Authent.
    expect(await signRequest({ ...input, endpointPath: "/api/v3/sendorder", secret: credentials })).toBe(
      rest.authent,
    );
  });

  it("signChallenge gives the published signed_challenge", async () => {
    expect(await signChallenge(challenge.challenge, challenge.secret)).toBe(challenge.signed);
    const credentials = parseCredentials({ apiKey: SEED_KEY, apiSecret: challenge.secret });
    expect(await signChallenge(challenge.challenge, credentials)).toBe(challenge.signed);
  });

  it("authHeaders uses the given nonce and key", async () => {
    const credentials = parseCredentials({ apiKey: SEED_KEY, apiSecret: rest.secret });
    const headers = await authHeaders({
      credentials,
      endpointPath: rest.endpointPath,
      postData: rest.postData,
      nonce: rest.nonce,
    });
    expect(headers).toEqual({ APIKey: SEED_KEY, Authent: rest.authent, Nonce: rest.nonce });
  });

  for (const backend of [nodeBackend, webBackend]) {
    it(`the ${backend.name} backend reproduces both vectors`, async () => {
      const restKey = await backend.importHmacKey(Buffer.from(rest.secret, "base64"));
      expect(await backend.signDigest(restKey, `${rest.postData}${rest.nonce}/api/v3/sendorder`)).toBe(
        rest.authent,
      );
      const wsKey = await backend.importHmacKey(Buffer.from(challenge.secret, "base64"));
      expect(await backend.signDigest(wsKey, challenge.challenge)).toBe(challenge.signed);
    });
  }
});
