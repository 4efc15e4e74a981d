/**
 * The server's `Retry-After` (RFC 9110 §10.2.3) on a refused answer (429 and 503 carry it):
 * delay-seconds or an HTTP-date. A retry-safe call waits that long before its retry instead of its
 * backoff; a wait longer than `retry.maxRetryAfterMs` is not waited at all (the call fails at once,
 * and the error's `retryAfterMs` says how long the server asked for), so a server cannot park a call
 * for hours.
 */

/** Default of `RetryOptions.maxRetryAfterMs`: 30 s. */
export const DEFAULT_MAX_RETRY_AFTER_MS = 30_000;

const SECONDS = /^\d+$/;

/**
 * Milliseconds to wait according to `value`, or undefined when it is absent or unreadable. An
 * HTTP-date in the past is 0.
 *
 * @param now the client's clock (`options.now`, default `Date.now`), for an HTTP-date.
 */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (SECONDS.test(text)) return Number(text) * 1000;
  // Every HTTP-date form names the day in letters; without them Date.parse reads "-1" as a year.
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
