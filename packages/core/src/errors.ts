/**
 * The one base class of every error thrown by the `@kraken-futures/*` packages.
 *
 * Callers branch on the subclass (`instanceof CredentialsError`, …) or on `name`, which is always the
 * subclass name, so it survives `JSON.stringify`, logging and bundlers that mangle class names. The
 * underlying error, when there is one, is kept in `cause`. Messages name what failed (a method, a path,
 * a field) and never contain a secret or an API key.
 *
 * Other packages of the SDK extend this class. It lives in `@kraken-futures/core`;
 * `@kraken-futures/auth` re-exports the same class, so `instanceof` holds whichever import is used.
 */
export class KrakenFuturesError extends Error {
  /**
   * @param message what failed, for humans; never a secret.
   * @param options `cause`: the error this one wraps, if any.
   */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    // A name registered with nameErrorClasses survives minifiers, which rename classes; otherwise
    // new.target (the most derived class) gives it, so users' own subclasses need not set one.
    const proto = new.target.prototype;
    Object.defineProperty(this, "name", {
      value: Object.hasOwn(proto, "name") ? proto.name : new.target.name,
      enumerable: false,
      configurable: true,
      writable: true,
    });
  }
}

/**
 * Pins each class's `name` on its prototype from the object's keys: string keys survive minification,
 * class names do not (a minified browser bundle would otherwise report `"k"`). Every error module of
 * the SDK registers its classes with it.
 */
export function nameErrorClasses(
  classes: Readonly<Record<string, abstract new (...args: never[]) => Error>>,
): void {
  for (const [name, type] of Object.entries(classes)) {
    Object.defineProperty(type.prototype, "name", { value: name, writable: true, configurable: true });
  }
}

/**
 * A bounded buffer of an async iterator was full: the consumer fell `capacity` values behind the producer.
 * The iterator first hands over every value it holds, then rejects with this error and ends, so what the
 * consumer saw is an exact prefix of the stream and nothing was dropped without a word.
 */
export class BufferOverflowError extends KrakenFuturesError {
  /** The number of values the buffer holds at most. */
  readonly capacity: number;
  constructor(capacity: number, what = "async iterator") {
    super(
      `${what}: the consumer fell ${capacity} values behind (the buffer's capacity); ` +
        "the iterator ends here, and later values were not delivered",
    );
    this.capacity = capacity;
  }
}

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
  constructor(
    message: string,
    kind: ConnectionFailure,
    details: { status?: number; code?: number; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.kind = kind;
    this.status = details.status;
    this.code = details.code;
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

nameErrorClasses({
  KrakenFuturesError,
  BufferOverflowError,
  ConnectionError,
  SubscriptionError,
  RequestError,
});
