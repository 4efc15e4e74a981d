/**
 * How the core signs a call, on both paths (the LiteRequest fast path and the Request middleware
 * path): Kraken Futures' `Authent` by default, or a surface's own signer (Kraken Spot's `API-Sign`,
 * which also writes the nonce into the body).
 */
import { type Credentials, SigningError, signRequest } from "@kraken-futures/auth";
import type { LiteRequest } from "./transport/lite.js";

const FORM = "application/x-www-form-urlencoded";

/** A call as the core is about to send it, handed to a {@link SurfaceSigner}. */
export interface UnsignedRequest {
  readonly method: string;
  /** The URL path as sent (`/0/private/Ledgers`). */
  readonly pathname: string;
  /** The encoded query string without `?`, or `""`. */
  readonly query: string;
  /** The encoded form body, or `""`. */
  readonly body: string;
  /** The call's body arguments before encoding (`undefined` when it has none). */
  readonly args: unknown;
  /** The nonce drawn for this attempt, after the rate-limit wait: send order is nonce order. */
  readonly nonce: string;
}

/** What a {@link SurfaceSigner} returns: headers to set, and the body to send instead, if it rewrote it. */
export interface SignedParts {
  /** Lower-case header names and their values. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body to send instead of the core's (the signature covers this one). */
  readonly body?: string;
}

/**
 * A surface whose calls are not signed with Kraken Futures' `Authent` signs them here. It is called
 * once per attempt, so a retried call is signed again with a fresh nonce.
 */
export type SurfaceSigner = (request: UnsignedRequest) => Promise<SignedParts>;

/** Kraken Futures' signer: `APIKey`, `Authent` and `Nonce` over the query or the form body as sent. */
export function futuresSigner(credentials: Credentials): SurfaceSigner {
  return async ({ method, pathname, query, body, nonce }) => {
    if (query !== "" && body !== "") {
      throw new SigningError(`${method} ${pathname}: send the arguments in the query or the body, not both`);
    }
    const authent = await signRequest({
      endpointPath: pathname,
      postData: query || body,
      nonce,
      secret: credentials,
    });
    return { headers: { apikey: credentials.apiKey, authent, nonce } };
  };
}

/** Signs the fast path's request in place: headers added, the body replaced when the signer rewrote it. */
export async function signLiteRequest(
  signer: SurfaceSigner,
  request: LiteRequest,
  args: unknown,
  nonce: string,
): Promise<void> {
  const url = request.url;
  const mark = url.indexOf("?", request.pathStart);
  const signed = await signer({
    method: request.method,
    pathname: mark < 0 ? url.slice(request.pathStart) : url.slice(request.pathStart, mark),
    query: mark < 0 ? "" : url.slice(mark + 1),
    body: request.bodyText ?? "",
    args,
    nonce,
  });
  Object.assign(request.headers, signed.headers);
  if (signed.body !== undefined) request.bodyText = signed.body;
}

/**
 * Signs the middleware path's final Request (what user middleware made of it is what is signed) and
 * returns the Request to send: the same one, or a copy carrying the signer's body.
 */
export async function signRealRequest(
  signer: SurfaceSigner,
  request: Request,
  args: unknown,
  nonce: string,
): Promise<Request> {
  const url = new URL(request.url);
  const body = request.body === null ? "" : await request.clone().text();
  const type = request.headers.get("content-type") ?? "";
  if (body !== "" && !type.toLowerCase().startsWith(FORM)) {
    throw new SigningError(
      `${request.method} ${url.pathname}: only ${FORM} bodies can be signed, not "${type}"`,
    );
  }
  const signed = await signer({
    method: request.method,
    pathname: url.pathname,
    query: url.search.slice(1),
    body,
    args,
    nonce,
  });
  const target =
    signed.body === undefined
      ? request
      : new Request(request.url, {
          method: request.method,
          headers: request.headers,
          body: signed.body,
          signal: request.signal,
        });
  for (const [name, value] of Object.entries(signed.headers)) target.headers.set(name, value);
  return target;
}
