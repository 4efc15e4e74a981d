import type { TimerHandle } from "../clock.js";
import { KrakenFuturesError } from "../errors.js";

/**
 * What a protocol sees of one connection (one socket). Everything made through it belongs to that socket:
 * when the socket ends, its timers are cleared and its waits reject, so a protocol cannot leave a timer
 * armed after `close()` (the v1 challenge timeout did, issue 12 item 11).
 */
export interface ConnectionScope<In> {
  /** Increases with every socket of the connection; a scope of an earlier socket is stale. */
  readonly generation: number;
  /** False once this socket is no longer the connection's current one. */
  readonly current: boolean;
  /** Queues a frame on this socket, in order, within the per-connection rate. Ignored once stale. */
  send(frame: unknown): void;
  /**
   * Waits for the first decoded message `match` accepts. Rejects with a `ConnectionError` after
   * `timeoutMs` (`kind: "auth"` text names `what`), or when the socket ends.
   */
  waitFor(match: (message: In) => boolean, timeoutMs: number, what: string): Promise<In>;
  /** A timer owned by this socket: cleared when it ends. */
  setTimeout(callback: () => void, ms: number): TimerHandle;
  /** A fresh request id (unique over the connection's life, never reused after a reconnect). */
  nextRequestId(): number;
}

/** A request waiting for its acknowledgement, as {@link Protocol.matchAck} sees it. */
export interface PendingRequest<Sub> {
  /** The request id the frame was built with. */
  readonly id: number;
  readonly kind: "subscribe" | "unsubscribe" | "request";
  /** The subscription concerned (`subscribe`, `unsubscribe`). */
  readonly subscription: Sub | undefined;
  /** The channel, or the request's method name. */
  readonly method: string;
}

/** The acknowledgement a message carries: which pending request, and whether the server accepted it. */
export interface AckMatch {
  readonly id: number;
  readonly ok: boolean;
  /** The server's reason for a refusal, verbatim. */
  readonly reason?: string;
}

/** What a frame builder gets: the request id and the authentication of this socket, if any. */
export interface FrameContext<Auth> {
  readonly requestId: number;
  readonly auth: Auth | undefined;
}

/**
 * A WebSocket protocol plugged into the connection core: v1's challenge and feeds, or the Unified
 * WebSocket's token and `req_id`s. The core owns the socket, states, reconnects, keep-alive timers, the
 * send queue and the subscription registry; the protocol only says what the frames are.
 *
 * `In` is a decoded server message, `Sub` one subscription as the protocol describes it, `Auth` what its
 * authentication step produces for one socket (a signed challenge, a token).
 */
export interface Protocol<In, Sub, Auth = unknown> {
  /** Names the protocol in logs. */
  readonly name: string;
  /** One frame to a message. Throw (a `KrakenFuturesError` preferably) for a malformed frame: it is dropped and reported. */
  decode(data: unknown): In;
  /** A frame to the text sent. Default `JSON.stringify`. */
  encode?(frame: unknown): string;
  /** Identity of a subscription: two with the same key are one on the wire. */
  keyOf(subscription: Sub): string;
  /** The channel's name, for errors and logs. */
  channelOf(subscription: Sub): string;
  /** Whether the subscription needs {@link authenticate} first. Default: no. */
  needsAuth?(subscription: Sub): boolean;
  /**
   * The authentication step, run at most once per socket (never reused across reconnects), before the
   * first private subscription or authenticated request. Use `scope` for frames, waits and timers.
   */
  authenticate?(scope: ConnectionScope<In>): Promise<Auth>;
  subscribeFrame(subscription: Sub, context: FrameContext<Auth>): unknown;
  unsubscribeFrame(subscription: Sub, context: FrameContext<Auth>): unknown;
  /**
   * Finds the pending request a message acknowledges (by `req_id`, by channel, …), or `undefined` when the
   * message is no acknowledgement. A list settles several requests with one message (a v1 `subscribed`
   * that echoes several product ids). Without it, subscriptions count as acknowledged once sent.
   */
  /**
   * A cheap test of whether a message can be an answer at all (v1: it has an `event`; UWS: a `req_id`).
   * When it says no, `matchAck` is not called: the data messages of a busy feed skip building the list of
   * pending requests. Default: every message may be one.
   */
  isAnswer?(message: In): boolean;
  matchAck?(message: In, pending: readonly PendingRequest<Sub>[]): AckMatch | readonly AckMatch[] | undefined;
  /**
   * An application-level ping frame (UWS `{"method":"ping"}`), sent every `pingIntervalMs`. When absent
   * or it returns `undefined`, the core sends a protocol-level ping where the socket can (the `ws` package).
   */
  pingFrame?(context: FrameContext<Auth>): unknown;
}

/** Decodes a frame with the protocol; a malformed one gives the error to report (a `KrakenFuturesError`). */
export function decodeFrame<In>(
  protocol: Protocol<In, never, never>,
  data: unknown,
): In | KrakenFuturesError {
  try {
    return protocol.decode(data);
  } catch (error) {
    if (error instanceof KrakenFuturesError) return error;
    return new KrakenFuturesError("a frame could not be decoded and was dropped", { cause: error });
  }
}
