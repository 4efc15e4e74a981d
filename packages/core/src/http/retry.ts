/**
 * Retries of operations the spec marks `x-retry-safe` (reads and idempotent PUTs), never of order
 * entry: repeating a `sendorder` whose answer was lost could place the order twice.
 */
import {
  HttpError,
  KrakenApiError,
  NetworkError,
  RateLimitError,
  TimeoutError,
  UnexpectedResponseError,
} from "./errors.js";
import { ResponseTooLargeError } from "./transport/types.js";

/** Retry options; every field optional. */
export interface RetryOptions {
  /** Further attempts after the first; default 2. `0` turns retries off. */
  readonly retries?: number;
  /** Backoff base: attempt n waits up to `baseDelayMs * 2^n`; default 200. */
  readonly baseDelayMs?: number;
  /** Cap of one backoff wait; default 5,000. */
  readonly maxDelayMs?: number;
  /**
   * Longest `Retry-After` (of a 429 or 503) the client waits before retrying; default 30,000. A server
   * asking for longer gets no retry: the call fails at once and the error's `retryAfterMs` says how
   * long it asked for.
   */
  readonly maxRetryAfterMs?: number;
}

/** The defaults of {@link RetryOptions}. */
export const DEFAULT_RETRY = { retries: 2, baseDelayMs: 200, maxDelayMs: 5_000 } as const;

/** Kraken codes meaning "try again later", not "your request is wrong". */
const TRANSIENT_CODES = new Set<string>(["Unavailable", "apiLimitExceeded", "Server Error"]);

/**
 * Whether an error is worth another attempt: network failures, timeouts, HTTP 5xx and 429 whatever
 * their body (a proxy's HTML page too), but not a body over `maxResponseBytes`, and Kraken's `Unavailable`, `apiLimitExceeded` and `Server Error`
 * answers. A client-side {@link RateLimitError} (policy `"fail"`) is not retried: that policy asked
 * to fail fast.
 */
export function isTransient(error: unknown): boolean {
  if (error instanceof NetworkError || error instanceof TimeoutError) return true;
  if (error instanceof RateLimitError) return error.source === "server";
  if (error instanceof KrakenApiError) return TRANSIENT_CODES.has(error.error);
  if (error instanceof HttpError) return error.status >= 500 || error.status === 429;
  // An oversized body would be as large again: downloading it once is enough.
  if (error instanceof UnexpectedResponseError) {
    return !(error.cause instanceof ResponseTooLargeError) && (error.status >= 500 || error.status === 429);
  }
  return false;
}

/**
 * Exponential backoff with full jitter: a uniform wait in `[0, min(maxDelayMs, baseDelayMs * 2^attempt))`.
 * Full jitter spreads clients that failed together, so they do not come back together.
 *
 * @param attempt 0 for the wait after the first failure.
 * @param random a uniform number in [0, 1); default `Math.random`.
 */
export function backoffDelay(
  attempt: number,
  options: RetryOptions = {},
  random: () => number = Math.random,
): number {
  const base = options.baseDelayMs ?? DEFAULT_RETRY.baseDelayMs;
  const cap = options.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs;
  return Math.floor(random() * Math.min(cap, base * 2 ** attempt));
}
