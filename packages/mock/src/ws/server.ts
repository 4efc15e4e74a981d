/**
 * The WebSocket v1 side of the mock exchange: the same engine as the HTTP API, streamed over every feed
 * of the AsyncAPI document, with the challenge flow, Kraken's request limit and fault injection.
 *
 * Engine events arrive while the engine is mid-operation (inside a market step, say), when reading
 * state through methods that catch the market up would re-enter it. So order, fill and trade messages
 * are rendered from the event's own objects at once, and everything derived from wider state (book
 * deltas, balances, positions, tickers, heartbeats) is marked dirty and published in a microtask, after
 * the engine has returned.
 */
import { randomUUID, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { signChallenge } from "@kraken-futures/auth";
import { type RawData, type WebSocket, WebSocketServer } from "ws";
import type { Exchange, ExchangeEvents, Fill } from "../engine/exchange.js";
import type { ApiKeyPair } from "../http/authent.js";
import { bookChanges } from "./book-diff.js";
import { type FaultableConnection, WsFaults, type WsFaultTarget } from "./faults.js";
import { type FeedDescription, type FeedSpec, feedTable } from "./feed-table.js";
import {
  balancesDelta,
  balancesNow,
  bookSnapshot,
  fillItem,
  fillsSnapshot,
  MOCK_ACCOUNT_ID,
  notificationItem,
  openOrder,
  openOrdersSnapshot,
  positionsNow,
  REJECT_REASONS,
  tickerLiteNow,
  tickerNow,
  tradeMessage,
  tradeSnapshot,
  type WsNotification,
} from "./messages.js";

type Json = Record<string, unknown>;

/** Options of the WebSocket side (`startMockExchange({ ws })`). */
export interface MockWsOptions {
  /** Path of the upgrade. Default `/ws/v1`, Kraken's. */
  readonly path?: string;
  /** Interval of `heartbeat` messages, in ms of the exchange's clock. Default 5 000. */
  readonly heartbeatMs?: number;
  /** Interval of `ticker` / `ticker_lite` messages per product, in ms of the exchange's clock. Default 1 000 (Kraken: at most once a second). */
  readonly tickerMs?: number;
  /** Requests accepted per connection in any second of the exchange's clock. Default 100 (Kraken's limit). */
  readonly requestsPerSecond?: number;
  /**
   * Run the market on a timer while connections are open, so feeds stream by themselves. Default true
   * with the wall clock, false with any other clock (then advance the clock and call `tick()` or
   * `exchange.sync()`).
   */
  readonly pump?: boolean;
  /** The feed table served (as `@kraken-futures/ws` exports `wsFeeds`). Default: the generated one. */
  readonly spec?: Readonly<Record<string, FeedDescription>>;
}

/** A request a connection sent, for inspection in tests. */
export interface WsRequestRecord {
  readonly connection: number;
  /** The parsed request, or the raw text when it was not a JSON object. */
  readonly request: Json | string;
}

/** An open connection, as tests see it. */
export interface WsConnectionInfo {
  readonly id: number;
  /** Feed to subscribed product ids (`"*"` = the whole feed). */
  readonly subscriptions: ReadonlyMap<string, ReadonlySet<string>>;
  /** Challenges handed out on this connection. */
  readonly challenges: readonly string[];
}

/** Key of a subscription to a whole feed (feeds without product ids, or fills without a filter). */
export const ALL_PRODUCTS = "*";
const LOG_KEPT = 1_000;
const ACCOUNT_LOG_SNAPSHOT_SIZE = 100;
const ALERT_AUTH = "Failed to subscribe to authenticated feed";

class Connection implements FaultableConnection, WsConnectionInfo {
  readonly subscriptions = new Map<string, Set<string>>();
  readonly #challenges = new Map<string, string>();
  readonly withheld = new Map<string, number>();
  readonly requestTimes: number[] = [];
  silentUntil = Number.NEGATIVE_INFINITY;
  chain: Promise<void> = Promise.resolve();

  constructor(
    readonly id: number,
    readonly socket: WebSocket,
    readonly now: () => number,
  ) {}

  get challenges(): readonly string[] {
    return [...this.#challenges.keys()];
  }

  issueChallenge(apiKey: string): string {
    const challenge = randomUUID();
    this.#challenges.set(challenge, apiKey);
    return challenge;
  }

  /** The key a challenge of this connection was issued to. */
  challengeOwner(challenge: string): string | undefined {
    return this.#challenges.get(challenge);
  }

  get open(): boolean {
    return this.socket.readyState === this.socket.OPEN;
  }

  silent(): boolean {
    return this.now() < this.silentUntil;
  }

  wants(feed: string, product?: string): boolean {
    const set = this.subscriptions.get(feed);
    return set !== undefined && (set.has(ALL_PRODUCTS) || (product !== undefined && set.has(product)));
  }

  send(message: Json): void {
    if (this.open && !this.silent()) this.socket.send(JSON.stringify(message));
  }

  sendRaw(data: string | Buffer): void {
    if (this.open && !this.silent()) this.socket.send(data);
  }

  terminate(): void {
    this.socket.terminate();
  }

  close(code: number, reason: string): void {
    this.socket.close(code, reason);
  }
}

interface PublishedBook {
  seq: number;
  readonly bids: Map<number, number>;
  readonly asks: Map<number, number>;
}

/**
 * The WebSocket server of a mock exchange (`mock.ws`). It attaches to the HTTP server's upgrade
 * (`handleUpgrade`); `startMockExchange` does that for you.
 */
export class MockWsServer {
  /** Path the upgrade is accepted on. */
  readonly path: string;
  /** Fault injection. */
  readonly faults: WsFaults;
  /** Requests received (the last 1000), oldest first. */
  readonly requests: WsRequestRecord[] = [];
  /** Connections accepted so far (open or closed). */
  connectionsOpened = 0;
  /** Challenges handed out so far, on every connection. */
  challengesIssued = 0;

  readonly #exchange: Exchange;
  readonly #keys: ReadonlyMap<string, ApiKeyPair>;
  readonly #feeds: ReadonlyMap<string, FeedSpec>;
  readonly #heartbeatMs: number;
  readonly #tickerMs: number;
  readonly #perSecond: number;
  readonly #pump: boolean;
  readonly #wss: WebSocketServer;
  readonly #conns = new Map<number, Connection>();
  readonly #off: (() => void)[] = [];
  readonly #books = new Map<string, PublishedBook>();
  readonly #dirtyBooks = new Set<string>();
  #accountDirty = true;
  #balances: { seq: number; state: Json | undefined } = { seq: 0, state: undefined };
  #positions: { seq: number; state: Json[] | undefined; text: string } = {
    seq: 0,
    state: undefined,
    text: "",
  };
  #lastHeartbeat: number;
  #lastTicker: number;
  #flushQueued = false;
  #pumpTimer: NodeJS.Timeout | undefined;
  #closed = false;
  /** Orders open_orders subscribers have been told about (so a fill of a never-shown order stays silent). */
  readonly #announced = new Set<string>();
  readonly #notifications: Json[] = [];

  constructor(exchange: Exchange, keys: readonly ApiKeyPair[], options: MockWsOptions & { pump: boolean }) {
    this.#exchange = exchange;
    this.#keys = new Map(keys.map((k) => [k.apiKey, k]));
    this.#feeds = feedTable(options.spec);
    this.path = options.path ?? "/ws/v1";
    this.#heartbeatMs = options.heartbeatMs ?? 5_000;
    this.#tickerMs = options.tickerMs ?? 1_000;
    this.#perSecond = options.requestsPerSecond ?? 100;
    this.#pump = options.pump;
    this.faults = new WsFaults({
      targets: (t) => this.#targets(t),
      now: () => this.#exchange.clock.now(),
    });
    // The server answers pings itself, so that a silent connection can stop answering them too.
    this.#wss = new WebSocketServer({ noServer: true, autoPong: false, maxPayload: 1 << 20 });
    const now = exchange.clock.now();
    this.#lastHeartbeat = now;
    this.#lastTicker = now;
    for (const [symbol, book] of exchange.books) {
      const levels = book.levels();
      this.#books.set(symbol, { seq: 0, bids: new Map(levels.bids), asks: new Map(levels.asks) });
    }
    this.#notifications.push(
      notificationItem(
        1,
        {
          type: "general",
          priority: "low",
          note: "This is @kraken-futures/mock, an offline simulation of Kraken Futures. No real funds.",
        },
        now,
      ),
    );
    this.#off.push(
      exchange.on("order", (e) => this.#onOrder(e)),
      exchange.on("fill", (f) => this.#onFill(f)),
      exchange.on("trade", (t) => {
        for (const c of this.#conns.values()) if (c.wants("trade", t.symbol)) c.send(tradeMessage(t));
      }),
      exchange.on("book", (b) => this.#markBook(b.symbol)),
      exchange.on("balance", () => this.#markAccount()),
      exchange.on("step", () => this.#markAccount()),
    );
  }

  /** The open connections. */
  get connections(): readonly WsConnectionInfo[] {
    return [...this.#conns.values()];
  }

  /**
   * Takes over an HTTP upgrade request on {@link path}; returns false (and leaves the socket alone) for
   * any other path.
   */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const pathname = (req.url ?? "/").split("?")[0];
    if (pathname !== this.path || this.#closed) return false;
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#onConnection(ws));
    return true;
  }

  /**
   * Catches the market up with the clock and sends what is due (book deltas, balances, tickers,
   * heartbeats). The pump calls it on a timer; with a manual clock, call it after `clock.advance()`.
   */
  tick(): void {
    this.#exchange.sync();
    this.#flush();
  }

  /** Pushes a notification to `notifications_auth` subscribers (and into later snapshots). */
  notify(notification: WsNotification): void {
    const item = notificationItem(this.#notifications.length + 1, notification, this.#exchange.clock.now());
    this.#notifications.push(item);
    for (const c of this.#conns.values()) {
      if (c.wants("notifications_auth")) c.send({ feed: "notifications_auth", notifications: [item] });
    }
  }

  /** The levels and `seq` of a product's book as published to subscribers (after pending deltas). */
  publishedBook(productId: string): { seq: number; bids: [number, number][]; asks: [number, number][] } {
    this.#flush();
    const pub = this.#books.get(productId);
    if (!pub) throw new RangeError(`no book for ${productId}`);
    return {
      seq: pub.seq,
      bids: [...pub.bids].sort((a, b) => b[0] - a[0]),
      asks: [...pub.asks].sort((a, b) => a[0] - b[0]),
    };
  }

  /** Closes every connection and detaches from the engine. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const off of this.#off) off();
    this.#stopPump();
    for (const c of this.#conns.values()) c.terminate();
    this.#conns.clear();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }

  // ---------------------------------------------------------------- connections

  #targets(target: WsFaultTarget): Connection[] {
    if (target.connection === undefined) return [...this.#conns.values()];
    const c = this.#conns.get(target.connection);
    return c ? [c] : [];
  }

  #onConnection(socket: WebSocket): void {
    if (this.#closed) {
      socket.terminate();
      return;
    }
    const conn = new Connection(++this.connectionsOpened, socket, () => this.#exchange.clock.now());
    this.#conns.set(conn.id, conn);
    socket.on("message", (data, isBinary) => this.#onFrame(conn, data, isBinary));
    socket.on("ping", (data) => {
      if (!conn.silent()) socket.pong(data);
    });
    socket.on("close", () => {
      this.#conns.delete(conn.id);
      if (this.#conns.size === 0) this.#stopPump();
    });
    socket.on("error", () => socket.terminate());
    conn.send({ event: "info", version: 1 });
    this.#startPump();
  }

  #startPump(): void {
    if (!this.#pump || this.#pumpTimer !== undefined) return;
    const every = Math.max(1, Math.min(this.#exchange.stepMs, this.#tickerMs, this.#heartbeatMs));
    this.#pumpTimer = setInterval(() => this.tick(), every);
    this.#pumpTimer.unref();
  }

  #stopPump(): void {
    if (this.#pumpTimer !== undefined) clearInterval(this.#pumpTimer);
    this.#pumpTimer = undefined;
  }

  #onFrame(conn: Connection, data: RawData, isBinary: boolean): void {
    const now = this.#exchange.clock.now();
    const times = conn.requestTimes;
    while (times.length > 0 && now - times[0]! >= 1_000) times.shift();
    if (times.length >= this.#perSecond) {
      conn.send({ event: "error", message: "Rate limit exceeded" });
      return;
    }
    times.push(now);
    const text = isBinary ? Buffer.from(data as Buffer).toString("utf8") : String(data);
    conn.chain = conn.chain
      .then(() => this.#handle(conn, text))
      .catch(() => conn.send({ event: "error", message: "Json Error" }));
  }

  #record(connection: number, request: Json | string): void {
    this.requests.push({ connection, request });
    if (this.requests.length > LOG_KEPT) this.requests.splice(0, this.requests.length - LOG_KEPT);
  }

  async #handle(conn: Connection, text: string): Promise<void> {
    let request: unknown;
    try {
      request = JSON.parse(text);
    } catch {
      this.#record(conn.id, text);
      conn.send({ event: "error", message: "Json Error" });
      return;
    }
    if (request === null || typeof request !== "object" || Array.isArray(request)) {
      this.#record(conn.id, text);
      conn.send({ event: "error", message: "Json Error" });
      return;
    }
    const req = request as Json;
    this.#record(conn.id, req);
    const event = req.event;
    if (event === "challenge") {
      if (typeof req.api_key !== "string") return conn.send({ event: "error", message: "Json Error" });
      if (!this.#keys.has(req.api_key)) return conn.send({ event: "error", message: "Invalid api key" });
      this.challengesIssued++;
      return conn.send({ event: "challenge", message: conn.issueChallenge(req.api_key) });
    }
    if (event !== "subscribe" && event !== "unsubscribe") {
      return conn.send({ event: "error", message: "Json Error" });
    }
    const feed = typeof req.feed === "string" ? this.#feeds.get(req.feed) : undefined;
    if (!feed) return conn.send({ event: "error", message: "Invalid feed" });
    const raw = req.product_ids;
    if (raw !== undefined && (!Array.isArray(raw) || raw.some((p) => typeof p !== "string"))) {
      return conn.send({ event: "error", message: "Json Error" });
    }
    const ids = feed.productIds === "none" ? undefined : (raw as string[] | undefined);
    if (ids?.some((p) => !this.#exchange.instruments.has(p))) {
      return conn.send({ event: "error", message: "Invalid product id" });
    }
    const echo = ids && ids.length > 0 ? { product_ids: ids } : {};
    if (feed.productIds === "required" && (!ids || ids.length === 0)) {
      return conn.send({ event: `${event}d_failed`, feed: feed.name });
    }
    if (feed.private && !(await this.#verify(conn, req))) {
      return conn.send({ event: "alert", message: ALERT_AUTH });
    }
    if (!conn.open) return;
    const keys = ids && ids.length > 0 ? [...new Set(ids)] : [ALL_PRODUCTS];
    if (event === "unsubscribe") {
      const set = conn.subscriptions.get(feed.name);
      const removed = keys.filter((k) => set?.delete(k));
      if (set?.size === 0) conn.subscriptions.delete(feed.name);
      conn.send({
        event: removed.length > 0 ? "unsubscribed" : "unsubscribed_failed",
        feed: feed.name,
        ...echo,
      });
      return;
    }
    let set = conn.subscriptions.get(feed.name);
    if (set && keys.every((k) => set!.has(k))) {
      conn.send({ event: "alert", message: "Already subscribed to feed, re-requesting" });
    }
    // Publish what is pending first, so the snapshot and the deltas after it share one sequence.
    this.#flush();
    if (!set) {
      set = new Set();
      conn.subscriptions.set(feed.name, set);
    }
    for (const k of keys) set.add(k);
    conn.send({ event: "subscribed", feed: feed.name, ...echo });
    this.#sendSnapshots(conn, feed.name, ids && ids.length > 0 ? ids : undefined);
  }

  /** A private request must carry a challenge this connection issued to this key, correctly signed. */
  async #verify(conn: Connection, req: Json): Promise<boolean> {
    const key = typeof req.api_key === "string" ? this.#keys.get(req.api_key) : undefined;
    const challenge = req.original_challenge;
    const signed = req.signed_challenge;
    if (!key || typeof challenge !== "string" || typeof signed !== "string") return false;
    if (conn.challengeOwner(challenge) !== key.apiKey) return false;
    let expected: string;
    try {
      expected = await signChallenge(challenge, key.apiSecret);
    } catch {
      return false;
    }
    const a = Buffer.from(expected);
    const b = Buffer.from(signed);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  #sendSnapshots(conn: Connection, feed: string, ids: readonly string[] | undefined): void {
    const ex = this.#exchange;
    const now = ex.clock.now();
    switch (feed) {
      case "book":
        for (const p of ids ?? []) {
          const pub = this.#books.get(p)!;
          conn.send(bookSnapshot(p, pub.seq, now, pub.bids, pub.asks));
        }
        return;
      case "ticker":
        for (const p of ids ?? []) conn.send(tickerNow(ex, p));
        return;
      case "ticker_lite":
        for (const p of ids ?? []) conn.send(tickerLiteNow(ex, p));
        return;
      case "trade":
        for (const p of ids ?? []) conn.send(tradeSnapshot(ex, p));
        return;
      case "open_orders":
      case "open_orders_verbose":
        conn.send(openOrdersSnapshot(ex, feed));
        return;
      case "fills":
        conn.send(fillsSnapshot(ex, ids ? new Set(ids) : undefined));
        return;
      case "open_positions":
        conn.send(this.#positionsMessage(now));
        return;
      case "balances":
        conn.send({
          feed: "balances_snapshot",
          account: MOCK_ACCOUNT_ID,
          timestamp: now,
          seq: this.#balances.seq,
          ...this.#balances.state,
        });
        return;
      case "account_log":
        conn.send({
          feed: "account_log_snapshot",
          logs: this.#exchange.ledger.entries.slice(-ACCOUNT_LOG_SNAPSHOT_SIZE).map((e) => e.json),
        });
        return;
      case "notifications_auth":
        conn.send({ feed: "notifications_auth", notifications: this.#notifications });
        return;
      default:
      // heartbeat (and any feed added to the spec later) starts with its first update
    }
  }

  // ---------------------------------------------------------------- engine events

  #onOrder(e: ExchangeEvents["order"]): void {
    const o = e.order;
    const cancel = (reason: string): Json => ({
      order_id: o.orderId,
      ...(o.cliOrdId === null ? {} : { cli_ord_id: o.cliOrdId }),
      is_cancel: true,
      reason,
    });
    let body: Json;
    let verboseOnly = false;
    switch (e.kind) {
      case "placed":
        this.#announced.add(o.orderId);
        body = {
          order: openOrder(o),
          is_cancel: false,
          reason: o.parentTrigger ? "limit_order_from_stop" : "new_placed_order_by_user",
        };
        break;
      case "partiallyFilled":
        this.#announced.add(o.orderId);
        body = { order: openOrder(o), is_cancel: false, reason: "partial_fill" };
        break;
      case "edited":
        body = { order: openOrder(o), is_cancel: false, reason: "edited_by_user" };
        break;
      case "filled":
      case "cancelled":
      case "triggered":
        if (!this.#announced.delete(o.orderId)) return; // never shown as open: nothing to remove
        body = cancel(
          e.kind === "filled"
            ? "full_fill"
            : e.kind === "triggered"
              ? "stop_order_triggered"
              : (e.reason ?? "cancelled_by_user"),
        );
        break;
      case "rejected":
        verboseOnly = true;
        body = {
          order: openOrder(o),
          is_cancel: true,
          reason: REJECT_REASONS[e.reason ?? ""] ?? e.reason ?? "rejected",
        };
        break;
    }
    for (const c of this.#conns.values()) {
      if (!verboseOnly && c.wants("open_orders")) c.send({ feed: "open_orders", ...body });
      if (c.wants("open_orders_verbose")) c.send({ feed: "open_orders_verbose", ...body });
    }
  }

  #onFill(f: Fill): void {
    const ex = this.#exchange;
    const item = fillItem(f, ex.fills.length, ex.orders.get(f.orderId));
    for (const c of this.#conns.values()) {
      if (c.wants("fills", f.symbol)) c.send({ feed: "fills", username: MOCK_ACCOUNT_ID, fills: [item] });
    }
    // The fill's entries in the exchange's one ledger, as History's account log lists them.
    const entries = ex.ledger.bookingOf(f.fillId)?.entries ?? [];
    for (const c of this.#conns.values()) {
      if (!c.wants("account_log")) continue;
      for (const e of entries) c.send({ feed: "account_log", new_entry: e.json });
    }
    this.#markBook(f.symbol);
    this.#markAccount();
  }

  #markBook(symbol: string): void {
    this.#dirtyBooks.add(symbol);
    this.#queueFlush();
  }

  #markAccount(): void {
    this.#accountDirty = true;
    this.#queueFlush();
  }

  #queueFlush(): void {
    if (this.#flushQueued || this.#closed) return;
    this.#flushQueued = true;
    queueMicrotask(() => this.#flush());
  }

  // ---------------------------------------------------------------- publishing

  /** Publishes book deltas, balances and positions that changed, and the tickers and heartbeat due. */
  #flush(): void {
    this.#flushQueued = false;
    if (this.#closed || this.#conns.size === 0) return;
    const now = this.#exchange.clock.now();
    for (const symbol of [...this.#dirtyBooks]) {
      this.#dirtyBooks.delete(symbol);
      this.#publishBook(symbol, now);
    }
    if (this.#accountDirty) {
      this.#accountDirty = false;
      this.#publishBalances(now);
      this.#publishPositions(now);
    }
    if (now - this.#lastHeartbeat >= this.#heartbeatMs) {
      this.#lastHeartbeat = now;
      for (const c of this.#conns.values())
        if (c.wants("heartbeat")) c.send({ feed: "heartbeat", time: now });
    }
    if (now - this.#lastTicker >= this.#tickerMs) {
      this.#lastTicker = now;
      const cache = new Map<string, Json>();
      const render = (feed: "ticker" | "ticker_lite", p: string) => {
        const k = `${feed}:${p}`;
        let m = cache.get(k);
        if (!m) {
          m = feed === "ticker" ? tickerNow(this.#exchange, p) : tickerLiteNow(this.#exchange, p);
          cache.set(k, m);
        }
        return m;
      };
      for (const c of this.#conns.values()) {
        for (const feed of ["ticker", "ticker_lite"] as const) {
          for (const p of c.subscriptions.get(feed) ?? []) c.send(render(feed, p));
        }
      }
    }
  }

  #publishBook(symbol: string, now: number): void {
    const pub = this.#books.get(symbol);
    const book = this.#exchange.books.get(symbol);
    if (!pub || !book) return;
    const changes = bookChanges(pub, book.levels());
    if (changes.length === 0) return;
    const subscribers = [...this.#conns.values()].filter((c) => c.wants("book", symbol));
    for (const [side, price, qty] of changes) {
      pub.seq++;
      const message = { feed: "book", product_id: symbol, side, seq: pub.seq, price, qty, timestamp: now };
      for (const c of subscribers) {
        const held = c.withheld.get(symbol) ?? 0;
        if (held > 0) {
          if (held === 1) c.withheld.delete(symbol);
          else c.withheld.set(symbol, held - 1);
          continue;
        }
        c.send(message);
      }
    }
  }

  #publishBalances(now: number): void {
    const state = balancesNow(this.#exchange);
    const before = this.#balances.state;
    this.#balances.state = state;
    if (before === undefined) return;
    const delta = balancesDelta(before, state);
    if (!delta) return;
    this.#balances.seq++;
    const message = {
      feed: "balances",
      account: MOCK_ACCOUNT_ID,
      ...delta,
      timestamp: now,
      seq: this.#balances.seq,
    };
    for (const c of this.#conns.values()) if (c.wants("balances")) c.send(message);
  }

  #publishPositions(now: number): void {
    const positions = positionsNow(this.#exchange);
    const text = JSON.stringify(positions);
    const changed = text !== this.#positions.text;
    this.#positions.state = positions;
    this.#positions.text = text;
    if (!changed) return;
    this.#positions.seq++;
    const message = this.#positionsMessage(now);
    for (const c of this.#conns.values()) if (c.wants("open_positions")) c.send(message);
  }

  #positionsMessage(now: number): Json {
    return {
      feed: "open_positions",
      account: MOCK_ACCOUNT_ID,
      positions: this.#positions.state ?? [],
      seq: this.#positions.seq,
      timestamp: now,
    };
  }
}
