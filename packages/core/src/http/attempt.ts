/**
 * The internal request as the stages see it: one {@link Attempt} per try of a call, carrying the
 * {@link LiteRequest} (what goes on the wire, built once per attempt whatever the transport and
 * whether or not user middleware runs) and what each stage leaves for the next (the lane's release,
 * the key's turn, the deadline, the answer, its body and the result).
 */
import type { Middleware } from "openapi-fetch";
import { KrakenFuturesError, PostDataError } from "../errors.js";
import type { OperationDescription } from "../model.js";
import type { Deadline } from "./deadlines.js";
import {
  NetworkError,
  type RequestTarget,
  TimeoutError,
  UnexpectedResponseError,
  ValidationError,
} from "./errors.js";
import type { Release } from "./send-queue.js";
import type { LiteRequest, LiteResponse } from "./transport/lite.js";
import { ResponseTooLargeError } from "./transport/types.js";
import type { ApiResponse } from "./types.js";

/** Where the interpret stage leaves what the retry loop needs: the server's Retry-After, in ms. */
export interface RetryHint {
  retryAfterMs: number | undefined;
}

/** One try of one call, handed from stage to stage. */
export interface Attempt {
  readonly op: OperationDescription;
  readonly target: RequestTarget;
  readonly cost: number;
  readonly timeoutMs: number;
  /** The call's body arguments before encoding, for a surface signer that writes its own body. */
  readonly args: unknown;
  /** Where the call goes (the base URL and path template), to resolve a redirect's relative target. */
  readonly url: string;
  /** The call's `params`, as openapi-fetch middleware reads them. */
  readonly params: Readonly<Record<string, unknown>>;
  /** The user middleware of this attempt (a snapshot of `use()`), empty on the common path. */
  readonly middleware: readonly Middleware[];
  readonly hint: RetryHint;
  /** The internal request; the middleware stage may replace it with what middleware made of it. */
  request: LiteRequest;
  release?: Release | undefined;
  /** Signed calls: the key's turn, held from the nonce's draw until the answer (key-turns.ts). */
  turn?: Release | undefined;
  deadline?: Deadline | undefined;
  timedOut: boolean;
  /** With user middleware: the `Request` its callbacks saw last (openapi-fetch hands it to each one). */
  middlewareRequest?: Request | undefined;
  /** With user middleware: the fields every callback of this attempt receives (one `id` per attempt). */
  middlewareCall?: Omit<import("openapi-fetch").MiddlewareCallbackParams, "request"> | undefined;
  /** The transport's answer while in flight (set by the send stage). */
  sent?: Promise<Response | LiteResponse> | undefined;
  /** The answer (from the transport, or from a middleware that answered the call itself). */
  response?: Response | LiteResponse | undefined;
  /** The answer's body as text (set by the receive stage). */
  text?: string | undefined;
  /** A 2xx JSON body, parsed by the interpret stage for the normalise stage. */
  body?: unknown;
  /** The call's result, set by the last stage that has it (interpret for text, normalise for JSON). */
  result?: ApiResponse<unknown> | undefined;
}

/** One stage: returns nothing when it is done at once (no promise hop), else a promise of its end. */
export type Stage = (attempt: Attempt) => undefined | Promise<void>;

/** What an attempt that threw ends with: a typed error of this package, never a raw transport error. */
export function attemptFailure(
  error: unknown,
  attempt: Pick<Attempt, "target"> & Partial<Pick<Attempt, "timedOut" | "timeoutMs">>,
  signal: AbortSignal | undefined,
): unknown {
  const { target } = attempt;
  if (attempt.timedOut) return new TimeoutError(attempt.timeoutMs!, { target });
  if (signal?.aborted) return signal.reason;
  if (error instanceof PostDataError) return new ValidationError([error.message], { target, cause: error });
  if (error instanceof KrakenFuturesError) return error;
  if (error instanceof ResponseTooLargeError) {
    return new UnexpectedResponseError(error.status, "", error.message, { target, cause: error });
  }
  return new NetworkError(error, { target });
}
