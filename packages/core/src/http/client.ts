/**
 * `createHttpClient`: one typed client of one HTTP surface, from its operation table. It resolves the
 * options once, builds the stages (pipeline.ts lists them in order) and exposes openapi-fetch's call
 * shape (`client.POST("/sendorder", { body })`). The surfaces (`@kraken-futures/rest`, `history`,
 * `charts`, `spot`) are small factories over it that pass their table, their error hooks and, where
 * calls are signed, their signer.
 */
import type { Middleware } from "openapi-fetch";
import { createDefaultTransport } from "#transport";
import { encodePostData, type PostDataInput } from "../encode.js";
import type { ApiDescription, OperationDescription } from "../model.js";
import { Deadlines } from "./deadlines.js";
import { type RequestTarget, ValidationError } from "./errors.js";
import { type KeyTurns, keyTurns } from "./key-turns.js";
import {
  type ApiClient,
  DEFAULT_ORIGIN,
  DEFAULT_TIMEOUT_MS,
  type HttpClientOptions,
  type SurfaceOptions,
} from "./options.js";
import { parseOrigin } from "./origin.js";
import { type AttemptStages, createPipeline, type RawInit } from "./pipeline.js";
import { DEFAULT_RETRY } from "./retry.js";
import { DEFAULT_MAX_RETRY_AFTER_MS } from "./retry-after.js";
import { SendQueue, type Sleep, timerSleep } from "./send-queue.js";
import { checkStage } from "./stages/check.js";
import { interpretStage, receiveStage } from "./stages/interpret.js";
import { laneStage } from "./stages/lane.js";
import { checkMiddleware, type MiddlewareOptions, middlewareRequestStage } from "./stages/middleware.js";
import { normaliseStage } from "./stages/normalise.js";
import { sendStage } from "./stages/send.js";
import { signStage } from "./stages/sign.js";
import type { LiteTransport } from "./transport/types.js";
import type { ApiMethod, ApiResponse } from "./types.js";
import { callUrl, fillPath } from "./url.js";

// One encoder for the wire and the signature: what is signed is what is sent.
const encode = (args: unknown) => encodePostData(args as PostDataInput);

/** By method, then path: looking up the path literal avoids building and hashing "METHOD /path". */
function operationsByMethod(api: ApiDescription): Map<string, Map<string, OperationDescription>> {
  const operations = new Map<string, Map<string, OperationDescription>>();
  for (const op of Object.values(api.operations)) {
    const byPath = operations.get(op.method) ?? new Map<string, OperationDescription>();
    operations.set(op.method, byPath.set(op.path, op));
  }
  return operations;
}

/** What the stages of one client share, made once by {@link createHttpClient}. */
interface ClientParts {
  readonly queue: SendQueue;
  readonly turns: KeyTurns | undefined;
  readonly transport: LiteTransport;
  readonly deadlines: Deadlines;
  readonly middlewareOptions: MiddlewareOptions;
}

/** The client's rate-limit queue, and the key's turns that keep arrival order = nonce order. */
function lanes(api: ApiDescription, options: HttpClientOptions, surface: SurfaceOptions, sleep: Sleep) {
  const turns: KeyTurns | undefined =
    surface.signerKey !== undefined && options.orderSignedCalls !== false
      ? keyTurns(surface.signerKey)
      : undefined;
  const queue = new SendQueue({
    pools: api.pools,
    policy: options.rateLimit ?? "queue",
    ...(options.now ? { now: options.now } : {}),
    sleep,
  });
  return { queue, turns };
}

/** The per-attempt stages of a client, in the pipeline's order. */
function attemptStages(
  options: HttpClientOptions,
  surface: SurfaceOptions,
  parts: ClientParts,
): AttemptStages {
  return {
    middleware: middlewareRequestStage(parts.middlewareOptions),
    lane: laneStage(parts.queue),
    // Without a signer there is no nonce source either: the check stage refuses signed calls first.
    sign: signStage(surface.signer, (options.nonce ?? surface.nonce)!, parts.turns),
    send: sendStage(parts.transport, parts.deadlines),
    receive: receiveStage(parts.middlewareOptions),
    interpret: interpretStage({
      interpretError: surface.interpretError,
      interpretSuccess: surface.interpretSuccess,
      now: options.now ?? Date.now,
    }),
    normalise: normaliseStage(options.validator),
  };
}

/**
 * Creates a typed client of one Kraken HTTP surface from its operation table. `Paths` is the
 * surface's generated openapi-typescript `paths`. A surface that refuses calls in its own shape (not
 * Kraken's Trading envelope) passes `surface.interpretError`; a surface with signed calls passes its
 * `signer`; see {@link SurfaceOptions}.
 *
 * @example
 * const charts = createHttpClient<paths>(chartsApi, { timeoutMs: 5_000 });
 * const { data } = await charts.GET("/tick_types");
 */
export function createHttpClient<Paths extends {}>(
  api: ApiDescription,
  options: HttpClientOptions = {},
  surface: SurfaceOptions = {},
): ApiClient<Paths> {
  const origin = parseOrigin(options.origin ?? api.defaultOrigin ?? DEFAULT_ORIGIN);
  const transport: LiteTransport = options.fetch ?? createDefaultTransport(options.transport);
  const signer = surface.signer;
  if (signer && !(options.nonce ?? surface.nonce))
    throw new TypeError("a surface that signs must give a nonce source");
  const retry = options.retry === false ? { ...DEFAULT_RETRY, retries: 0 } : options.retry;
  const sleep = options.sleep ?? timerSleep;
  const deadlines = new Deadlines();
  const { queue, turns } = lanes(api, options, surface, sleep);
  const operations = operationsByMethod(api);
  // Middleware added with use(); the middleware stage runs it, on the same internal request.
  const userMiddleware = new Set<Middleware>();
  const baseUrl = origin + api.basePath;
  // What middleware callbacks read as `options`, as openapi-fetch's client passed them.
  const middlewareOptions: MiddlewareOptions = Object.freeze({
    baseUrl,
    fetch: transport as typeof globalThis.fetch,
    parseAs: "text",
    querySerializer: encode,
    bodySerializer: encode,
    pathSerializer: fillPath,
  });
  const none: readonly Middleware[] = [];
  const pipeline = createPipeline({
    check: checkStage({
      checkParams: options.checkParams ?? true,
      validator: options.validator,
      instruments: options.instruments,
      canSign: signer !== undefined,
    }),
    stages: attemptStages(options, surface, { queue, turns, transport, deadlines, middlewareOptions }),
    deadlines,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    retry,
    maxRetries: retry?.retries ?? DEFAULT_RETRY.retries,
    maxRetryAfterMs: retry?.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS,
    sleep,
    random: options.random ?? Math.random,
    logger: options.logger,
    build(op, path, init) {
      const base = op.basePath !== undefined ? origin + op.basePath : baseUrl;
      const url = callUrl(base, path, init.params ?? {}, encode);
      return { url, base, body: init.body === undefined ? null : encode(init.body) };
    },
    middleware: () => (userMiddleware.size === 0 ? none : [...userMiddleware]),
  });

  const method =
    (name: string) =>
    (path: string, init: RawInit = {}): Promise<ApiResponse<unknown>> => {
      const op = operations.get(name)?.get(path);
      if (op) return pipeline(name, path, op, init);
      const target: RequestTarget = { method: name, path, operationId: undefined };
      return Promise.reject(
        new ValidationError([`the ${api.name} API has no operation ${name} ${path}`], { target }),
      );
    };

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
