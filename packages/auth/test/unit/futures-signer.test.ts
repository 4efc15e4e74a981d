/**
 * `futuresSigner`, the signer the pipelines run: the same Authent as `signRequest` whether it answers
 * with a promise (the first signature, which prepares the key; WebCrypto always) or at once (Node,
 * once the key is prepared), and a query-and-body request refused either way.
 */
import { describe, expect, it } from "vitest";
import {
  cryptoBackend,
  futuresSigner,
  parseCredentials,
  SigningError,
  signRequest,
} from "../../src/index.js";
import { VECTORS } from "../reference.js";

const request = {
  method: "POST",
  pathname: "/derivatives/api/v3/sendorder",
  query: "orderType=lmt&symbol=PI_XBTUSD&side=buy&size=1&limitPrice=50000",
  body: "",
  args: undefined,
  nonce: "1700000000000000",
};

describe("futuresSigner", () => {
  it("gives signRequest's Authent, first with a promise, then at once on Node", async () => {
    const credentials = parseCredentials({ apiKey: "key", apiSecret: VECTORS.rest.secret });
    const signer = futuresSigner(credentials);
    const expected = await signRequest({
      endpointPath: request.pathname,
      postData: request.query,
      nonce: request.nonce,
      secret: credentials,
    });
    const second = signer(request);
    if (cryptoBackend === "node") {
      // The key was prepared by signRequest above: no promise, the pipeline signs in the call's tick.
      expect(second).not.toBeInstanceOf(Promise);
    }
    expect(await second).toEqual({ headers: { apikey: "key", authent: expected, nonce: request.nonce } });
  });

  it("a fresh key answers with a promise of the same parts", async () => {
    const credentials = parseCredentials({ apiKey: "key", apiSecret: VECTORS.rest.secret });
    const first = futuresSigner(credentials)(request);
    expect(first).toBeInstanceOf(Promise);
    const parts = await first;
    const again = await futuresSigner(credentials)(request);
    expect(again).toEqual(parts);
  });

  it("refuses a request with both a query and a body before signing", () => {
    const signer = futuresSigner(parseCredentials({ apiKey: "key", apiSecret: VECTORS.rest.secret }));
    expect(() => signer({ ...request, body: "a=1" })).toThrow(SigningError);
  });
});
