// The v1 connection: its states, one socket at a time (each a `Link`, which owns the socket's timers and
// queue), reconnects with a backoff that resets only once a connection proved healthy, the challenge of
// private feeds, and restoring every wanted subscription on each new socket. What arrives goes to the
// client (`ConnectionHost.frame`), which routes it.
import { type Credentials, KrakenFuturesError } from "@kraken-futures/auth";
import { authenticate } from "./challenge.js";
import { WsArgumentError, WsConnectionError, WsSubscriptionError } from "./errors.js";
import { ALL, isPrivate, subscriptionRequest } from "./feeds.js";
import type { FeedName } from "./generated/ws.gen.js";
import {
  type AuthFields,
  createLink,
  type Link,
  listen,
  type SendDeps,
  send,
  startKeepAlive,
  teardown,
} from "./link.js";
import { Backoff, describeFailure, type ReconnectSettings, reconnectSettings } from "./reconnect.js";
import type { Registry } from "./registry.js";
import type {
  ConnectionState,
  Logger,
  Timers,
  WebSocketConstructor,
  WsClientEvents,
  WsClientOptions,
} from "./types.js";

const DEFAULT_MAX_PAYLOAD = 16 * 1024 * 1024;

/** What the connection needs from the client that runs it. */
export interface ConnectionHost {
  readonly registry: Registry;
  emit<E extends keyof WsClientEvents>(event: E, payload: WsClientEvents[E]): void;
  error(error: KrakenFuturesError): void;
  /** A socket opened (before any subscription is restored on it). */
  opened(link: Link): void;
  /** A frame of the current socket. */
  frame(link: Link, data: unknown): void;
  /** A subscribe for these keys of `feed` was queued. */
  subscribing(feed: FeedName, keys: readonly string[]): void;
  /** The challenge was refused: no private feed can be subscribed with these credentials. */
  refusePrivate(reason: string): void;
  /** The socket dropped; a new one follows. */
  disconnected(): void;
  /** Closed for good. */
  closed(reason: WsConnectionError): void;
}

/** Settings read once from the options, defaults applied. */
interface Settings {
  readonly connectTimeoutMs: number;
  readonly authTimeoutMs: number;
  readonly pingIntervalMs: number;
  readonly silenceTimeoutMs: number;
  readonly maxPayload: number;
  readonly reconnect: ReconnectSettings;
}

function settingsOf(options: WsClientOptions): Settings {
  const maxPayload = options.maxPayload ?? DEFAULT_MAX_PAYLOAD;
  if (!(maxPayload > 0)) throw new WsArgumentError("createWsClient: maxPayload must be a positive number");
  return {
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
    authTimeoutMs: options.authTimeoutMs ?? 10_000,
    pingIntervalMs: options.keepAlive?.pingIntervalMs ?? 30_000,
    silenceTimeoutMs: options.keepAlive?.silenceTimeoutMs ?? 60_000,
    maxPayload,
    reconnect: reconnectSettings(options.reconnect),
  };
}

export class V1Connection {
  readonly url: string;
  readonly #WebSocket: WebSocketConstructor;
  readonly #credentials: Credentials | undefined;
  readonly #host: ConnectionHost;
  readonly #log: Logger;
  readonly #clock: { now(): number };
  readonly #timers: Timers;
  readonly #settings: Settings;
  readonly #backoff: Backoff;
  readonly #send: SendDeps;
  #state: ConnectionState = "idle";
  /** The current socket: the one place that says which socket is live. */
  #link: Link | undefined;
  #downSince: number | undefined;
  #reconnectTimer: unknown;
  #readyWaiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];

  constructor(
    url: string,
    options: WsClientOptions,
    deps: {
      WebSocket: WebSocketConstructor;
      credentials: Credentials | undefined;
      log: Logger;
      clock: { now(): number };
      timers: Timers;
      host: ConnectionHost;
    },
  ) {
    this.url = url;
    this.#WebSocket = deps.WebSocket;
    this.#credentials = deps.credentials;
    this.#log = deps.log;
    this.#clock = deps.clock;
    this.#timers = deps.timers;
    this.#host = deps.host;
    this.#settings = settingsOf(options);
    this.#backoff = new Backoff(this.#settings.reconnect, this.#timers, options.random ?? Math.random);
    this.#send = {
      timers: this.#timers,
      perSecond: options.requestsPerSecond ?? 100,
      now: () => this.#clock.now(),
      isCurrent: (link) => this.#link === link,
      failed: (cause) => this.#host.error(new WsConnectionError("sending a request failed", { cause })),
    };
  }

  get state(): ConnectionState {
    return this.#state;
  }

  /** The current socket, if any. */
  get link(): Link | undefined {
    return this.#link;
  }

  #move(to: ConnectionState): void {
    const from = this.#state;
    if (from === to) return;
    this.#state = to;
    this.#log.debug?.(`state ${from} -> ${to}`);
    this.#host.emit("state", { from, to });
  }

  connect(): Promise<void> {
    if (this.#state === "closed")
      return Promise.reject(new WsConnectionError("connect: the client is closed"));
    if (this.#state === "ready") return Promise.resolve();
    const ready = new Promise<void>((resolve, reject) => this.#readyWaiters.push({ resolve, reject }));
    if (this.#state === "idle") this.#open();
    return ready;
  }

  #open(): void {
    this.#move("connecting");
    const { maxPayload, connectTimeoutMs } = this.#settings;
    let link: Link;
    try {
      // No subprotocol; `maxPayload` is read by the `ws` package and ignored by WHATWG WebSockets.
      link = createLink(new this.#WebSocket(this.url, [], { maxPayload }), this.#clock.now(), ALL);
    } catch (cause) {
      this.#host.error(new WsConnectionError(`cannot open ${this.url}`, { cause }));
      this.#scheduleReconnect("constructor failed");
      return;
    }
    this.#link = link;
    link.connectTimer = this.#timers.setTimeout(() => {
      if (!link.isOpen) this.#drop(link, "connect timeout");
    }, connectTimeoutMs);
    const isCurrent = () => this.#link === link;
    listen(
      link,
      {
        isCurrent,
        now: () => this.#clock.now(),
        open: () => {
          this.#timers.clearTimeout(link.connectTimer);
          this.#onOpen(link);
        },
        frame: (data) => this.#host.frame(link, data),
        close: (code, reason) => this.#onClose(link, code, reason),
        error: (message) =>
          this.#host.error(new WsConnectionError(`WebSocket error on ${this.url}: ${message ?? "unknown"}`)),
        oversize: (error) => this.#host.error(error),
      },
      maxPayload,
    );
  }

  #onClose(link: Link, code: number | undefined, reason: string | undefined): void {
    const failure = describeFailure(link.isOpen, { code, reason }, link.lastError, {
      maxPayload: this.#settings.maxPayload,
      retryRefusedUpgrade: this.#settings.reconnect.retryRefusedUpgrade,
    });
    if (failure.final) this.shutdown(new WsConnectionError(`${this.url}: ${failure.reason}`));
    else this.#drop(link, failure.reason);
  }

  #onOpen(link: Link): void {
    this.#move("open");
    this.#host.opened(link);
    const { pingIntervalMs, silenceTimeoutMs } = this.#settings;
    startKeepAlive(link, {
      timers: this.#timers,
      log: this.#log,
      now: () => this.#clock.now(),
      isCurrent: () => this.#link === link,
      pingIntervalMs,
      silenceTimeoutMs,
      silent: () => {
        this.#host.error(new WsConnectionError(`no message for ${silenceTimeoutMs} ms: reconnecting`));
        this.#drop(link, "silence");
      },
    });
    void this.#subscribeAll(link).catch((error: unknown) => {
      if (this.#link !== link) return;
      this.#host.error(
        error instanceof KrakenFuturesError
          ? error
          : new WsConnectionError("restoring subscriptions failed", { cause: error }),
      );
      this.#drop(link, "authentication failed");
    });
  }

  /** Sends every wanted subscription on a new connection; private ones after a fresh challenge. */
  async #subscribeAll(link: Link): Promise<void> {
    const feeds = this.#host.registry.feeds();
    // Public feeds first: they need no challenge.
    for (const feed of feeds) if (!isPrivate(feed)) this.#sendSubscription(link, "subscribe", feed);
    const privateFeeds = feeds.filter(isPrivate);
    if (privateFeeds.length > 0) {
      const auth = await this.#authenticate(link).catch((error: unknown) => {
        if (this.#link !== link || !(error instanceof WsSubscriptionError)) throw error;
        this.#host.refusePrivate(error.reason ?? error.message); // refused for good: the public feeds go on
        return undefined;
      });
      if (this.#link !== link) return;
      if (auth)
        for (const feed of privateFeeds) this.#sendSubscription(link, "subscribe", feed, undefined, auth);
    }
    if (this.#link !== link) return;
    this.#move("ready");
    this.#backoff.ready();
    const waiters = this.#readyWaiters;
    this.#readyWaiters = [];
    for (const waiter of waiters) waiter.resolve();
    if (this.#downSince !== undefined) {
      const downtimeMs = this.#clock.now() - this.#downSince;
      const attempts = this.#backoff.attempts;
      this.#downSince = undefined;
      this.#log.info?.("reconnected", { attempts, downtimeMs });
      this.#host.emit("reconnected", { attempts, downtimeMs });
    }
  }

  #authenticate(link: Link): Promise<AuthFields | undefined> {
    const credentials = this.#credentials;
    if (!credentials) {
      return Promise.reject(
        new WsArgumentError("private feeds need credentials: pass them to createWsClient"),
      );
    }
    return authenticate(link, {
      credentials,
      timers: this.#timers,
      timeoutMs: this.#settings.authTimeoutMs,
      send: (request) => this.#sendOn(link, request),
      started: () => {
        if (this.#state === "open" || this.#state === "ready") this.#move("authenticating");
      },
    });
  }

  /** Ends a connection that failed and schedules the next one (unless the client is closed). */
  #drop(link: Link, reason: string): void {
    if (this.#link !== link) return;
    this.#link = undefined;
    teardown(link, this.#timers, 4000, reason);
    this.#host.disconnected();
    if (this.#state !== "closed") this.#scheduleReconnect(reason);
  }

  #scheduleReconnect(reason: string): void {
    this.#downSince ??= this.#clock.now();
    const next = this.#backoff.failed();
    if (!next) {
      const max = this.#settings.reconnect.maxAttempts;
      this.shutdown(new WsConnectionError(`gave up after ${max} reconnect attempts (${reason})`));
      return;
    }
    const { attempt, delayMs } = next;
    this.#move("reconnecting");
    this.#log.info?.("reconnecting", { attempt, delayMs, reason });
    this.#host.emit("reconnecting", { attempt, delayMs, reason });
    this.#reconnectTimer = this.#timers.setTimeout(() => {
      this.#reconnectTimer = undefined;
      if (this.#state === "reconnecting") this.#open();
    }, delayMs);
  }

  /** Closes for good; `error` (reported) says why when the client gives up by itself. */
  shutdown(error: WsConnectionError | undefined): void {
    if (this.#state === "closed") return;
    if (error) this.#host.error(error);
    this.#move("closed");
    this.#timers.clearTimeout(this.#reconnectTimer);
    this.#backoff.stop();
    const link = this.#link;
    this.#link = undefined;
    if (link) teardown(link, this.#timers, 1000, "client closed");
    const reason = error ?? new WsConnectionError("the client was closed");
    this.#host.closed(reason);
    const waiters = this.#readyWaiters;
    this.#readyWaiters = [];
    for (const waiter of waiters) waiter.reject(reason);
  }

  // ------------------------------------------------------------------ requests

  /** Queues a request on `link`; nothing leaves once it is no longer the current one. */
  #sendOn(link: Link, request: object): void {
    send(link, request, this.#send);
  }

  #sendSubscription(
    link: Link,
    event: "subscribe" | "unsubscribe",
    feed: FeedName,
    keys?: readonly string[],
    auth?: AuthFields,
  ): void {
    const wanted = keys ?? this.#host.registry.keysOf(feed);
    if (wanted.length === 0) return;
    link.requests.sent({ kind: event, feed, keys: wanted, isPrivate: isPrivate(feed) });
    this.#sendOn(link, subscriptionRequest(event, feed, wanted, auth));
    if (event === "subscribe") this.#host.subscribing(feed, wanted);
  }

  /** Sends (un)subscribe for some keys of a feed now if connected; otherwise the next connection does. */
  request(event: "subscribe" | "unsubscribe", feed: FeedName, keys: readonly string[]): void {
    const link = this.#link;
    if (!link?.isOpen || keys.length === 0) return;
    if (this.#state !== "ready" && this.#state !== "authenticating") return; // #subscribeAll will send it
    if (!isPrivate(feed)) {
      this.#sendSubscription(link, event, feed, keys);
      return;
    }
    void this.#authenticate(link)
      .then((auth) => {
        if (this.#link !== link) return;
        if (this.#state === "authenticating") this.#move("ready");
        this.#sendSubscription(link, event, feed, keys, auth);
      })
      .catch((error: unknown) => {
        if (this.#link !== link) return;
        if (error instanceof WsSubscriptionError) {
          if (this.#state === "authenticating") this.#move("ready");
          this.#host.refusePrivate(error.reason ?? error.message);
          return;
        }
        this.#host.error(
          error instanceof KrakenFuturesError
            ? error
            : new WsConnectionError("authentication failed", { cause: error }),
        );
        this.#drop(link, "authentication failed");
      });
  }
}
