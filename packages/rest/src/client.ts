/**
 * The client core shared by every HTTP surface (Trading here; History and Charts reuse it with their
 * own ApiDescription): openapi-fetch for URLs and types, one middleware that queues and signs, a
 * transport, and the result handling (errors, numbers, validation, retries).
 */
import {
  type Credentials,
  type CredentialsInput,
  encodePostData,
  KrakenFuturesError,
  nextNonce,
  PostDataError,
  type PostDataInput,
  parseCredentials,
} from "@kraken-futures/auth";
import type { Middleware } from "openapi-fetch";
import { createDefaultTransport } from "#transport";
import {
  createAnswerReader,
  parseIfJson,
  type RawResult,
  type RefusedAnswer,
  type RetryHint,
} from "./answers.js";
import type { ApiDescription, OperationDescription } from "./api-description.js";

import { type Deadline, Deadlines } from "./deadlines.js";
import {
  MissingCredentialsError,
  NetworkError,
  type RequestError,
  type RequestTarget,
  TimeoutError,
  UnexpectedResponseError,
  ValidationError,
} from "./errors.js";
import type { InstrumentGrid } from "./instrument-grid.js";
import { inTurn, type KeyTurns, keyTurns, passTurnWhenAnswered } from "./key-turns.js";
import { checkMiddleware, type MiddlewareCall, runMiddleware } from "./middleware.js";
import { parseOrigin } from "./origin.js";
import { checkParameters, pathSegmentProblem } from "./params.js";
import { operationCost } from "./rate-limit.js";
import { backoffDelay, DEFAULT_RETRY, isTransient, type RetryOptions } from "./retry.js";
import { DEFAULT_MAX_RETRY_AFTER_MS } from "./retry-after.js";
import { type RateLimitPolicy, type Release, SendQueue, type Sleep, timerSleep } from "./send-queue.js";
import { futuresSigner, type SurfaceSigner, signLiteRequest, signRealRequest } from "./signing.js";
import { headerRecord, LiteRequest, type LiteResponse } from "./transport/lite.js";
import type { Fetch, LiteTransport, TransportOptions } from "./transport/types.js";
import { ResponseTooLargeError } from "./transport/types.js";
import type { ApiMethod, ApiResponse, CallOptions, Logger, SpecValidator } from "./types.js";
import { callUrl, fillPath, PATH_PARAM } from "./url.js";

export type { RefusedAnswer } from "./answers.js";

/** Default origin of every Kraken Futures surface. */
export const DEFAULT_ORIGIN = "https://futures.kraken.com";
/** Default of {@link ApiClientOptions.timeoutMs}: 10 seconds. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** Options of {@link createApiClient} and `createRestClient`. Every field is optional. */
export interface ApiClientOptions {
  /**
   * The exchange's origin, shared by every surface's client; the API's base path from the spec is
   * appended. Default: the spec's server origin, `https://futures.kraken.com`. Point it at the mock
   * exchange (`http://127.0.0.1:<port>`, its `origin`, not its `url`) in tests. Anything but
   * `scheme://host[:port]` (a path, query, fragment or user info) throws a `TypeError` here.
   */
  readonly origin?: string;
  /**
   * Futures API key pair (not Spot keys). Parsed once at creation; a malformed secret throws a
   * `CredentialsError` here. Without credentials, signed operations throw {@link MissingCredentialsError}.
   */
  readonly credentials?: Credentials | CredentialsInput;
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
  /** Nonce source; default `nextNonce` of `@kraken-futures/auth`, shared by every client of the process. */
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
   * trade precision before sending (see `instrumentGrid`). Default none: Kraken checks them itself.
   */
  readonly instruments?: InstrumentGrid;
}

/**
 * What a surface whose refusals are not Kraken's Trading envelope tells the core: the third argument
 * of {@link createApiClient}, passed by that surface's own factory (History, Charts), not a user option.
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
  readonly interpretError?: ((answer: RefusedAnswer) => RequestError | undefined) | undefined;
  /**
   * Reads a 2xx JSON answer that may still be a refusal in the surface's own envelope (Kraken Spot's
   * `{"error": ["EAPI:Invalid nonce"]}` under HTTP 200). The error it returns is thrown; `undefined`
   * lets the core go on (Kraken's Trading envelope, then the data). `status` is 2xx here.
   */
  readonly interpretSuccess?: ((answer: RefusedAnswer) => RequestError | undefined) | undefined;
  /**
   * Signs the surface's calls instead of Kraken Futures' `Authent` (Kraken Spot's `API-Sign`). With
   * it, signed operations need no `credentials` option: the surface holds its own key.
   */
  readonly signer?: SurfaceSigner | undefined;
  /**
   * The API key {@link signer} signs with, so that its signed calls, like Futures ones, draw their
   * nonces one answered call after another (see `orderSignedCalls`). Without it a surface signer's
   * calls are not ordered.
   */
  readonly signerKey?: string | undefined;
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

type RawInit = CallOptions & {
  params?: { query?: Record<string, unknown>; path?: Record<string, unknown> };
  body?: unknown;
};

/** What one attempt shares between the client, the middleware and the transport wrapper. */
interface Attempt {
  readonly op: OperationDescription;
  readonly target: RequestTarget;
  readonly cost: number;
  readonly timeoutMs: number;
  /** The call's body arguments before encoding, for a surface signer that writes its own body. */
  readonly args: unknown;
  /** Where the call goes (the base URL and path template), to resolve a redirect's relative target. */
  readonly url: string;
  /** Slow path only: the signal of the real Request. The fast path cancels through `cancel`. */
  readonly controller: AbortController | undefined;
  /** Fast path: the request, once handed to the transport (which sets its `cancel`). */
  request?: LiteRequest | undefined;
  release?: Release | undefined;
  /** Signed calls: the key's turn, held from the nonce's draw until the answer (key-turns.ts). */
  turn?: Release | undefined;
  deadline?: Deadline | undefined;
  timedOut: boolean;
}

const FORM = "application/x-www-form-urlencoded";

/**
 * Creates a typed client of one Kraken Futures HTTP surface from its operation table. `Paths` is the
 * surface's generated openapi-typescript `paths`. A surface that refuses calls in its own shape (not
 * Kraken's Trading envelope) passes `surface.interpretError`; see {@link SurfaceOptions}.
 *
 * @example
 * const trading = createApiClient<paths>(tradingApi, { credentials });
 * const { data } = await trading.GET("/openpositions");
 */
export function createApiClient<Paths extends {}>(
  api: ApiDescription,
  options: ApiClientOptions = {},
  surface: SurfaceOptions = {},
): ApiClient<Paths> {
  const origin = parseOrigin(options.origin ?? api.defaultOrigin ?? DEFAULT_ORIGIN);
  const credentials = options.credentials === undefined ? undefined : parseCredentials(options.credentials);
  const transport: LiteTransport = options.fetch ?? createDefaultTransport(options.transport);
  // The default Node transport takes LiteRequests as they are; any other transport gets a real Request.
  const sendLite = transport.lite;
  // Middleware added with use(): while there is any, calls build real Requests (middleware may
  // return a new one, and openapi-fetch requires `instanceof Request`).
  const userMiddleware = new Set<Middleware>();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const retry = options.retry === false ? { ...DEFAULT_RETRY, retries: 0 } : options.retry;
  const maxRetries = retry?.retries ?? DEFAULT_RETRY.retries;
  const sleep = options.sleep ?? timerSleep;
  const deadlines = new Deadlines();
  const random = options.random ?? Math.random;
  const nonce = options.nonce ?? nextNonce;
  const logger = options.logger;
  const validator = options.validator;
  const checkParams = options.checkParams ?? true;
  // A surface's own signer (Spot's API-Sign), else Kraken Futures' Authent when there are credentials.
  const signer = surface.signer ?? (credentials ? futuresSigner(credentials) : undefined);
  const now = options.now ?? Date.now;
  const maxRetryAfterMs = retry?.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
  const read = createAnswerReader({
    validator,
    interpretError: surface.interpretError,
    interpretSuccess: surface.interpretSuccess,
    now,
  });
  // Signed calls of one key keep arrival order = nonce order (key-turns.ts): the surface signer's key
  // (Spot's) or the Futures credentials' key.
  const turnKey = surface.signerKey ?? credentials?.apiKey;
  const turns: KeyTurns | undefined =
    turnKey !== undefined && options.orderSignedCalls !== false ? keyTurns(turnKey) : undefined;
  const queue = new SendQueue({
    pools: api.pools,
    policy: options.rateLimit ?? "queue",
    ...(options.now ? { now: options.now } : {}),
    sleep,
  });

  // By method, then path: looking up the path literal avoids building and hashing "METHOD /path".
  const operations = new Map<string, Map<string, OperationDescription>>();
  for (const op of Object.values(api.operations)) {
    const byPath = operations.get(op.method) ?? new Map<string, OperationDescription>();
    operations.set(op.method, byPath.set(op.path, op));
  }

  // Signed calls and calls that spend from a pool pass through the lane; an idle lane with the cost
  // available is entered at once, without the promise hops of a wait.
  function enterLane(
    attempt: Attempt,
    signal: AbortSignal | undefined,
  ): Release | Promise<Release> | undefined {
    const { op, cost } = attempt;
    const pool = op.rateLimit.pool;
    if (!op.signed && (pool === undefined || cost <= 0)) return undefined;
    return queue.tryEnter(pool, cost) ?? queue.enter(pool, cost, attempt.target, signal);
  }

  function abort(attempt: Attempt, reason: unknown): void {
    if (attempt.controller) attempt.controller.abort(reason);
    else attempt.request?.cancel?.(reason);
  }

  function startTimer(attempt: Attempt): void {
    if (attempt.timeoutMs > 0 && Number.isFinite(attempt.timeoutMs)) {
      attempt.deadline = deadlines.add(attempt.timeoutMs, () => {
        attempt.timedOut = true;
        abort(attempt, new TimeoutError(attempt.timeoutMs, { target: attempt.target }));
      });
    }
  }

  // The fast path signs the LiteRequest in place; the nonce is drawn now, after the lane's wait.
  function signLite(request: LiteRequest, attempt: Attempt): Promise<void> {
    return signLiteRequest(signer!, request, attempt.args, nonce());
  }

  // The fast path's queue and signature: undefined when there is nothing to wait for (an idle lane
  // and an unsigned call), so the common public call takes no promise hop here.
  function prepareLite(request: LiteRequest, attempt: Attempt): Promise<void> | undefined {
    const lane = enterLane(attempt, request.signal);
    const signed = () => inTurn(turns, attempt, request.signal, () => signLite(request, attempt));
    if (lane instanceof Promise) {
      return lane.then((release) => {
        attempt.release = release;
        return attempt.op.signed ? signed() : undefined;
      });
    }
    attempt.release = lane;
    // The nonce is drawn here, after the wait and while holding the lane: send order = nonce order.
    return attempt.op.signed ? signed() : undefined;
  }

  // Hands a prepared LiteRequest to the transport, then lets the next signed call draw its nonce.
  function sendPrepared(request: LiteRequest, attempt: Attempt): Promise<Response | LiteResponse> {
    attempt.request = request;
    // The node transport reports the headers: a long body (a CSV export) need not hold the turn.
    request.onHeaders = attempt.turn;
    startTimer(attempt);
    try {
      return passTurnWhenAnswered<Response | LiteResponse>(
        sendLite ? sendLite(request) : transport(request.toRequest()),
        attempt.turn,
      );
    } finally {
      attempt.release?.();
    }
  }

  // The middleware path's queue and signature, after every user onRequest: it signs the final request.
  async function prepareReal(request: Request, attempt: Attempt): Promise<Request> {
    const lane = enterLane(attempt, request.signal);
    attempt.release = lane instanceof Promise ? await lane : lane;
    // The nonce is drawn here, after the wait and while holding the lane: send order = nonce order.
    if (!attempt.op.signed) return request;
    let signed = request;
    await inTurn(turns, attempt, request.signal, async () => {
      signed = await signRealRequest(signer!, request, attempt.args, nonce());
    });
    return signed;
  }

  // Hands the request to the transport, then lets the next signed call draw its nonce. A request
  // that middleware rebuilt without `redirect: "manual"` gets it back: a redirect is never followed.
  function dispatch(request: Request, attempt: Attempt): Promise<Response> {
    startTimer(attempt);
    try {
      return passTurnWhenAnswered(
        transport(request.redirect === "manual" ? request : new Request(request, { redirect: "manual" })),
        attempt.turn,
      );
    } finally {
      attempt.release?.();
    }
  }

  const baseUrl = origin + api.basePath;
  // One encoder for the wire and the signature: what is signed is what is sent.
  const querySerializer = (args: unknown) => encodePostData(args as PostDataInput);
  const bodySerializer = querySerializer;
  // What middleware callbacks read as `options`, as openapi-fetch's client passed them.
  const middlewareOptions: MiddlewareCall["options"] = Object.freeze({
    baseUrl,
    fetch: transport as typeof globalThis.fetch,
    parseAs: "text",
    querySerializer,
    bodySerializer,
    pathSerializer: fillPath,
  });

  function failure(error: unknown, attempt: Attempt, signal: AbortSignal | undefined): unknown {
    const { target } = attempt;
    if (attempt.timedOut) return new TimeoutError(attempt.timeoutMs, { target });
    if (signal?.aborted) return signal.reason;
    if (error instanceof PostDataError) return new ValidationError([error.message], { target, cause: error });
    if (error instanceof KrakenFuturesError) return error;
    if (error instanceof ResponseTooLargeError) {
      return new UnexpectedResponseError(error.status, "", error.message, { target, cause: error });
    }
    return new NetworkError(error, { target });
  }

  async function once(
    method: string,
    path: string,
    op: OperationDescription,
    target: RequestTarget,
    cost: number,
    init: RawInit,
    hint: RetryHint,
  ): Promise<ApiResponse<unknown>> {
    const signal = init.signal;
    if (signal?.aborted) throw signal.reason;
    const fast = userMiddleware.size === 0;
    // The fast path needs no AbortController per call: the user's signal rides on the LiteRequest,
    // and a timeout cancels the transport's request directly.
    const controller = fast ? undefined : new AbortController();
    const base = op.basePath !== undefined ? origin + op.basePath : baseUrl;
    const attempt: Attempt = {
      op,
      target,
      cost,
      timeoutMs: init.timeoutMs ?? timeoutMs,
      args: init.body,
      url: base + path,
      controller,
      timedOut: false,
    };
    const onAbort = signal ? () => abort(attempt, signal.reason) : undefined;
    if (onAbort) signal!.addEventListener("abort", onAbort, { once: true });
    const params = init.params ?? {};
    const headers = init.body === undefined ? init.headers : { ...init.headers, "Content-Type": FORM };
    try {
      const url = callUrl(base, path, params, querySerializer);
      const body = init.body === undefined ? null : bodySerializer(init.body);
      let response: Response | LiteResponse;
      if (fast) {
        // No middleware to run: the LiteRequest goes straight to the lane and transport.
        const request = new LiteRequest(url, method, headers, body, signal);
        const prepared = prepareLite(request, attempt);
        if (prepared) await prepared;
        response = await sendPrepared(request, attempt);
      } else {
        const request = new Request(url, {
          method,
          headers: headerRecord(headers),
          redirect: "manual",
          signal: controller!.signal,
          ...(body !== null ? { body } : {}),
        });
        const call = {
          schemaPath: path,
          params,
          options: middlewareOptions,
          id: Math.random().toString(36).slice(2, 11),
        };
        response = await runMiddleware([...userMiddleware], request, call, async (final) =>
          dispatch(await prepareReal(final, attempt), attempt),
        );
      }
      const text = "bodyText" in response ? response.bodyText : await response.text();
      const result: RawResult = response.ok
        ? { data: text, response }
        : { error: parseIfJson(text), text, response };
      const answer = read(attempt, result, hint);
      logger?.debug?.(`${target.method} ${target.path} ${response.status}`, { cost });
      return answer;
    } catch (error) {
      throw failure(error, attempt, signal);
    } finally {
      deadlines.clear(attempt.deadline);
      attempt.release?.();
      // Also when signing failed or nothing was sent: the next signed call of the key may go.
      attempt.turn?.();
      // The answer (or failure) is in: correct the budget for what the server counted later.
      attempt.release?.settle();
      if (onAbort) signal!.removeEventListener("abort", onAbort);
    }
  }

  function check(op: OperationDescription, target: RequestTarget, init: RawInit): void {
    const query = init.params?.query;
    const path = init.params?.path;
    let issues = checkParams ? checkParameters(op, query, path) : undefined;
    const offGrid = options.instruments?.issues(op.operationId, query);
    if (offGrid) issues = [...(issues ?? []), ...offGrid];
    if (issues === undefined && !validator?.validateRequest && !op.path.includes("{")) return;
    const problems: string[] = issues ? issues.map((i) => `${i.message} (${i.rule})`) : [];
    // Whatever the checks say, an empty or dot segment would send the call to another URL.
    if (op.path.includes("{")) {
      for (const [, name] of op.path.matchAll(PATH_PARAM)) {
        const problem = pathSegmentProblem(name!, path?.[name!]);
        if (problem && !issues?.some((i) => i.parameter === name)) problems.push(problem);
      }
    }
    if (validator?.validateRequest) {
      problems.push(...(validator.validateRequest(op, { query, path, body: init.body }) ?? []));
    }
    if (problems.length > 0) throw new ValidationError(problems, { target, ...(issues ? { issues } : {}) });
  }

  async function call(method: string, path: string, init: RawInit = {}): Promise<ApiResponse<unknown>> {
    const op = operations.get(method)?.get(path);
    const target: RequestTarget = { method, path, operationId: op?.operationId };
    if (!op)
      throw new ValidationError([`the ${api.name} API has no operation ${method} ${path}`], { target });
    if (op.signed && !signer) throw new MissingCredentialsError({ target });
    check(op, target, init);
    const args = (init.body ?? init.params?.query ?? {}) as Record<string, unknown>;
    const cost = operationCost(op.rateLimit, args);
    // From the spec's x-retry-safe only: a call that is not (order entry) is never resent, 429 or not.
    const retries = op.retrySafe ? maxRetries : 0;
    const hint: RetryHint = { retryAfterMs: undefined };
    for (let attempt = 0; ; attempt++) {
      try {
        hint.retryAfterMs = undefined;
        return await once(method, path, op, target, cost, init, hint);
      } catch (error) {
        const asked = hint.retryAfterMs;
        if (
          attempt >= retries ||
          !isTransient(error) ||
          init.signal?.aborted ||
          (asked !== undefined && asked > maxRetryAfterMs)
        ) {
          logger?.debug?.(`${method} ${path} failed`, {
            error: (error as Error)?.name,
            attempt: attempt + 1,
          });
          throw error;
        }
        // The server's Retry-After, when it sent one, instead of the backoff.
        const delay = asked ?? backoffDelay(attempt, retry, random);
        logger?.warn?.(`${method} ${path}: retrying in ${delay} ms`, {
          error: (error as Error)?.name,
          attempt: attempt + 1,
          of: retries + 1,
        });
        await sleep(delay, init.signal);
      }
    }
  }

  const method =
    (name: string) =>
    (path: string, init?: RawInit): Promise<ApiResponse<unknown>> =>
      call(name, path, init);

  return {
    GET: method("GET") as ApiMethod<Paths, "get">,
    POST: method("POST") as ApiMethod<Paths, "post">,
    PUT: method("PUT") as ApiMethod<Paths, "put">,
    DELETE: method("DELETE") as ApiMethod<Paths, "delete">,
    api,
    queue,
    use: (...middleware) => {
      for (const m of middleware) if (m) checkMiddleware(m);
      for (const m of middleware) if (m) userMiddleware.add(m);
    },
    eject: (...middleware) => {
      for (const m of middleware) userMiddleware.delete(m);
    },
  };
}
