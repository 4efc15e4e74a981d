/**
 * Server-side checks of a signed request, as the seed describes them: the `Authent` header must equal
 * base64(HMAC-SHA-512(base64decode(secret), SHA-256(postData + Nonce + endpointPath))), where postData is
 * the raw query string or form body exactly as received and endpointPath the URL path without a leading
 * `/derivatives`; then the nonce must be above the last one the key used.
 *
 * The expected value is computed with `@kraken-futures/auth`'s `signRequest`, the function clients
 * sign with, so the two cannot drift apart.
 */
import { timingSafeEqual } from "node:crypto";
import { signRequest } from "@kraken-futures/auth";

/** A key pair the exchange accepts. */
export interface ApiKeyPair {
  /** The public key, sent in the `APIKey` header. */
  readonly apiKey: string;
  /** The base64 secret. */
  readonly apiSecret: string;
}

/** True when `authent` is the signature of the request under `secret`. */
export async function verifyAuthent(input: {
  readonly authent: string;
  readonly secret: string;
  readonly postData: string;
  readonly nonce: string;
  readonly pathname: string;
}): Promise<boolean> {
  let expected: string;
  try {
    expected = await signRequest({
      endpointPath: input.pathname,
      postData: input.postData,
      nonce: input.nonce,
      secret: input.secret,
    });
  } catch {
    return false;
  }
  const a = Buffer.from(expected);
  const b = Buffer.from(input.authent);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** How many recent nonces per key are remembered to tell a replay from a late nonce. */
const REMEMBERED_NONCES = 1_000;

/**
 * Nonces per key: each accepted nonce must be above the last accepted one. A nonce seen before is
 * `nonceDuplicate`; one that is not above the last is `nonceBelowThreshold`. A request without a nonce
 * is allowed (the seed: "Nonce is not required").
 */
export class NonceTracker {
  readonly #last = new Map<string, bigint>();
  readonly #seen = new Map<string, Set<bigint>>();

  /** Checks and records a nonce; returns the error code that refuses it, or undefined. */
  accept(
    apiKey: string,
    nonce: string,
  ): "nonceBelowThreshold" | "nonceDuplicate" | "invalidArgument" | undefined {
    if (nonce === "") return undefined;
    if (!/^\d{1,30}$/.test(nonce)) return "invalidArgument";
    const n = BigInt(nonce);
    const seen = this.#seen.get(apiKey) ?? new Set<bigint>();
    if (seen.has(n)) return "nonceDuplicate";
    const last = this.#last.get(apiKey);
    if (last !== undefined && n <= last) return "nonceBelowThreshold";
    this.#last.set(apiKey, n);
    seen.add(n);
    if (seen.size > REMEMBERED_NONCES) seen.delete(seen.values().next().value as bigint);
    this.#seen.set(apiKey, seen);
    return undefined;
  }
}
