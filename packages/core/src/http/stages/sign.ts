/**
 * The sign stage: a signed operation's internal request gets the headers (and, for a surface that
 * writes its own body, the body) of the injected {@link SurfaceSigner}. Core holds no signing scheme:
 * Kraken Futures' `Authent` (`futuresSigner` of `@kraken-futures/auth`) and Kraken Spot's `API-Sign`
 * are handed in by the surface's factory, so core depends on no crypto and Charts installs none.
 *
 * The nonce is drawn here, after the lane's wait and inside the key's turn (key-turns.ts): send order
 * is nonce order, and arrival order too. User middleware has already run (its stage comes first), so
 * what it changed is what is signed.
 */
import { SigningError } from "../../errors.js";
import type { Attempt, Stage } from "../attempt.js";
import { type KeyTurns, takeTurn } from "../key-turns.js";
import type { LiteRequest } from "../transport/lite.js";

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
 * Signs one attempt of a signed operation. It is called once per attempt, so a retried call is signed
 * again with a fresh nonce. `futuresSigner` of `@kraken-futures/auth` is Kraken Futures' one.
 *
 * It returns the parts, or a promise of them: a signer that can sign synchronously (node:crypto)
 * returns them at once and the call takes no promise hop before the transport. It may throw or
 * reject; either way the call fails with that error and nothing is sent.
 */
export type SurfaceSigner = (request: UnsignedRequest) => SignedParts | Promise<SignedParts>;

/** The parts of the internal request a signer reads: path, query and body exactly as they will be sent. */
export function unsignedParts(request: LiteRequest, args: unknown, nonce: string): UnsignedRequest {
  const { url, method } = request;
  const mark = url.indexOf("?", request.pathStart);
  const pathname = mark < 0 ? url.slice(request.pathStart) : url.slice(request.pathStart, mark);
  const body = request.bodyText ?? "";
  const type = request.headers["content-type"] ?? "";
  // A middleware may have replaced the body; only a form body is what Kraken signs.
  if (body !== "" && !type.toLowerCase().startsWith(FORM)) {
    throw new SigningError(`${method} ${pathname}: only ${FORM} bodies can be signed, not "${type}"`);
  }
  return { method, pathname, query: mark < 0 ? "" : url.slice(mark + 1), body, args, nonce };
}

/** Writes a signer's parts into the request: headers added, the body replaced if the signer rewrote it. */
function applySigned(request: LiteRequest, signed: SignedParts): void {
  Object.assign(request.headers, signed.headers);
  if (signed.body !== undefined) request.bodyText = signed.body;
}

/**
 * Signs the internal request in place; returns nothing when the signer answered at once, else the
 * promise of its end.
 */
function signInPlace(signer: SurfaceSigner, attempt: Attempt, nonce: string): undefined | Promise<void> {
  const request = attempt.request;
  const signed = signer(unsignedParts(request, attempt.args, nonce));
  // A thenable test, not instanceof: a signer's promise may come from another realm.
  if (!("then" in signed)) {
    applySigned(request, signed);
    return undefined;
  }
  return signed.then((parts) => applySigned(request, parts));
}

/**
 * The sign stage of a client: nothing for a public operation, else the key's turn, then the nonce,
 * then the signer. `signer` is undefined for a client without credentials, whose signed calls the
 * check stage refused already.
 */
export function signStage(
  signer: SurfaceSigner | undefined,
  nonce: () => string,
  turns: KeyTurns | undefined,
): Stage {
  return (attempt) => {
    if (!attempt.op.signed || attempt.response !== undefined) return undefined;
    const waiting = takeTurn(turns, attempt, attempt.request.signal);
    if (waiting === undefined) return signInPlace(signer!, attempt, nonce());
    return waiting.then(() => signInPlace(signer!, attempt, nonce()));
  };
}
