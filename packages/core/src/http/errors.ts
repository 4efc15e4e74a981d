/**
 * The errors an HTTP call of any surface (Trading, History, Charts, Spot) can end with: one home, so
 * `instanceof` holds whichever package re-exports them. Every class extends `KrakenFuturesError`, names the method and path in its message, and never carries a credential:
 * no header, no query string, no body of the request is copied into an error.
 */
import type { ParameterIssue } from "../arguments.js";
import { KrakenFuturesError, nameErrorClasses } from "../errors.js";

/**
 * Kraken's error code: an open union (`"apiLimitExceeded" | "authenticationError" | …`), so editors
 * complete the known codes and codes Kraken adds later still type-check. It mirrors the Trading spec's
 * `ErrorCode` schema (core cannot import a surface's generated types); `@kraken-futures/rest`'s type
 * test asserts the two are the same type, so they cannot drift apart.
 */
export type KrakenErrorCode =
  | "accountInactive"
  | "apiLimitExceeded"
  | "authenticationError"
  | "insufficientFunds"
  | "invalidAccount"
  | "invalidAmount"
  | "invalidArgument"
  | "invalidUnit"
  | "Json Parse Error"
  | "marketUnavailable"
  | "nonceBelowThreshold"
  | "nonceDuplicate"
  | "notFound"
  | "requiredArgumentMissing"
  | "Server Error"
  | "Unavailable"
  | "unknownError"
  | (string & {});

/** One element of the `errors` list some endpoints send instead of `error`. */
export type KrakenErrorItem = KrakenErrorCode | { code?: number | string; message?: string };

/** Where a request went: set on every error of this package that concerns a request. */
export interface RequestTarget {
  /** HTTP method, upper case. */
  readonly method: string;
  /** The operation's path template as in the spec (`/tickers/{symbol}`). */
  readonly path: string;
  /** The spec's operationId, when the operation is known. */
  readonly operationId?: string | undefined;
}

interface TargetOptions {
  readonly target: RequestTarget;
  readonly cause?: unknown;
}

/** Options of the errors built from a server's answer. */
interface AnswerOptions extends TargetOptions {
  /** The answer's Retry-After in ms (429 and 503 only), when it sent one. */
  readonly retryAfterMs?: number | undefined;
}

function where(target: RequestTarget): string {
  return `${target.method} ${target.path}`;
}

/** Longest piece of a response body kept on an error, in characters. */
export const BODY_SNIPPET_LENGTH = 200;

/**
 * The first {@link BODY_SNIPPET_LENGTH} characters of a text, whitespace collapsed: for Kraken's own
 * error codes and transport failures in messages, and for `bodySnippet` (never in a message).
 */
export function snippet(body: string): string {
  const flat = body.replace(/\s+/g, " ").trim();
  return flat.length > BODY_SNIPPET_LENGTH ? `${flat.slice(0, BODY_SNIPPET_LENGTH)}…` : flat;
}

/** Base of the errors tied to one request; `method`, `path` and `operationId` say which. */
export class RequestError extends KrakenFuturesError {
  readonly method: string;
  readonly path: string;
  readonly operationId: string | undefined;
  constructor(message: string, options: TargetOptions) {
    super(`${where(options.target)}: ${message}`, { cause: options.cause });
    this.method = options.target.method;
    this.path = options.target.path;
    this.operationId = options.target.operationId;
  }
}

/** Fields of a Kraken error envelope (`{"result":"error","error":…}`), as received. */
export interface KrakenErrorBody {
  readonly error?: KrakenErrorCode | undefined;
  readonly errors?: readonly KrakenErrorItem[] | undefined;
  readonly serverTime?: string | undefined;
}

/**
 * Kraken answered with an error envelope, usually under HTTP 200 (`result: "error"`). `error` is the
 * code (from `error`, or the first element of `errors`); branch on the subclasses for the common cases.
 */
export class KrakenApiError extends RequestError {
  /** Kraken's error code, `"unknownError"` when the body named none. */
  readonly error: KrakenErrorCode;
  /** The `errors` list when Kraken sent one. */
  readonly errors: readonly KrakenErrorItem[] | undefined;
  /** HTTP status of the answer (200 for most Kraken errors). */
  readonly status: number | undefined;
  /** `serverTime` of the answer, when present. */
  readonly serverTime: string | undefined;
  constructor(
    body: KrakenErrorBody,
    options: TargetOptions & { status?: number | undefined; message?: string | undefined },
  ) {
    const code = errorCodeOf(body);
    super(options.message ?? `Kraken answered error "${code}"${describeErrors(body.errors)}`, options);
    this.error = code;
    this.errors = body.errors;
    this.status = options.status;
    this.serverTime = body.serverTime;
  }
}

/** `authenticationError`, `nonceBelowThreshold`, `nonceDuplicate`: the signature, key or nonce was refused. */
export class AuthenticationError extends KrakenApiError {}

/**
 * `apiLimitExceeded`: the cost budget is spent. Thrown for Kraken's answer (`source: "server"`) and,
 * under the `"fail"` rate-limit policy, before sending (`source: "client"`, with `retryAfterMs`).
 */
export class RateLimitError extends KrakenApiError {
  /** Who refused the call: Kraken, or this client's own budget. */
  readonly source: "server" | "client";
  /**
   * Under the client budget: milliseconds until the call's cost is available again. From Kraken: the
   * answer's Retry-After, when it sent one.
   */
  readonly retryAfterMs: number | undefined;
  constructor(
    body: KrakenErrorBody,
    options: TargetOptions & {
      status?: number | undefined;
      source?: "server" | "client";
      retryAfterMs?: number | undefined;
    },
  ) {
    super(body, {
      ...options,
      message:
        options.source === "client"
          ? options.retryAfterMs === undefined
            ? "the call's cost exceeds the rate-limit pool's capacity and can never be sent"
            : `client-side rate-limit budget spent; cost available again in ${options.retryAfterMs} ms`
          : undefined,
    });
    this.source = options.source ?? "server";
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** `invalidArgument`, `requiredArgumentMissing`, `Json Parse Error`: Kraken refused the arguments. */
export class InvalidArgumentError extends KrakenApiError {}

const AUTHENTICATION = new Set<string>(["authenticationError", "nonceBelowThreshold", "nonceDuplicate"]);
const INVALID_ARGUMENT = new Set<string>(["invalidArgument", "requiredArgumentMissing", "Json Parse Error"]);

function errorCodeOf(body: KrakenErrorBody): KrakenErrorCode {
  if (typeof body.error === "string" && body.error !== "") return body.error;
  const first = body.errors?.[0];
  if (typeof first === "string") return first;
  if (first && typeof first === "object" && first.code !== undefined) return String(first.code);
  return "unknownError";
}

function describeErrors(errors: readonly KrakenErrorItem[] | undefined): string {
  if (!errors || errors.length === 0) return "";
  const parts = errors
    .slice(0, 5)
    .map((e) => (typeof e === "string" ? e : `${e.code ?? "?"}${e.message ? ` ${e.message}` : ""}`));
  return ` (${snippet(parts.join("; "))})`;
}

/** Builds the subclass of {@link KrakenApiError} that fits the body's error code. */
export function krakenApiError(
  body: KrakenErrorBody,
  options: AnswerOptions & { status?: number | undefined },
): KrakenApiError {
  const code = errorCodeOf(body);
  if (code === "apiLimitExceeded") return new RateLimitError(body, options);
  if (AUTHENTICATION.has(code)) return new AuthenticationError(body, options);
  if (INVALID_ARGUMENT.has(code)) return new InvalidArgumentError(body, options);
  return new KrakenApiError(body, options);
}

/**
 * Puts the start of a response body on `error.bodySnippet`, non-enumerable: an answer's body can hold
 * the user's data (the balances of `/accounts`), so it stays out of the message and out of what
 * `JSON.stringify` and `util.inspect` print of the error, where logs would keep it; code that wants
 * it reads the property.
 */
function keepBody(error: Error, body: string): void {
  Object.defineProperty(error, "bodySnippet", { value: snippet(body), enumerable: false });
}

/** The server answered a non-2xx status with a JSON body that is not Kraken's error envelope. */
export class HttpError extends RequestError {
  readonly status: number;
  /**
   * The start of the body, at most {@link BODY_SNIPPET_LENGTH} characters. Never in the message, and
   * non-enumerable, so not in JSON or inspect output either.
   */
  declare readonly bodySnippet: string;
  /** The answer's Retry-After in ms (429 and 503), when the server sent one. */
  readonly retryAfterMs: number | undefined;
  constructor(status: number, body: string, options: AnswerOptions) {
    super(`HTTP ${status}${body ? "" : " with an empty body"}`, options);
    this.status = status;
    this.retryAfterMs = options.retryAfterMs;
    keepBody(this, body);
  }
}

/**
 * The body is not the JSON the operation answers with: an HTML error page from a proxy, an empty or
 * truncated body, or (with a response validator) JSON that breaks the spec. `status` is the HTTP status.
 */
export class UnexpectedResponseError extends RequestError {
  readonly status: number;
  /**
   * The start of the body, at most {@link BODY_SNIPPET_LENGTH} characters. Never in the message, and
   * non-enumerable, so not in JSON or inspect output either.
   */
  declare readonly bodySnippet: string;
  /** The answer's Retry-After in ms (429 and 503), when the server sent one. */
  readonly retryAfterMs: number | undefined;
  constructor(status: number, body: string, reason: string, options: AnswerOptions) {
    super(`${reason} (HTTP ${status})`, options);
    this.status = status;
    this.retryAfterMs = options.retryAfterMs;
    keepBody(this, body);
  }
}

/** The response breaks the operation's schema (only with a response validator, see `./validation`). */
export class ResponseValidationError extends UnexpectedResponseError {
  /** What broke the schema, one line per problem (JSON pointer and message). */
  readonly problems: readonly string[];
  constructor(status: number, body: string, problems: readonly string[], options: TargetOptions) {
    super(status, body, `response breaks the spec: ${problems.slice(0, 3).join("; ")}`, options);
    this.problems = problems;
  }
}

/**
 * The server answered with a redirect (3xx), which the client never follows: a signed call sent on to
 * another host would hand it `APIKey`, `Authent`, `Nonce` and the signed arguments, a request it could
 * replay once. Kraken's API does not redirect its calls, so a redirect means a wrong origin or a proxy
 * in the way. `location` is where it pointed, without its query (which may echo the arguments);
 * `undefined` when the runtime hides it (a browser's opaque redirect, `status` 0). Not retried.
 */
export class RedirectError extends RequestError {
  readonly status: number;
  readonly location: string | undefined;
  constructor(status: number, location: string | undefined, options: TargetOptions) {
    super(`redirect (HTTP ${status}${location ? ` to ${location}` : ""}) not followed`, options);
    this.status = status;
    this.location = location;
  }
}

/** No answer within the timeout (`timeoutMs`, default 10 s), measured from sending. */
export class TimeoutError extends RequestError {
  readonly timeoutMs: number;
  constructor(timeoutMs: number, options: TargetOptions) {
    super(`no answer within ${timeoutMs} ms`, options);
    this.timeoutMs = timeoutMs;
  }
}

/** The request did not complete at the transport level (DNS, refused or reset connection, TLS). */
export class NetworkError extends RequestError {
  constructor(cause: unknown, options: Omit<TargetOptions, "cause">) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`network failure: ${snippet(reason)}`, { ...options, cause });
  }
}

/**
 * Input refused before anything was sent: an unknown operation, a missing path parameter, or (with a
 * validator) a missing, unknown or ill-typed parameter. `problems` lists what is wrong.
 */
export class ValidationError extends RequestError {
  /** One line per problem, as in the message. */
  readonly problems: readonly string[];
  /**
   * The refused arguments, one per broken rule (`parameter`, `in`, `rule`), when the pre-send check of
   * the operation table found them; empty for other problems (unknown operation, ajv validator).
   */
  readonly issues: readonly ParameterIssue[];
  constructor(problems: readonly string[], options: TargetOptions & { issues?: readonly ParameterIssue[] }) {
    const subject = options.target.operationId ?? "request";
    super(`invalid arguments for ${subject}: ${problems.join("; ")}`, options);
    this.problems = problems;
    this.issues = options.issues ?? [];
  }
}

/**
 * A signed operation was called on a client created without credentials. Thrown before anything is
 * sent or any rate-limit budget is spent.
 */
export class MissingCredentialsError extends RequestError {
  constructor(options: TargetOptions) {
    super("this operation is signed: create the client with credentials { apiKey, apiSecret }", options);
  }
}

nameErrorClasses({
  RequestError,
  KrakenApiError,
  AuthenticationError,
  RateLimitError,
  InvalidArgumentError,
  HttpError,
  UnexpectedResponseError,
  ResponseValidationError,
  TimeoutError,
  NetworkError,
  ValidationError,
  MissingCredentialsError,
  RedirectError,
});
