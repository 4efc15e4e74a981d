/**
 * The shared core of the Kraken Futures SDK: the error base, clocks, timers and logger injection, bounded
 * async-iterator buffers, a token bucket, and the WebSocket connection every protocol runs on. Zero
 * runtime dependencies. Test helpers (a manual clock, fake sockets) live in `@kraken-futures/core/testing`.
 *
 * @packageDocumentation
 */
export {
  checkParameters,
  type ParameterIssue,
  type ParameterRule,
  pathSegmentProblem,
} from "./arguments.js";
export { insertAt, removeAt } from "./arrays.js";
export {
  AsyncBuffer,
  type AsyncBufferOptions,
  BufferOverflowError,
  DEFAULT_BUFFER_CAPACITY,
} from "./async-buffer.js";
export { Backoff, type BackoffOptions } from "./backoff.js";
export {
  type Clock,
  type Logger,
  silentLogger,
  systemClock,
  systemTimers,
  type TimerHandle,
  type Timers,
} from "./clock.js";
export { operationCost, type RateLimitPool, type RateLimitRule } from "./cost.js";
export { Emitter } from "./emitter.js";
export { KrakenFuturesError, nameErrorClasses } from "./errors.js";
export type {
  ApiDescription,
  BodyFieldDescription,
  BodyValueDescription,
  JsonFieldDescription,
  JsonItemsDescription,
  NumericNames,
  NumericTree,
  OperationDescription,
  ParameterDescription,
  ServerDescription,
  ServerOperationFacts,
  ValueBounds,
} from "./model.js";
export { normaliseNumbers, normaliseNumbersByName, numericValue } from "./numbers.js";
export { TokenBucket, type TokenBucketShape } from "./token-bucket.js";
export { Connection, createConnection } from "./ws/connection.js";
export {
  ConnectionError,
  type ConnectionFailure,
  RequestError,
  SubscriptionError,
} from "./ws/errors.js";
export type { KeepAliveOptions } from "./ws/keep-alive.js";
export type {
  ConnectionEvents,
  ConnectionOptions,
  ReconnectOptions,
  RequestOptions,
  SubscriptionHandle,
} from "./ws/options.js";
export type { AckMatch, ConnectionScope, FrameContext, PendingRequest, Protocol } from "./ws/protocol.js";
export type { SendRate } from "./ws/send-queue.js";
export type { WebSocketConstructor, WebSocketLike } from "./ws/socket.js";
export { type ConnectionState, TRANSITIONS } from "./ws/states.js";
