/**
 * What the WebSocket v1 side publishes from the engine: order, fill and trade messages rendered from
 * the event's own objects at once, and everything derived from wider state (book deltas, balances,
 * positions, tickers, heartbeats) marked dirty and published in a microtask, after the engine has
 * returned (reading state mid-operation would re-enter the engine). Also the snapshots a new
 * subscription gets, so that a snapshot and the deltas after it share one sequence.
 */
import type { Exchange, ExchangeEvents, Fill } from "../engine/exchange.js";
import { bookChanges } from "./book-diff.js";
import type { Connection } from "./connection.js";
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

const ACCOUNT_LOG_SNAPSHOT_SIZE = 100;

interface PublishedBook {
  seq: number;
  readonly bids: Map<number, number>;
  readonly asks: Map<number, number>;
}

/** The publishing half of {@link MockWsServer}: one per server, over its open connections. */
export class FeedPublisher {
  readonly #exchange: Exchange;
  readonly #conns: ReadonlyMap<number, Connection>;
  readonly #heartbeatMs: number;
  readonly #tickerMs: number;
  readonly #off: (() => void)[];
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
  #closed = false;
  /** Orders open_orders subscribers have been told about (so a fill of a never-shown order stays silent). */
  readonly #announced = new Set<string>();
  readonly #notifications: Json[] = [];

  constructor(
    exchange: Exchange,
    conns: ReadonlyMap<number, Connection>,
    timing: { readonly heartbeatMs: number; readonly tickerMs: number },
  ) {
    this.#exchange = exchange;
    this.#conns = conns;
    this.#heartbeatMs = timing.heartbeatMs;
    this.#tickerMs = timing.tickerMs;
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
    this.#off = [
      exchange.on("order", (e) => this.onOrder(e)),
      exchange.on("fill", (f) => this.onFill(f)),
      exchange.on("trade", (t) => {
        for (const c of this.#conns.values()) if (c.wants("trade", t.symbol)) c.send(tradeMessage(t));
      }),
      exchange.on("book", (b) => this.markBook(b.symbol)),
      exchange.on("balance", () => this.markAccount()),
      exchange.on("step", () => this.markAccount()),
    ];
  }

  /** Detaches from the engine; nothing is published after. */
  close(): void {
    this.#closed = true;
    for (const off of this.#off) off();
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
    this.flush();
    const pub = this.#books.get(productId);
    if (!pub) throw new RangeError(`no book for ${productId}`);
    return {
      seq: pub.seq,
      bids: [...pub.bids].sort((a, b) => b[0] - a[0]),
      asks: [...pub.asks].sort((a, b) => a[0] - b[0]),
    };
  }

  /** The snapshot(s) a new subscription of `feed` gets. */
  sendSnapshots(conn: Connection, feed: string, ids: readonly string[] | undefined): void {
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

  /** An order event as open_orders(_verbose) messages, rendered at once from the event. */
  onOrder(e: ExchangeEvents["order"]): void {
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

  /** A fill as fills and account_log messages; book and account are published in a microtask. */
  onFill(f: Fill): void {
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
    this.markBook(f.symbol);
    this.markAccount();
  }

  markBook(symbol: string): void {
    this.#dirtyBooks.add(symbol);
    this.#queueFlush();
  }

  markAccount(): void {
    this.#accountDirty = true;
    this.#queueFlush();
  }

  #queueFlush(): void {
    if (this.#flushQueued || this.#closed) return;
    this.#flushQueued = true;
    queueMicrotask(() => this.flush());
  }

  // ---------------------------------------------------------------- publishing

  /** Publishes book deltas, balances and positions that changed, and the tickers and heartbeat due. */
  flush(): void {
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
