/**
 * What the History API answers differently from the Trading API, adapted to the shared core
 * (`createApiClient` of `@kraken-futures/rest`) by one openapi-fetch middleware: refusals come as
 * HTTP 4xx with `{status, reason}` bodies, not Kraken's `result: "error"` envelope. (The CSV export
 * needs nothing here: the core returns the text of operations whose table says `responseType: "text"`.)
 * This stays until the core takes an error hook.
 */
import {
  type ApiDescription,
  AuthenticationError,
  HttpError,
  nameErrorClasses,
  RateLimitError,
  type RequestTarget,
} from "@kraken-futures/rest";
import type { Middleware } from "openapi-fetch";

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
 * The error a refused History call ends with, or `undefined` to let the core decide (Kraken's own
 * `{error: …}` envelope, non-JSON bodies, statuses without the History shape).
 *
 * @param status the HTTP status (not 2xx).
 * @param text the response body as received.
 */
export function historyFailure(status: number, text: string, target: RequestTarget): Error | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
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

/** The middleware that adapts History answers to the core: maps `{status, reason}` refusals to typed errors. */
export function historyResponses(api: ApiDescription): Middleware {
  return {
    async onResponse({ request, response, schemaPath }) {
      if (response.ok) return undefined;
      const method = request.method.toUpperCase();
      const target: RequestTarget = {
        method,
        path: schemaPath,
        operationId: api.operations[`${method} ${schemaPath}`]?.operationId,
      };
      const error = historyFailure(response.status, await response.clone().text(), target);
      if (error) throw error;
      return undefined;
    },
  };
}

nameErrorClasses({ HistoryApiError });
