import { KrakenFuturesError, nameErrorClasses } from "@kraken-futures/auth";

/**
 * A frame from the server could not be decoded: not JSON, not an object, or without a `feed` or `event`
 * string, or a book message whose numbers are not numbers. The frame is dropped and the client carries on;
 * the error reaches the client's `error` listeners. `frame` holds at most the first 200 characters.
 */
export class WsDecodeError extends KrakenFuturesError {
  /** The start of the offending frame, for logs. */
  readonly frame: string;
  constructor(message: string, frame: string, options?: { cause?: unknown }) {
    super(message, options);
    this.frame = frame.length > 200 ? `${frame.slice(0, 200)}…` : frame;
  }
}

/**
 * The server refused a subscription or unsubscription (`subscribed_failed`, `error`, `alert`), or a
 * challenge. A refused subscription's `subscribed` promise rejects with it.
 */
export class WsSubscriptionError extends KrakenFuturesError {
  /** The feed concerned, when known (from the message, or from the request the refusal answered). */
  readonly feed: string | undefined;
  /** Kraken's words: the `message` of its `error` / `alert`, or the event name (`subscribed_failed`). */
  readonly reason: string | undefined;
  constructor(message: string, feed: string | undefined, reason?: string) {
    super(message);
    this.feed = feed;
    this.reason = reason;
  }
}

/** The connection failed, closed, fell silent, or a private feed could not be authenticated. */
export class WsConnectionError extends KrakenFuturesError {}

/** A method was called with an argument the client refuses (unknown feed, missing product ids, …). */
export class WsArgumentError extends KrakenFuturesError {}

nameErrorClasses({ WsDecodeError, WsSubscriptionError, WsConnectionError, WsArgumentError });
