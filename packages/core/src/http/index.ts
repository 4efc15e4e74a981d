/**
 * `@kraken-futures/core/http`: the one HTTP pipeline of the SDK (see pipeline.ts for its ordered
 * stages), the errors a call can end with, and the types the surfaces' clients share. The surfaces
 * (`@kraken-futures/rest`, `history`, `charts`, `spot`) are small factories over `createHttpClient`.
 *
 * @packageDocumentation
 */
export { createHttpClient } from "./client.js";
export {
  AuthenticationError,
  BODY_SNIPPET_LENGTH,
  HttpError,
  InvalidArgumentError,
  KrakenApiError,
  type KrakenErrorBody,
  type KrakenErrorCode,
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
} from "./errors.js";
export {
  type ApiClient,
  DEFAULT_ORIGIN,
  DEFAULT_TIMEOUT_MS,
  type HttpClientOptions,
  type SurfaceOptions,
} from "./options.js";
export { STAGES } from "./pipeline.js";
export { backoffDelay, DEFAULT_RETRY, isTransient, type RetryOptions } from "./retry.js";
export {
  type RateLimitPolicy,
  type Release,
  SendQueue,
  type SendQueueOptions,
  type Sleep,
} from "./send-queue.js";
export type { ArgumentChecks } from "./stages/check.js";
export type { AnswerHook, RefusedAnswer } from "./stages/interpret.js";
export type { SignedParts, SurfaceSigner, UnsignedRequest } from "./stages/sign.js";
export {
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_MAX_SOCKETS,
  type Fetch,
  type TransportOptions,
} from "./transport/types.js";
export type {
  ApiMethod,
  ApiResponse,
  CallOptions,
  HttpMethod,
  Logger,
  OperationInit,
  RequestArguments,
  SpecValidator,
  SuccessBody,
} from "./types.js";
