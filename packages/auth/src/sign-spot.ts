import { backend } from "#crypto";
import { Credentials, hmacKeyOf, SpotCredentials, wrongKind } from "./credentials.js";
import { encodePostData, type PostDataInput } from "./encode.js";
import { CredentialsError, SigningError } from "./errors.js";
import { nextNonce } from "./nonce.js";

/** Every signed Spot REST path starts here; public `/0/public/…` calls are never signed. */
const PRIVATE_PREFIX = "/0/private/";
const MAX_UINT64 = 2n ** 64n - 1n;
const FORM = "application/x-www-form-urlencoded";

/**
 * Checks the URI path Kraken Spot signs: the part of the URL starting with `/0/private/`, such as
 * `/0/private/GetWebSocketsToken`, and returns it unchanged.
 *
 * @throws {SigningError} if the path does not start with `/0/private/` followed by a method name, or
 * carries a query or fragment.
 */
export function spotPathForSigning(uriPath: string): string {
  if (typeof uriPath !== "string" || !uriPath.startsWith(PRIVATE_PREFIX)) {
    throw new SigningError(
      `a Spot uriPath starts with "${PRIVATE_PREFIX}", such as "/0/private/GetWebSocketsToken" (host and query excluded)`,
    );
  }
  if (/[?#]/.test(uriPath)) {
    throw new SigningError(
      `uriPath "${uriPath.split(/[?#]/)[0]}" carries a query or fragment; Spot arguments go in the body`,
    );
  }
  if (!/^\/0\/private\/[A-Za-z][A-Za-z0-9]*$/.test(uriPath)) {
    throw new SigningError(
      `uriPath must be "${PRIVATE_PREFIX}" followed by a method name, such as "Ledgers"`,
    );
  }
  return uriPath;
}

/** A Spot nonce: an unsigned 64-bit integer written in decimal ("always increasing, unsigned 64-bit"). */
function checkNonce(nonce: unknown): string {
  if (typeof nonce !== "string" || !/^(0|[1-9][0-9]{0,19})$/.test(nonce) || BigInt(nonce) > MAX_UINT64) {
    throw new SigningError(
      "a Spot nonce is an unsigned 64-bit integer in decimal digits, such as nextNonce()",
    );
  }
  return nonce;
}

/**
 * The nonce(s) a body carries: the `nonce` fields of a form body, or of a JSON object. Kraken reads the
 * nonce from the body and checks the signature with it, so a body whose nonce differs from the signed
 * one is refused by the exchange; catching it here gives a clear error instead of `EAPI:Invalid key`.
 */
function noncesInBody(postData: string): string[] {
  if (postData.trimStart().startsWith("{")) {
    return [...postData.matchAll(/"nonce"\s*:\s*("?)([0-9]+)\1/g)].map((m) => m[2] as string);
  }
  return postData
    .split("&")
    .filter((pair) => pair.startsWith("nonce="))
    .map((pair) => pair.slice("nonce=".length));
}

/** Input of {@link signSpotRequest}. */
export interface SignSpotRequestInput {
  /** The URI path from `/0/private/` on, such as `/0/private/GetWebSocketsToken`. */
  readonly uriPath: string;
  /** The nonce, exactly as written in the body's `nonce` field. */
  readonly nonce: string;
  /**
   * The exact body that goes on the wire, usually from {@link encodePostData} (form-encoded, as
   * Kraken's docs send it) or a JSON text; it must carry `nonce` with the same value.
   */
  readonly postData: string;
  /** The secret: {@link SpotCredentials} (decoded once) or the base64 secret (decoded on each call). */
  readonly secret: SpotCredentials | string;
}

/**
 * Computes the `API-Sign` header of a private Kraken Spot REST request:
 * `base64(HMAC-SHA-512(key = base64decode(secret), UTF-8(uriPath) ‖ SHA-256(UTF-8(nonce + postData))))`,
 * the SHA-256 digest taken as raw bytes. Sign the body exactly as it is sent.
 *
 * @see https://docs.kraken.com/exchange/guides/rest/authentication
 * @throws {SigningError} for a path outside `/0/private/`, a nonce that is not an unsigned 64-bit
 * integer, a postData that is not a string or does not carry that nonce exactly once.
 * @throws {CredentialsKindError} if `secret` is a Futures {@link Credentials}.
 * @throws {CredentialsError} if `secret` is a string that is not a plausible Kraken secret.
 */
export async function signSpotRequest(input: SignSpotRequestInput): Promise<string> {
  const path = spotPathForSigning(input.uriPath);
  const nonce = checkNonce(input.nonce);
  const { postData } = input;
  if (typeof postData !== "string") {
    throw new SigningError("postData must be the body sent on the wire; build it with encodePostData");
  }
  const found = noncesInBody(postData);
  if (found.length !== 1 || found[0] !== nonce) {
    throw new SigningError(
      found.length === 0
        ? `${path}: the body carries no nonce; Kraken Spot reads it from the body (nonce=${nonce})`
        : `${path}: the body must carry the signed nonce exactly once, found ${found.length} differing or repeated`,
    );
  }
  const key = await hmacKeyOf(input.secret, "spot");
  return backend.signDigest(key, nonce + postData, path);
}

/**
 * The headers of a private Kraken Spot REST request. A type alias, not an interface, so that it is
 * assignable to `HeadersInit` (`fetch(url, { headers })`).
 */
export type SpotAuthHeaders = {
  /** The public API key. */
  "API-Key": string;
  /** The signature, see {@link signSpotRequest}. */
  "API-Sign": string;
};

/** Input of {@link spotAuthHeaders}. */
export interface SpotAuthHeadersInput {
  /** A Spot key pair parsed with {@link parseSpotCredentials}; a Futures key is refused. */
  readonly credentials: SpotCredentials;
  /** The URI path from `/0/private/` on. */
  readonly uriPath: string;
  /** The exact body, carrying `nonce`. */
  readonly postData: string;
  /** The nonce written in the body. */
  readonly nonce: string;
}

/** Refuses anything but SpotCredentials, with the typed error when it is a Futures key. */
function spotCredentialsOf(credentials: unknown): SpotCredentials {
  if (credentials instanceof SpotCredentials) return credentials;
  if (credentials instanceof Credentials) throw wrongKind("spot", "futures");
  throw new CredentialsError("Spot calls take SpotCredentials: parse the key pair with parseSpotCredentials");
}

/**
 * Builds the `API-Key` and `API-Sign` headers of a private Spot request whose body is already encoded
 * (with its nonce). Use {@link spotSignedRequest} to have the body and nonce built too.
 *
 * @throws {CredentialsKindError} if `credentials` is a Futures {@link Credentials}.
 * @throws {SigningError} see {@link signSpotRequest}.
 */
export async function spotAuthHeaders(input: SpotAuthHeadersInput): Promise<SpotAuthHeaders> {
  const credentials = spotCredentialsOf(input.credentials);
  const sign = await signSpotRequest({
    uriPath: input.uriPath,
    nonce: input.nonce,
    postData: input.postData,
    secret: credentials,
  });
  return { "API-Key": credentials.apiKey, "API-Sign": sign };
}

/**
 * The form body of a Spot call: `nonce=<nonce>` first, then the arguments in their order, written by
 * the shared {@link encodePostData}. `params` must not hold a nonce: the caller draws it.
 *
 * @example spotFormBody({ asset: "XXBT" }, "1616492376594") // "nonce=1616492376594&asset=XXBT"
 * @throws {SigningError} if `params` holds a `nonce` or the nonce is not an unsigned 64-bit integer.
 * @throws {PostDataError} for arguments the encoder refuses (`null`, `NaN`, …).
 */
export function spotFormBody(params: PostDataInput | undefined, nonce: string): string {
  checkNonce(nonce);
  const rest = params === undefined ? "" : encodePostData(params);
  if (rest.split("&").some((pair) => pair === "nonce" || pair.startsWith("nonce="))) {
    throw new SigningError("params must not hold a nonce: it is drawn and written by the signer");
  }
  return rest === "" ? `nonce=${nonce}` : `nonce=${nonce}&${rest}`;
}

/** Input of {@link spotSignedRequest}. */
export interface SpotSignedRequestInput {
  /** A Spot key pair parsed with {@link parseSpotCredentials}; a Futures key is refused. */
  readonly credentials: SpotCredentials;
  /** The URI path from `/0/private/` on, such as `/0/private/Ledgers`. */
  readonly uriPath: string;
  /** The call's arguments other than `nonce`, encoded by {@link encodePostData}; default none. */
  readonly params?: PostDataInput;
  /** The nonce; default: the next nonce of the process-wide source, {@link nextNonce}. */
  readonly nonce?: string;
}

/** A signed Spot request, ready for `fetch(url, { method: "POST", headers, body })`. */
export interface SpotSignedRequest {
  /** The form body: `nonce=…` first, then the arguments in their order. */
  readonly body: string;
  /** `API-Key`, `API-Sign` and the form `Content-Type`. */
  readonly headers: SpotAuthHeaders & { "Content-Type": string };
  /** The nonce that was signed. */
  readonly nonce: string;
}

/**
 * Builds and signs the form body of a private Spot REST call: `nonce=<nonce>&<params>`, encoded by the
 * same {@link encodePostData} as Futures requests, with the nonce from the shared source
 * ({@link nextNonce}) unless one is given.
 *
 * @example
 * const { body, headers } = await spotSignedRequest({ credentials, uriPath: "/0/private/GetWebSocketsToken" });
 * await fetch("https://api.kraken.com/0/private/GetWebSocketsToken", { method: "POST", headers, body });
 * @throws {SigningError} if `params` holds a `nonce` (it is drawn here), or see {@link signSpotRequest}.
 * @throws {CredentialsKindError} if `credentials` is a Futures {@link Credentials}.
 */
export async function spotSignedRequest(input: SpotSignedRequestInput): Promise<SpotSignedRequest> {
  const credentials = spotCredentialsOf(input.credentials);
  const nonce = checkNonce(input.nonce ?? nextNonce());
  const body = spotFormBody(input.params, nonce);
  const headers = await spotAuthHeaders({ credentials, uriPath: input.uriPath, postData: body, nonce });
  return { body, headers: { ...headers, "Content-Type": FORM }, nonce };
}
