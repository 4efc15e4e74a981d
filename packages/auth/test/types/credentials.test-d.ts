// A Spot key and a Futures key are different types: each signer refuses the other's at compile time.
import { describe, expectTypeOf, it } from "vitest";
import {
  authHeaders,
  type Credentials,
  parseCredentials,
  parseSpotCredentials,
  type SpotCredentials,
  signChallenge,
  signRequest,
  signSpotRequest,
  spotAuthHeaders,
  spotSignedRequest,
} from "../../src/index.js";

const input = { apiKey: "key", apiSecret: "c2VjcmV0" };
const futures = parseCredentials(input);
const spot = parseSpotCredentials(input);
const call = { uriPath: "/0/private/GetWebSocketsToken", nonce: "1", postData: "nonce=1" };

describe("credential kinds", () => {
  it("are distinct types", () => {
    expectTypeOf(futures).toEqualTypeOf<Credentials>();
    expectTypeOf(spot).toEqualTypeOf<SpotCredentials>();
    expectTypeOf(spot.kind).toEqualTypeOf<"spot">();
    expectTypeOf(futures.kind).toEqualTypeOf<"futures">();
    expectTypeOf<Credentials>().not.toMatchTypeOf<SpotCredentials>();
    expectTypeOf<SpotCredentials>().not.toMatchTypeOf<Credentials>();
  });

  it("Spot signers take Spot credentials only", () => {
    signSpotRequest({ ...call, secret: spot });
    spotAuthHeaders({ ...call, credentials: spot });
    spotSignedRequest({ uriPath: call.uriPath, credentials: spot });
    // @ts-expect-error: a Futures key cannot sign a Spot call
    signSpotRequest({ ...call, secret: futures });
    // @ts-expect-error: a Futures key cannot sign a Spot call
    spotAuthHeaders({ ...call, credentials: futures });
    // @ts-expect-error: a Futures key cannot sign a Spot call
    spotSignedRequest({ uriPath: call.uriPath, credentials: futures });
    // @ts-expect-error: an undeclared key pair is not a Spot key
    spotSignedRequest({ uriPath: call.uriPath, credentials: input });
    // @ts-expect-error: a Futures key cannot be re-parsed as a Spot key
    parseSpotCredentials(futures);
  });

  it("Futures signers take Futures credentials only", () => {
    const path = { endpointPath: "/derivatives/api/v3/sendorder", postData: "" };
    signRequest({ ...path, secret: futures });
    authHeaders({ ...path, credentials: futures });
    // @ts-expect-error: a Spot key cannot sign a Futures call
    signRequest({ ...path, secret: spot });
    // @ts-expect-error: a Spot key cannot sign a Futures call
    authHeaders({ ...path, credentials: spot });
    // @ts-expect-error: a Spot key cannot sign a challenge
    signChallenge("challenge", spot);
    // @ts-expect-error: a Spot key cannot be re-parsed as a Futures key
    parseCredentials(spot);
  });
});
