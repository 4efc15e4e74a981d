import {
  type Credentials,
  type CredentialsInput,
  KrakenFuturesError,
  parseCredentials,
  signChallenge,
} from "@kraken-futures/auth";
import { type BalancesState, BalancesView } from "./balances.js";
import { type BookLevel, OrderBook } from "./book.js";
import { readFrame } from "./decode.js";
import { WsArgumentError, WsConnectionError, WsDecodeError, WsSubscriptionError } from "./errors.js";
import type {
  BalancesSnapshot,
  BalancesUpdate,
  BookSnapshot,
  BookUpdate,
  FeedMessages,
  FeedName,
  ServerMessage,
} from "./generated/ws.gen.js";
import { wsFeeds } from "./generated/ws.gen.js";

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
/** A WebSocket constructor, such as `globalThis.WebSocket` or `WebSocket` from the `ws` package. */
export type WebSocketConstructor = new (url: string) => WebSocketLike;

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
    /** Attempts in a row before giving up. Default `Infinity`: never give up. */
    maxAttempts?: number;
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
  /** A book lost its sequence and is being rebuilt from a fresh snapshot. */
  resync: { productId: string; reason: "gap" | "delta-before-snapshot"; seq: number; bookSeq: number };
}

/** A subscription: an async iterator of the feed's messages and a listener API. */
export interface Subscription<F extends FeedName> extends AsyncIterable<FeedMessages[F]> {
  readonly feed: F;
  /** The products asked for, if any. */
  readonly productIds: readonly string[] | undefined;
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
  /** Called after every change of the book. */
  onUpdate(listener: (book: OrderBook) => void): () => void;
  /** Stops maintaining the book and unsubscribes. */
  close(): void;
}

/** The merged balances of the account; see {@link WsClient.balances}. */
export interface BalancesHandle {
  /** Undefined until the first snapshot. */
  readonly state: BalancesState | undefined;
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

const DEFAULT_ORIGIN = "wss://futures.kraken.com";
const WINDOW_MS = 1000;
const ALL = ""; // key of "every product" (feeds without product ids, or fills without a filter)

/** Which subscribable feed a message's `feed` value belongs to, from the spec's feed table. */
const FEED_OF_MESSAGE = new Map<string, FeedName>();
for (const [name, feed] of Object.entries(wsFeeds) as [FeedName, (typeof wsFeeds)[FeedName]][]) {
  FEED_OF_MESSAGE.set(feed.update, name);
  if (feed.snapshot !== null) FEED_OF_MESSAGE.set(feed.snapshot, name);
}

interface Connection {
  readonly socket: WebSocketLike;
  readonly queue: string[];
  readonly sentAt: number[];
  drainTimer: unknown;
  keepAliveTimer: unknown;
  connectTimer: unknown;
  lastActivity: number;
  auth: Promise<AuthFields | undefined> | undefined;
  challengeWaiter: ((challenge: string) => void) | undefined;
  isOpen: boolean;
}
interface AuthFields {
  api_key: string;
  original_challenge: string;
  signed_challenge: string;
}
interface BookEntry {
  readonly book: OrderBook;
  status: "awaiting" | "synced" | "resyncing";
  readonly listeners: Set<(book: OrderBook) => void>;
}
interface Handle {
  readonly feed: FeedName;
  readonly keys: readonly string[];
  readonly products: Set<string> | undefined;
  readonly listeners: Set<(message: never) => void>;
  iterators: Set<IteratorState>;
  active: boolean;
}
interface IteratorState {
  readonly buffer: unknown[];
  wake: (() => void) | undefined;
  done: boolean;
}

/**
 * Creates a Kraken Futures WebSocket v1 client. Nothing connects until the first `subscribe`, `book`,
 * `balances` or `connect` call.
 *
 * @example
 * import WebSocket from "ws";
 * const client = createWsClient({ WebSocket });
 * for await (const ticker of client.subscribe("ticker", ["PF_XBTUSD"])) console.log(ticker.markPrice);
 *
 * @see https://docs.kraken.com/api/docs/futures-api/websocket/
 * @throws {CredentialsError} when `credentials` are malformed.
 * @throws {WsArgumentError} when no WebSocket constructor is given and the runtime has none.
 */
export function createWsClient(options: WsClientOptions = {}): WsClient {
  return new Client(options);
}

/** The text of a `ws` text frame (a Buffer, as its own `addEventListener` wrapper converts it). */
function textOf(data: unknown): unknown {
  return typeof data === "string" ? data : (data as { toString(): string }).toString();
}

function toWsOrigin(origin: string): string {
  return origin.replace(/\/+$/, "").replace(/^http(s?):\/\//i, (_, s: string) => `ws${s}://`);
}

class Client implements WsClient {
  readonly url: string;
  readonly #WebSocket: WebSocketConstructor;
  readonly #credentials: Credentials | undefined;
  readonly #log: Logger;
  readonly #clock: { now(): number };
  readonly #timers: Timers;
  readonly #random: () => number;
  readonly #initialDelay: number;
  readonly #maxDelay: number;
  readonly #maxAttempts: number;
  readonly #connectTimeout: number;
  readonly #authTimeout: number;
  readonly #pingInterval: number;
  readonly #silenceTimeout: number;
  readonly #perSecond: number;

  #state: ConnectionState = "idle";
  #conn: Connection | undefined;
  #attempts = 0;
  #downSince: number | undefined;
  #reconnectTimer: unknown;
  #readyWaiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  /** Wanted subscriptions: feed -> product key -> number of handles needing it. */
  readonly #wanted = new Map<FeedName, Map<string, number>>();
  readonly #handles = new Set<Handle>();
  readonly #books = new Map<string, BookEntry>();
  readonly #balances = new BalancesView();
  readonly #balanceListeners = new Set<(state: BalancesState) => void>();
  readonly #listeners = new Map<keyof WsClientEvents, Set<(payload: never) => void>>();
  /** The `message` listeners (also in #listeners): checked per frame, so that none costs nothing. */
  readonly #messageListeners = new Set<(payload: never) => void>();
  /** Active handles by feed, so a frame visits only its own feed's subscriptions. */
  readonly #feedHandles = new Map<FeedName, Set<Handle>>();
  #heartbeatHandle: Handle | undefined;

  constructor(options: WsClientOptions) {
    this.url = toWsOrigin(options.origin ?? DEFAULT_ORIGIN) + (options.path ?? "/ws/v1");
    const ctor = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (!ctor) {
      throw new WsArgumentError(
        "createWsClient: this runtime has no global WebSocket; pass one, e.g. `WebSocket` from the ws package",
      );
    }
    this.#WebSocket = ctor;
    this.#credentials = options.credentials ? parseCredentials(options.credentials) : undefined;
    this.#log = options.logger ?? {};
    this.#clock = options.clock ?? Date;
    this.#timers = options.timers ?? {
      setTimeout: (callback, ms) => setTimeout(callback, ms),
      clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    };
    this.#random = options.random ?? Math.random;
    this.#initialDelay = options.reconnect?.initialDelayMs ?? 250;
    this.#maxDelay = options.reconnect?.maxDelayMs ?? 30_000;
    this.#maxAttempts = options.reconnect?.maxAttempts ?? Number.POSITIVE_INFINITY;
    this.#connectTimeout = options.connectTimeoutMs ?? 10_000;
    this.#authTimeout = options.authTimeoutMs ?? 10_000;
    this.#pingInterval = options.keepAlive?.pingIntervalMs ?? 30_000;
    this.#silenceTimeout = options.keepAlive?.silenceTimeoutMs ?? 60_000;
    this.#perSecond = options.requestsPerSecond ?? 100;
    this.#listeners.set("message", this.#messageListeners);
  }

  get state(): ConnectionState {
    return this.#state;
  }

  // ------------------------------------------------------------------ events

  on<E extends keyof WsClientEvents>(event: E, listener: (payload: WsClientEvents[E]) => void): () => void {
    let set = this.#listeners.get(event);
    if (!set) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  }

  #emit<E extends keyof WsClientEvents>(event: E, payload: WsClientEvents[E]): void {
    const set = this.#listeners.get(event);
    if (!set) return;
    for (const listener of set) {
      try {
        (listener as (p: WsClientEvents[E]) => void)(payload);
      } catch (error) {
        // A throwing listener must not break the connection; report it unless it is an error listener.
        this.#log.error?.(`a ${event} listener threw`, { error: String(error) });
      }
    }
  }

  #error(error: KrakenFuturesError): void {
    this.#log.warn?.(error.message, { name: error.name });
    this.#emit("error", error);
  }

  #setState(to: ConnectionState): void {
    const from = this.#state;
    if (from === to) return;
    this.#state = to;
    this.#log.debug?.(`state ${from} -> ${to}`);
    this.#emit("state", { from, to });
  }

  // ------------------------------------------------------------------ connection

  connect(): Promise<void> {
    if (this.#state === "closed")
      return Promise.reject(new WsConnectionError("connect: the client is closed"));
    if (this.#state === "ready") return Promise.resolve();
    const ready = new Promise<void>((resolve, reject) => this.#readyWaiters.push({ resolve, reject }));
    if (this.#state === "idle") this.#open();
    return ready;
  }

  #open(): void {
    this.#setState("connecting");
    let socket: WebSocketLike;
    try {
      socket = new this.#WebSocket(this.url);
    } catch (cause) {
      this.#error(new WsConnectionError(`cannot open ${this.url}`, { cause }));
      this.#scheduleReconnect("constructor failed");
      return;
    }
    const conn: Connection = {
      socket,
      queue: [],
      sentAt: [],
      drainTimer: undefined,
      keepAliveTimer: undefined,
      connectTimer: undefined,
      lastActivity: this.#clock.now(),
      auth: undefined,
      challengeWaiter: undefined,
      isOpen: false,
    };
    this.#conn = conn;
    conn.connectTimer = this.#timers.setTimeout(() => {
      if (this.#conn === conn && !conn.isOpen) this.#drop(conn, "connect timeout");
    }, this.#connectTimeout);
    const onOpen = () => {
      if (this.#conn !== conn) return;
      conn.isOpen = true;
      this.#timers.clearTimeout(conn.connectTimer);
      this.#onOpen(conn);
    };
    const onClose = (code: number | undefined) => {
      if (this.#conn !== conn) return;
      this.#drop(conn, `closed by the server (code ${code ?? "?"})`);
    };
    const onError = (message: string | undefined) => {
      if (this.#conn !== conn) return;
      this.#error(new WsConnectionError(`WebSocket error on ${this.url}: ${message ?? "unknown"}`));
    };
    if (typeof socket.on === "function" && typeof socket.ping === "function") {
      // The `ws` package: its EventEmitter API hands over the frame itself. Its `addEventListener`
      // wrapper would build a MessageEvent for every frame, a cost paid per book update.
      socket.on("open", onOpen);
      socket.on("message", (data: unknown, isBinary: boolean) => {
        if (this.#conn !== conn) return;
        conn.lastActivity = this.#clock.now();
        this.#onFrame(conn, isBinary ? data : textOf(data));
      });
      socket.on("close", (code: number) => onClose(code));
      socket.on("error", (error: { message?: string } | undefined) => onError(error?.message));
      socket.on("pong", () => {
        conn.lastActivity = this.#clock.now();
      });
      return;
    }
    socket.addEventListener("open", onOpen);
    socket.addEventListener("message", (event: SocketEvent) => {
      if (this.#conn !== conn) return;
      conn.lastActivity = this.#clock.now();
      this.#onFrame(conn, event.data);
    });
    socket.addEventListener("close", (event: SocketEvent) => onClose(event.code));
    socket.addEventListener("error", (event: SocketEvent) => onError(event.message));
    if (typeof socket.on === "function") {
      socket.on("pong", () => {
        conn.lastActivity = this.#clock.now();
      });
    }
  }

  #onOpen(conn: Connection): void {
    this.#setState("open");
    this.#startKeepAlive(conn);
    void this.#subscribeAll(conn).catch((error: unknown) => {
      if (this.#conn !== conn) return;
      this.#error(
        error instanceof KrakenFuturesError
          ? error
          : new WsConnectionError("restoring subscriptions failed", { cause: error }),
      );
      this.#drop(conn, "authentication failed");
    });
  }

  /** Sends every wanted subscription on a new connection; private ones after a fresh challenge. */
  async #subscribeAll(conn: Connection): Promise<void> {
    const feeds = [...this.#wanted.keys()];
    const needsAuth = feeds.some((f) => wsFeeds[f].access === "private");
    // Public feeds first: they need no challenge.
    for (const feed of feeds)
      if (wsFeeds[feed].access === "public") this.#sendSubscription(conn, "subscribe", feed);
    if (needsAuth) {
      const auth = await this.#authenticate(conn);
      if (this.#conn !== conn) return;
      for (const feed of feeds) {
        if (wsFeeds[feed].access === "private")
          this.#sendSubscription(conn, "subscribe", feed, undefined, auth);
      }
    }
    if (this.#conn !== conn) return;
    this.#setState("ready");
    const waiters = this.#readyWaiters;
    this.#readyWaiters = [];
    for (const waiter of waiters) waiter.resolve();
    if (this.#downSince !== undefined) {
      const downtimeMs = this.#clock.now() - this.#downSince;
      const attempts = this.#attempts;
      this.#downSince = undefined;
      this.#attempts = 0;
      this.#log.info?.("reconnected", { attempts, downtimeMs });
      this.#emit("reconnected", { attempts, downtimeMs });
    }
  }

  /**
   * A challenge belongs to one connection: it is requested again on every connection, never reused
   * (reusing one is why other clients' private feeds fail after a reconnect).
   */
  #authenticate(conn: Connection): Promise<AuthFields> {
    const credentials = this.#credentials;
    if (!credentials) {
      return Promise.reject(
        new WsArgumentError("private feeds need credentials: pass them to createWsClient"),
      );
    }
    conn.auth ??= (async () => {
      if (this.#state === "open" || this.#state === "ready") this.#setState("authenticating");
      const challenge = await new Promise<string>((resolve, reject) => {
        const timer = this.#timers.setTimeout(
          () => reject(new WsConnectionError("the server sent no challenge in time")),
          this.#authTimeout,
        );
        conn.challengeWaiter = (value) => {
          this.#timers.clearTimeout(timer);
          resolve(value);
        };
        this.#send(conn, { event: "challenge", api_key: credentials.apiKey });
      });
      conn.challengeWaiter = undefined;
      const signed = await signChallenge(challenge, credentials);
      return { api_key: credentials.apiKey, original_challenge: challenge, signed_challenge: signed };
    })();
    return conn.auth as Promise<AuthFields>;
  }

  #startKeepAlive(conn: Connection): void {
    const canPing = typeof conn.socket.ping === "function";
    if (!canPing && !this.#heartbeatHandle) {
      // Browsers cannot send protocol pings; the heartbeat feed keeps traffic flowing instead.
      this.#heartbeatHandle = this.#addHandle("heartbeat", undefined, false);
    }
    const tick = Math.min(this.#pingInterval, this.#silenceTimeout / 2);
    let lastPing = this.#clock.now();
    const check = () => {
      if (this.#conn !== conn) return;
      const now = this.#clock.now();
      if (now - conn.lastActivity >= this.#silenceTimeout) {
        this.#error(new WsConnectionError(`no message for ${this.#silenceTimeout} ms: reconnecting`));
        this.#drop(conn, "silence");
        return;
      }
      if (canPing && now - lastPing >= this.#pingInterval) {
        lastPing = now;
        try {
          conn.socket.ping!();
        } catch (error) {
          this.#log.debug?.("ping failed", { error: String(error) });
        }
      }
      conn.keepAliveTimer = this.#timers.setTimeout(check, tick);
    };
    conn.keepAliveTimer = this.#timers.setTimeout(check, tick);
  }

  /** Ends a connection that failed and schedules the next one (unless the client is closed). */
  #drop(conn: Connection, reason: string): void {
    if (this.#conn !== conn) return;
    this.#conn = undefined;
    this.#timers.clearTimeout(conn.drainTimer);
    this.#timers.clearTimeout(conn.keepAliveTimer);
    this.#timers.clearTimeout(conn.connectTimer);
    conn.challengeWaiter = undefined;
    try {
      conn.socket.close(4000, reason.slice(0, 100));
    } catch {
      // already closed
    }
    for (const entry of this.#books.values()) {
      entry.status = "awaiting";
      entry.book.invalidate();
    }
    this.#balances.reset();
    if (this.#state !== "closed") this.#scheduleReconnect(reason);
  }

  #scheduleReconnect(reason: string): void {
    this.#attempts++;
    this.#downSince ??= this.#clock.now();
    if (this.#attempts > this.#maxAttempts) {
      this.#error(new WsConnectionError(`gave up after ${this.#maxAttempts} reconnect attempts (${reason})`));
      this.close();
      return;
    }
    const base = Math.min(this.#maxDelay, this.#initialDelay * 2 ** Math.min(this.#attempts - 1, 30));
    // "Equal jitter": half fixed, half random, so clients that dropped together do not return together.
    const delayMs = Math.round(base / 2 + (this.#random() * base) / 2);
    this.#setState("reconnecting");
    this.#log.info?.("reconnecting", { attempt: this.#attempts, delayMs, reason });
    this.#emit("reconnecting", { attempt: this.#attempts, delayMs, reason });
    this.#reconnectTimer = this.#timers.setTimeout(() => {
      this.#reconnectTimer = undefined;
      if (this.#state === "reconnecting") this.#open();
    }, delayMs);
  }

  close(): void {
    if (this.#state === "closed") return;
    this.#setState("closed");
    this.#timers.clearTimeout(this.#reconnectTimer);
    const conn = this.#conn;
    if (conn) {
      this.#conn = undefined;
      this.#timers.clearTimeout(conn.drainTimer);
      this.#timers.clearTimeout(conn.keepAliveTimer);
      this.#timers.clearTimeout(conn.connectTimer);
      try {
        conn.socket.close(1000, "client closed");
      } catch {
        // already closed
      }
    }
    for (const handle of [...this.#handles]) this.#endHandle(handle);
    const waiters = this.#readyWaiters;
    this.#readyWaiters = [];
    for (const waiter of waiters) waiter.reject(new WsConnectionError("the client was closed"));
  }

  // ------------------------------------------------------------------ sending (rate limited)

  #send(conn: Connection, request: object): void {
    conn.queue.push(JSON.stringify(request));
    this.#drain(conn);
  }

  /** At most `requestsPerSecond` frames in any sliding second; the rest wait in order. */
  #drain(conn: Connection): void {
    if (this.#conn !== conn || !conn.isOpen) return;
    const now = this.#clock.now();
    while (conn.queue.length > 0) {
      while (conn.sentAt.length > 0 && now - conn.sentAt[0]! >= WINDOW_MS) conn.sentAt.shift();
      if (conn.sentAt.length >= this.#perSecond) break;
      const frame = conn.queue.shift()!;
      conn.sentAt.push(now);
      try {
        conn.socket.send(frame);
      } catch (cause) {
        this.#error(new WsConnectionError("sending a request failed", { cause }));
        return;
      }
    }
    if (conn.queue.length > 0 && conn.drainTimer === undefined) {
      const wait = Math.max(1, conn.sentAt[0]! + WINDOW_MS - now);
      conn.drainTimer = this.#timers.setTimeout(() => {
        conn.drainTimer = undefined;
        this.#drain(conn);
      }, wait);
    }
  }

  #sendSubscription(
    conn: Connection,
    event: "subscribe" | "unsubscribe",
    feed: FeedName,
    keys?: readonly string[],
    auth?: AuthFields,
  ): void {
    const wanted = keys ?? [...(this.#wanted.get(feed)?.keys() ?? [])];
    if (wanted.length === 0) return;
    const products = wanted.filter((k) => k !== ALL);
    const request: Record<string, unknown> = { event, feed };
    // "Every product" (ALL) wins over a list: fills without product_ids already covers them all.
    if (!wanted.includes(ALL) && products.length > 0) request["product_ids"] = products;
    if (auth) Object.assign(request, auth);
    this.#send(conn, request);
    if (feed === "book" && event === "subscribe") {
      for (const product of products) {
        const entry = this.#books.get(product);
        if (entry && entry.status === "synced") entry.status = "awaiting";
      }
    }
  }

  /** Sends (un)subscribe for some keys of a feed now if connected; otherwise the next connection does. */
  #request(event: "subscribe" | "unsubscribe", feed: FeedName, keys: readonly string[]): void {
    const conn = this.#conn;
    if (!conn?.isOpen || keys.length === 0) return;
    if (this.#state !== "ready" && this.#state !== "authenticating") return; // #subscribeAll will send it
    if (wsFeeds[feed].access === "public") {
      this.#sendSubscription(conn, event, feed, keys);
      return;
    }
    void this.#authenticate(conn)
      .then((auth) => {
        if (this.#conn !== conn) return;
        if (this.#state === "authenticating") this.#setState("ready");
        this.#sendSubscription(conn, event, feed, keys, auth);
      })
      .catch((error: unknown) => {
        if (this.#conn !== conn) return;
        this.#error(
          error instanceof KrakenFuturesError
            ? error
            : new WsConnectionError("authentication failed", { cause: error }),
        );
        this.#drop(conn, "authentication failed");
      });
  }

  // ------------------------------------------------------------------ receiving

  #onFrame(conn: Connection, data: unknown): void {
    const decoded = readFrame(data);
    if (decoded instanceof WsDecodeError) {
      this.#error(decoded);
      return;
    }
    const message = decoded as ServerMessage & { feed?: string; event?: string };
    try {
      this.#route(conn, message);
    } catch (cause) {
      // A frame whose shape defeats a handler is dropped like a malformed one; the client carries on.
      this.#error(new WsConnectionError("a message could not be handled and was dropped", { cause }));
    }
    if (this.#messageListeners.size > 0) this.#emit("message", message);
  }

  #route(conn: Connection, message: ServerMessage & { feed?: string; event?: string }): void {
    // Acknowledgements carry `feed` too, so `event` decides first.
    if (typeof message.event !== "string") {
      const feed = FEED_OF_MESSAGE.get(message.feed as string);
      if (feed === "book") this.#onBook(message as BookSnapshot | BookUpdate);
      else if (feed === "balances") this.#onBalances(message as BalancesSnapshot | BalancesUpdate);
      if (feed) this.#dispatch(feed, message);
      return;
    }
    switch (message.event) {
      case "challenge": {
        const challenge = (message as { message?: unknown }).message;
        if (typeof challenge === "string" && challenge.length > 0) conn.challengeWaiter?.(challenge);
        else this.#error(new WsConnectionError("the server sent an empty challenge"));
        return;
      }
      case "subscribed_failed":
      case "unsubscribed_failed": {
        const feed = (message as { feed?: unknown }).feed;
        const name = typeof feed === "string" ? feed : undefined;
        this.#error(new WsSubscriptionError(`${message.event}${name ? ` for feed ${name}` : ""}`, name));
        return;
      }
      case "error":
      case "alert": {
        const text = (message as { message?: unknown }).message;
        this.#error(new WsSubscriptionError(`server ${message.event}: ${String(text)}`, undefined));
        return;
      }
      default:
        this.#log.debug?.(`event ${String(message.event)}`);
    }
  }

  #dispatch(feed: FeedName, message: ServerMessage): void {
    const handles = this.#feedHandles.get(feed);
    if (handles === undefined) return;
    const product = (message as { product_id?: unknown }).product_id;
    for (const handle of handles) {
      // A book's or the balances view's own handle has neither: nothing to hand the message to.
      if (!handle.active || (handle.listeners.size === 0 && handle.iterators.size === 0)) continue;
      if (handle.products && typeof product === "string" && !handle.products.has(product)) continue;
      for (const listener of handle.listeners) {
        try {
          (listener as (m: ServerMessage) => void)(message);
        } catch (error) {
          this.#log.error?.("a subscription listener threw", { error: String(error) });
        }
      }
      for (const iterator of handle.iterators) {
        iterator.buffer.push(message);
        iterator.wake?.();
      }
    }
  }

  // ------------------------------------------------------------------ order books

  #onBook(message: BookSnapshot | BookUpdate): void {
    const productId = message.product_id;
    if (typeof productId !== "string") throw new TypeError("book message without product_id");
    const entry = this.#books.get(productId);
    if (!entry) return; // not a product anyone asked a book for
    if (message.feed === "book_snapshot") {
      if (!entry.book.applySnapshot(message)) {
        this.#error(new WsConnectionError(`unusable book snapshot for ${productId}`));
        return;
      }
      entry.status = "synced";
      this.#notifyBook(entry);
      return;
    }
    if (entry.status === "resyncing") return; // deltas of the old subscription, before the new snapshot
    const bookSeq = entry.book.seq;
    const hadSnapshot = entry.status === "synced";
    const result = entry.book.applyDelta(message);
    if (result === "applied") this.#notifyBook(entry);
    else if (result === "gap") {
      this.#resync(entry, hadSnapshot ? "gap" : "delta-before-snapshot", message.seq, bookSeq);
    } else if (result === "invalid") {
      this.#error(new WsConnectionError(`unusable book delta for ${productId} dropped`));
    }
  }

  #resync(entry: BookEntry, reason: "gap" | "delta-before-snapshot", seq: number, bookSeq: number): void {
    entry.status = "resyncing";
    entry.book.invalidate();
    const productId = entry.book.productId;
    this.#log.warn?.(`book ${productId}: ${reason} (seq ${seq} after ${bookSeq}), resubscribing`);
    this.#emit("resync", { productId, reason, seq, bookSeq });
    this.#request("unsubscribe", "book", [productId]);
    this.#request("subscribe", "book", [productId]);
  }

  #notifyBook(entry: BookEntry): void {
    for (const listener of entry.listeners) {
      try {
        listener(entry.book);
      } catch (error) {
        this.#log.error?.("a book listener threw", { error: String(error) });
      }
    }
  }

  book(productId: string): BookHandle {
    if (typeof productId !== "string" || productId.length === 0) {
      throw new WsArgumentError("book: productId must be a non-empty string");
    }
    let entry = this.#books.get(productId);
    if (!entry) {
      entry = { book: new OrderBook(productId), status: "awaiting", listeners: new Set() };
      this.#books.set(productId, entry);
    }
    const bookEntry = entry;
    const handle = this.#addHandle("book", [productId], true);
    const mine = new Set<(book: OrderBook) => void>();
    return {
      productId,
      book: bookEntry.book,
      get synced() {
        return bookEntry.status === "synced";
      },
      bids: (n) => bookEntry.book.bids(n),
      asks: (n) => bookEntry.book.asks(n),
      onUpdate: (listener) => {
        bookEntry.listeners.add(listener);
        mine.add(listener);
        return () => {
          bookEntry.listeners.delete(listener);
          mine.delete(listener);
        };
      },
      close: () => {
        for (const listener of mine) bookEntry.listeners.delete(listener);
        this.#removeHandle(handle);
        if (!this.#wanted.get("book")?.has(productId)) this.#books.delete(productId);
      },
    };
  }

  // ------------------------------------------------------------------ balances

  #onBalances(message: BalancesSnapshot | BalancesUpdate): void {
    if (message.feed === "balances_snapshot") this.#balances.applySnapshot(message);
    else if (!this.#balances.applyDelta(message)) return;
    const state = this.#balances.state;
    if (!state) return;
    for (const listener of this.#balanceListeners) {
      try {
        listener(state);
      } catch (error) {
        this.#log.error?.("a balances listener threw", { error: String(error) });
      }
    }
  }

  balances(): BalancesHandle {
    const handle = this.#addHandle("balances", undefined, true);
    const view = this.#balances;
    const mine = new Set<(state: BalancesState) => void>();
    return {
      get state() {
        return view.state;
      },
      onUpdate: (listener) => {
        this.#balanceListeners.add(listener);
        mine.add(listener);
        return () => {
          this.#balanceListeners.delete(listener);
          mine.delete(listener);
        };
      },
      close: () => {
        for (const listener of mine) this.#balanceListeners.delete(listener);
        this.#removeHandle(handle);
      },
    };
  }

  // ------------------------------------------------------------------ subscriptions

  subscribe<F extends FeedName>(feed: F, productIds?: readonly string[]): Subscription<F> {
    const handle = this.#addHandle(feed, productIds, true);
    return this.#subscriptionOf<F>(handle);
  }

  unsubscribe(subscription: Subscription<FeedName>): void {
    subscription.unsubscribe();
  }

  #addHandle(feed: FeedName, productIds: readonly string[] | undefined, user: boolean): Handle {
    if (this.#state === "closed") throw new WsConnectionError(`subscribe(${feed}): the client is closed`);
    const spec = (wsFeeds as Record<string, (typeof wsFeeds)[FeedName]>)[feed];
    if (!spec) throw new WsArgumentError(`subscribe: unknown feed "${String(feed)}"`);
    const ids = productIds ? [...new Set(productIds)] : undefined;
    if (ids?.some((id) => typeof id !== "string" || id.length === 0)) {
      throw new WsArgumentError(`subscribe(${feed}): product ids must be non-empty strings`);
    }
    if (spec.productIds === "required" && (!ids || ids.length === 0)) {
      throw new WsArgumentError(`subscribe(${feed}): this feed needs productIds`);
    }
    if (spec.productIds === "none" && ids && ids.length > 0) {
      throw new WsArgumentError(`subscribe(${feed}): this feed takes no productIds`);
    }
    if (spec.access === "private" && !this.#credentials) {
      throw new WsArgumentError(`subscribe(${feed}): a private feed needs credentials in createWsClient`);
    }
    const keys = ids && ids.length > 0 ? ids : [ALL];
    const handle: Handle = {
      feed,
      keys,
      products: ids && ids.length > 0 ? new Set(ids) : undefined,
      listeners: new Set(),
      iterators: new Set(),
      active: true,
    };
    this.#handles.add(handle);
    let sameFeed = this.#feedHandles.get(feed);
    if (!sameFeed) {
      sameFeed = new Set();
      this.#feedHandles.set(feed, sameFeed);
    }
    sameFeed.add(handle);
    if (feed === "book") {
      for (const id of keys) {
        if (!this.#books.has(id))
          this.#books.set(id, { book: new OrderBook(id), status: "awaiting", listeners: new Set() });
      }
    }
    let counts = this.#wanted.get(feed);
    if (!counts) {
      counts = new Map();
      this.#wanted.set(feed, counts);
    }
    const added: string[] = [];
    for (const key of keys) {
      const n = counts.get(key) ?? 0;
      counts.set(key, n + 1);
      if (n === 0) added.push(key);
    }
    this.#request("subscribe", feed, added);
    if (this.#state === "idle" && user) void this.connect().catch(() => {});
    return handle;
  }

  #removeHandle(handle: Handle): void {
    if (!this.#handles.has(handle)) return;
    this.#endHandle(handle);
    const counts = this.#wanted.get(handle.feed);
    if (!counts) return;
    const removed: string[] = [];
    for (const key of handle.keys) {
      const n = (counts.get(key) ?? 1) - 1;
      if (n <= 0) {
        counts.delete(key);
        removed.push(key);
      } else counts.set(key, n);
    }
    if (counts.size === 0) this.#wanted.delete(handle.feed);
    if (handle.feed === "book") for (const key of removed) this.#books.delete(key);
    if (this.#state !== "closed") this.#request("unsubscribe", handle.feed, removed);
  }

  #endHandle(handle: Handle): void {
    handle.active = false;
    this.#handles.delete(handle);
    const sameFeed = this.#feedHandles.get(handle.feed);
    sameFeed?.delete(handle);
    if (sameFeed?.size === 0) this.#feedHandles.delete(handle.feed);
    for (const iterator of handle.iterators) {
      iterator.done = true;
      iterator.wake?.();
    }
  }

  #subscriptionOf<F extends FeedName>(handle: Handle): Subscription<F> {
    const client = this;
    return {
      feed: handle.feed as F,
      productIds: handle.products ? [...handle.products] : undefined,
      on(listener) {
        handle.listeners.add(listener as (message: never) => void);
        return () => handle.listeners.delete(listener as (message: never) => void);
      },
      unsubscribe() {
        client.#removeHandle(handle);
      },
      [Symbol.asyncIterator](): AsyncIterator<FeedMessages[F]> {
        // Buffering starts only when someone iterates, so listener-only users hold no queue.
        const state: IteratorState = { buffer: [], wake: undefined, done: !handle.active };
        handle.iterators.add(state);
        return {
          next: async () => {
            while (state.buffer.length === 0 && !state.done) {
              await new Promise<void>((resolve) => {
                state.wake = resolve;
              });
              state.wake = undefined;
            }
            if (state.buffer.length > 0)
              return { value: state.buffer.shift() as FeedMessages[F], done: false };
            return { value: undefined, done: true };
          },
          return: async () => {
            state.done = true;
            handle.iterators.delete(state);
            client.#removeHandle(handle);
            return { value: undefined, done: true };
          },
        };
      },
    };
  }
}
