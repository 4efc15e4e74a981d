/**
 * What the History API answers differently from the Trading API, read by the shared core
 * (`createHttpClient` of `@kraken-futures/core/http`) through its `interpretError` hook: refusals come as
 * HTTP 4xx with `{status, reason}` bodies, not Kraken's `result: "error"` envelope. (The CSV export
 * needs nothing here: the core returns the text of operations whose table says `responseType: "text"`.)
 */

import { nameErrorClasses } from "@kraken-futures/core/errors";
import {
  AuthenticationError,
  HttpError,
  RateLimitError,
  type RefusedAnswer,
  type RequestError,
  type RequestTarget,
} from "@kraken-futures/core/http";

/**
 * The History API refused a call with a `{status, reason}` body (for example HTTP 404
 * `{"status":"not_found","reason":"Resource was not found."}`). HTTP 401/403 become an
 * `AuthenticationError` and 429 a `RateLimitError` instead, the classes callers already branch on.
 * Extends `HttpError`, so `status` is the HTTP status and 5xx answers are retried like any other.
 */
export class HistoryApiError extends HttpError {
  /** The body's `status` word (`not_found`), when it had one. */
  readonly code: string | undefined;
  /** The body's human-readable `reason`, when it had one. */
  readonly reason: string | undefined;
  constructor(
    status: number,
    body: string,
    fields: { code?: string | undefined; reason?: string | undefined },
    options: { target: RequestTarget },
  ) {
    super(status, body, options);
    this.code = fields.code;
    this.reason = fields.reason;
  }
}

function stringField(body: unknown, name: string): string | undefined {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return undefined;
  const value = (body as Record<string, unknown>)[name];
  return typeof value === "string" ? value : undefined;
}

/**
 * The History surface's `interpretError`: the error a refused History call ends with, or `undefined`
 * to let the core decide (Kraken's own `{error: …}` envelope, non-JSON bodies, statuses without the
 * History shape).
 */
export function historyFailure({ status, body, text, target }: RefusedAnswer): RequestError | undefined {
  const code = stringField(body, "status");
  const reason = stringField(body, "reason");
  const kraken = stringField(body, "error");
  if (status === 401 || status === 403) {
    return new AuthenticationError(
      { error: kraken ?? "authenticationError" },
      { target, status, message: `HTTP ${status}${reason ? `: ${reason}` : ""}` },
    );
  }
  if (status === 429) {
    return new RateLimitError({ error: kraken ?? "apiLimitExceeded" }, { target, status, source: "server" });
  }
  if (code === undefined && reason === undefined) return undefined;
  return new HistoryApiError(status, text, { code, reason }, { target });
}

nameErrorClasses({ HistoryApiError });
