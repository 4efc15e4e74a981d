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
/** Most nonces per key held inside the window; beyond, the oldest leave it early (stricter, not looser). */
const MAX_IN_WINDOW = 10_000;

/**
 * Default of `nonceWindowMs`: 50 ms. Kraken's only word is that it "tolerates nonces that are out of
 * order for a brief period of time" (seed 002), without a figure; third-party clients report
 * `nonceBelowThreshold` when concurrent or rate-limited calls reorder their nonces, so the real window
 * is shorter than such reorderings (tens of milliseconds and more). 50 ms tolerates the jitter of
 * requests leaving together and refuses anything later. A guess, see the package README.
 */
export const DEFAULT_NONCE_WINDOW_MS = 50;

/** Checks a `nonceWindowMs` option: a finite number of milliseconds, at least 0. */
export function nonceWindowOf(ms: number | undefined): number {
  if (ms === undefined) return DEFAULT_NONCE_WINDOW_MS;
  if (typeof ms !== "number" || !Number.isFinite(ms) || ms < 0) {
    throw new RangeError(`nonceWindowMs must be a finite number of milliseconds >= 0, got ${String(ms)}`);
  }
  return ms;
}

/** One key's nonces: the threshold, and the nonces accepted within the window with their arrival. */
interface KeyNonces {
  /** The highest nonce accepted at least `windowMs` ago: nothing at or below it is accepted. */
  threshold: bigint | undefined;
  /** Accepted nonces still inside the window, oldest first. */
  readonly recent: { readonly nonce: bigint; readonly at: number }[];
  /** The last {@link REMEMBERED_NONCES} accepted, to answer a replay `nonceDuplicate`. */
  readonly seen: Set<bigint>;
}

/**
 * Nonces per key, with Kraken's brief tolerance of disorder as a window of `windowMs` milliseconds of
 * the exchange clock: a nonce is accepted when it was not used before and it is above every nonce
 * the key had accepted `windowMs` or more ago. So a nonce may arrive after a higher one, but only
 * within `windowMs` of that one's arrival. `windowMs = 0` is strict: every nonce must be above all
 * before it. A nonce seen before is `nonceDuplicate`, one at or below the threshold
 * `nonceBelowThreshold`. A request without a nonce is allowed (the seed: "Nonce is not required").
 */
export class NonceTracker {
  readonly #keys = new Map<string, KeyNonces>();
  readonly #windowMs: number;
  readonly #now: () => number;

  /** `windowMs`: default {@link DEFAULT_NONCE_WINDOW_MS}; `now`: the exchange clock, default `Date.now`. */
  constructor(windowMs: number = DEFAULT_NONCE_WINDOW_MS, now: () => number = Date.now) {
    this.#windowMs = nonceWindowOf(windowMs);
    this.#now = now;
  }

  /** Checks and records a nonce; returns the error code that refuses it, or undefined. */
  accept(
    apiKey: string,
    nonce: string,
  ): "nonceBelowThreshold" | "nonceDuplicate" | "invalidArgument" | undefined {
    if (nonce === "") return undefined;
    if (!/^\d{1,30}$/.test(nonce)) return "invalidArgument";
    const n = BigInt(nonce);
    const key = this.#of(apiKey);
    if (key.seen.has(n)) return "nonceDuplicate";
    const now = this.#now();
    this.#expire(key, now);
    if (key.threshold !== undefined && n <= key.threshold) return "nonceBelowThreshold";
    key.recent.push({ nonce: n, at: now });
    if (key.recent.length > MAX_IN_WINDOW) this.#expire(key, Number.POSITIVE_INFINITY, 1);
    key.seen.add(n);
    if (key.seen.size > REMEMBERED_NONCES) key.seen.delete(key.seen.values().next().value as bigint);
    // Strict: the nonce leaves the window at once, so the next must be above it.
    if (this.#windowMs === 0) this.#expire(key, now);
    return undefined;
  }

  #of(apiKey: string): KeyNonces {
    let key = this.#keys.get(apiKey);
    if (key === undefined) {
      key = { threshold: undefined, recent: [], seen: new Set() };
      this.#keys.set(apiKey, key);
    }
    return key;
  }

  /** Moves the nonces accepted `windowMs` or more before `now` (at most `limit`) into the threshold. */
  #expire(key: KeyNonces, now: number, limit = Number.POSITIVE_INFINITY): void {
    let moved = 0;
    while (moved < limit && key.recent.length > 0 && now - key.recent[0]!.at >= this.#windowMs) {
      const { nonce } = key.recent.shift()!;
      if (key.threshold === undefined || nonce > key.threshold) key.threshold = nonce;
      moved++;
    }
  }
}
