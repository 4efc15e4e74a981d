import { KrakenFuturesError, nameErrorClasses } from "../errors.js";

/** Why a WebSocket connection failed, as {@link ConnectionError.kind}. */
export type ConnectionFailure =
  /** the socket never opened: the OS or the network refused or reset the connection (no server close) */
  | "refused"
  /** the server answered the WebSocket upgrade with an HTTP status instead of switching protocols */
  | "upgrade-refused"
  /** the socket did not open within `connectTimeoutMs` */
  | "timeout"
  /** the socket opened, then the server (or a proxy) closed it */
  | "closed"
  /** nothing arrived for `silenceTimeoutMs` */
  | "silence"
  /** the protocol's authentication step failed */
  | "auth"
  /** the client closed the connection (`close()`), or gave up reconnecting */
  | "client-closed"
  /** the connection dropped while a request was in flight: whether the server acted on it is unknown */
  | "lost"
  /** a request was not sent: the connection was not ready, or dropped before the request left the queue */
  | "unsent";

/** A WebSocket connection failed, closed, fell silent, or could not authenticate; `kind` says which. */
export class ConnectionError extends KrakenFuturesError {
  readonly kind: ConnectionFailure;
  /** The HTTP status of a refused upgrade (`kind: "upgrade-refused"`), when the socket reported it. */
  readonly status: number | undefined;
  /** The WebSocket close code, for `kind: "closed"`. */
  readonly code: number | undefined;
  /**
   * What the socket itself reported before it ended, verbatim (the `ws` package: `connect ECONNREFUSED
   * 127.0.0.1:9`, `Max payload size exceeded`), for a protocol that words its own reasons.
   */
  readonly detail: string | undefined;
  constructor(
    message: string,
    kind: ConnectionFailure,
    details: { status?: number; code?: number; detail?: string; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.kind = kind;
    this.status = details.status;
    this.code = details.code;
    this.detail = details.detail;
  }
}

/** The server refused a subscription (or did not acknowledge it in time); names the channel and the reason. */
export class SubscriptionError extends KrakenFuturesError {
  /** The channel (feed) concerned, as the protocol names it. */
  readonly channel: string;
  /** The server's reason, verbatim, or what the client saw (for example no acknowledgement in time). */
  readonly reason: string;
  constructor(channel: string, reason: string) {
    super(`subscription to ${channel} refused: ${reason}`);
    this.channel = channel;
    this.reason = reason;
  }
}

/** The server refused a request sent with `Connection.request` (or did not answer it in time). */
export class RequestError extends KrakenFuturesError {
  /** The request's name, as the protocol names it (for example the UWS `method`). */
  readonly method: string;
  /** The server's reason, verbatim, or what the client saw. */
  readonly reason: string;
  constructor(method: string, reason: string) {
    super(`${method} refused: ${reason}`);
    this.method = method;
    this.reason = reason;
  }
}

nameErrorClasses({ ConnectionError, SubscriptionError, RequestError });
