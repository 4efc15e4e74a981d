/**
 * Kraken Futures' signer: the one implementation of `APIKey` + `Authent` + `Nonce` over a request as
 * sent. The core's HTTP pipeline runs it in its sign stage (injected by the Trading and History
 * factories; core depends on no crypto), and `./middleware` adapts it to a `Request` for users of
 * openapi-fetch's own client.
 */
import type { SignedParts, SurfaceSigner } from "@kraken-futures/core/http";
import { backend } from "#crypto";
import { type Credentials, type CredentialsInput, parseCredentials, readyHmacKeyOf } from "./credentials.js";
import { SigningError } from "./errors.js";
import { nextNonce } from "./nonce.js";
import { signedMessage, signRequest } from "./sign.js";

/**
 * Kraken Futures' signer for the core's pipeline: `APIKey`, `Authent` and `Nonce` (lower-case header
 * names) over the query or the form body exactly as sent, with the nonce the pipeline drew.
 *
 * It answers at once (no promise) on Node once the key is prepared, which the first signature does:
 * the pipeline then signs in the call's own tick, as a hand-written client would. Elsewhere (WebCrypto)
 * and for the first signature it returns a promise.
 *
 * @throws {SigningError} when a request has both a query and a body: Kraken does not say how to sign that.
 */
export function futuresSigner(credentials: Credentials): SurfaceSigner {
  const apikey = credentials.apiKey;
  const headers = (authent: string, nonce: string): SignedParts => ({ headers: { apikey, authent, nonce } });
  return ({ method, pathname, query, body, nonce }) => {
    if (query !== "" && body !== "") {
      throw new SigningError(`${method} ${pathname}: send the arguments in the query or the body, not both`);
    }
    const input = { endpointPath: pathname, postData: query || body, nonce, secret: credentials };
    const key = readyHmacKeyOf(credentials);
    const now = backend.signDigestNow;
    if (key !== undefined && now !== undefined) return headers(now(key, signedMessage(input)), nonce);
    return signRequest(input).then((authent) => headers(authent, nonce));
  };
}

/** What a Futures surface's factory hands the core's `createHttpClient` as its signing. */
export interface FuturesSigning {
  readonly signer: SurfaceSigner;
  /** The key whose signed calls keep nonce order (the core's per-key turns). */
  readonly signerKey: string;
  /** {@link nextNonce}: one nonce source per process, shared by every client. */
  readonly nonce: () => string;
}

/**
 * The signing of a Futures surface's client made with `credentials` (parsed here: a malformed pair
 * throws `CredentialsError`), or `undefined` without credentials (public calls only).
 */
export function futuresSigning(
  credentials: Credentials | CredentialsInput | undefined,
): FuturesSigning | undefined {
  if (credentials === undefined) return undefined;
  const parsed = parseCredentials(credentials);
  return { signer: futuresSigner(parsed), signerKey: parsed.apiKey, nonce: nextNonce };
}
