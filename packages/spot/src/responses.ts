/**
 * Spot's envelope, read by the shared core through its `interpretSuccess` hook: Kraken Spot answers
 * refusals with HTTP 200 and `{"error": ["E…"]}`, so a 200 is a failure when its `error` list holds an
 * `E` string. The strings map to the core's error classes callers already branch on.
 */

import { nameErrorClasses } from "@kraken-futures/core/errors";
import {
  AuthenticationError,
  KrakenApiError,
  type KrakenErrorBody,
  RateLimitError,
  type RefusedAnswer,
  type RequestError,
  type RequestTarget,
} from "@kraken-futures/core/http";

/** Strings that mean the key, signature or nonce was refused (`AuthenticationError`). */
const AUTHENTICATION = [
  "EAPI:Invalid key",
  "EAPI:Invalid signature",
  "EAPI:Invalid nonce",
  "EGeneral:Permission denied",
  "EGeneral:Temporary lockout",
];
/** Strings that mean a rate limit (`RateLimitError`, retried for retry-safe calls). */
const RATE_LIMIT = ["EAPI:Rate limit exceeded", "EService: Throttled", "EService:Throttled"];

/**
 * Kraken Spot refused a call with an error string that is neither an authentication nor a
 * rate-limit refusal (`EGeneral:Invalid arguments`, `EQuery:Unknown asset pair`, …). `error` is the
 * first `E` string; `spotErrors` is the whole list as received, warnings included.
 */
export class SpotApiError extends KrakenApiError {
  /** Every string of the answer's `error` list. */
  readonly spotErrors: readonly string[];
  constructor(spotErrors: readonly string[], options: { target: RequestTarget; status: number }) {
    const first = spotErrors.find((e) => e.startsWith("E")) ?? spotErrors[0] ?? "unknownError";
    super({ error: first } as KrakenErrorBody, {
      ...options,
      message: `Kraken Spot answered ${spotErrors.map((e) => `"${e}"`).join(", ")}`,
    });
    this.spotErrors = spotErrors;
  }
}

const startsWithAny = (text: string, prefixes: readonly string[]) => prefixes.some((p) => text.startsWith(p));

/** The error a Spot answer stands for, or `undefined` when it is a success (possibly with warnings). */
export function spotRefusal({ status, body, target }: RefusedAnswer): RequestError | undefined {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return undefined;
  const list = (body as { error?: unknown }).error;
  if (!Array.isArray(list)) return undefined;
  const strings = list.filter((e): e is string => typeof e === "string");
  const failure = strings.find((e) => e.startsWith("E"));
  if (failure === undefined) return undefined;
  const envelope = { error: failure } as KrakenErrorBody;
  const message = `Kraken Spot answered "${failure}"`;
  if (startsWithAny(failure, AUTHENTICATION))
    return new AuthenticationError(envelope, { target, status, message });
  if (startsWithAny(failure, RATE_LIMIT))
    return new RateLimitError(envelope, { target, status, source: "server" });
  return new SpotApiError(strings, { target, status });
}

nameErrorClasses({ SpotApiError });
