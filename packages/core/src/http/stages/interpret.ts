/**
 * The receive and interpret stages. Receive: the answer (through the middleware adapter's response
 * half when there is middleware) and its body as text. Interpret: a redirect is refused; a refusal is
 * read by the surface's own hook first (`interpretError`), then as Kraken's envelope, a non-JSON page
 * or an `HttpError`; a text export is the data as it came; a 2xx JSON body is parsed, offered to the
 * surface's `interpretSuccess` hook (Spot refuses under HTTP 200) and checked for Kraken's envelope,
 * then left to the normalise stage.
 */
import type { Attempt, Stage } from "../attempt.js";
import {
  HttpError,
  type KrakenErrorBody,
  krakenApiError,
  type RequestError,
  type RequestTarget,
  UnexpectedResponseError,
} from "../errors.js";
import { redirectError, responseHeader } from "../redirects.js";
import { parseRetryAfter } from "../retry-after.js";
import { type MiddlewareOptions, middlewareResponse } from "./middleware.js";
import { answerOf } from "./normalise.js";

/**
 * An answer as the core received it: any non-2xx status for `SurfaceOptions.interpretError`, a 2xx JSON
 * answer for `SurfaceOptions.interpretSuccess` (Spot refuses calls under HTTP 200).
 */
export interface RefusedAnswer {
  /** The HTTP status: never 2xx for interpretError, always 2xx for interpretSuccess. */
  readonly status: number;
  /** The body parsed as JSON, or the text itself when it is not JSON (`""` when empty). */
  readonly body: unknown;
  /** The body as text, as received (or as the last middleware's `Response` carried it). */
  readonly text: string;
  /** The call the answer belongs to; every error built from the answer should carry it. */
  readonly target: RequestTarget;
}

/** A surface's reading of an answer: its own typed error, or `undefined` to leave it to the core. */
export type AnswerHook = (answer: RefusedAnswer) => RequestError | undefined;

/** What openapi-fetch does with a non-2xx body: JSON when it parses, else the text as it is. */
export function parseIfJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Kraken's envelope; a bare `{errors: [...]}` counts only where `bareErrors` (the Trading surface). */
function isErrorEnvelope(body: unknown, bareErrors: boolean): body is KrakenErrorBody {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return false;
  const { result, error, errors } = body as { result?: unknown; error?: unknown; errors?: unknown };
  if (result === "error") return true;
  // Degraded answers such as {"error":"Unavailable"} come without `result`.
  return result === undefined && (typeof error === "string" || (bareErrors && Array.isArray(errors)));
}

/** The receive stage: waits for the answer and its body text, through middleware when there is any. */
export function receiveStage(options: MiddlewareOptions): Stage {
  const read = (attempt: Attempt): undefined | Promise<void> => {
    const response = attempt.response!;
    if ("bodyText" in response) {
      attempt.text = response.bodyText;
      return undefined;
    }
    return response.text().then((text) => {
      attempt.text = text;
    });
  };
  return (attempt) => {
    if (attempt.middleware.length > 0 && attempt.sent !== undefined) {
      return middlewareResponse(attempt, options).then(() => read(attempt));
    }
    if (attempt.response !== undefined) return read(attempt);
    return attempt.sent!.then((response) => {
      attempt.response = response;
      return read(attempt);
    });
  };
}

/** Options of {@link interpretStage}: the surface's hooks and the client's clock. */
export interface InterpretOptions {
  readonly interpretError?: AnswerHook | undefined;
  readonly interpretSuccess?: AnswerHook | undefined;
  /** The client's clock, for a Retry-After HTTP-date. */
  readonly now: () => number;
}

/** The interpret stage of a client: throws the call's typed error, or leaves the body to normalise. */
export function interpretStage(options: InterpretOptions): Stage {
  const { interpretError, interpretSuccess, now } = options;
  const bareErrors = interpretError === undefined;

  function refusal(attempt: Attempt, status: number, text: string, retryAfterMs: number | undefined) {
    const { target } = attempt;
    const body = parseIfJson(text);
    const own = interpretError?.({ status, body, text, target });
    if (own) return own;
    if (isErrorEnvelope(body, bareErrors)) return krakenApiError(body, { target, status, retryAfterMs });
    if (typeof body === "string" && body.trim() !== "") {
      return new UnexpectedResponseError(status, body, "body is not JSON", { target, retryAfterMs });
    }
    return new HttpError(status, text, { target, retryAfterMs });
  }

  return (attempt) => {
    const { target, op } = attempt;
    const response = attempt.response!;
    const text = attempt.text ?? "";
    const status = response.status;
    const redirect = redirectError(response, attempt.url, target);
    if (redirect) throw redirect;
    if (!response.ok) {
      attempt.hint.retryAfterMs = parseRetryAfter(responseHeader(response, "retry-after"), now());
      throw refusal(attempt, status, text, attempt.hint.retryAfterMs);
    }
    if ("responseType" in op && op.responseType === "text") {
      // A text answer (a CSV export) is the data as it came, unless Kraken sent its error envelope.
      const parsed = text.startsWith("{") ? parseIfJson(text) : text;
      if (isErrorEnvelope(parsed, bareErrors)) throw krakenApiError(parsed, { target, status });
      attempt.result = answerOf(text, response);
      return undefined;
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      // Only a failed parse pays for trim(): a copy of the whole body.
      if (text.trim() === "") throw new UnexpectedResponseError(status, "", "empty body", { target });
      // No `cause`: the parser's message quotes the start of the body, which stays out of errors.
      throw new UnexpectedResponseError(status, text, "body is not JSON", { target });
    }
    const refused = interpretSuccess?.({ status, body, text, target });
    if (refused) throw refused;
    if (isErrorEnvelope(body, bareErrors)) throw krakenApiError(body, { target, status });
    attempt.body = body;
    return undefined;
  };
}
