/**
 * How the client reads an answer: a redirect, a refusal (the surface's own reading first, then
 * Kraken's envelope, a non-JSON page, an `HttpError`), a text export, or the JSON success body (its
 * shape against the spec's promise, the optional validator, numbers normalised). One reader per
 * client, made by {@link createAnswerReader}; it holds no state between calls.
 */
import type { OperationDescription } from "./api-description.js";
import {
  HttpError,
  type KrakenErrorBody,
  krakenApiError,
  type RequestError,
  type RequestTarget,
  ResponseValidationError,
  UnexpectedResponseError,
} from "./errors.js";
import { normaliseNumbers } from "./numeric.js";
import { redirectError, responseHeader } from "./redirects.js";
import { parseRetryAfter } from "./retry-after.js";
import { successProblem } from "./success-shape.js";
import type { LiteResponse } from "./transport/lite.js";
import type { ApiResponse, SpecValidator } from "./types.js";

/** openapi-fetch's result with `parseAs: "text"`: the text when ok, else the body parsed if it is JSON. */
export interface RawResult {
  readonly data?: unknown;
  readonly error?: unknown;
  /** Fast path, when not ok: the body as received. */
  readonly text?: string;
  readonly response: Response | LiteResponse;
}

/**
 * An answer as the core received it: any non-2xx status for `SurfaceOptions.interpretError`, a 2xx JSON
 * answer for `SurfaceOptions.interpretSuccess` (Spot refuses calls under HTTP 200).
 */
export interface RefusedAnswer {
  /** The HTTP status: never 2xx for interpretError, always 2xx for interpretSuccess. */
  readonly status: number;
  /** The body parsed as JSON, or the text itself when it is not JSON (`""` when empty). */
  readonly body: unknown;
  /**
   * The body as text: as received on the fast path; on the middleware path, where openapi-fetch has
   * already parsed it, the parsed JSON serialised again.
   */
  readonly text: string;
  /** The call the answer belongs to; every error built from the answer should carry it. */
  readonly target: RequestTarget;
}

/** What the reader needs to know of the call an answer belongs to. */
export interface AnsweredCall {
  readonly op: OperationDescription;
  readonly target: RequestTarget;
  /** Where the call went, to resolve a redirect's relative target. */
  readonly url: string;
}

/** Where the reader leaves what the retry loop needs: the server's Retry-After, in ms. */
export interface RetryHint {
  retryAfterMs: number | undefined;
}

/** What openapi-fetch does with a non-2xx body: JSON when it parses, else the text as it is. */
export function parseIfJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * The call's result. From the fast path, the real `Response` is built on first access to `response`:
 * most callers only read `data`.
 */
function answer(data: unknown, response: Response | LiteResponse): ApiResponse<unknown> {
  if (!("toResponse" in response)) return { data: data as never, response };
  let real: Response | undefined;
  return {
    data: data as never,
    get response() {
      real ??= response.toResponse();
      return real;
    },
  };
}

/** Kraken's envelope; a bare `{errors: [...]}` counts only where `bareErrors` (the Trading surface). */
function isErrorEnvelope(body: unknown, bareErrors: boolean): body is KrakenErrorBody {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return false;
  const { result, error, errors } = body as { result?: unknown; error?: unknown; errors?: unknown };
  if (result === "error") return true;
  // Degraded answers such as {"error":"Unavailable"} come without `result`.
  return result === undefined && (typeof error === "string" || (bareErrors && Array.isArray(errors)));
}

/** Options of {@link createAnswerReader}, from the client's options and its surface's. */
export interface AnswerReaderOptions {
  readonly validator?: SpecValidator | undefined;
  readonly interpretError?: ((answer: RefusedAnswer) => RequestError | undefined) | undefined;
  /** A surface's reading of a refusal that arrives under a 2xx status (Spot's `{error: [...]}`). */
  readonly interpretSuccess?: ((answer: RefusedAnswer) => RequestError | undefined) | undefined;
  /** The client's clock, for a Retry-After HTTP-date. */
  readonly now: () => number;
}

/** The reader of one client's answers: returns the call's result, or throws its typed error. */
export function createAnswerReader(options: AnswerReaderOptions) {
  const { validator, interpretError, interpretSuccess, now } = options;
  const bareErrors = interpretError === undefined;

  function resultOf(op: OperationDescription, target: RequestTarget, status: number, body: unknown) {
    if (validator?.validateResponse) {
      const problems = validator.validateResponse(op, status, body);
      if (problems && problems.length > 0) {
        throw new ResponseValidationError(status, JSON.stringify(body), problems, { target });
      }
    }
    return normaliseNumbers(body, op.numeric);
  }

  function refusal(call: AnsweredCall, result: RawResult, retryAfterMs: number | undefined): unknown {
    const { target } = call;
    const status = result.response.status;
    const body = result.error;
    const text =
      result.text ?? (body === undefined ? "" : typeof body === "string" ? body : JSON.stringify(body));
    const own = interpretError?.({ status, body, text, target });
    if (own) return own;
    if (isErrorEnvelope(body, bareErrors)) return krakenApiError(body, { target, status, retryAfterMs });
    if (typeof body === "string" && body.trim() !== "") {
      return new UnexpectedResponseError(status, body, "body is not JSON", { target, retryAfterMs });
    }
    return new HttpError(status, text, { target, retryAfterMs });
  }

  return function read(call: AnsweredCall, result: RawResult, hint: RetryHint): ApiResponse<unknown> {
    const { target, op } = call;
    const { response } = result;
    const status = response.status;
    const redirect = redirectError(response, call.url, target);
    if (redirect) throw redirect;
    if (!response.ok) {
      hint.retryAfterMs = parseRetryAfter(responseHeader(response, "retry-after"), now());
      throw refusal(call, result, hint.retryAfterMs);
    }
    const text = typeof result.data === "string" ? result.data : "";
    if ("responseType" in op && op.responseType === "text") {
      // A text answer (a CSV export) is the data as it came, unless Kraken sent its error envelope.
      const parsed = text.startsWith("{") ? parseIfJson(text) : text;
      if (isErrorEnvelope(parsed, bareErrors)) throw krakenApiError(parsed, { target, status });
      return answer(text, response);
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
    const problem = successProblem(op.success, body);
    if (problem) throw new UnexpectedResponseError(status, text, problem, { target });
    return answer(resultOf(op, target, status, body), response);
  };
}
