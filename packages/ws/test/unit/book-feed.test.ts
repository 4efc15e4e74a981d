// The book and balances views inside the client: resync retries when no snapshot comes, crossed
// snapshots reported, balances gaps resynced, one `settled` call per burst, typed decode errors and
// the frame-size cap.
import type { KrakenFuturesError } from "@kraken-futures/auth";
import { describe, expect, it } from "vitest";
import type { OrderBook } from "../../src/index.js";
import { WsDecodeError } from "../../src/index.js";
import { bookDelta, FakeSocket, SECRET, settle, setup } from "./fakes.js";

const P = "PF_XBTUSD";
const snapshot = (seq: number, bid = 100, ask = 101) => ({
  feed: "book_snapshot",
  product_id: P,
  timestamp: 1,
  seq,
  bids: [{ price: bid, qty: 1 }],
  asks: [{ price: ask, qty: 1 }],
});
const delta = (seq: number, side: string, price: unknown, qty: unknown) =>
  bookDelta(P, seq, side, price, qty);
const bookRequests = (sent: Record<string, unknown>[]) =>
  sent.filter((r) => r["feed"] === "book").map((r) => r["event"]);

function bookClient() {
  const ctx = setup();
  const errors: KrakenFuturesError[] = [];
  const resyncs: Record<string, unknown>[] = [];
  ctx.client.on("error", (e) => errors.push(e));
  ctx.client.on("resync", (e) => resyncs.push(e as unknown as Record<string, unknown>));
  const book = ctx.client.book(P);
  ctx.socket().open();
  return { ...ctx, book, errors, resyncs };
}

describe("book resync", () => {
  it("retries with backoff when the fresh snapshot never arrives, and reports each retry", () => {
    const { client, time, socket, book, resyncs } = bookClient();
    socket().receive(snapshot(1));
    socket().receive(delta(3, "buy", 99, 1)); // 2 is missing
    expect(bookRequests(socket().sent)).toEqual(["subscribe", "unsubscribe", "subscribe"]);
    time.advance(9_999);
    expect(bookRequests(socket().sent)).toHaveLength(3);
    time.advance(1);
    expect(bookRequests(socket().sent)).toEqual([
      "subscribe",
      "unsubscribe",
      "subscribe",
      "unsubscribe",
      "subscribe",
    ]);
    time.advance(20_000);
    expect(bookRequests(socket().sent)).toHaveLength(7);
    expect(resyncs.map((r) => [r["reason"], r["attempt"]])).toEqual([
      ["gap", 1],
      ["snapshot-timeout", 2],
      ["snapshot-timeout", 3],
    ]);
    socket().receive(snapshot(9));
    expect(book.synced).toBe(true);
    time.advance(50_000); // (the keep-alive would reconnect after 60 s of silence)
    expect(bookRequests(socket().sent)).toHaveLength(7);
    expect(resyncs).toHaveLength(3);
    client.close();
  });

  it("reports a crossed snapshot (bid above ask)", () => {
    const { client, socket } = bookClient();
    const crossed: unknown[] = [];
    client.on("crossed", (e) => crossed.push(e));
    socket().receive(snapshot(1, 100, 101));
    expect(crossed).toEqual([]);
    socket().receive(snapshot(2, 102, 101));
    expect(crossed).toEqual([{ productId: P, bid: 102, ask: 101, seq: 2 }]);
    client.close();
  });

  it("reports unusable book numbers as WsDecodeError, as the README promises", () => {
    const { client, socket, errors } = bookClient();
    socket().receive(snapshot(1));
    socket().receive(
      '{"feed":"book","product_id":"PF_XBTUSD","side":"buy","seq":"x","price":"abc","qty":"1e"}',
    );
    expect(errors.map((e) => e.name)).toEqual(["WsDecodeError"]);
    expect((errors[0] as WsDecodeError).frame).toContain('"price":"abc"');
    client.close();
  });
});

describe("book settled (once per burst)", () => {
  it("calls onSettled once after a burst of deltas, never in between", async () => {
    const { client, socket, book } = bookClient();
    const updates: number[] = [];
    const settled: [number, number | undefined][] = [];
    book.onUpdate((b) => updates.push(b.seq));
    book.onSettled((b: OrderBook) => settled.push([b.seq, b.bestBid()?.price]));
    socket().receive(snapshot(1));
    // One market step: the old best bid leaves, a new one comes, in three frames.
    socket().receive(delta(2, "buy", 100, 0));
    socket().receive(delta(3, "buy", 99, 2));
    socket().receive(delta(4, "sell", 101, 3));
    expect(settled).toEqual([]);
    await Promise.resolve();
    expect(updates).toEqual([1, 2, 3, 4]);
    expect(settled).toEqual([[4, 99]]);
    socket().receive(delta(5, "buy", 98, 1));
    await Promise.resolve();
    expect(settled).toEqual([
      [4, 99],
      [5, 99],
    ]);
    client.close();
  });
});

describe("balances", () => {
  const balancesSnapshot = (seq: number) => ({
    feed: "balances_snapshot",
    account: "a",
    timestamp: 1,
    seq,
    holding: { USD: 100 },
    futures: {},
    flex_futures: {},
  });
  const balancesDelta = (seq: number, usd: number) => ({
    feed: "balances",
    account: "a",
    timestamp: 2,
    seq,
    holding: { USD: usd },
  });

  it("detects a seq gap, keeps the last good state, and resyncs from a fresh snapshot", async () => {
    const { client, socket } = setup({ credentials: { apiKey: "key", apiSecret: SECRET } });
    const resyncs: unknown[] = [];
    client.on("resync", (e) => resyncs.push(e));
    const balances = client.balances();
    socket().open();
    socket().receive({ event: "challenge", message: "c-1" });
    await settle();
    socket().receive({ event: "subscribed", feed: "balances" });
    socket().receive(balancesSnapshot(1));
    socket().receive(balancesDelta(2, 150));
    socket().receive(balancesDelta(4, 175)); // 3 is missing
    expect(balances.state?.holding["USD"]).toBe(150);
    expect(balances.synced).toBe(false);
    expect(resyncs).toEqual([{ feed: "balances", reason: "gap", seq: 4, viewSeq: 2, attempt: 1 }]);
    await settle();
    expect(socket().sent.slice(-2)).toMatchObject([
      { event: "unsubscribe", feed: "balances" },
      { event: "subscribe", feed: "balances", original_challenge: "c-1" },
    ]);
    socket().receive(balancesDelta(5, 1)); // of the old subscription: ignored until the snapshot
    expect(balances.state?.holding["USD"]).toBe(150);
    socket().receive(balancesSnapshot(5));
    expect(balances.synced).toBe(true);
    expect(balances.state?.holding["USD"]).toBe(100);
    client.close();
  });
});

describe("maxPayload", () => {
  it("passes the cap to the WebSocket constructor (the ws package enforces it) with no subprotocol", () => {
    const { client, socket } = setup({ maxPayload: 1024 });
    client.subscribe("ticker", [P]);
    expect(socket().args).toEqual([[], { maxPayload: 1024 }]);
    client.close();
    const defaults = setup();
    defaults.client.subscribe("ticker", [P]);
    expect(defaults.socket().args).toEqual([[], { maxPayload: 16 * 1024 * 1024 }]);
    defaults.client.close();
  });

  it("drops a larger frame before parsing it where the socket has no cap of its own", () => {
    const { client, socket } = setup({ maxPayload: 1024 });
    const errors: KrakenFuturesError[] = [];
    client.on("error", (e) => errors.push(e));
    const seen: unknown[] = [];
    client.subscribe("heartbeat").on((m) => seen.push(m));
    socket().open();
    socket().receive({ feed: "heartbeat", time: 1, pad: "x".repeat(2000) });
    socket().receive({ feed: "heartbeat", time: 2 });
    expect(seen).toEqual([{ feed: "heartbeat", time: 2 }]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(WsDecodeError);
    expect(errors[0]!.message).toMatch(/maxPayload \(1024 bytes\)/);
    expect(FakeSocket.instances).toHaveLength(1);
    client.close();
  });
});
