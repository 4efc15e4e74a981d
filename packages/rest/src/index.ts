/**
 * `@kraken-futures/rest`: the typed client of the Kraken Futures Trading v3 HTTP API, a small factory
 * over the one HTTP pipeline of `@kraken-futures/core/http`. The pipeline's names (errors, options,
 * `SendQueue`, retries, `createApiClient`) stay exported from here, re-exported from core, so code that
 * imported them from this package keeps working; new surfaces build on `@kraken-futures/core/http`.
 *
 * @packageDocumentation
 */

// Re-exported so users need one import for the errors they branch on.
export { CredentialsError, KrakenFuturesError, nameErrorClasses } from "@kraken-futures/auth";
export type {
  ApiDescription,
  NumericTree,
  OperationDescription,
  ParameterDescription,
  RateLimitPool,
  RateLimitRule,
} from "./api-description.js";
export { type BatchInstruction, type BatchOrderOptions, type BatchOrderResult, batchOrder } from "./batch.js";
export {
  type ApiClient,
  type ApiClientOptions,
  createApiClient,
  DEFAULT_ORIGIN,
  DEFAULT_TIMEOUT_MS,
  type RefusedAnswer,
  type SurfaceOptions,
} from "./client.js";
export {
  AuthenticationError,
  BODY_SNIPPET_LENGTH,
  HttpError,
  InvalidArgumentError,
  KrakenApiError,
  type KrakenErrorBody,
  type KrakenErrorCode,
  type KrakenErrorItem,
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
export type { components, operations, paths } from "./generated/trading.gen.js";
export { tradingApi } from "./generated/trading.operations.gen.js";
export { type InstrumentGrid, type InstrumentLike, instrumentGrid } from "./instrument-grid.js";
export { normaliseNumbers } from "./numeric.js";
export {
  ACCEPTED_ORDER_STATUSES,
  assertOrderPlaced,
  OrderRejectedError,
  type OrderRejection,
  orderRejections,
} from "./orders.js";
export { checkParameters, type ParameterIssue, type ParameterRule } from "./params.js";
export { operationCost, TokenBucket } from "./rate-limit.js";
export { createRestClient, type RestClient, type RestClientOptions } from "./rest-client.js";
export { backoffDelay, DEFAULT_RETRY, isTransient, type RetryOptions } from "./retry.js";
export {
  type RateLimitPolicy,
  type Release,
  SendQueue,
  type SendQueueOptions,
  type Sleep,
} from "./send-queue.js";
export type { SignedParts, SurfaceSigner, UnsignedRequest } from "./signing.js";
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
