// The client's public types: options, events and handles. The implementation is in client.ts.
import type { Credentials, CredentialsInput, KrakenFuturesError } from "@kraken-futures/auth";
import type { BalancesState } from "./balances.js";
import type { BookLevel, OrderBook } from "./book.js";
import type { FeedMessages, FeedName, ServerMessage } from "./generated/ws.gen.js";

/** The states of a client's connection; see the README for the transitions. */
export type ConnectionState =
  /** created, nothing subscribed or connected yet */
  | "idle"
  /** a socket is being opened */
  | "connecting"
  /** the socket is open; subscriptions not yet sent */
  | "open"
  /** a challenge was requested and is being signed for private feeds */
  | "authenticating"
  /** subscriptions are (re)sent and flowing */
  | "ready"
  /** the socket dropped; waiting for the next attempt */
  | "reconnecting"
  /** closed by {@link WsClient.close} (or out of attempts): final */
  | "closed";

/** The part of a WebSocket the client uses: the WHATWG `WebSocket` and the `ws` package both fit. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  /** The client reads the events as {@link SocketEvent}s. */
  // biome-ignore lint/suspicious/noExplicitAny: callback parameters are compared strictly; `any` is the only type every WebSocket's own event types (DOM, ws) fit.
  addEventListener(type: "open" | "message" | "close" | "error", listener: (event: any) => void): void;
  /** A protocol-level ping (the `ws` package); browsers have none. */
  ping?(): void;
  /**
   * Node-style listeners (the `ws` package). When a socket has both `on` and `ping`, the client listens
   * with `on` (`message` gives the frame and an `isBinary` flag, with no event object per frame) instead
   * of `addEventListener`; it also uses `on` for `pong` frames.
   */
  // biome-ignore lint/suspicious/noExplicitAny: the `ws` package's listener signatures differ per event.
  on?(event: "open" | "message" | "close" | "error" | "pong", listener: (...args: any[]) => void): unknown;
}
/** What the client reads from socket events. */
export interface SocketEvent {
  readonly data?: unknown;
  readonly code?: number;
  readonly reason?: string;
  readonly message?: string;
}
/**
 * A WebSocket constructor, such as `globalThis.WebSocket` or `WebSocket` from the `ws` package. The client
 * calls it as `new WebSocket(url, [], { maxPayload })`: no subprotocol, and options that the `ws` package
 * reads (it refuses larger frames itself) and WHATWG WebSockets ignore.
 */
export type WebSocketConstructor = new (
  url: string,
  protocols?: string | string[],
  options?: { maxPayload?: number },
) => WebSocketLike;

/** Where the client writes what it does; every method is optional. Messages never contain secrets. */
export interface Logger {
  debug?(message: string, fields?: Record<string, unknown>): void;
  info?(message: string, fields?: Record<string, unknown>): void;
  warn?(message: string, fields?: Record<string, unknown>): void;
  error?(message: string, fields?: Record<string, unknown>): void;
}

/** Timer functions, injectable so that tests control time. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Options of {@link createWsClient}. */
export interface WsClientOptions {
  /**
   * Scheme and host shared with the REST clients; `https://` becomes `wss://` and `http://` `ws://`.
   * Default `wss://futures.kraken.com`.
   */
  origin?: string;
  /** Path of the WebSocket API. Default `/ws/v1`. */
  path?: string;
  /** API key pair, needed for private feeds; parsed (and refused if malformed) at creation. */
  credentials?: Credentials | CredentialsInput;
  /** WebSocket constructor. Default `globalThis.WebSocket`; on Node < 22 pass `WebSocket` from `ws`. */
  WebSocket?: WebSocketConstructor;
  /** Default: silent. */
  logger?: Logger;
  /** Clock in milliseconds. Default `Date.now`. */
  clock?: { now(): number };
  /** Default: the global `setTimeout` / `clearTimeout`. */
  timers?: Timers;
  /** Random numbers in [0, 1) for the backoff jitter. Default `Math.random`. */
  random?: () => number;
  reconnect?: {
    /** First delay before reconnecting, in ms. Default 250. */
    initialDelayMs?: number;
    /** Largest delay, in ms. Default 30 000. */
    maxDelayMs?: number;
    /**
     * Failed connections in a row before giving up (one that closes before `stableAfterMs` counts as
     * failed). Default `Infinity`: never give up.
     */
    maxAttempts?: number;
    /**
     * The backoff starts again from `initialDelayMs` only after a connection stayed `ready` this long,
     * in ms; a server that accepts and then closes therefore meets a growing delay. Default 10 000.
     */
    stableAfterMs?: number;
    /**
     * Reconnect after the upgrade was answered with an HTTP 4xx status other than 408 and 429 (a wrong
     * URL or path, a refused client). Default false: the client reports it and closes.
     */
    retryRefusedUpgrade?: boolean;
  };
  /** Time allowed for the socket to open, in ms. Default 10 000. */
  connectTimeoutMs?: number;
  /** Time allowed for the server's challenge, in ms. Default 10 000. */
  authTimeoutMs?: number;
  keepAlive?: {
    /**
     * Protocol ping interval in ms where the socket can ping (the `ws` package). Default 30 000, inside
     * Kraken's 60 s rule. Without ping (browsers) the client subscribes to the `heartbeat` feed instead.
     */
    pingIntervalMs?: number;
    /** Reconnect when nothing (message or pong) arrived for this long, in ms. Default 60 000. */
    silenceTimeoutMs?: number;
  };
  /** Requests allowed per second per connection; more are queued, never dropped. Default 100 (Kraken's limit). */
  requestsPerSecond?: number;
  /**
   * Largest frame accepted, in bytes. Default 16 MiB (16 777 216): Kraken's largest messages, book
   * snapshots, are far below. The `ws` package refuses a larger frame before buffering it and closes the
   * connection (code 1009; the client reconnects with backoff); on other sockets a larger text frame is
   * dropped before it is parsed, as a `WsDecodeError`.
   */
  maxPayload?: number;
  /**
   * Time allowed for the snapshot after a book or balances (re)subscription on a ready connection, in ms.
   * When it passes, the client resubscribes again and doubles the wait (up to 60 s), reporting each
   * retry as a `resync` event with reason `snapshot-timeout`. Default 10 000.
   */
  snapshotTimeoutMs?: number;
}

/** Payloads of the client's lifecycle events. */
export interface WsClientEvents {
  /** Every state change. */
  state: { from: ConnectionState; to: ConnectionState };
  /** The connection dropped; a new attempt starts after `delayMs`. */
  reconnecting: { attempt: number; delayMs: number; reason: string };
  /** Connected again and every subscription re-sent: backfill over REST from here if you need to. */
  reconnected: { attempts: number; downtimeMs: number };
  /** Something failed; the client carries on (a malformed frame is dropped, a refused subscription reported). */
  error: KrakenFuturesError;
  /** Every decoded server message, including events and unknown feeds. */
  message: ServerMessage;
  /**
   * A book or the balances view lost its sequence (or its fresh snapshot did not come in time) and is
   * being rebuilt from a fresh snapshot. `attempt` counts the resubscriptions since the last snapshot.
   */
  resync: ResyncEvent;
  /** A book snapshot arrived crossed (best bid >= best ask). It is applied as received; this reports it. */
  crossed: { productId: string; bid: number; ask: number; seq: number };
}

/** Payload of the `resync` event. */
export type ResyncEvent =
  | {
      feed: "book";
      productId: string;
      reason: "gap" | "delta-before-snapshot" | "snapshot-timeout";
      /** The `seq` that broke the sequence (the book's own for `snapshot-timeout`). */
      seq: number;
      /** The book's `seq` before it. */
      bookSeq: number;
      attempt: number;
    }
  | {
      feed: "balances";
      reason: "gap" | "snapshot-timeout";
      seq: number;
      /** The view's `seq` before it. */
      viewSeq: number;
      attempt: number;
    };

/** A subscription: an async iterator of the feed's messages and a listener API. */
export interface Subscription<F extends FeedName> extends AsyncIterable<FeedMessages[F]> {
  readonly feed: F;
  /** The products asked for, if any. */
  readonly productIds: readonly string[] | undefined;
  /**
   * Settles once: resolves when Kraken acknowledged the subscription (`subscribed`), rejects with a
   * `WsSubscriptionError` naming the feed and Kraken's reason when it refused it, or with a
   * `WsConnectionError` when the client closed first. A refusal also ends the subscription: its iterator
   * rejects with the same error. Never an unhandled rejection if you do not await it.
   */
  readonly subscribed: Promise<void>;
  /** Calls `listener` for every message of this subscription; returns a function that removes it. */
  on(listener: (message: FeedMessages[F]) => void): () => void;
  /** Ends the subscription (and the iterator); unsubscribes from Kraken when no one else needs the feed. */
  unsubscribe(): void;
}

/** A live, sequence-checked order book of one product; see {@link WsClient.book}. */
export interface BookHandle {
  readonly productId: string;
  /** The book itself (read-only use). */
  readonly book: OrderBook;
  /** False while the book waits for a (new) snapshot. */
  readonly synced: boolean;
  bids(n?: number): BookLevel[];
  asks(n?: number): BookLevel[];
  /** See {@link Subscription.subscribed}. */
  readonly subscribed: Promise<void>;
  /** Called after every change of the book (a market step of several deltas calls it once per delta). */
  onUpdate(listener: (book: OrderBook) => void): () => void;
  /**
   * Called once per burst: after the frames that arrived together (in one network read, before the
   * client yields to other work) were all applied, and only while the book is synced. Act here to never
   * see half of a market step (a step's deltas can cross the book in between). Returns a remover.
   */
  onSettled(listener: (book: OrderBook) => void): () => void;
  /** Stops maintaining the book and unsubscribes. */
  close(): void;
}

/** The merged balances of the account; see {@link WsClient.balances}. */
export interface BalancesHandle {
  /** Undefined until the first snapshot; the last good state while resyncing. */
  readonly state: BalancesState | undefined;
  /** False while the view waits for a (new) snapshot. */
  readonly synced: boolean;
  /** See {@link Subscription.subscribed}. */
  readonly subscribed: Promise<void>;
  onUpdate(listener: (state: BalancesState) => void): () => void;
  close(): void;
}

/** A Kraken Futures WebSocket v1 client; create it with {@link createWsClient}. */
export interface WsClient {
  readonly state: ConnectionState;
  /** The URL the client connects to. */
  readonly url: string;
  /** Connects (subscribing does it too); resolves when the connection is ready. */
  connect(): Promise<void>;
  /** Subscribes to a feed. `productIds` is required for book, ticker, ticker_lite and trade. */
  subscribe<F extends FeedName>(feed: F, productIds?: readonly string[]): Subscription<F>;
  /** Ends a subscription; same as `subscription.unsubscribe()`. */
  unsubscribe(subscription: Subscription<FeedName>): void;
  /** A sequence-checked order book of `productId`, resynced by itself on any gap. */
  book(productId: string): BookHandle;
  /** The `balances` feed merged into one state (needs credentials). */
  balances(): BalancesHandle;
  /** Listens to a lifecycle event; returns a function that removes the listener. */
  on<E extends keyof WsClientEvents>(event: E, listener: (payload: WsClientEvents[E]) => void): () => void;
  /** Closes the connection for good and ends every iterator. */
  close(): void;
}
