// The per-frame fast path: `book` deltas decoded without the generic numeric walk, and the `ws`
// package's EventEmitter API (`on("message", (data, isBinary))`) used instead of its
// `addEventListener` wrapper. Same behaviour as the generic path: seq checked, gaps resync, numeric
// strings converted, malformed frames reported and dropped.
import { EventEmitter } from "node:events";
import type { KrakenFuturesError } from "@kraken-futures/auth";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  createWsClient,
  decodeFrame,
  numericFields,
  type WebSocketLike,
  WsDecodeError,
} from "../../src/index.js";
import { bookDelta } from "./fakes.js";

const P = "PF_XBTUSD";

/** Shaped like the `ws` package: an EventEmitter with `ping`; frames arrive as Buffers. */
class NodeStyleSocket extends EventEmitter implements WebSocketLike {
  static last: NodeStyleSocket | undefined;
  readyState = 0;
  readonly sent: Record<string, unknown>[] = [];
  closed = false;
  constructor(readonly url: string) {
    super();
    NodeStyleSocket.last = this;
  }
  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }
  close(): void {
    this.closed = true;
  }
  ping(): void {}
  addEventListener(): void {
    throw new Error("a socket with on() and ping() must be listened to with on()");
  }
  open(): void {
    this.readyState = 1;
    this.emit("open");
  }
  /** A text frame, as `ws` hands it over: a Buffer and isBinary false. */
  text(frame: unknown): void {
    this.emit("message", Buffer.from(typeof frame === "string" ? frame : JSON.stringify(frame)), false);
  }
}

function setup() {
  NodeStyleSocket.last = undefined;
  const client = createWsClient({
    WebSocket: NodeStyleSocket,
    clock: { now: () => 0 },
    timers: { setTimeout: () => 0, clearTimeout: () => {} },
    random: () => 0,
  });
  const errors: KrakenFuturesError[] = [];
  const resyncs: unknown[] = [];
  client.on("error", (error) => errors.push(error));
  client.on("resync", (event) => resyncs.push(event));
  const book = client.book(P);
  const socket = NodeStyleSocket.last as unknown as NodeStyleSocket;
  socket.open();
  return { client, book, socket, errors, resyncs };
}

const snapshot = (seq: number) => ({
  feed: "book_snapshot",
  product_id: P,
  timestamp: 1,
  seq,
  bids: [
    { price: 100, qty: 1 },
    { price: 99, qty: 2 },
  ],
  asks: [{ price: 101, qty: 3 }],
});
const delta = (seq: number, side: string, price: unknown, qty: unknown) =>
  bookDelta(P, seq, side, price, qty);
const levels = (list: { price: number; qty: number }[]) => list.map((l) => [l.price, l.qty]);

describe("book fast path on a ws-style socket", () => {
  it("applies snapshot and deltas from Buffers, converting numeric strings", () => {
    const { client, book, socket, errors } = setup();
    expect(socket.sent).toEqual([{ event: "subscribe", feed: "book", product_ids: [P] }]);
    socket.text(snapshot(10));
    socket.text(delta(11, "buy", "99.5", "4")); // strings: a new level between 100 and 99
    socket.text(delta(12, "buy", 100, "0")); // "0" removes
    socket.text(delta(13, "sell", 101, "2.5"));
    expect(errors).toEqual([]);
    expect(book.synced).toBe(true);
    expect(book.book.seq).toBe(13);
    expect(levels(book.bids())).toEqual([
      [99.5, 4],
      [99, 2],
    ]);
    expect(levels(book.asks())).toEqual([[101, 2.5]]);
    client.close();
  });

  it("resyncs on a gap and on a delta before the snapshot", () => {
    const { client, book, socket, resyncs } = setup();
    socket.text(delta(5, "buy", 98, 1));
    expect(resyncs).toEqual([
      { feed: "book", productId: P, reason: "delta-before-snapshot", seq: 5, bookSeq: -1, attempt: 1 },
    ]);
    socket.text(snapshot(10));
    socket.text(delta(11, "buy", 98, 1));
    socket.sent.length = 0;
    socket.text(delta(13, "buy", 97, 1)); // 12 is missing
    expect(resyncs[1]).toEqual({
      feed: "book",
      productId: P,
      reason: "gap",
      seq: 13,
      bookSeq: 11,
      attempt: 1,
    });
    expect(book.synced).toBe(false);
    expect(socket.sent).toEqual([
      { event: "unsubscribe", feed: "book", product_ids: [P] },
      { event: "subscribe", feed: "book", product_ids: [P] },
    ]);
    // Deltas of the old subscription are ignored until the fresh snapshot; the gap's level never lands.
    socket.text(delta(14, "buy", 96, 1));
    expect(levels(book.bids())).toEqual([
      [100, 1],
      [99, 2],
      [98, 1],
    ]);
    socket.text(snapshot(20));
    socket.text(delta(21, "sell", 102, "1"));
    expect(book.synced).toBe(true);
    expect(levels(book.asks())).toEqual([
      [101, 3],
      [102, 1],
    ]);
    expect(resyncs).toHaveLength(2);
    client.close();
  });

  it("reports malformed frames and keeps the book going", () => {
    const { client, book, socket, errors } = setup();
    socket.text(snapshot(10));
    socket.text("{not json");
    socket.text("[1,2]");
    socket.emit("message", Buffer.from([0xff, 0xfe, 0x7b]), true); // binary, not UTF-8
    socket.text(delta(11, "buy", "12abc", 1)); // not a number: dropped, seq not consumed
    socket.text(delta(11, "middle", 99, 1)); // not a side
    socket.text({ feed: "book", side: "buy", seq: 11, price: 99, qty: 1 }); // no product_id
    socket.text(delta(11, "buy", 99, -1)); // negative size
    // Unusable book numbers are decode errors too, as the README promises (they were WsConnectionError).
    expect(errors.map((e) => e instanceof WsDecodeError)).toEqual([true, true, true, true, true, true, true]);
    expect(errors[3]?.message).toContain("unusable book delta");
    socket.emit("message", Buffer.from(JSON.stringify(delta(11, "buy", 99, 7))), true); // binary UTF-8 JSON
    expect(book.synced).toBe(true);
    expect(levels(book.bids())).toEqual([
      [100, 1],
      [99, 7],
    ]);
    expect(errors).toHaveLength(7);
    client.close();
  });

  it("hands book deltas to book subscriptions and message listeners only while they listen", () => {
    const { client, book, socket } = setup();
    const seen: number[] = [];
    const messages: string[] = [];
    const subscription = client.subscribe("book", [P]);
    subscription.on((message) => seen.push(message.seq));
    const off = client.on("message", (message) => messages.push(String((message as { feed?: string }).feed)));
    socket.text(snapshot(10));
    socket.text(delta(11, "buy", 98, 1));
    subscription.unsubscribe();
    off();
    socket.text(delta(12, "buy", 97, 1));
    expect(seen).toEqual([10, 11]);
    expect(messages).toEqual(["book_snapshot", "book"]);
    expect(book.book.seq).toBe(12); // the book's own subscription outlives the other one
    client.close();
  });

  it("turns close and error events of on() into a reconnect and an error event", () => {
    const { client, socket, errors } = setup();
    const reconnecting: { reason: string }[] = [];
    client.on("reconnecting", (event) => reconnecting.push(event));
    socket.emit("error", new Error("boom"));
    expect(errors.map((e) => e.message)).toEqual([`WebSocket error on ${client.url}: boom`]);
    socket.emit("close", 1006, Buffer.alloc(0));
    expect(reconnecting.map((e) => e.reason)).toEqual(["connection lost without a close frame (code 1006)"]);
    client.close();
  });
});

describe("decodeFrame fast path for book deltas", () => {
  it("covers every Numeric field the spec gives a book delta", () => {
    // The fast path converts price and qty only; a new Numeric field in the spec must extend it.
    expect(numericFields["book"]).toEqual({ price: true, qty: true });
  });

  it("converts exactly like the generic walk does for the same values", () => {
    const value = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
      fc.constantFrom("1e2", "-0", "00", "1.", ".5", " 1", "0x10", "", "NaN", "Infinity"),
      fc.string({ maxLength: 6 }),
    );
    fc.assert(
      fc.property(value, value, (price, qty) => {
        const fast = decodeFrame(JSON.stringify({ feed: "book", price, qty }));
        const generic = decodeFrame(JSON.stringify({ feed: "book_snapshot", bids: [{ price, qty }] }));
        expect(fast.ok && generic.ok).toBe(true);
        if (!fast.ok || !generic.ok) return;
        const level = (generic.message as unknown as { bids: unknown[] }).bids[0];
        const { price: p, qty: q } = fast.message as unknown as { price: unknown; qty: unknown };
        expect({ price: p, qty: q }).toEqual(level);
      }),
      { numRuns: 2000 },
    );
  });

  it("leaves acknowledgements that name the book feed to the event path", () => {
    const ack = decodeFrame('{"event":"subscribed","feed":"book","product_ids":["PF_XBTUSD"],"price":"1"}');
    expect(ack.ok && ack.message).toEqual({
      event: "subscribed",
      feed: "book",
      product_ids: ["PF_XBTUSD"],
      price: "1",
    });
  });
});
