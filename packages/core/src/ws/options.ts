import type { BackoffOptions } from "../backoff.js";
import type { Clock, Logger, Timers } from "../clock.js";
import type { KrakenFuturesError } from "../errors.js";
import type { ConnectionError } from "./errors.js";
import type { KeepAliveOptions } from "./keep-alive.js";
import type { Protocol } from "./protocol.js";
import type { SendRate } from "./send-queue.js";
import type { WebSocketConstructor } from "./socket.js";
import type { ConnectionState } from "./states.js";

/** Reconnect settings of {@link ConnectionOptions}. */
export interface ReconnectOptions extends BackoffOptions {
  /** Attempts in a row, without a healthy connection between them, before giving up. Default `Infinity`. */
  maxAttempts?: number;
  /**
   * How long a connection must stay `ready` before it counts as healthy and the backoff starts over, in
   * ms. Default 10 000. A server that accepts and then drops every connection thus meets a growing delay
   * (at most about 4 attempts a minute once it reaches `maxDelayMs`), not a storm.
   */
  healthyAfterMs?: number;
  /**
   * Keep trying after the server answered the upgrade with an HTTP 4xx (other than 408 and 429), which
   * usually means a wrong URL or a refused key. Default false: the connection closes with the error.
   */
  retryOnUpgradeRefusal?: boolean;
}

/** Options of {@link createConnection}. */
export interface ConnectionOptions<In, Sub, Auth> {
  /** The `ws://` or `wss://` URL. */
  url: string;
  /** The protocol spoken on the socket. */
  protocol: Protocol<In, Sub, Auth>;
  /** WebSocket constructor. Default `globalThis.WebSocket`; on Node < 22 pass `WebSocket` from `ws`. */
  WebSocket?: WebSocketConstructor;
  /**
   * Largest frame accepted, in bytes, passed to the constructor (the `ws` package honours it; browsers
   * have no such setting). Default: not passed, so the WebSocket's own default applies (`ws`: 100 MiB).
   */
  maxPayload?: number;
  /** Default `systemClock`. */
  clock?: Clock;
  /** Default `systemTimers`. Every timer of the connection is cleared by `close()`. */
  timers?: Timers;
  /** Default: silent. */
  logger?: Logger;
  reconnect?: ReconnectOptions;
  /** Time allowed for a socket to open, in ms. Default 10 000. */
  connectTimeoutMs?: number;
  /**
   * Time allowed for the server to acknowledge a subscription or answer a request, in ms. Default 10 000.
   * `Infinity`: wait as long as the socket lives (for a protocol whose server may never answer).
   */
  ackTimeoutMs?: number;
  keepAlive?: KeepAliveOptions;
  /** Per-connection request rate; see {@link SendRate}. Default 100 per second, bursts of 10. */
  rate?: SendRate;
  /**
   * Report every error a socket emits as an `error` event (a `ConnectionError` "WebSocket error on …", with
   * the socket's words in `detail`), not only the reason it ended with. Default false.
   */
  reportSocketErrors?: boolean;
  /**
   * Throw on an illegal state move (a bug of the SDK) instead of logging it and staying put. Default
   * false; the SDK's own tests set it.
   */
  strict?: boolean;
}

/** Payloads of a connection's events. */
export interface ConnectionEvents<In> {
  /** Every state change. */
  state: { from: ConnectionState; to: ConnectionState };
  /** Every decoded server message, acknowledgements included. */
  message: In;
  /** Something failed; the connection carries on unless it is closed. */
  error: KrakenFuturesError;
  /** The socket ended; a new attempt starts after `delayMs`. `reason` tells a refusal from a server close. */
  reconnecting: { attempt: number; delayMs: number; reason: string; error: ConnectionError };
  /** Ready again after a drop, every subscription re-sent. */
  reconnected: { attempts: number; downtimeMs: number };
}

/** One subscription of a connection, see {@link Connection.subscribe}. */
export interface SubscriptionHandle<Sub> {
  readonly key: string;
  readonly subscription: Sub;
  /**
   * Settles once: resolves when the server first acknowledges the subscription; rejects with a
   * `SubscriptionError` naming the channel and the server's reason when it is refused or not acknowledged
   * within `ackTimeoutMs`, or with a `ConnectionError` when the connection closes first.
   */
  readonly ready: Promise<void>;
  /** Ends this handle's use; the server is told when no other handle shares the subscription. */
  unsubscribe(): void;
}

/** Options of {@link Connection.request}. */
export interface RequestOptions {
  /** Names the request in errors, for example the UWS `method`. */
  method: string;
  /** Authenticate the socket first and hand the result to the frame builder. Default false. */
  auth?: boolean;
  /** Default the connection's `ackTimeoutMs`. */
  timeoutMs?: number;
}
