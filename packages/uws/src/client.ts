/**
 * `createUwsClient`: Kraken's Unified WebSocket on two core connections (public and private), with typed
 * methods that never place an order twice, typed subscriptions restored after every reconnect, and state
 * views that apply each channel's consistency rules.
 */
import {
  type Connection,
  type ConnectionState,
  createConnection,
  type KrakenFuturesError,
  silentLogger,
  systemTimers,
} from "@kraken-futures/core";
import { type UwsBookDepth, type UwsBookEntry, UwsBookView } from "./book/view.js";
import { Listeners } from "./emitter.js";
import { UwsNotSentError } from "./errors.js";
import type { UwsChannelData, UwsMethodAcks, UwsMethodName } from "./generated/uws.gen.js";
import { callMethod, type MethodHost, type UwsCallOptions, type UwsMethodParams } from "./methods.js";
import {
  DEFAULT_KEEP_ALIVE,
  DEFAULT_REQUEST_TIMEOUT_MS,
  DEFAULT_URLS,
  type UwsClientEvents,
  type UwsClientOptions,
  type UwsServer,
} from "./options.js";
import { type UwsMessage, type UwsSub, uwsProtocol } from "./protocol.js";
import { type ReconcileResult, Reconciler } from "./reconcile.js";
import { Router } from "./router.js";
import {
  type UwsSubscribableChannel,
  type UwsSubscribeParams,
  UwsSubscription,
  type UwsSubscriptionOptions,
} from "./subscription.js";
import { spotClientOf, spotTokenProvider, type TokenProvider } from "./token.js";
import { AccountViews } from "./views/account.js";

type Conn = Connection<UwsMessage, UwsSub, string>;

/** Channels on the private host (the spec's table). */
import { uwsChannels } from "./generated/uws.gen.js";

const serverOf = (channel: string): UwsServer =>
  (uwsChannels as Record<string, { servers: readonly string[] }>)[channel]?.servers.includes("public")
    ? "public"
    : "private";

/** The Unified WebSocket client; create it with {@link createUwsClient}. */
export class UwsClient {
  readonly #options: UwsClientOptions;
  readonly #events: Listeners<UwsClientEvents>;
  readonly #connections: Record<UwsServer, Conn>;
  readonly #routers: Record<UwsServer, Router> = { public: new Router(), private: new Router() };
  readonly #reconciler: Reconciler;
  readonly #account: AccountViews;
  readonly #books = new Map<string, { view: UwsBookView; sub: UwsSubscription<"book"> }>();
  readonly #methods: MethodHost;

  constructor(options: UwsClientOptions = {}) {
    this.#options = options;
    const logger = options.logger ?? silentLogger;
    this.#events = new Listeners(logger);
    const spot =
      options.spot ??
      (options.credentials ? spotClientOf({ ...options, credentials: options.credentials }) : undefined);
    const token: TokenProvider =
      options.token ??
      (spot
        ? spotTokenProvider(spot)
        : () =>
            Promise.reject(
              new UwsNotSentError("authenticate", "no credentials and no token provider given"),
            ));
    this.#connections = {
      public: this.#connect("public", token),
      private: this.#connect("private", token),
    };
    this.#reconciler = new Reconciler((result) => this.#events.emit("reconciled", result));
    this.#account = new AccountViews({
      subscribe: (channel, params) => this.subscribe(channel, params as never),
      reconciler: this.#reconciler,
      spot,
      recovery: options.ledgerRecovery,
      onLedgerGap: (gap) => this.#events.emit("ledgerGap", gap),
      attach: (channel, deliver) => this.#routers.private.attach(channel, deliver),
    });
    this.#methods = {
      ready: (server, method, timeoutMs) => this.#ready(server, method, timeoutMs),
      current: (server) => {
        const connection = this.#connections[server];
        return connection.state === "ready" ? connection : undefined;
      },
      beforeOrders: () => this.#account.watchExecutions(),
      outcomeUnknown: (ids, reason) => {
        this.#reconciler.expect(ids);
        // Without a reconnect no new snapshot would come: ask for one.
        if (reason === "timeout") this.#account.refreshExecutions();
      },
      requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      newClOrdId: options.newClOrdId ?? (() => globalThis.crypto.randomUUID()),
    };
  }

  #connect(server: UwsServer, token: TokenProvider): Conn {
    const o = this.#options;
    const connection = createConnection({
      url: o.urls?.[server] ?? DEFAULT_URLS[server],
      protocol: uwsProtocol(`uws-${server}`, token, o.decode),
      ...(o.WebSocket ? { WebSocket: o.WebSocket } : {}),
      ...(o.clock ? { clock: o.clock } : {}),
      ...(o.timers ? { timers: o.timers } : {}),
      ...(o.logger ? { logger: o.logger } : {}),
      ...(o.reconnect ? { reconnect: o.reconnect } : {}),
      ...(o.rate ? { rate: o.rate } : {}),
      ...(o.ackTimeoutMs === undefined ? {} : { ackTimeoutMs: o.ackTimeoutMs }),
      ...(o.strict === undefined ? {} : { strict: o.strict }),
      keepAlive: { ...DEFAULT_KEEP_ALIVE, ...o.keepAlive },
    });
    connection.on("message", (message) => this.#routers[server].route(message));
    connection.on("error", (error) => this.#events.emit("error", error));
    connection.on("state", ({ from, to }) => {
      // A new socket: sequences start over and snapshots are the truth again.
      if (to === "open") this.#resetViews(server);
      this.#events.emit("state", { server, from, to });
      if (to === "ready") this.#events.emit("ready", { server });
    });
    connection.on("reconnecting", ({ attempt, delayMs, reason }) =>
      this.#events.emit("reconnecting", { server, attempt, delayMs, reason }),
    );
    connection.on("reconnected", ({ attempts, downtimeMs }) =>
      this.#events.emit("reconnected", { server, attempts, downtimeMs }),
    );
    return connection;
  }

  #resetViews(server: UwsServer): void {
    if (server === "private") this.#account.reset();
    else for (const { view } of this.#books.values()) view.reset();
  }

  /** The state of each connection. */
  get state(): Readonly<Record<UwsServer, ConnectionState>> {
    return { public: this.#connections.public.state, private: this.#connections.private.state };
  }

  on<E extends keyof UwsClientEvents>(event: E, listener: (payload: UwsClientEvents[E]) => void): () => void {
    return this.#events.on(event, listener);
  }

  /** Connects `server` (default both that anything uses: call it to connect early); resolves when ready. */
  async connect(server: UwsServer = "public"): Promise<void> {
    await this.#connections[server].connect();
  }

  /**
   * The connection of `server` once it is ready, waiting up to `timeoutMs` (by its state events: an
   * authentication of a ready socket passes through `authenticating` and back).
   */
  async #ready(server: UwsServer, method: string, timeoutMs: number): Promise<Conn> {
    const connection = this.#connections[server];
    if (connection.state === "ready") return connection;
    if (connection.state === "closed") throw new UwsNotSentError(method, "the client is closed");
    if (connection.state === "idle") void connection.connect().catch(() => {});
    const timers = this.#options.timers ?? systemTimers;
    let off: (() => void) | undefined;
    let timer: ReturnType<typeof timers.setTimeout> | undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        off = connection.on("state", ({ to }) => {
          if (to === "ready") resolve();
          else if (to === "closed") reject(new UwsNotSentError(method, `the ${server} connection closed`));
        });
        timer = timers.setTimeout(
          () =>
            reject(
              new UwsNotSentError(method, `the ${server} connection was not ready within ${timeoutMs} ms`),
            ),
          timeoutMs,
        );
      });
    } finally {
      off?.();
      timers.clearTimeout(timer);
    }
    return connection;
  }

  // ------------------------------------------------------------------ methods

  /** {@link call} with the method's name bound: one typed method, from the spec's tables. */
  #method<M extends UwsMethodName>(
    method: M,
  ): (params: UwsMethodParams<M>, options?: UwsCallOptions) => Promise<UwsMethodAcks[M]> {
    return (params, options) => callMethod(this.#methods, method, params, options);
  }

  /** Calls any method of the spec by name; the typed methods below are this with their names. */
  call<M extends UwsMethodName>(
    method: M,
    params?: UwsMethodParams<M>,
    options?: UwsCallOptions,
  ): Promise<UwsMethodAcks[M]> {
    return callMethod(this.#methods, method, params, options);
  }

  /**
   * Places an order (`add_order`); `asset_class` is filled in and a `cl_ord_id` generated when none is
   * given. Never resent: a drop or timeout before the answer rejects with `UwsOutcomeUnknownError`
   * carrying the `cl_ord_id`; see {@link reconcile}. Timeout: `requestTimeoutMs` (default 10 000).
   */
  readonly addOrder = this.#method("add_order");
  /** Amends an order in place (`amend_order`), by `order_id` or `cl_ord_id`. */
  readonly amendOrder = this.#method("amend_order");
  /** Cancels orders (`cancel_order`) by `order_id` or `cl_ord_id` lists (exactly one of them). */
  readonly cancelOrder = this.#method("cancel_order");
  /** Cancels every open order of the account (`cancel_all`; there is no per-symbol cancel-all). */
  cancelAll(options?: UwsCallOptions): Promise<UwsMethodAcks["cancel_all"]> {
    return this.call("cancel_all", {}, options);
  }
  /** The dead man's switch (`cancel_all_orders_after`): cancel everything after `timeout` s; 0 disables it. */
  cancelAllOrdersAfter(
    timeout: number,
    options?: UwsCallOptions,
  ): Promise<UwsMethodAcks["cancel_all_orders_after"]> {
    return this.call(
      "cancel_all_orders_after",
      { timeout } as UwsMethodParams<"cancel_all_orders_after">,
      options,
    );
  }
  /** Places 2 to 15 orders of one symbol (`batch_add`); each order without a `cl_ord_id` gets one. */
  readonly batchAdd = this.#method("batch_add");
  /** Cancels 2 to 50 orders (`batch_cancel`) by `orders` ids and/or `cl_ord_id`s. */
  readonly batchCancel = this.#method("batch_cancel");
  /** Sets a market's leverage preference (`set_preference`): `max_leverage` a number, or null for cross. */
  readonly setPreference = this.#method("set_preference");
  /** An application-level `ping` on `server` (default public), resolving with the `pong`. */
  ping(options?: UwsCallOptions): Promise<UwsMethodAcks["ping"]> {
    return this.call("ping", undefined, options);
  }

  /**
   * What became of an order whose request ended without an answer (or any `cl_ord_id`): resolves with
   * `{ placed: true, order }` or `{ placed: false }` from the next `executions` snapshot, at once when
   * already known.
   */
  reconcile(clOrdId: string): Promise<ReconcileResult> {
    const open = this.#account.orders.byClOrdId(clOrdId);
    if (open) return Promise.resolve({ clOrdId, placed: true, order: open });
    const result = this.#reconciler.wait(clOrdId);
    this.#account.watchExecutions();
    if (this.#connections.private.state === "ready") this.#account.refreshExecutions();
    return result;
  }

  // ------------------------------------------------------------------ subscriptions and views

  /**
   * Subscribes to a channel; `asset_class` and `token` are filled in. Restored on every new socket.
   * Returns the subscription: `ready`, `on("data")`, `for await`, `unsubscribe()`.
   */
  subscribe<C extends UwsSubscribableChannel>(
    channel: C,
    params: UwsSubscribeParams<C> = {} as UwsSubscribeParams<C>,
    options: UwsSubscriptionOptions = {},
  ): UwsSubscription<C> {
    const server = serverOf(channel);
    const handle = this.#connections[server].subscribe({
      channel,
      params: params as Record<string, unknown>,
    });
    const capacity = options.bufferCapacity ?? this.#options.bufferCapacity;
    return new UwsSubscription(channel, handle, (deliver) => this.#routers[server].attach(channel, deliver), {
      ...(capacity === undefined ? {} : { bufferCapacity: capacity }),
    });
  }

  /**
   * One symbol's book, kept verified: every checksum checked against the exact wire text, a fresh
   * snapshot asked for on a mismatch (at most 5 per minute by default, then `failed`); depth default 10.
   */
  book(symbol: string, options: { depth?: UwsBookDepth } = {}): UwsBookView {
    const known = this.#books.get(symbol);
    if (known) return known.view;
    const depth = options.depth ?? 10;
    const params = { symbol: [symbol], depth } as UwsSubscribeParams<"book">;
    const entry = {
      view: new UwsBookView({
        symbol,
        depth,
        resubscribe: () => this.#resubscribeBook(symbol),
        ...(this.#options.clock ? { clock: this.#options.clock } : {}),
        ...(this.#options.logger ? { logger: this.#options.logger } : {}),
      }),
      sub: this.subscribe("book", params),
    };
    this.#books.set(symbol, entry);
    this.#routers.public.attach("book", (m) =>
      this.#applyBook(symbol, m as unknown as UwsChannelData["book"]),
    );
    return entry.view;
  }

  #applyBook(symbol: string, message: UwsChannelData["book"]): void {
    const entry = this.#books.get(symbol);
    if (!entry) return;
    // The decoder gave every level its exact wire text, which the view's checksum hashes.
    for (const d of message.data)
      if (d.symbol === symbol) entry.view.apply(d as unknown as UwsBookEntry, message.type);
  }

  #resubscribeBook(symbol: string): void {
    const entry = this.#books.get(symbol);
    if (!entry) return;
    entry.sub.unsubscribe();
    entry.sub = this.subscribe("book", {
      symbol: [symbol],
      depth: entry.view.depth,
    } as UwsSubscribeParams<"book">);
  }

  /** The open orders, from `executions` (subscribed on first use). */
  get orders() {
    this.#account.watchExecutions();
    return this.#account.orders;
  }
  /** The positions, from `positions` (subscribed on first use). */
  get positions() {
    return this.#account.view("positions");
  }
  /** The margin sections, from `margin` (subscribed on first use). */
  get margin() {
    return this.#account.view("margin");
  }
  /** The ledger stream with gap detection and recovery, from `ledgers` (subscribed on first use). */
  get ledgers() {
    return this.#account.view("ledgers");
  }
  /** The balances, from `balances` (subscribed on first use). */
  get balances() {
    return this.#account.view("balances");
  }
  /** The preferences, from `preferences` (subscribed on first use). */
  get preferences() {
    return this.#account.view("preferences");
  }

  /** Closes both connections for good; pending requests reject, iterators end. */
  async close(): Promise<void> {
    for (const { sub } of this.#books.values()) sub.unsubscribe();
    this.#account.close();
    this.#connections.public.close();
    this.#connections.private.close();
  }
}

/**
 * Creates a Unified WebSocket client. Nothing connects until a method, subscription or view is used.
 * Private calls need `credentials` (a Spot key: a fresh token per connection through Spot REST
 * `GetWebSocketsToken`) or a `token` provider.
 */
export function createUwsClient(options: UwsClientOptions = {}): UwsClient {
  return new UwsClient(options);
}

export type { KrakenFuturesError };
