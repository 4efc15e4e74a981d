import { type KrakenFuturesError, parseCredentials } from "@kraken-futures/auth";
import {
  type Connection,
  type Timers as CoreTimers,
  createConnection,
  type SubscriptionHandle,
  systemTimers,
  type TimerHandle,
} from "@kraken-futures/core";
import { BalancesFeed } from "./balances-feed.js";
import { BookFeeds } from "./book-feed.js";
import { WsArgumentError, WsConnectionError, WsDecodeError } from "./errors.js";
import {
  ALL,
  answerFields,
  checkedProductIds,
  FEED_OF_MESSAGE,
  isInformational,
  isPrivate,
} from "./feeds.js";
import type {
  BalancesSnapshot,
  BalancesUpdate,
  BookSnapshot,
  BookUpdate,
  FeedName,
  ServerMessage,
} from "./generated/ws.gen.js";
import { type AuthFields, keyOf, type V1Message, type V1Sub, v1Protocol } from "./protocol.js";
import { reasonOf, wsError } from "./reasons.js";
import { Registry } from "./registry.js";
import { notifyAll } from "./resync.js";
import { endHandle, type Handle, subscriptionOf } from "./subscription.js";
import type {
  BalancesHandle,
  BookHandle,
  ConnectionState,
  Logger,
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

function toWsOrigin(origin: string): string {
  return origin.replace(/\/+$/, "").replace(/^http(s?):\/\//i, (_, s: string) => `ws${s}://`);
}

/** The client's timers as the core's (the core never unreferences a timer of the connection). */
function coreTimers(timers: Timers | undefined): CoreTimers {
  if (!timers) return systemTimers;
  return {
    setTimeout: (callback, ms) => timers.setTimeout(callback, ms) as TimerHandle,
    clearTimeout: (handle) => timers.clearTimeout(handle),
    keepAlive: () => {},
  };
}

/**
 * The v1 client on the core connection (`@kraken-futures/core`: states, sockets, reconnects, keep-alive,
 * the send queue, the subscription registry). Here: the v1 protocol (`protocol.ts`), the user's
 * subscriptions over the core's wire subscriptions (`Registry`), the books and the balances view, and the
 * routing of every message to them.
 */
class Client implements WsClient {
  readonly url: string;
  readonly #hasCredentials: boolean;
  readonly #log: Logger;
  readonly #maxPayload: number;
  readonly #connection: Connection<V1Message, V1Sub, AuthFields>;
  readonly #registry: Registry;
  /** The core's handles of each user handle, one per product. */
  readonly #wires = new Map<Handle, SubscriptionHandle<V1Sub>[]>();
  readonly #books: BookFeeds;
  readonly #balances: BalancesFeed;
  readonly #listeners = new Map<keyof WsClientEvents, Set<(payload: never) => void>>();
  /** The `message` listeners (also in #listeners): checked per frame, so that none costs nothing. */
  readonly #messageListeners = new Set<(payload: never) => void>();
  #heartbeatHandle: Handle | undefined;
  /** The last error reported: what the subscriptions reject with when the connection gives up. */
  #lastError: KrakenFuturesError | undefined;

  constructor(options: WsClientOptions) {
    this.url = toWsOrigin(options.origin ?? DEFAULT_ORIGIN) + (options.path ?? "/ws/v1");
    const WebSocket = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (!WebSocket) {
      throw new WsArgumentError(
        "createWsClient: this runtime has no global WebSocket; pass one, e.g. `WebSocket` from the ws package",
      );
    }
    const credentials = options.credentials ? parseCredentials(options.credentials) : undefined;
    this.#hasCredentials = credentials !== undefined;
    this.#maxPayload = options.maxPayload ?? DEFAULT_MAX_PAYLOAD;
    if (!(this.#maxPayload > 0))
      throw new WsArgumentError("createWsClient: maxPayload must be a positive number");
    const log = options.logger ?? {};
    this.#log = log;
    const timers = coreTimers(options.timers);
    this.#listeners.set("message", this.#messageListeners);
    this.#registry = new Registry(log);
    const protocol = v1Protocol({
      credentials,
      authTimeoutMs: options.authTimeoutMs ?? 10_000,
      maxPayload: this.#maxPayload,
      subscribing: (feed, product) => {
        if (feed === "book" && product !== ALL) this.#books.subscribing(product);
        if (feed === "balances") this.#balances.subscribing();
      },
    });
    const { reconnect = {} } = options;
    this.#connection = createConnection({
      url: this.url,
      protocol,
      WebSocket: this.#sockets(WebSocket),
      clock: options.clock ?? Date,
      timers,
      logger: log,
      reconnect: {
        initialDelayMs: reconnect.initialDelayMs,
        maxDelayMs: reconnect.maxDelayMs,
        maxAttempts: reconnect.maxAttempts,
        healthyAfterMs: reconnect.stableAfterMs,
        retryOnUpgradeRefusal: reconnect.retryRefusedUpgrade,
        random: options.random,
      },
      connectTimeoutMs: options.connectTimeoutMs,
      // Kraken may never answer a subscribe it drops: the subscription stays pending, as it always has.
      ackTimeoutMs: Number.POSITIVE_INFINITY,
      keepAlive: options.keepAlive,
      rate: { perSecond: options.requestsPerSecond ?? 100, mode: "sliding-window" },
      reportSocketErrors: true,
    });
    const host = {
      timers: options.timers ?? timers,
      log,
      snapshotTimeoutMs: options.snapshotTimeoutMs ?? 10_000,
      emit: <E extends keyof WsClientEvents>(event: E, payload: WsClientEvents[E]) =>
        this.#emit(event, payload),
      error: (error: KrakenFuturesError) => this.#error(error),
      resubscribe: (feed: FeedName, keys: readonly string[]) => {
        for (const product of keys) this.#connection.resubscribe(keyOf({ feed, product }));
      },
    };
    this.#books = new BookFeeds(host);
    this.#balances = new BalancesFeed(host, ALL);
    this.#listen();
  }

  /**
   * The constructor the core opens sockets with: the client's own call (`new WebSocket(url, [], {
   * maxPayload })`), and the heartbeat feed subscribed where the socket cannot ping (browsers).
   */
  #sockets(WebSocket: WebSocketConstructor): WebSocketConstructor {
    const maxPayload = this.#maxPayload;
    // biome-ignore lint/complexity/useArrowFunction: called with `new`; returning the socket makes it the result.
    const Sockets = function (url: string): WebSocketLike {
      const socket = new WebSocket(url, [], { maxPayload });
      if (typeof socket.ping !== "function") client.#needsHeartbeat();
      return socket;
    };
    const client = this;
    return Sockets as unknown as WebSocketConstructor;
  }

  #needsHeartbeat(): void {
    // Browsers cannot send protocol pings; the heartbeat feed keeps traffic flowing instead.
    if (!this.#heartbeatHandle) this.#heartbeatHandle = this.#addHandle("heartbeat", undefined, false);
  }

  #listen(): void {
    const connection = this.#connection;
    connection.on("state", (change) => {
      if (change.to === "closed") this.#closed();
      this.#emit("state", change);
    });
    connection.on("reconnecting", ({ attempt, delayMs, error }) => {
      this.#books.disconnected();
      this.#balances.disconnected();
      this.#emit("reconnecting", { attempt, delayMs, reason: reasonOf(error, this.#maxPayload) });
    });
    connection.on("reconnected", (payload) => this.#emit("reconnected", payload));
    connection.on("error", (error) => this.#error(wsError(error)));
    connection.on("message", (message) => this.#onMessage(message));
  }

  get state(): ConnectionState {
    return this.#connection.state;
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
    this.#lastError = error;
    this.#emit("error", error);
  }

  // ------------------------------------------------------------------ connection

  connect(): Promise<void> {
    return this.#connection.connect().catch((error: unknown) => Promise.reject(wsError(error)));
  }

  close(): void {
    this.#lastError = undefined;
    this.#connection.close();
  }

  /** Closed for good (by `close()` or giving up): every subscription ends, its iterators are done. */
  #closed(): void {
    this.#books.disconnected();
    this.#balances.stop();
    const last = this.#lastError;
    const reason = last instanceof WsConnectionError ? last : new WsConnectionError("the client was closed");
    for (const handle of this.#registry.handles()) {
      handle.settle.reject(reason);
      this.#registry.detach(handle);
      this.#wires.delete(handle);
      endHandle(handle);
    }
  }

  // ------------------------------------------------------------------ receiving

  #onMessage(message: V1Message): void {
    try {
      // Acknowledgements carry `feed` too, so `event` decides first.
      if (typeof message.event === "string") this.#onEvent(message.event, message);
      else this.#onFeedMessage(message);
    } catch (cause) {
      // A message whose shape defeats a handler is dropped like a malformed one; the client carries on.
      const frame = JSON.stringify(message) ?? "";
      this.#error(new WsDecodeError("a message could not be handled and was dropped", frame, { cause }));
    }
    if (this.#messageListeners.size > 0) this.#emit("message", message);
  }

  /** The hot path: a feed message to its book or view, then to the subscriptions of its feed. */
  #onFeedMessage(message: V1Message): void {
    const feed = FEED_OF_MESSAGE.get(message.feed as string);
    if (feed === "book") this.#books.onMessage(message as BookSnapshot | BookUpdate);
    else if (feed === "balances") this.#balances.onMessage(message as BalancesSnapshot | BalancesUpdate);
    if (feed) this.#registry.dispatch(feed, message as ServerMessage);
  }

  /** An event the protocol did not settle a request with: informational, or an error worth reporting. */
  #onEvent(event: string, message: V1Message): void {
    const { text } = answerFields(message as { message?: unknown });
    if (event === "challenge" || event === "subscribed_failed" || event === "unsubscribed_failed") return;
    if (isInformational(event, text) || (event === "alert" && /fail/i.test(text ?? ""))) {
      this.#log.debug?.(`event ${event}${text ? `: ${text}` : ""}`);
      return;
    }
    if (event === "error") return; // a refusal: reported by the core with the request it answered
    const feed = typeof message.feed === "string" ? message.feed : undefined;
    const where = `${event}${feed ? ` for feed ${feed}` : ""}${text ? `: ${text}` : ""}`;
    this.#error(wsError(new WsConnectionError(where)));
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
    if (this.state === "closed") throw new WsConnectionError(`subscribe(${feed}): the client is closed`);
    const ids = checkedProductIds(feed, productIds);
    if (isPrivate(feed) && !this.#hasCredentials) {
      throw new WsArgumentError(`subscribe(${feed}): a private feed needs credentials in createWsClient`);
    }
    const { handle } = this.#registry.add(feed, ids);
    if (feed === "book") for (const id of handle.keys) this.#books.ensure(id);
    const idle = this.state === "idle";
    const wires = handle.keys.map((product) => this.#connection.subscribe({ feed, product }));
    this.#wires.set(handle, wires);
    Promise.all(wires.map((w) => w.ready)).then(
      () => handle.settle.resolve(),
      (error: unknown) => {
        if (!this.#wires.has(handle)) return; // ended already (unsubscribed or closed)
        if (handle !== this.#heartbeatHandle) this.#removeHandle(handle, wsError(error));
      },
    );
    // The core connects on the first subscription; the heartbeat's own handle must not.
    if (idle && user && this.state === "idle") void this.connect().catch(() => {});
    return handle;
  }

  /** Removes a handle; with `failure` (a refusal) it ends with that error. */
  #removeHandle(handle: Handle, failure?: Error): void {
    const removed = this.#registry.remove(handle);
    if (removed === undefined) return;
    const wires = this.#wires.get(handle) ?? [];
    this.#wires.delete(handle);
    endHandle(handle, failure);
    if (handle.feed === "book") for (const key of removed) this.#books.delete(key);
    if (handle.feed === "balances" && !this.#registry.isWanted("balances")) this.#balances.stop();
    if (this.state !== "closed") for (const wire of wires) wire.unsubscribe();
  }
}
