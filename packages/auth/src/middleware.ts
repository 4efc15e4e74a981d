/**
 * `@kraken-futures/auth/middleware`: Kraken Futures signing for openapi-fetch's own client
 * (`createClient`), as a thin adapter: a `Request` is read into the parts {@link futuresSigner} signs
 * (the one signer, the same the SDK's clients run in their pipeline's sign stage) and gets its headers.
 */
import { type Credentials, type CredentialsInput, parseCredentials } from "./credentials.js";
import { SigningError } from "./errors.js";
import { futuresSigner } from "./futures-signer.js";
import { nextNonce } from "./nonce.js";

/** Options of {@link signFetchRequest} and {@link createSigningMiddleware}. */
export interface SigningOptions {
  /** The key pair, preferably parsed once with {@link parseCredentials}. */
  readonly credentials: Credentials | CredentialsInput;
  /** The nonce source; default {@link nextNonce}, shared by every client of the process. */
  readonly nonce?: () => string;
  /** Which requests to sign; default: all of them. */
  readonly shouldSign?: (request: Request) => boolean;
}

const FORM = "application/x-www-form-urlencoded";

/**
 * Signs a `Request` as it will be sent: `postData` is the query string exactly as serialized in
 * `request.url` (without `?`), or the form-encoded body, and `endpointPath` is the URL path (a leading
 * `/derivatives` is removed). Sets the `APIKey`, `Authent` and `Nonce` headers on the request and
 * returns it.
 *
 * @throws {SigningError} if the request has both a query and a body (Kraken does not say how to sign
 * that), or a body that is not `application/x-www-form-urlencoded`.
 */
export async function signFetchRequest(request: Request, options: SigningOptions): Promise<Request> {
  const url = new URL(request.url);
  const body = request.body === null ? "" : await request.clone().text();
  const type = request.headers.get("content-type") ?? "";
  if (body !== "" && !type.toLowerCase().startsWith(FORM)) {
    throw new SigningError(
      `${request.method} ${url.pathname}: only ${FORM} bodies can be signed, not "${type}"`,
    );
  }
  const signed = await futuresSigner(parseCredentials(options.credentials))({
    method: request.method,
    pathname: url.pathname,
    query: url.search.slice(1),
    body,
    args: undefined,
    nonce: (options.nonce ?? nextNonce)(),
  });
  for (const [name, value] of Object.entries(signed.headers)) request.headers.set(name, value);
  return request;
}

/**
 * An openapi-fetch middleware (`client.use(createSigningMiddleware({ credentials }))`) that signs
 * each request with {@link signFetchRequest} after every other change to it, so the signature covers
 * what is finally sent. Structurally typed: this package does not depend on openapi-fetch.
 *
 * @see https://openapi-ts.dev/openapi-fetch/middleware-auth
 */
export function createSigningMiddleware(options: SigningOptions): {
  onRequest(params: { request: Request }): Promise<Request>;
} {
  const resolved: SigningOptions = { ...options, credentials: parseCredentials(options.credentials) };
  return {
    async onRequest({ request }) {
      if (resolved.shouldSign !== undefined && !resolved.shouldSign(request)) return request;
      return signFetchRequest(request, resolved);
    },
  };
}
