/**
 * The WebSocket v1 side of the mock exchange: the same engine as the HTTP API, streamed over every feed
 * of the generated feed table, with the challenge flow, Kraken's request limit and fault injection.
 * This module accepts connections and answers requests (challenge, subscribe, unsubscribe); what is
 * published from the engine is publisher.ts, one connection's state connection.ts.
 */
import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { signChallenge } from "@kraken-futures/auth";
import { type RawData, type WebSocket, WebSocketServer } from "ws";
import type { Exchange } from "../engine/exchange.js";
import type { ApiKeyPair } from "../http/authent.js";
import { ALL_PRODUCTS, Connection, type WsConnectionInfo } from "./connection.js";
import { WsFaults, type WsFaultTarget } from "./faults.js";
import { type FeedDescription, type FeedSpec, feedTable } from "./feed-table.js";
import type { WsNotification } from "./messages.js";
import { FeedPublisher } from "./publisher.js";

export { ALL_PRODUCTS, type WsConnectionInfo } from "./connection.js";

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

const LOG_KEPT = 1_000;
const ALERT_AUTH = "Failed to subscribe to authenticated feed";

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
  readonly #publisher: FeedPublisher;
  #pumpTimer: NodeJS.Timeout | undefined;
  #closed = false;

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
    this.#publisher = new FeedPublisher(exchange, this.#conns, {
      heartbeatMs: this.#heartbeatMs,
      tickerMs: this.#tickerMs,
    });
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
    this.#publisher.flush();
  }

  /** Pushes a notification to `notifications_auth` subscribers (and into later snapshots). */
  notify(notification: WsNotification): void {
    this.#publisher.notify(notification);
  }

  /** The levels and `seq` of a product's book as published to subscribers (after pending deltas). */
  publishedBook(productId: string): { seq: number; bids: [number, number][]; asks: [number, number][] } {
    return this.#publisher.publishedBook(productId);
  }

  /** Closes every connection and detaches from the engine. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#publisher.close();
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
    this.#publisher.flush();
    if (!set) {
      set = new Set();
      conn.subscriptions.set(feed.name, set);
    }
    for (const k of keys) set.add(k);
    conn.send({ event: "subscribed", feed: feed.name, ...echo });
    this.#publisher.sendSnapshots(conn, feed.name, ids && ids.length > 0 ? ids : undefined);
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
}
