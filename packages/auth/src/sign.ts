import { backend } from "#crypto";
import { type Credentials, type CredentialsInput, hmacKeyOf, parseCredentials } from "./credentials.js";
import { SigningError } from "./errors.js";
import { nextNonce } from "./nonce.js";

/**
 * The path Kraken signs: the endpoint path with a leading `/derivatives` removed, as its docs require
 * ("If an endpointPath starts with /derivatives it should not be included"). Other paths are kept as
 * they are: history endpoints sign `/api/history/v2/orders`, not `/v2/orders`.
 *
 * @example endpointPathForSigning("/derivatives/api/v3/sendorder") // "/api/v3/sendorder"
 * @throws {SigningError} if the path does not start with `/` or carries a query or fragment.
 */
export function endpointPathForSigning(endpointPath: string): string {
  if (typeof endpointPath !== "string" || !endpointPath.startsWith("/")) {
    throw new SigningError(
      `endpointPath must be a path starting with "/", such as "/derivatives/api/v3/sendorder"`,
    );
  }
  if (/[?#]/.test(endpointPath)) {
    throw new SigningError(
      `endpointPath "${endpointPath.split(/[?#]/)[0]}" carries a query or fragment; pass the query as postData`,
    );
  }
  if (endpointPath === "/derivatives" || endpointPath.startsWith("/derivatives/")) {
    return endpointPath.slice("/derivatives".length);
  }
  return endpointPath;
}

/** Input of {@link signRequest}. */
export interface SignRequestInput {
  /** The URL path of the endpoint, with or without the leading `/derivatives`. */
  readonly endpointPath: string;
  /**
   * The exact encoded string that goes on the wire (query string without `?`, or form body), usually
   * from {@link encodePostData}. `""` when the request has no arguments.
   */
  readonly postData: string;
  /** The nonce sent in the `Nonce` header; `""` (the default) when none is sent. */
  readonly nonce?: string;
  /** The secret: a {@link Credentials} (decoded once) or the base64 secret (decoded on each call). */
  readonly secret: Credentials | string;
}

/**
 * Computes the `Authent` header of a private Kraken Futures REST request:
 * `base64(HMAC-SHA-512(key = base64decode(secret), SHA-256(postData + nonce + endpointPath)))`, the
 * SHA-256 digest taken as raw bytes, and `endpointPath` with a leading `/derivatives` removed.
 *
 * Kraken hashes postData exactly as it appears on the wire, url-encoded (the decoded form stopped
 * being accepted on 1 October 2025), so pass the string you send, not the decoded arguments.
 *
 * @see https://docs.kraken.com/exchange/guides/futures/rest (Authentication)
 * @throws {SigningError} for a malformed endpointPath or a postData that is not a string.
 * @throws {CredentialsError} if `secret` is a string that is not a plausible Kraken secret.
 * @throws {CredentialsKindError} if `secret` is a {@link SpotCredentials}.
 */
export async function signRequest(input: SignRequestInput): Promise<string> {
  const message = signedMessage(input);
  const key = await hmacKeyOf(input.secret);
  return backend.signDigest(key, message);
}

/**
 * What Authent signs: postData + nonce + the endpoint path without `/derivatives`, checked. Not
 * exported from the package: `futuresSigner` signs it without a promise where the backend can.
 *
 * @throws {SigningError} for the same inputs as {@link signRequest}.
 */
export function signedMessage(input: SignRequestInput): string {
  const { postData, nonce = "" } = input;
  if (typeof postData !== "string") {
    throw new SigningError(
      "postData must be the encoded string sent on the wire; build it with encodePostData",
    );
  }
  if (typeof nonce !== "string") throw new SigningError("nonce must be a string of digits, or empty");
  return postData + nonce + endpointPathForSigning(input.endpointPath);
}

/**
 * Computes the `signed_challenge` of a private WebSocket v1 subscription:
 * `base64(HMAC-SHA-512(key = base64decode(secret), SHA-256(challenge)))`. Sign the challenge of the
 * current connection: a challenge from a previous connection is refused after a reconnect.
 *
 * @see https://docs.kraken.com/api/docs/guides/futures-websockets (Sign challenge)
 * @throws {CredentialsError} if `secret` is a string that is not a plausible Kraken secret.
 */
export async function signChallenge(challenge: string, secret: Credentials | string): Promise<string> {
  if (typeof challenge !== "string" || challenge.length === 0) {
    throw new SigningError("challenge must be the non-empty string sent by the server");
  }
  const key = await hmacKeyOf(secret);
  return backend.signDigest(key, challenge);
}

/** Input of {@link authHeaders}. */
export interface AuthHeadersInput {
  /** The key pair, preferably parsed once with {@link parseCredentials}. */
  readonly credentials: Credentials | CredentialsInput;
  /** The URL path of the endpoint, with or without the leading `/derivatives`. */
  readonly endpointPath: string;
  /** The exact encoded query string or form body; `""` when there are no arguments. */
  readonly postData: string;
  /** The nonce to send; default: the next nonce of the process-wide source, {@link nextNonce}. */
  readonly nonce?: string;
}

/** The headers of a private Kraken Futures REST request. */
export interface AuthHeaders {
  /** The public API key. */
  APIKey: string;
  /** The signature, see {@link signRequest}. */
  Authent: string;
  /** The nonce that was signed. */
  Nonce: string;
}

/**
 * Builds the `APIKey`, `Authent` and `Nonce` headers of a private request, drawing the nonce from the
 * process-wide source ({@link nextNonce}) unless one is given.
 *
 * @see https://docs.kraken.com/exchange/guides/futures/rest (Authentication)
 */
export async function authHeaders(input: AuthHeadersInput): Promise<AuthHeaders> {
  const credentials = parseCredentials(input.credentials);
  const nonce = input.nonce ?? nextNonce();
  const Authent = await signRequest({
    endpointPath: input.endpointPath,
    postData: input.postData,
    nonce,
    secret: credentials,
  });
  return { APIKey: credentials.apiKey, Authent, Nonce: nonce };
}

/** Which crypto implementation signs in this runtime: `"node"` (node:crypto) or `"web"` (WebCrypto). */
export const cryptoBackend: "node" | "web" = backend.name;
