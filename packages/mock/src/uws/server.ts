/**
 * The Unified WebSocket side of the mock exchange: `/v2/public` and `/v2/private` on the HTTP port, on
 * the same engine as REST v3 and WebSocket v1 (an order placed here is the order REST `openorders`
 * lists). Market channels are rendered from engine state; engine events arriving mid-operation are
 * marked dirty and published in a microtask, as the v1 server does, so state is read after the engine
 * has returned.
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { type RawData, type WebSocket, WebSocketServer } from "ws";
import type { Exchange, ExchangeEvents, Fill, PublicTrade } from "../engine/exchange.js";
import { balancesChanges, executionUpdate, holdings, tradeExecution } from "./account.js";
import { type FuturesTrading, publishMargin, publishPositions } from "./account-channels.js";
import { UwsConnection } from "./connection.js";
import { UWS_ERRORS } from "./errors.js";
import { armFaults, type UwsFaults } from "./faults.js";
import { tickerEntry, tradeEntry } from "./market.js";
import { handleMethod } from "./methods.js";
import { ack, UwsRefusal, type UwsRequest } from "./request.js";
import { type SubscriptionHost, subscribe, unsubscribe } from "./subscriptions.js";
import { type UwsTable, uwsTable } from "./table.js";
import { NO_TOKENS, type UwsTokenAuthority } from "./tokens.js";

type Json = Record<string, unknown>;

/** Options of the UWS side (`startMockExchange({ uws })`). */
export interface MockUwsOptions {
  /** Path of the public endpoint. Default `/v2/public`, Kraken's. */
  readonly publicPath?: string;
  /** Path of the private endpoint. Default `/v2/private`, Kraken's. */
  readonly privatePath?: string;
  /** Silence after which a `heartbeat` is sent to a subscribed connection, in ms of the exchange clock. Default 1 000 (Kraken: about once a second when idle). */
  readonly heartbeatMs?: number;
  /** Requests accepted per connection in any second of the exchange clock. Default 100 (an assumption: v1's limit; the UWS publishes none). */
  readonly requestsPerSecond?: number;
  /**
   * Open connections (both endpoints together) accepted at once; an upgrade over it is refused with HTTP
   * 429 before the WebSocket opens. Default 100 (an assumption: WS v1's documented 100 connections;
   * Kraken publishes no UWS figure).
   */
  readonly maxConnections?: number;
  /** The WebSocket-token store. Default {@link NO_TOKENS} (every private request is refused). */
  readonly tokens?: UwsTokenAuthority;
  /** Run the market on a timer while connections are open. Default as `ws.pump`. */
  readonly pump?: boolean;
  /**
   * Faults armed from the start (CLI `--uws-fault`); each can still be changed on `mock.uws.faults`.
   * Default none. See {@link UwsFaults}.
   */
  readonly faults?: Partial<UwsFaults>;
}

/** The UWS server of a mock exchange (`mock.uws`). */
export class MockUwsServer implements SubscriptionHost {
  readonly publicPath: string;
  readonly privatePath: string;
  readonly table: UwsTable;
  readonly tokens: UwsTokenAuthority;
  readonly faults: UwsFaults;
  /** Requests received (the last 1000), oldest first. */
  readonly requests: { connection: number; request: Json | string }[] = [];
  connectionsOpened = 0;
  /** Upgrades refused because {@link MockUwsOptions.maxConnections} connections were open. */
  connectionsRefused = 0;

  readonly exchange: Exchange;
  readonly #heartbeatMs: number;
  readonly #perSecond: number;
  readonly #maxConnections: number;
  /** Upgrades accepted whose connection has not opened yet (they count against the limit). */
  #upgrading = 0;
  readonly #pump: boolean;
  readonly #wss = new WebSocketServer({ noServer: true, autoPong: false, maxPayload: 1 << 20 });
  readonly #conns = new Map<number, UwsConnection>();
  readonly #off: (() => void)[] = [];
  readonly #dirtyBooks = new Set<string>();
  readonly #dirtyTickers = new Set<string>();
  #holdings: ReturnType<typeof holdings>;
  #ledgerSeq = 0;
  #accountDirty = false;
  #flushQueued = false;
  #pumpTimer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(exchange: Exchange, options: MockUwsOptions & { pump: boolean }) {
    this.exchange = exchange;
    this.faults = armFaults(options.faults);
    this.table = uwsTable();
    this.publicPath = options.publicPath ?? "/v2/public";
    this.privatePath = options.privatePath ?? "/v2/private";
    this.tokens = options.tokens ?? NO_TOKENS;
    this.#heartbeatMs = options.heartbeatMs ?? 1_000;
    this.#perSecond = options.requestsPerSecond ?? 100;
    this.#maxConnections = options.maxConnections ?? 100;
    this.#pump = options.pump;
    this.#holdings = holdings(exchange);
    this.#off.push(
      exchange.on("book", (b) => this.#mark(this.#dirtyBooks, b.symbol)),
      exchange.on("trade", (t) => this.#onTrade(t)),
      exchange.on("order", (e) => this.#onOrder(e)),
      exchange.on("fill", (f) => this.#onFill(f)),
      exchange.on("balance", () => this.#markAccount()),
      exchange.on("step", () => this.#markAccount()),
    );
  }

  corruptChecksum(): boolean {
    return this.faults.corruptChecksum;
  }

  #futuresTrading: FuturesTrading = "enabled";

  /** The account's futures trading permission on `preferences`. Default `enabled`. */
  get futuresTrading(): FuturesTrading {
    return this.#futuresTrading;
  }

  /** Changes the permission and sends a `preferences` update to subscribers. */
  setFuturesTrading(value: FuturesTrading): void {
    this.#futuresTrading = value;
    const message = { channel: "preferences", type: "update", data: { futures_trading: value } };
    for (const c of this.#conns.values()) if (c.wants("preferences")) c.send(message);
  }

  /** Open connections. */
  get connections(): readonly UwsConnection[] {
    return [...this.#conns.values()];
  }

  /** Takes over an upgrade on {@link publicPath} or {@link privatePath}; false for any other path. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const pathname = (req.url ?? "/").split("?")[0];
    const access =
      pathname === this.publicPath ? "public" : pathname === this.privatePath ? "private" : undefined;
    if (access === undefined || this.#closed) return false;
    if (this.#conns.size + this.#upgrading >= this.#maxConnections) {
      this.connectionsRefused++;
      socket.end("HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
      return true;
    }
    // Counted until the connection opens, or until the socket closes on a handshake ws refused.
    this.#upgrading++;
    let pending = true;
    const settled = () => {
      if (pending) this.#upgrading--;
      pending = false;
    };
    socket.once("close", settled);
    this.#wss.handleUpgrade(req, socket, head, (ws) => {
      settled();
      this.#onConnection(ws, access);
    });
    return true;
  }

  /** Ends the delayed-ack fault: sends every held acknowledgement, in order, on each connection. */
  releaseAcks(): void {
    this.faults.holdAcks = false;
    for (const c of this.#conns.values()) c.releaseAcks();
  }

  /** Catches the market up and sends what is due (book and ticker updates, heartbeats). */
  tick(): void {
    this.exchange.sync();
    this.#flush();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const off of this.#off) off();
    this.#stopPump();
    for (const c of this.#conns.values()) c.socket.terminate();
    this.#conns.clear();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }

  // ---------------------------------------------------------------- connections and requests

  #onConnection(socket: WebSocket, access: "public" | "private"): void {
    if (this.#closed) {
      socket.terminate();
      return;
    }
    const conn = new UwsConnection(++this.connectionsOpened, access, socket, () => this.exchange.clock.now());
    conn.holdAcks = () => this.faults.holdAcks;
    conn.silenced = () => this.faults.silence;
    conn.malformed = () => ({ every: this.faults.malformedEvery, kind: this.faults.malformedKind });
    // Answered here rather than by ws itself, so that a silenced connection stops answering too.
    socket.on("ping", (data) => {
      if (!this.faults.silence) socket.pong(data);
    });
    this.#conns.set(conn.id, conn);
    socket.on("message", (data, isBinary) => this.#onFrame(conn, data, isBinary));
    socket.on("close", () => {
      this.#conns.delete(conn.id);
      for (const t of conn.heldTokens) this.tokens.release(t, conn);
      conn.heldTokens.clear();
      if (this.#conns.size === 0) this.#stopPump();
    });
    socket.on("error", () => socket.terminate());
    this.#startPump();
  }

  #startPump(): void {
    if (!this.#pump || this.#pumpTimer !== undefined) return;
    const every = Math.max(1, Math.min(this.exchange.stepMs, this.#heartbeatMs));
    this.#pumpTimer = setInterval(() => this.tick(), every);
    this.#pumpTimer.unref();
  }

  #stopPump(): void {
    if (this.#pumpTimer !== undefined) clearInterval(this.#pumpTimer);
    this.#pumpTimer = undefined;
  }

  #onFrame(conn: UwsConnection, data: RawData, isBinary: boolean): void {
    const now = this.exchange.clock.now();
    const text = isBinary ? Buffer.from(data as Buffer).toString("utf8") : String(data);
    const times = conn.requestTimes;
    while (times.length > 0 && now - times[0]! >= 1_000) times.shift();
    if (times.length >= this.#perSecond) {
      conn.send({ method: "error", success: false, error: UWS_ERRORS.rateLimit });
      return;
    }
    times.push(now);
    conn.chain = conn.chain.then(() => this.#handle(conn, text, now));
  }

  #record(connection: number, request: Json | string): void {
    this.requests.push({ connection, request });
    if (this.requests.length > 1_000) this.requests.splice(0, this.requests.length - 1_000);
  }

  #handle(conn: UwsConnection, text: string, timeIn: number): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
      this.#record(conn.id, text);
      conn.send({ method: "error", success: false, error: UWS_ERRORS.malformed });
      return;
    }
    const body = parsed as Json;
    this.#record(conn.id, body);
    const reqId = Number.isInteger(body.req_id) ? (body.req_id as number) : undefined;
    const method = typeof body.method === "string" ? body.method : "error";
    const params = (body.params ?? {}) as Json;
    const req: UwsRequest = { conn, method, params, reqId, timeIn };
    const now = () => this.exchange.clock.now();
    const drop = method === "ping" ? undefined : this.faults.dropNextRequest;
    if (drop !== undefined) {
      this.faults.dropNextRequest = undefined;
      // The request dies with the connection; "after" lets the engine act first, acks unsent.
      if (drop === "after") conn.mute();
      else return void conn.socket.terminate();
    }
    try {
      if (typeof params !== "object" || params === null || Array.isArray(params)) {
        throw new UwsRefusal(UWS_ERRORS.invalid("params"));
      }
      if (method === "ping") conn.send(ack(req, now(), {}));
      else if (method === "subscribe") subscribe(this, req);
      else if (method === "unsubscribe") unsubscribe(this, req);
      else this.#method(req, now);
    } catch (e) {
      if (!(e instanceof UwsRefusal)) throw e;
      conn.send(ack(req, now(), { error: e.error }));
    }
    if (drop === "after") conn.socket.terminate();
  }

  /** A trading method: known, on this host, then handled. */
  #method(req: UwsRequest, now: () => number): void {
    const { conn, method } = req;
    const entry = this.table.entries.get(method);
    if (entry === undefined || entry.kind !== "method")
      throw new UwsRefusal(UWS_ERRORS.unknownMethod(method));
    if (!entry.servers.includes(conn.access)) throw new UwsRefusal(UWS_ERRORS.wrongHost(method));
    handleMethod(this, req, (outcome) => conn.send(ack(req, now(), outcome)));
  }

  // ---------------------------------------------------------------- engine events

  #mark(set: Set<string>, symbol: string): void {
    set.add(symbol);
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

  #onTrade(t: PublicTrade): void {
    const inst = this.exchange.instruments.get(t.symbol);
    if (!inst) return;
    const message = { channel: "trade", type: "update", data: [tradeEntry(inst, t)] };
    for (const c of this.#conns.values()) if (c.wants("trade", t.symbol)) c.send(message);
    // The UWS ticker updates on trade events.
    this.#mark(this.#dirtyTickers, t.symbol);
  }

  #onOrder(e: ExchangeEvents["order"]): void {
    const update = executionUpdate(this.exchange, e);
    if (!update) return;
    for (const c of this.#conns.values()) {
      if (!c.wants("executions") || (!c.executions.orderStatus && !update.transition)) continue;
      c.send({ channel: "executions", type: "update", data: [update.entry] });
    }
  }

  #onFill(f: Fill): void {
    const entry = tradeExecution(this.exchange, f, this.exchange.orders.get(f.orderId));
    for (const c of this.#conns.values()) {
      if (c.wants("executions")) c.send({ channel: "executions", type: "update", data: [entry] });
    }
    this.#markAccount();
  }

  // ---------------------------------------------------------------- publishing

  #flush(): void {
    this.#flushQueued = false;
    if (this.#closed || this.#conns.size === 0) return;
    const ex = this.exchange;
    const now = ex.clock.now();
    for (const symbol of [...this.#dirtyBooks]) {
      this.#dirtyBooks.delete(symbol);
      const book = ex.books.get(symbol);
      if (!book) continue;
      const levels = book.levels();
      for (const c of this.#conns.values()) {
        const view = c.books.get(symbol);
        const message = view?.update(levels, now, this.faults.corruptChecksum);
        if (message) c.send(message);
        const orders = c.level3.get(symbol)?.update(book, now, this.faults.corruptChecksum);
        if (orders) c.send(orders);
      }
    }
    for (const symbol of [...this.#dirtyTickers]) {
      this.#dirtyTickers.delete(symbol);
      const message = { channel: "ticker", type: "update", data: [tickerEntry(ex, symbol)] };
      for (const c of this.#conns.values()) if (c.wants("ticker", symbol)) c.send(message);
    }
    if (this.#accountDirty) {
      this.#accountDirty = false;
      this.#publishBalances(now);
      publishMargin(ex, this.#conns.values());
      publishPositions(ex, this.#conns.values(), now);
    }
    for (const c of this.#conns.values()) {
      if (c.subscriptions.size > 0 && now - c.lastSent >= this.#heartbeatMs) c.send({ channel: "heartbeat" });
    }
  }

  #publishBalances(now: number): void {
    const after = holdings(this.exchange);
    const changes = balancesChanges(this.#holdings, after, now, () => `L${++this.#ledgerSeq}`);
    this.#holdings = after;
    if (changes.length === 0) return;
    const message = { channel: "balances", type: "update", data: changes };
    for (const c of this.#conns.values()) if (c.wants("balances")) c.send(message);
    // Every ledger entry also goes to `ledgers`, numbered per connection.
    const gap = this.faults.ledgerGap;
    this.faults.ledgerGap = 0;
    for (const c of this.#conns.values()) {
      if (!c.wants("ledgers")) continue;
      c.ledgerSeq += 1 + gap;
      c.send({ channel: "ledgers", type: "update", sequence: c.ledgerSeq, data: changes });
    }
  }
}
