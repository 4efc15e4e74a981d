/**
 * The one HTTP pipeline: every call of every surface, with or without user middleware, runs the same
 * ordered list of stages over one internal request ({@link Attempt}, attempt.ts).
 *
 * Per call, once: **check** (the table's argument rules, signer present; stages/check.ts), then
 * **cost** (`operationCost` of the arguments). Per attempt (a retry-safe call may make several):
 *
 * 1. **middleware** (onRequest half): user openapi-fetch middleware, if any, on a real `Request`
 *    made from the internal one (stages/middleware.ts); a no-op without middleware;
 * 2. **lane**: the rate-limit FIFO and the pool's cost (stages/lane.ts);
 * 3. **sign**: the key's turn, the nonce, the injected signer (stages/sign.ts);
 * 4. **send**: the timeout, the transport, the lane released (stages/send.ts);
 * 5. **receive**: the answer and its body (middleware's onResponse/onError half when there is any);
 * 6. **interpret**: redirect refused, the surface's hooks, Kraken's envelope (stages/interpret.ts);
 * 7. **normalise**: success shape, optional validator, numbers (stages/normalise.ts).
 *
 * A stage that is done at once returns nothing, so a call on an idle client takes no promise hop
 * until the transport's answer (on Node the signer answers at once too). Retries (retry-safe operations only) rerun stages 1 to 7.
 */

import type { Middleware } from "openapi-fetch";
import { operationCost } from "../cost.js";
import type { OperationDescription } from "../model.js";
import { type Attempt, attemptFailure, type RetryHint, type Stage } from "./attempt.js";
import type { Deadlines } from "./deadlines.js";
import type { RequestTarget } from "./errors.js";
import { backoffDelay, isTransient, type RetryOptions } from "./retry.js";
import type { Sleep } from "./send-queue.js";
import type { CheckedCall, checkStage } from "./stages/check.js";
import { cancelAttempt } from "./stages/send.js";
import { LiteRequest } from "./transport/lite.js";
import type { ApiResponse, CallOptions, Logger } from "./types.js";

/** The stage names in the order they run, for documentation and tests. */
export const STAGES = [
  "check",
  "cost",
  "middleware",
  "lane",
  "sign",
  "send",
  "receive",
  "interpret",
  "normalise",
] as const;

/** A call's arguments as the methods receive them. */
export type RawInit = CallOptions & CheckedCall;

/** The per-attempt stages (middleware to normalise), in {@link STAGES} order. */
export interface AttemptStages {
  readonly middleware: Stage;
  readonly lane: Stage;
  readonly sign: Stage;
  readonly send: Stage;
  readonly receive: Stage;
  readonly interpret: Stage;
  readonly normalise: Stage;
}

/** What the pipeline needs besides the stages: the client's resolved options. */
export interface PipelineContext {
  readonly check: ReturnType<typeof checkStage>;
  readonly stages: AttemptStages;
  readonly deadlines: Deadlines;
  readonly timeoutMs: number;
  readonly retry: RetryOptions | undefined;
  readonly maxRetries: number;
  readonly maxRetryAfterMs: number;
  readonly sleep: Sleep;
  readonly random: () => number;
  readonly logger: Logger | undefined;
  /** The internal request's URL and body for a call (encoded by the one encoder). */
  readonly build: (
    op: OperationDescription,
    path: string,
    init: RawInit,
  ) => { url: string; base: string; body: string | null };
  readonly middleware: () => readonly Middleware[];
}

const FORM = "application/x-www-form-urlencoded";

/** One call as its attempts share it: checked and costed once. */
interface Call {
  readonly method: string;
  readonly path: string;
  readonly op: OperationDescription;
  readonly target: RequestTarget;
  readonly cost: number;
  readonly init: RawInit;
  readonly hint: RetryHint;
}

/** The stages of {@link AttemptStages} as the list they run in. */
function stageList(stages: AttemptStages): readonly Stage[] {
  return [
    stages.middleware,
    stages.lane,
    stages.sign,
    stages.send,
    stages.receive,
    stages.interpret,
    stages.normalise,
  ];
}

/** A fresh attempt of `call`: the internal request built from its arguments by the one encoder. */
function newAttempt(context: PipelineContext, call: Call): Attempt {
  const { op, target, cost, init, hint } = call;
  const headers = init.body === undefined ? init.headers : { ...init.headers, "Content-Type": FORM };
  const { url, base, body } = context.build(op, call.path, init);
  return {
    op,
    target,
    cost,
    timeoutMs: init.timeoutMs ?? context.timeoutMs,
    args: init.body,
    url: base + call.path,
    params: init.params ?? {},
    middleware: context.middleware(),
    hint,
    request: new LiteRequest(url, call.method, headers, body, init.signal),
    timedOut: false,
  };
}

/** One attempt through the stages; whatever happens, its lane, turn, deadline and listener are let go. */
async function runAttempt(
  context: PipelineContext,
  stages: readonly Stage[],
  call: Call,
): Promise<ApiResponse<unknown>> {
  const signal = call.init.signal;
  if (signal?.aborted) throw signal.reason;
  let attempt: Attempt | undefined;
  const onAbort = signal ? () => attempt && cancelAttempt(attempt, signal.reason) : undefined;
  if (onAbort) signal!.addEventListener("abort", onAbort, { once: true });
  try {
    attempt = newAttempt(context, call);
    // The stages in order, awaiting only those that return a promise (here, not in a helper: one
    // async frame fewer between the transport's answer and the caller).
    for (const stage of stages) {
      const pending = stage(attempt);
      if (pending !== undefined) await pending;
    }
    context.logger?.debug?.(`${call.method} ${call.path} ${attempt.response!.status}`, { cost: call.cost });
    return attempt.result!;
  } catch (error) {
    throw attempt ? attemptFailure(error, attempt, signal) : attemptFailure(error, call, signal);
  } finally {
    if (attempt) {
      context.deadlines.clear(attempt.deadline);
      attempt.release?.();
      // Also when signing failed or nothing was sent: the next signed call of the key may go.
      attempt.turn?.();
      // The answer (or failure) is in: correct the budget for what the server counted later.
      attempt.release?.settle();
    }
    if (onAbort) signal!.removeEventListener("abort", onAbort);
  }
}

/** Whether a failed attempt is tried again: retry-safe, transient, not aborted, a bearable Retry-After. */
function retryable(context: PipelineContext, call: Call, error: unknown, attempt: number, retries: number) {
  const asked = call.hint.retryAfterMs;
  return (
    attempt < retries &&
    isTransient(error) &&
    !call.init.signal?.aborted &&
    (asked === undefined || asked <= context.maxRetryAfterMs)
  );
}

/** The call function of one client: check, cost, then attempts through the stages, with retries. */
export function createPipeline(context: PipelineContext) {
  const stages = stageList(context.stages);
  const { logger } = context;
  return async function call(
    method: string,
    path: string,
    op: OperationDescription,
    init: RawInit,
  ): Promise<ApiResponse<unknown>> {
    const target: RequestTarget = { method, path, operationId: op.operationId };
    context.check(op, target, init);
    const args = (init.body ?? init.params?.query ?? {}) as Record<string, unknown>;
    const cost = operationCost(op.rateLimit, args);
    const hint: RetryHint = { retryAfterMs: undefined };
    const current: Call = { method, path, op, target, cost, init, hint };
    // From the spec's x-retry-safe only: a call that is not (order entry) is never resent, 429 or not.
    const retries = op.retrySafe ? context.maxRetries : 0;
    for (let attempt = 0; ; attempt++) {
      try {
        hint.retryAfterMs = undefined;
        return await runAttempt(context, stages, current);
      } catch (error) {
        if (!retryable(context, current, error, attempt, retries)) {
          logger?.debug?.(`${method} ${path} failed`, {
            error: (error as Error)?.name,
            attempt: attempt + 1,
          });
          throw error;
        }
        // The server's Retry-After, when it sent one, instead of the backoff.
        const delay = hint.retryAfterMs ?? backoffDelay(attempt, context.retry, context.random);
        logger?.warn?.(`${method} ${path}: retrying in ${delay} ms`, {
          error: (error as Error)?.name,
          attempt: attempt + 1,
          of: retries + 1,
        });
        await context.sleep(delay, init.signal);
      }
    }
  };
}
