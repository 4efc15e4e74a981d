import type { KrakenFuturesError } from "@kraken-futures/auth";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import WebSocket from "ws";
import { createWsClient, type WsClient } from "../../src/index.js";
import { Exchange, VECTOR } from "./exchange.js";

let exchange: Exchange;
let client: WsClient | undefined;
const errors: KrakenFuturesError[] = [];

beforeEach(async () => {
  exchange = await Exchange.start();
  errors.length = 0;
});
afterEach(async () => {
  client?.close();
  client = undefined;
  await exchange.stop();
});

function connect(withCredentials = false, seed = 1): WsClient {
  let state = seed;
  client = createWsClient({
    origin: exchange.origin,
    WebSocket,
    ...(withCredentials ? { credentials: { apiKey: VECTOR.apiKey, apiSecret: VECTOR.secret } } : {}),
    reconnect: { initialDelayMs: 2, maxDelayMs: 10 },
    // Deterministic jitter.
    random: () => {
      state = (state * 16807) % 2147483647;
      return state / 2147483647;
    },
  });
  client.on("error", (e) => errors.push(e));
  return client;
}
const waitFor = (check: () => unknown) => vi.waitFor(check, { timeout: 5000, interval: 2 });

describe("createWsClient against a loopback exchange", () => {
  it("subscribes to a public feed, yields typed messages with numbers, and unsubscribes", async () => {
    const ws = connect();
    const states: string[] = [];
    ws.on("state", ({ to }) => states.push(to));
    const ticker = ws.subscribe("ticker", ["PF_XBTUSD"]);
    await ws.connect();
    await waitFor(() =>
      expect(exchange.requests).toContainEqual({
        event: "subscribe",
        feed: "ticker",
        product_ids: ["PF_XBTUSD"],
      }),
    );
    const iterator = ticker[Symbol.asyncIterator]();
    exchange.broadcast("ticker", "PF_XBTUSD", {
      feed: "ticker",
      product_id: "PF_XBTUSD",
      time: 1,
      bid: "1",
      ask: 2,
      last: 1,
      markPrice: "34000.5",
      suspended: false,
    });
    const { value } = await iterator.next();
    expect(value?.markPrice).toBe(34000.5);
    expect(states).toEqual(["connecting", "open", "ready"]);
    ticker.unsubscribe();
    await waitFor(() =>
      expect(exchange.requests).toContainEqual({
        event: "unsubscribe",
        feed: "ticker",
        product_ids: ["PF_XBTUSD"],
      }),
    );
    expect((await iterator.next()).done).toBe(true);
  });

  it("signs the challenge (Kraken's published vector) and merges private balances", async () => {
    const ws = connect(true);
    const balances = ws.balances();
    await waitFor(() => expect(balances.state?.holding["USD"]).toBe(10));
    const subscribe = exchange.requests.find((r) => r["event"] === "subscribe" && r["feed"] === "balances");
    expect(subscribe).toMatchObject({
      api_key: VECTOR.apiKey,
      original_challenge: VECTOR.challenge,
      signed_challenge: VECTOR.signed,
    });
    exchange.broadcast("balances", "", {
      feed: "balances",
      account: "a",
      timestamp: 2,
      seq: 1,
      holding: { USD: "12.5" },
      futures: {},
    });
    await waitFor(() => expect(balances.state?.holding).toEqual({ USD: 12.5, XBT: 1 }));
    expect(errors).toEqual([]);
  });

  it("refuses private feeds without credentials before sending anything", () => {
    const ws = connect(false);
    expect(() => ws.subscribe("fills")).toThrow(/credentials/);
    expect(() => ws.subscribe("book")).toThrow(/productIds/);
    expect(exchange.connections).toBe(0);
  });

  it("resyncs a book after a gap and ends equal to the exchange's book", async () => {
    const ws = connect();
    const book = ws.book("PF_XBTUSD");
    const resyncs: unknown[] = [];
    ws.on("resync", (r) => resyncs.push(r));
    await waitFor(() => expect(book.synced).toBe(true));
    exchange.bookUpdate("PF_XBTUSD", "buy", 99, 3);
    exchange.bookUpdate("PF_XBTUSD", "sell", 101, 0, true); // lost: a gap
    exchange.bookUpdate("PF_XBTUSD", "sell", 102, 4);
    await waitFor(() => expect(resyncs).toHaveLength(1));
    await waitFor(() => expect(book.synced).toBe(true));
    expect({ bids: book.bids(), asks: book.asks() }).toEqual(exchange.levels("PF_XBTUSD"));
    expect(resyncs[0]).toMatchObject({ productId: "PF_XBTUSD", reason: "gap" });
  });

  it("drops malformed frames with an error event and keeps working", async () => {
    const ws = connect();
    const received: unknown[] = [];
    ws.subscribe("heartbeat").on((m) => received.push(m));
    await ws.connect();
    await waitFor(() => expect(exchange.requests).toContainEqual({ event: "subscribe", feed: "heartbeat" }));
    exchange.sendRaw("not json");
    exchange.sendRaw(Buffer.from([0xff, 0x00, 0x13]));
    exchange.sendRaw('{"no":"discriminator"}');
    exchange.sendRaw('{"feed":"book","product_id":"PF_XBTUSD","seq":"x"}');
    exchange.broadcast("heartbeat", "", { feed: "heartbeat", time: 5 });
    await waitFor(() => expect(received).toEqual([{ feed: "heartbeat", time: 5 }]));
    expect(errors.map((e) => e.name)).toEqual(["WsDecodeError", "WsDecodeError", "WsDecodeError"]);
    expect(ws.state).toBe("ready");
  });

  it("after 100 forced disconnects with gaps and malformed frames, restores every subscription with a fresh challenge", async () => {
    const ws = connect(true, 7);
    const products = ["PF_XBTUSD", "PF_ETHUSD"];
    const books = products.map((p) => ws.book(p));
    const balances = ws.balances();
    const tickers: unknown[] = [];
    ws.subscribe("ticker", ["PF_XBTUSD"]).on((m) => tickers.push(m));
    let reconnected = 0;
    ws.on("reconnected", () => reconnected++);
    await ws.connect();
    let rng = 42;
    const next = (n: number) => {
      rng = (rng * 48271) % 2147483647;
      return rng % n;
    };
    for (let round = 1; round <= 100; round++) {
      for (let i = 0; i < 5; i++) {
        const product = products[next(2)]!;
        exchange.bookUpdate(product, next(2) ? "buy" : "sell", 95 + next(12), next(3), next(10) === 0);
      }
      if (next(3) === 0) exchange.sendRaw("{garbage");
      exchange.dropAll();
      await waitFor(() => expect(reconnected).toBe(round));
      await waitFor(() => expect(books.every((b) => b.synced)).toBe(true));
    }
    // Every connection asked for its own challenge and the exchange accepted every signature.
    expect(exchange.connections).toBe(101);
    expect(new Set(exchange.challenges).size).toBe(101);
    expect(errors.filter((e) => e.name === "WsSubscriptionError")).toEqual([]);
    // Subscriptions restored on the last connection, books equal to the exchange's.
    const [session] = exchange.sessions;
    await waitFor(() => expect([...session!.subs.keys()].sort()).toEqual(["balances", "book", "ticker"]));
    for (const [i, product] of products.entries()) {
      exchange.bookUpdate(product, "buy", 90, 1);
      await waitFor(() =>
        expect({ bids: books[i]!.bids(), asks: books[i]!.asks() }).toEqual(exchange.levels(product)),
      );
    }
    await waitFor(() => expect(balances.state?.holding["USD"]).toBe(10));
    exchange.broadcast("ticker", "PF_XBTUSD", {
      feed: "ticker",
      product_id: "PF_XBTUSD",
      time: 1,
      bid: 1,
      ask: 2,
      last: 1,
      markPrice: 1,
      suspended: false,
    });
    await waitFor(() => expect(tickers).toHaveLength(1));
  }, 60_000);
});
