import { type Credentials, KrakenFuturesError, parseCredentials, signChallenge } from "@kraken-futures/auth";
import { BalancesFeed } from "./balances-feed.js";
import { BookFeeds } from "./book-feed.js";
import { readFrame } from "./decode.js";
import { WsArgumentError, WsConnectionError, WsDecodeError, WsSubscriptionError } from "./errors.js";
import type {
  BalancesSnapshot,
  BalancesUpdate,
  BookSnapshot,
  BookUpdate,
  FeedName,
  ServerMessage,
} from "./generated/ws.gen.js";
import { wsFeeds } from "./generated/ws.gen.js";
import { Backoff, describeFailure, type ReconnectSettings, reconnectSettings } from "./reconnect.js";
import { notifyAll } from "./resync.js";
import { type Answer, RequestLog } from "./settlement.js";
import { createHandle, endHandle, type Handle, subscriptionOf } from "./subscription.js";
import type {
  BalancesHandle,
  BookHandle,
  ConnectionState,
  Logger,
  SocketEvent,
  Subscription,
  Timers,
  WebSocketConstructor,
  WebSocketLike,
  WsClient,
  WsClientEvents,
  WsClientOptions,
} from "./types.js";

const DEFAULT_ORIGIN = "wss://futures.kraken.com";
const DEFAULT_MAX_PAYLOAD = 16 * 1024 * 1024;
const WINDOW_MS = 1000;
const ALL = ""; // key of "every product" (feeds without product ids, or fills without a filter)

/** Which subscribable feed a message's `feed` value belongs to, from the spec's feed table. */
const FEED_OF_MESSAGE = new Map<string, FeedName>();
for (const [name, feed] of Object.entries(wsFeeds) as [FeedName, (typeof wsFeeds)[FeedName]][]) {
  FEED_OF_MESSAGE.set(feed.update, name);
  if (feed.snapshot !== null) FEED_OF_MESSAGE.set(feed.snapshot, name);
}
const isFeed = (name: unknown): name is FeedName => typeof name === "string" && Object.hasOwn(wsFeeds, name);

interface Connection {
  readonly socket: WebSocketLike;
  readonly queue: string[];
  readonly sentAt: number[];
  /** The requests sent on this connection and what the server acknowledged. */
  readonly requests: RequestLog;
  drainTimer: unknown;
  keepAliveTimer: unknown;
  connectTimer: unknown;
  authTimer: unknown;
  lastActivity: number;
  auth: Promise<AuthFields | undefined> | undefined;
  challenge: { resolve(challenge: string): void; reject(error: Error): void } | undefined;
  isOpen: boolean;
  /** The last socket error, to tell why a connection that never opened ended. */
  lastError: string | undefined;
}
interface AuthFields {
  api_key: string;
  original_challenge: string;
  signed_challenge: string;
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
  readonly #reconnect: ReconnectSettings;
  readonly #backoff: Backoff;
  readonly #connectTimeout: number;
  readonly #authTimeout: number;
  readonly #pingInterval: number;
  readonly #silenceTimeout: number;
  readonly #perSecond: number;
  readonly #maxPayload: number;

  #state: ConnectionState = "idle";
  #conn: Connection | undefined;
  #downSince: number | undefined;
  #reconnectTimer: unknown;
  #readyWaiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  /** Wanted subscriptions: feed -> product key -> number of handles needing it. */
  readonly #wanted = new Map<FeedName, Map<string, number>>();
  readonly #handles = new Set<Handle>();
  readonly #books: BookFeeds;
  readonly #balances: BalancesFeed;
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
    this.#reconnect = reconnectSettings(options.reconnect);
    this.#backoff = new Backoff(this.#reconnect, this.#timers, options.random ?? Math.random);
    this.#connectTimeout = options.connectTimeoutMs ?? 10_000;
    this.#authTimeout = options.authTimeoutMs ?? 10_000;
    this.#pingInterval = options.keepAlive?.pingIntervalMs ?? 30_000;
    this.#silenceTimeout = options.keepAlive?.silenceTimeoutMs ?? 60_000;
    this.#perSecond = options.requestsPerSecond ?? 100;
    this.#maxPayload = options.maxPayload ?? DEFAULT_MAX_PAYLOAD;
    if (!(this.#maxPayload > 0))
      throw new WsArgumentError("createWsClient: maxPayload must be a positive number");
    this.#listeners.set("message", this.#messageListeners);
    const host = {
      timers: this.#timers,
      log: this.#log,
      snapshotTimeoutMs: options.snapshotTimeoutMs ?? 10_000,
      emit: <E extends keyof WsClientEvents>(event: E, payload: WsClientEvents[E]) =>
        this.#emit(event, payload),
      error: (error: KrakenFuturesError) => this.#error(error),
      resubscribe: (feed: FeedName, keys: readonly string[]) => {
        this.#request("unsubscribe", feed, keys);
        this.#request("subscribe", feed, keys);
      },
    };
    this.#books = new BookFeeds(host);
    this.#balances = new BalancesFeed(host, ALL);
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
    const set = this.#listeners.get(event) as Set<(p: WsClientEvents[E]) => void> | undefined;
    // A throwing listener must not break the connection: notifyAll logs it and calls the others.
    if (set) notifyAll(set, payload, this.#log, event);
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
      // No subprotocol; `maxPayload` is read by the `ws` package and ignored by WHATWG WebSockets.
      socket = new this.#WebSocket(this.url, [], { maxPayload: this.#maxPayload });
    } catch (cause) {
      this.#error(new WsConnectionError(`cannot open ${this.url}`, { cause }));
      this.#scheduleReconnect("constructor failed");
      return;
    }
    const conn: Connection = {
      socket,
      queue: [],
      sentAt: [],
      requests: new RequestLog(ALL),
      drainTimer: undefined,
      keepAliveTimer: undefined,
      connectTimer: undefined,
      authTimer: undefined,
      lastActivity: this.#clock.now(),
      auth: undefined,
      challenge: undefined,
      isOpen: false,
      lastError: undefined,
    };
    this.#conn = conn;
    conn.connectTimer = this.#timers.setTimeout(() => {
      if (this.#conn === conn && !conn.isOpen) this.#drop(conn, "connect timeout");
    }, this.#connectTimeout);
    this.#listen(conn);
  }

  #listen(conn: Connection): void {
    const { socket } = conn;
    const onOpen = () => {
      if (this.#conn !== conn) return;
      conn.isOpen = true;
      this.#timers.clearTimeout(conn.connectTimer);
      this.#onOpen(conn);
    };
    const onClose = (code: number | undefined, reason: string | undefined) => {
      if (this.#conn !== conn) return;
      const failure = describeFailure(conn.isOpen, { code, reason }, conn.lastError, {
        maxPayload: this.#maxPayload,
        retryRefusedUpgrade: this.#reconnect.retryRefusedUpgrade,
      });
      if (failure.final) this.#shutdown(new WsConnectionError(`${this.url}: ${failure.reason}`));
      else this.#drop(conn, failure.reason);
    };
    const onError = (message: string | undefined) => {
      if (this.#conn !== conn) return;
      conn.lastError = message;
      this.#error(new WsConnectionError(`WebSocket error on ${this.url}: ${message ?? "unknown"}`));
    };
    const onPong = () => {
      conn.lastActivity = this.#clock.now();
    };
    if (typeof socket.on === "function" && typeof socket.ping === "function") {
      // The `ws` package: its EventEmitter API hands over the frame itself. Its `addEventListener`
      // wrapper would build a MessageEvent for every frame, a cost paid per book update. It enforces
      // maxPayload itself.
      socket.on("open", onOpen);
      socket.on("message", (data: unknown, isBinary: boolean) => {
        if (this.#conn !== conn) return;
        conn.lastActivity = this.#clock.now();
        this.#onFrame(conn, isBinary ? data : textOf(data));
      });
      socket.on("close", (code: number, reason: unknown) =>
        onClose(code, reason ? String(reason) : undefined),
      );
      socket.on("error", (error: { message?: string } | undefined) => onError(error?.message));
      socket.on("pong", onPong);
      return;
    }
    socket.addEventListener("open", onOpen);
    socket.addEventListener("message", (event: SocketEvent) => {
      if (this.#conn !== conn) return;
      conn.lastActivity = this.#clock.now();
      const size = frameSize(event.data);
      if (size > this.#maxPayload) {
        const start = typeof event.data === "string" ? event.data.slice(0, 200) : "<binary>";
        this.#error(
          new WsDecodeError(
            `a frame of ${size} bytes exceeds maxPayload (${this.#maxPayload} bytes): dropped`,
            start,
          ),
        );
        return;
      }
      this.#onFrame(conn, event.data);
    });
    socket.addEventListener("close", (event: SocketEvent) => onClose(event.code, event.reason));
    socket.addEventListener("error", (event: SocketEvent) => onError(event.message));
    if (typeof socket.on === "function") socket.on("pong", onPong);
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
    // Public feeds first: they need no challenge.
    for (const feed of feeds)
      if (wsFeeds[feed].access === "public") this.#sendSubscription(conn, "subscribe", feed);
    const privateFeeds = feeds.filter((f) => wsFeeds[f].access === "private");
    if (privateFeeds.length > 0) {
      const auth = await this.#authenticate(conn).catch((error: unknown) => {
        if (this.#conn !== conn || !(error instanceof WsSubscriptionError)) throw error;
        this.#refusePrivate(error.reason ?? error.message); // refused for good: the public feeds go on
        return undefined;
      });
      if (this.#conn !== conn) return;
      if (auth)
        for (const feed of privateFeeds) this.#sendSubscription(conn, "subscribe", feed, undefined, auth);
    }
    if (this.#conn !== conn) return;
    this.#setState("ready");
    this.#backoff.ready();
    const waiters = this.#readyWaiters;
    this.#readyWaiters = [];
    for (const waiter of waiters) waiter.resolve();
    if (this.#downSince !== undefined) {
      const downtimeMs = this.#clock.now() - this.#downSince;
      const attempts = this.#backoff.attempts;
      this.#downSince = undefined;
      this.#log.info?.("reconnected", { attempts, downtimeMs });
      this.#emit("reconnected", { attempts, downtimeMs });
    }
  }

  /**
   * A challenge belongs to one connection: it is requested again on every connection, never reused
   * (reusing one is why other clients' private feeds fail after a reconnect). A refused challenge
   * rejects with a WsSubscriptionError; no challenge in time with a WsConnectionError.
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
        const settle = () => {
          this.#timers.clearTimeout(conn.authTimer);
          conn.authTimer = undefined;
          conn.challenge = undefined;
        };
        conn.authTimer = this.#timers.setTimeout(() => {
          settle();
          reject(new WsConnectionError("the server sent no challenge in time"));
        }, this.#authTimeout);
        conn.challenge = {
          resolve: (value) => {
            settle();
            resolve(value);
          },
          reject: (error) => {
            settle();
            reject(error);
          },
        };
        conn.requests.sent({ kind: "challenge" });
        this.#send(conn, { event: "challenge", api_key: credentials.apiKey });
      });
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

  /** Ends a connection: every timer it armed, a pending challenge, the socket. */
  #teardown(conn: Connection, code: number, reason: string): void {
    if (this.#conn === conn) this.#conn = undefined;
    this.#timers.clearTimeout(conn.drainTimer);
    this.#timers.clearTimeout(conn.keepAliveTimer);
    this.#timers.clearTimeout(conn.connectTimer);
    // Rejecting the challenge also clears its timer: no timer outlives the connection.
    conn.challenge?.reject(new WsConnectionError("the connection closed before the challenge came"));
    try {
      conn.socket.close(code, reason.slice(0, 100));
    } catch {
      // already closed
    }
  }

  /** Ends a connection that failed and schedules the next one (unless the client is closed). */
  #drop(conn: Connection, reason: string): void {
    if (this.#conn !== conn) return;
    this.#teardown(conn, 4000, reason);
    this.#books.disconnected();
    this.#balances.disconnected();
    if (this.#state !== "closed") this.#scheduleReconnect(reason);
  }

  #scheduleReconnect(reason: string): void {
    this.#downSince ??= this.#clock.now();
    const next = this.#backoff.failed();
    if (!next) {
      const max = this.#reconnect.maxAttempts;
      this.#shutdown(new WsConnectionError(`gave up after ${max} reconnect attempts (${reason})`));
      return;
    }
    const { attempt, delayMs } = next;
    this.#setState("reconnecting");
    this.#log.info?.("reconnecting", { attempt, delayMs, reason });
    this.#emit("reconnecting", { attempt, delayMs, reason });
    this.#reconnectTimer = this.#timers.setTimeout(() => {
      this.#reconnectTimer = undefined;
      if (this.#state === "reconnecting") this.#open();
    }, delayMs);
  }

  close(): void {
    this.#shutdown(undefined);
  }

  /** Closes for good; `error` (reported) says why when the client gives up by itself. */
  #shutdown(error: WsConnectionError | undefined): void {
    if (this.#state === "closed") return;
    if (error) this.#error(error);
    this.#setState("closed");
    this.#timers.clearTimeout(this.#reconnectTimer);
    this.#backoff.stop();
    if (this.#conn) this.#teardown(this.#conn, 1000, "client closed");
    this.#books.disconnected();
    this.#balances.stop();
    const reason = error ?? new WsConnectionError("the client was closed");
    for (const handle of [...this.#handles]) {
      handle.settle.reject(reason);
      this.#detach(handle);
      endHandle(handle);
    }
    const waiters = this.#readyWaiters;
    this.#readyWaiters = [];
    for (const waiter of waiters) waiter.reject(reason);
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
    conn.requests.sent({ kind: event, feed, keys: wanted, isPrivate: wsFeeds[feed].access === "private" });
    this.#send(conn, request);
    if (event !== "subscribe") return;
    if (feed === "book") for (const product of products) this.#books.subscribing(product);
    else if (feed === "balances") this.#balances.subscribing();
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
        if (error instanceof WsSubscriptionError) {
          if (this.#state === "authenticating") this.#setState("ready");
          this.#refusePrivate(error.reason ?? error.message);
          return;
        }
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
      const frame = typeof data === "string" ? data : "<binary>";
      this.#error(new WsDecodeError("a message could not be handled and was dropped", frame, { cause }));
    }
    if (this.#messageListeners.size > 0) this.#emit("message", message);
  }

  #route(conn: Connection, message: ServerMessage & { feed?: string; event?: string }): void {
    // Acknowledgements carry `feed` too, so `event` decides first.
    if (typeof message.event !== "string") {
      const feed = FEED_OF_MESSAGE.get(message.feed as string);
      if (feed === "book") this.#books.onMessage(message as BookSnapshot | BookUpdate);
      else if (feed === "balances") this.#balances.onMessage(message as BalancesSnapshot | BalancesUpdate);
      if (feed) this.#dispatch(feed, message);
      return;
    }
    const text = (message as { message?: unknown }).message;
    if (message.event === "challenge") {
      conn.requests.answer("challenge", undefined, undefined);
      if (typeof text === "string" && text.length > 0) conn.challenge?.resolve(text);
      else this.#error(new WsConnectionError("the server sent an empty challenge"));
      return;
    }
    const feed = isFeed(message.feed) ? message.feed : undefined;
    const words = typeof text === "string" ? text : undefined;
    const ids = (message as { product_ids?: unknown }).product_ids;
    const echoed = Array.isArray(ids) ? ids.filter((id): id is string => typeof id === "string") : undefined;
    this.#onAnswer(
      conn,
      message.event,
      feed,
      words,
      conn.requests.answer(message.event, feed, words, echoed),
    );
  }

  /** An acknowledgement, refusal, error or alert, read against the requests it answers. */
  #onAnswer(
    conn: Connection,
    event: string,
    feed: FeedName | undefined,
    text: string | undefined,
    answer: Answer,
  ): void {
    if (answer.kind === "acked") {
      for (const handle of this.#feedHandles.get(answer.feed) ?? []) {
        if (!handle.settle.settled && conn.requests.covers(answer.feed, handle.keys)) handle.settle.resolve();
      }
      return;
    }
    if (answer.kind === "refused") {
      if (answer.challenge) {
        conn.challenge?.reject(
          new WsSubscriptionError(`the challenge was refused: ${answer.reason}`, undefined, answer.reason),
        );
      } else if (answer.feed) {
        this.#refuse(answer.feed, answer.keys, answer.reason);
      }
      return;
    }
    if (event === "subscribed" || event === "unsubscribed" || event === "info" || event === "pong") {
      this.#log.debug?.(`event ${event}`);
      return;
    }
    if (event === "alert" && text !== undefined && /^already subscribed/i.test(text)) {
      this.#log.debug?.(`alert: ${text}`); // the server re-sends the snapshot; nothing is wrong
      return;
    }
    const name = feed ?? answer.feed;
    this.#error(
      new WsSubscriptionError(
        `${event}${name ? ` for feed ${name}` : ""}${text ? `: ${text}` : ""}`,
        name,
        text ?? event,
      ),
    );
  }

  /** Ends the handles of `feed` whose subscription was refused (all unsettled ones when `keys` is unknown). */
  #refuse(feed: FeedName, keys: readonly string[] | undefined, reason: string): void {
    const error = new WsSubscriptionError(`subscribe ${feed} refused: ${reason}`, feed, reason);
    this.#error(error);
    for (const handle of [...(this.#feedHandles.get(feed) ?? [])]) {
      const hit =
        keys === undefined
          ? !handle.settle.settled
          : keys.includes(ALL) || handle.keys.some((k) => keys.includes(k));
      if (hit && handle !== this.#heartbeatHandle) this.#removeHandle(handle, error);
    }
  }

  /** The challenge was refused: no private feed can be subscribed with these credentials. */
  #refusePrivate(reason: string): void {
    for (const feed of [...this.#wanted.keys()]) {
      if (wsFeeds[feed].access === "private") this.#refuse(feed, [ALL], reason);
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
      notifyAll(handle.listeners as Set<(m: ServerMessage) => void>, message, this.#log, "subscription");
      for (const iterator of handle.iterators) {
        iterator.buffer.push(message);
        iterator.wake?.();
      }
    }
  }

  // ------------------------------------------------------------------ views and subscriptions

  book(productId: string): BookHandle {
    if (typeof productId !== "string" || productId.length === 0) {
      throw new WsArgumentError("book: productId must be a non-empty string");
    }
    const handle = this.#addHandle("book", [productId], true);
    return this.#books.handle(productId, handle.settle.promise, () => this.#removeHandle(handle));
  }

  balances(): BalancesHandle {
    const handle = this.#addHandle("balances", undefined, true);
    return this.#balances.handle(handle.settle.promise, () => this.#removeHandle(handle));
  }

  subscribe<F extends FeedName>(feed: F, productIds?: readonly string[]): Subscription<F> {
    const handle = this.#addHandle(feed, productIds, true);
    return subscriptionOf<F>(handle, () => this.#removeHandle(handle));
  }

  unsubscribe(subscription: Subscription<FeedName>): void {
    subscription.unsubscribe();
  }

  #addHandle(feed: FeedName, productIds: readonly string[] | undefined, user: boolean): Handle {
    if (this.#state === "closed") throw new WsConnectionError(`subscribe(${feed}): the client is closed`);
    const ids = checkedProductIds(feed, productIds);
    if (wsFeeds[feed].access === "private" && !this.#credentials) {
      throw new WsArgumentError(`subscribe(${feed}): a private feed needs credentials in createWsClient`);
    }
    const keys = ids && ids.length > 0 ? ids : [ALL];
    const handle = createHandle(feed, keys, ids && ids.length > 0 ? new Set(ids) : undefined);
    this.#handles.add(handle);
    let sameFeed = this.#feedHandles.get(feed);
    if (!sameFeed) {
      sameFeed = new Set();
      this.#feedHandles.set(feed, sameFeed);
    }
    sameFeed.add(handle);
    if (feed === "book") for (const id of keys) this.#books.ensure(id);
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
    // Wanted already and acknowledged on this connection: nothing is sent, nothing will be acknowledged.
    if (this.#conn?.requests.covers(feed, keys)) handle.settle.resolve();
    if (this.#state === "idle" && user) void this.connect().catch(() => {});
    return handle;
  }

  /** Removes a handle; with `failure` (a refusal) it ends with that error and no unsubscribe is sent. */
  #removeHandle(handle: Handle, failure?: Error): void {
    if (!this.#handles.has(handle)) return;
    this.#detach(handle);
    endHandle(handle, failure);
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
    if (handle.feed === "balances" && !this.#wanted.has("balances")) this.#balances.stop();
    if (this.#state !== "closed" && !failure) this.#request("unsubscribe", handle.feed, removed);
  }

  #detach(handle: Handle): void {
    this.#handles.delete(handle);
    const sameFeed = this.#feedHandles.get(handle.feed);
    sameFeed?.delete(handle);
    if (sameFeed?.size === 0) this.#feedHandles.delete(handle.feed);
  }
}

/** The product ids of a subscription, de-duplicated, checked against the spec's feed table. */
function checkedProductIds(feed: FeedName, productIds: readonly string[] | undefined): string[] | undefined {
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
  return ids;
}

/** Size of a frame as the generic path receives it: UTF-16 units of text, bytes of binary data. */
function frameSize(data: unknown): number {
  if (typeof data === "string") return data.length;
  return (data as { byteLength?: number } | null)?.byteLength ?? 0;
}
