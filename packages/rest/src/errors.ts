/**
 * The errors a call can end with live in `@kraken-futures/core/http` (one home, shared by every
 * surface); re-exported here so imports from this package keep working. `KrakenErrorCode` is the
 * Trading spec's own open union, which core's mirrors (the type test checks they are the same).
 */
import type { components } from "./generated/trading.gen.js";

export {
  AuthenticationError,
  BODY_SNIPPET_LENGTH,
  HttpError,
  InvalidArgumentError,
  KrakenApiError,
  type KrakenErrorBody,
  type KrakenErrorItem,
  krakenApiError,
  MissingCredentialsError,
  NetworkError,
  RateLimitError,
  RedirectError,
  RequestError,
  type RequestTarget,
  ResponseValidationError,
  TimeoutError,
  UnexpectedResponseError,
  ValidationError,
} from "@kraken-futures/core/http";

/**
 * Kraken's error code: the spec's open union (`"apiLimitExceeded" | "authenticationError" | …`), so
 * editors complete the known codes and codes Kraken adds later still type-check.
 */
export type KrakenErrorCode = components["schemas"]["ErrorCode"];
