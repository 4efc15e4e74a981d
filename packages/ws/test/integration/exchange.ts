// A minimal in-process Kraken Futures WebSocket exchange on loopback, for the client's integration tests
// (the mock exchange's WebSocket side replaces it later). It issues a new challenge per connection, checks
// signatures, streams a book with contiguous per-product seq, and can inject faults.
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { signChallenge } from "@kraken-futures/auth";
import { type WebSocket, WebSocketServer } from "ws";

export const VECTOR = {
  challenge: "c100b894-1729-464d-ace1-52dbce11db42",
  secret: "7zxMEF5p/Z8l2p2U7Ghv6x14Af+Fx+92tPgUdVQ748FOIrEoT9bgT+bTRfXc5pz8na+hL/QdrCVG7bh9KpT0eMTm",
  signed: "4JEpF3ix66GA2B+ooK128Ift4XQVtc137N9yeg4Kqsn9PI0Kpzbysl9M1IeCEdjg0zl00wkVqcsnG4bmnlMb3A==",
  apiKey: "test-api-key",
};

interface Session {
  readonly socket: WebSocket;
  challenge: string | undefined;
  readonly subs: Map<string, Set<string>>; // feed -> products ("" = all)
}

export class Exchange {
  readonly server: WebSocketServer;
  readonly sessions = new Set<Session>();
  readonly books = new Map<string, { seq: number; bids: Map<number, number>; asks: Map<number, number> }>();
  /** Every request received, in order. */
  readonly requests: Record<string, unknown>[] = [];
  /** Challenges handed out, one per connection that asked. */
  readonly challenges: string[] = [];
  connections = 0;
  #firstChallenge: string | undefined = VECTOR.challenge;

  private constructor(server: WebSocketServer) {
    this.server = server;
    server.on("connection", (socket) => this.#onConnection(socket));
  }

  static async start(): Promise<Exchange> {
    const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
    await new Promise<void>((resolve) => server.once("listening", () => resolve()));
    return new Exchange(server);
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const session of this.sessions) session.socket.terminate();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  #onConnection(socket: WebSocket): void {
    this.connections++;
    const session: Session = { socket, challenge: undefined, subs: new Map() };
    this.sessions.add(session);
    socket.on("close", () => this.sessions.delete(session));
    socket.on("message", (data) => void this.#onRequest(session, String(data)));
    socket.send(JSON.stringify({ event: "info", version: 1 }));
  }

  async #onRequest(session: Session, text: string): Promise<void> {
    let request: Record<string, unknown>;
    try {
      request = JSON.parse(text);
    } catch {
      session.socket.send(JSON.stringify({ event: "error", message: "Json Error" }));
      return;
    }
    this.requests.push(request);
    const send = (message: object) => session.socket.send(JSON.stringify(message));
    if (request["event"] === "challenge") {
      // The first challenge is the published vector, so the client's signature can be checked against it.
      session.challenge = this.#firstChallenge ?? randomUUID();
      this.#firstChallenge = undefined;
      this.challenges.push(session.challenge);
      send({ event: "challenge", message: session.challenge });
      return;
    }
    const feed = String(request["feed"]);
    const products = (request["product_ids"] as string[] | undefined) ?? [""];
    if (
      [
        "balances",
        "open_orders",
        "fills",
        "open_positions",
        "account_log",
        "notifications_auth",
        "open_orders_verbose",
      ].includes(feed)
    ) {
      const expected = session.challenge ? await signChallenge(session.challenge, VECTOR.secret) : undefined;
      if (
        request["api_key"] !== VECTOR.apiKey ||
        request["original_challenge"] !== session.challenge ||
        request["signed_challenge"] !== expected
      ) {
        send({ event: "alert", message: "Failed to subscribe to authenticated feed" });
        return;
      }
    }
    if (request["event"] === "subscribe") {
      const set = session.subs.get(feed) ?? new Set();
      for (const p of products) set.add(p);
      session.subs.set(feed, set);
      send({ event: "subscribed", feed, ...(request["product_ids"] ? { product_ids: products } : {}) });
      if (feed === "book") for (const p of products) send(this.#snapshot(p));
      if (feed === "balances") {
        send({
          feed: "balances_snapshot",
          account: "a",
          timestamp: 1,
          seq: 0,
          holding: { USD: 10, XBT: 1 },
          futures: {},
          flex_futures: {},
        });
      }
    } else if (request["event"] === "unsubscribe") {
      for (const p of products) session.subs.get(feed)?.delete(p);
      send({ event: "unsubscribed", feed, ...(request["product_ids"] ? { product_ids: products } : {}) });
    }
  }

  #book(productId: string) {
    let book = this.books.get(productId);
    if (!book) {
      book = { seq: 0, bids: new Map([[100, 1]]), asks: new Map([[101, 1]]) };
      this.books.set(productId, book);
    }
    return book;
  }

  #snapshot(productId: string): object {
    const book = this.#book(productId);
    const levels = (m: Map<number, number>) => [...m].map(([price, qty]) => ({ price: String(price), qty }));
    return {
      feed: "book_snapshot",
      product_id: productId,
      timestamp: 1,
      seq: book.seq,
      tickSize: null,
      bids: levels(book.bids),
      asks: levels(book.asks),
    };
  }

  /** Changes one level of the exchange's book and streams it; with `drop`, the delta is lost (a gap). */
  bookUpdate(productId: string, side: "buy" | "sell", price: number, qty: number, drop = false): void {
    const book = this.#book(productId);
    book.seq++;
    const levels = side === "buy" ? book.bids : book.asks;
    if (qty === 0) levels.delete(price);
    else levels.set(price, qty);
    if (drop) return;
    this.broadcast("book", productId, {
      feed: "book",
      product_id: productId,
      side,
      seq: book.seq,
      price,
      qty,
      timestamp: 2,
    });
  }

  /** Sends `message` to every session subscribed to `feed` (and `productId`, if given). */
  broadcast(feed: string, productId: string, message: object | string): void {
    for (const session of this.sessions) {
      const subs = session.subs.get(feed);
      if (!subs || !(subs.has(productId) || subs.has(""))) continue;
      session.socket.send(typeof message === "string" ? message : JSON.stringify(message));
    }
  }

  /** Sends raw data to every connection (malformed frames). */
  sendRaw(data: string | Buffer): void {
    for (const session of this.sessions) session.socket.send(data);
  }

  /** Cuts every connection without a close handshake. */
  dropAll(): void {
    for (const session of this.sessions) session.socket.terminate();
  }

  /** The exchange's own book, best first, as the client's book reports it. */
  levels(productId: string) {
    const book = this.#book(productId);
    const sorted = (m: Map<number, number>, desc: boolean) =>
      [...m].sort((a, b) => (desc ? b[0] - a[0] : a[0] - b[0])).map(([price, qty]) => ({ price, qty }));
    return { bids: sorted(book.bids, true), asks: sorted(book.asks, false) };
  }
}
