/**
 * The options of an HTTP client of the core, and what a surface's factory adds to them
 * ({@link SurfaceOptions}): its own error reading and its signer. Defaults are stated per field.
 */
import type { Middleware } from "openapi-fetch";
import type { ApiDescription } from "../model.js";
import type { RetryOptions } from "./retry.js";
import type { RateLimitPolicy, SendQueue, Sleep } from "./send-queue.js";
import type { ArgumentChecks } from "./stages/check.js";
import type { AnswerHook } from "./stages/interpret.js";
import type { SurfaceSigner } from "./stages/sign.js";
import type { Fetch, TransportOptions } from "./transport/types.js";
import type { ApiMethod, Logger, SpecValidator } from "./types.js";

/** Default origin of every Kraken Futures surface. */
export const DEFAULT_ORIGIN = "https://futures.kraken.com";
/** Default of {@link HttpClientOptions.timeoutMs}: 10 seconds. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Options of {@link createHttpClient}; every field is optional. The surfaces' options
 * (`ApiClientOptions` of `@kraken-futures/rest`, History's, Charts', Spot's) are these plus, where
 * calls are signed, the credentials their factory turns into a signer.
 */
export interface HttpClientOptions {
  /**
   * The exchange's origin, shared by every surface's client; the API's base path from the spec is
   * appended. Default: the spec's server origin, `https://futures.kraken.com`. Point it at the mock
   * exchange (`http://127.0.0.1:<port>`, its `origin`, not its `url`) in tests. Anything but
   * `scheme://host[:port]` (a path, query, fragment or user info) throws a `TypeError` here.
   */
  readonly origin?: string;
  /** Any fetch-compatible function. Default: keep-alive node:http on Node, global `fetch` elsewhere. */
  readonly fetch?: Fetch;
  /** Options of the default transport (ignored when `fetch` is given). */
  readonly transport?: TransportOptions;
  /** Per-attempt timeout from sending to the end of the body, in ms; default 10,000. `0` disables it. */
  readonly timeoutMs?: number;
  /** Retries of retry-safe operations; default `{ retries: 2, baseDelayMs: 200, maxDelayMs: 5000 }`. `false` disables them. */
  readonly retry?: RetryOptions | false;
  /** Client-side cost budget: `"queue"` (default), `"fail"` or `false`. */
  readonly rateLimit?: RateLimitPolicy;
  /** Where to log; default: nowhere. */
  readonly logger?: Logger;
  /**
   * Nonce source of signed calls; default the surface's (`nextNonce` of `@kraken-futures/auth`, shared
   * by every client of the process).
   */
  readonly nonce?: () => string;
  /** Clock of the rate-limit buckets in ms; default `Date.now`. */
  readonly now?: () => number;
  /** Waits for the rate limiter and retry backoff; default: a timer. Tests inject an instant one. */
  readonly sleep?: Sleep;
  /** Source of backoff jitter in [0, 1); default `Math.random`. */
  readonly random?: () => number;
  /** Checks requests and responses against the spec; default none (see `@kraken-futures/rest/validation`). */
  readonly validator?: SpecValidator;
  /**
   * Checks query and path arguments against the operation table before anything is sent (required,
   * unknown name, type, closed enum, bounds, maxLength, pattern, date-time) and throws a
   * `ValidationError` naming the operation, the parameter and the rule. Default `true`; `false` sends
   * whatever the types let through, for example to test how Kraken answers a bad argument.
   */
  readonly checkParams?: boolean;
  /**
   * Keeps arrival order = nonce order for the signed calls of this key: each draws its nonce once the
   * previous signed call of the key (from any client of the process) has been answered, on every
   * transport. Default `true`. `false` sends signed calls concurrently and relies on Kraken tolerating
   * out-of-order nonces "for a brief period" (unspecified): some may be refused `nonceBelowThreshold`.
   */
  readonly orderSignedCalls?: boolean;
  /**
   * Opt-in: checks sendorder and batchorder send instructions against the instruments' tick size and
   * trade precision before sending (see `instrumentGrid` of `@kraken-futures/rest`). Default none:
   * Kraken checks them itself.
   */
  readonly instruments?: ArgumentChecks;
}

/**
 * What a surface tells the core besides the user's options: the third argument of
 * {@link createHttpClient}, passed by that surface's own factory (Trading, History, Charts, Spot), not
 * a user option.
 */
export interface SurfaceOptions {
  /**
   * Reads a refused answer in the surface's own terms. Consulted first for every non-2xx answer; the
   * error it returns is thrown as it is (retries then follow `isTransient`: return a server-side
   * `RateLimitError` for a rate-limit refusal, so it is retried and counted as Kraken's, and an
   * `HttpError` keeps 5xx and 429 retryable). `undefined` leaves the answer to the core: Kraken's
   * envelope, then `UnexpectedResponseError` for a non-JSON body, then `HttpError`.
   *
   * Passing it also declares that the surface has an error shape of its own: the core then reads a
   * bare `{errors: [...]}` body (without `result: "error"`) as data or an `HttpError`, never as Kraken's
   * Trading envelope; `{result: "error"}` and `{error: "<code>"}` bodies still are.
   */
  readonly interpretError?: AnswerHook | undefined;
  /**
   * Reads a 2xx JSON answer that may still be a refusal in the surface's own envelope (Kraken Spot's
   * `{"error": ["EAPI:Invalid nonce"]}` under HTTP 200). The error it returns is thrown; `undefined`
   * lets the core go on (Kraken's Trading envelope, then the data). `status` is 2xx here.
   */
  readonly interpretSuccess?: AnswerHook | undefined;
  /**
   * Signs the surface's signed calls (the sign stage): Kraken Futures' `Authent` (`futuresSigner` of
   * `@kraken-futures/auth`) or Kraken Spot's `API-Sign`. Without it, signed operations throw
   * `MissingCredentialsError` before anything is sent.
   */
  readonly signer?: SurfaceSigner | undefined;
  /**
   * The API key {@link signer} signs with, so that its signed calls draw their nonces one answered
   * call after another (see `orderSignedCalls`). Without it a signer's calls are not ordered.
   */
  readonly signerKey?: string | undefined;
  /** The nonce source when the user gave none (`options.nonce`); required with a {@link signer}. */
  readonly nonce?: (() => string) | undefined;
}

/** A typed client of one API surface. */
export interface ApiClient<Paths> {
  readonly GET: ApiMethod<Paths, "get">;
  readonly POST: ApiMethod<Paths, "post">;
  readonly PUT: ApiMethod<Paths, "put">;
  readonly DELETE: ApiMethod<Paths, "delete">;
  /** The operation table the client reads (signing, cost, retry safety, numeric fields). */
  readonly api: ApiDescription;
  /** The client's rate-limit queue, e.g. to read `queue.bucket("derivatives")?.available`. */
  readonly queue: SendQueue;
  /** Adds openapi-fetch middleware; it runs before signing, so signatures cover its changes. */
  use(...middleware: Middleware[]): void;
  /** Removes middleware added with {@link ApiClient.use}. */
  eject(...middleware: Middleware[]): void;
}
