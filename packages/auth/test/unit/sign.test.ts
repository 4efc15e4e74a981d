import { describe, expect, it } from "vitest";
import {
  authHeaders,
  CredentialsError,
  cryptoBackend,
  endpointPathForSigning,
  KrakenFuturesError,
  nextNonce,
  PostDataError,
  parseCredentials,
  SigningError,
  signChallenge,
  signRequest,
} from "../../src/index.js";
import { referenceAuthent, SEED_KEY, SEED_SECRET, VECTORS } from "../reference.js";

const { secret } = VECTORS.rest;

describe("endpointPathForSigning", () => {
  it.each([
    ["/derivatives/api/v3/sendorder", "/api/v3/sendorder"],
    ["/api/v3/sendorder", "/api/v3/sendorder"],
    ["/api/history/v2/orders", "/api/history/v2/orders"],
    ["/derivatives", ""],
    ["/derivativesx/api", "/derivativesx/api"],
    ["/api/derivatives/x", "/api/derivatives/x"],
  ])("%s is signed as %s", (path, signed) => {
    expect(endpointPathForSigning(path)).toBe(signed);
  });

  it.each(["api/v3/x", "https://futures.kraken.com/derivatives/api/v3/x", "/api/v3/x?a=1", "/x#y", ""])(
    "refuses %s",
    (path) => {
      expect(() => endpointPathForSigning(path)).toThrow(SigningError);
    },
  );
});

describe("signRequest", () => {
  it("signs an empty nonce and empty postData as Kraken computes them", async () => {
    const path = "/derivatives/api/v3/openpositions";
    expect(await signRequest({ endpointPath: path, postData: "", secret })).toBe(
      referenceAuthent(secret, "", "", path),
    );
  });

  it("changes when any byte of postData, nonce or path changes", async () => {
    const base = { endpointPath: "/api/v3/sendorder", postData: "a=1", nonce: "1", secret };
    const signature = await signRequest(base);
    expect(await signRequest({ ...base, postData: "a=2" })).not.toBe(signature);
    expect(await signRequest({ ...base, nonce: "2" })).not.toBe(signature);
    expect(await signRequest({ ...base, endpointPath: "/api/v3/sendorders" })).not.toBe(signature);
    // The encoded and decoded forms of postData are different messages (the 2024 change).
    expect(await signRequest({ ...base, postData: "greeting=hello%20world" })).not.toBe(
      await signRequest({ ...base, postData: "greeting=hello world" }),
    );
  });

  it("refuses an object as postData, pointing at encodePostData", async () => {
    await expect(signRequest({ endpointPath: "/x", postData: { a: 1 } as never, secret })).rejects.toThrow(
      /encodePostData/,
    );
    await expect(
      signRequest({ endpointPath: "/x", postData: "", nonce: 1 as never, secret }),
    ).rejects.toThrow(SigningError);
  });

  it("refuses a malformed secret string with a CredentialsError that does not quote it", async () => {
    const failure = signRequest({ endpointPath: "/x", postData: "", secret: SEED_SECRET });
    await expect(failure).rejects.toThrow(CredentialsError);
    await expect(failure).rejects.not.toThrow(SEED_SECRET);
    await expect(signChallenge("c", SEED_SECRET)).rejects.toThrow(CredentialsError);
    await expect(signChallenge("c", 42 as never)).rejects.toThrow(CredentialsError);
    await expect(signChallenge("", secret)).rejects.toThrow(SigningError);
  });

  it("runs on node:crypto under Node (tests import the source; see the integration tests for dist)", () => {
    expect(cryptoBackend).toBe("node");
  });
});

describe("authHeaders", () => {
  it("draws a fresh nonce from the shared source when none is given", async () => {
    const before = BigInt(nextNonce());
    const credentials = { apiKey: SEED_KEY, apiSecret: secret };
    const a = await authHeaders({ credentials, endpointPath: "/derivatives/api/v3/accounts", postData: "" });
    const b = await authHeaders({ credentials, endpointPath: "/derivatives/api/v3/accounts", postData: "" });
    expect(BigInt(a.Nonce)).toBeGreaterThan(before);
    expect(BigInt(b.Nonce)).toBeGreaterThan(BigInt(a.Nonce));
    expect(a.APIKey).toBe(SEED_KEY);
    expect(a.Authent).toBe(referenceAuthent(secret, "", a.Nonce, "/api/v3/accounts"));
    expect(Object.keys(a)).toEqual(["APIKey", "Authent", "Nonce"]);
  });

  it("refuses bad credentials before signing", async () => {
    await expect(
      authHeaders({ credentials: { apiKey: "", apiSecret: secret }, endpointPath: "/x", postData: "" }),
    ).rejects.toThrow(CredentialsError);
    expect(parseCredentials({ apiKey: SEED_KEY, apiSecret: secret }).apiKey).toBe(SEED_KEY);
  });
});

describe("errors", () => {
  it("share one base class, carry the subclass name and keep the cause", () => {
    const cause = new Error("inner");
    for (const [Type, name] of [
      [KrakenFuturesError, "KrakenFuturesError"],
      [CredentialsError, "CredentialsError"],
      [PostDataError, "PostDataError"],
      [SigningError, "SigningError"],
    ] as const) {
      const error = new Type("message", { cause });
      expect(error).toBeInstanceOf(KrakenFuturesError);
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe(name);
      expect(error.cause).toBe(cause);
      expect(String(error)).toBe(`${name}: message`);
      expect(Object.keys(error)).not.toContain("name");
    }
    class SubError extends KrakenFuturesError {}
    expect(new SubError("x").name).toBe("SubError");
    expect(new KrakenFuturesError("x").cause).toBeUndefined();
  });
});
