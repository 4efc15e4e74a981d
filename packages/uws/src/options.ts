import type {
  Clock,
  KeepAliveOptions,
  KrakenFuturesError,
  Logger,
  ReconnectOptions,
  SendRate,
  Timers,
  WebSocketConstructor,
} from "@kraken-futures/core";
import type { SpotClient, SpotCredentials } from "@kraken-futures/spot";
import type { UwsMessage } from "./protocol.js";
import type { ReconcileResult } from "./reconcile.js";
import type { TokenProvider } from "./token.js";
import type { LedgerGap, LedgerRecovery } from "./views/ledgers.js";

/** Kraken's hosts (the UWS overview lists only these). */
export const DEFAULT_URLS = {
  public: "wss://uws.kraken.com/v2/public",
  private: "wss://uws.kraken.com/v2/private",
} as const;

/** Default time allowed for a method's answer, in ms. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/**
 * Default keep-alive: an application `ping` every 10 s, and a socket silent for 25 s (no heartbeat, no
 * data, no pong) is dropped and reconnected. Kraken sends `heartbeat` about once a second on a socket with
 * a subscription, so a dead socket is noticed in at most 25 s where v1's 60 s default would wait longer.
 */
export const DEFAULT_KEEP_ALIVE = { pingIntervalMs: 10_000, silenceTimeoutMs: 25_000 } as const;

/** Which of the two sockets. */
export type UwsServer = "public" | "private";

/** Options of {@link createUwsClient}. */
export interface UwsClientOptions {
  /** The two endpoints. Default {@link DEFAULT_URLS} (`wss://uws.kraken.com/v2/public` and `/v2/private`). */
  readonly urls?: { readonly public?: string; readonly private?: string };
  /**
   * A Kraken (Spot) API key: a fresh token is fetched with it (Spot REST `GetWebSocketsToken`) for every
   * private connection, and a `ledgers` gap is recovered through Spot REST `Ledgers`.
   */
  readonly credentials?: SpotCredentials | { apiKey: string; apiSecret: string };
  /** Where the Spot REST API is. Default `https://api.kraken.com` (the mock: `mock.origin`). */
  readonly spotOrigin?: string;
  /** A Spot client to use for tokens and ledger recovery instead of one made from `credentials`. */
  readonly spot?: SpotClient;
  /** A token provider, called once for every socket that needs a token; wins over `credentials`. */
  readonly token?: TokenProvider;
  /** Recovers the entries a `ledgers` gap lost. Default: Spot REST `Ledgers` when a key or `spot` is given. */
  readonly ledgerRecovery?: LedgerRecovery;
  /** WebSocket constructor. Default `globalThis.WebSocket` (browsers, Node >= 22); on Node 20 pass `ws`. */
  readonly WebSocket?: WebSocketConstructor;
  readonly clock?: Clock;
  readonly timers?: Timers;
  /** Default: silent. Nothing logged contains a token or a key. */
  readonly logger?: Logger;
  /** Time allowed for each method's answer, in ms. Default 10 000 ({@link DEFAULT_REQUEST_TIMEOUT_MS}). */
  readonly requestTimeoutMs?: number;
  /** Reconnect backoff; by default it never gives up (`maxAttempts: Infinity`). */
  readonly reconnect?: ReconnectOptions;
  /** Default {@link DEFAULT_KEEP_ALIVE}. */
  readonly keepAlive?: KeepAliveOptions;
  /** Per-socket send rate. Default the core's: 100 per second, bursts of 10. */
  readonly rate?: SendRate;
  /** Time allowed for a subscription's acknowledgement, in ms. Default 10 000. */
  readonly ackTimeoutMs?: number;
  /** Values each subscription iterator holds while its consumer is behind. Default 10 000. */
  readonly bufferCapacity?: number;
  /** Frame decoder. Default: JSON objects (the book decoder of this package when it is wired in). */
  readonly decode?: (data: unknown) => UwsMessage;
  /** Makes the `cl_ord_id` of an order given without one. Default `crypto.randomUUID()`. */
  readonly newClOrdId?: () => string;
  /** Throw on an illegal state move of a connection (the SDK's tests). Default false. */
  readonly strict?: boolean;
}

/** Events of the client. */
export interface UwsClientEvents {
  /** A connection's state changed. */
  state: { server: UwsServer; from: string; to: string };
  /** A connection is ready (every subscription re-sent). */
  ready: { server: UwsServer };
  /** A socket ended; a new one is tried after `delayMs`. */
  reconnecting: { server: UwsServer; attempt: number; delayMs: number; reason: string };
  /** Ready again after a drop. */
  reconnected: { server: UwsServer; attempts: number; downtimeMs: number };
  /** An order whose request ended without an answer was found (placed) or not (not placed). */
  reconciled: ReconcileResult;
  /** A gap in the `ledgers` sequence, with what recovery brought. */
  ledgerGap: LedgerGap;
  /** Something failed; the client carries on. */
  error: KrakenFuturesError;
}
