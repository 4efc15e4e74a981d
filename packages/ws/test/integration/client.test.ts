// The client against the project's mock exchange (@kraken-futures/mock, a devDependency: ws never depends
// on it at runtime). The exchange runs on a manual clock, so its market moves only when a test steps it;
// the client's reconnect delays are a few milliseconds of real time.
import type { KrakenFuturesError } from "@kraken-futures/auth";
import {
  DEFAULT_TEST_KEY,
  type ManualClock,
  type MockExchange,
  manualClock,
  startMockExchange,
} from "@kraken-futures/mock";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import WebSocket from "ws";
import { type BookHandle, createWsClient, type WsClient, type WsClientOptions } from "../../src/index.js";

let mock: MockExchange;
let clock: ManualClock;
let client: WsClient | undefined;
const errors: KrakenFuturesError[] = [];

beforeEach(async () => {
  clock = manualClock();
  mock = await startMockExchange({ clock });
  errors.length = 0;
});
afterEach(async () => {
  client?.close();
  client = undefined;
  await mock.stop();
});

function connect(withCredentials = false, seed = 1, extra: WsClientOptions = {}): WsClient {
  let state = seed;
  client = createWsClient({
    origin: mock.origin,
    WebSocket,
    ...(withCredentials ? { credentials: DEFAULT_TEST_KEY } : {}),
    reconnect: { initialDelayMs: 2, maxDelayMs: 10 },
    // Deterministic jitter.
    random: () => {
      state = (state * 16807) % 2147483647;
      return state / 2147483647;
    },
    ...extra,
  });
  client.on("error", (e) => errors.push(e));
  return client;
}
const waitFor = <T>(check: () => T) => vi.waitFor(check, { timeout: 5000, interval: 2 });

/** One market step of the exchange, published to its subscribers. */
function step(): void {
  clock.advance(mock.exchange.stepMs);
  mock.ws.tick();
}

/** The exchange's own book of a product, in the client's shape. */
function engineBook(productId: string) {
  const levels = mock.exchange.books.get(productId)!.levels();
  const side = (l: [number, number][]) => l.map(([price, qty]) => ({ price, qty }));
  return { bids: side(levels.bids), asks: side(levels.asks) };
}
const clientBook = (b: BookHandle) => ({ bids: b.bids(), asks: b.asks() });

/** Feed -> products subscribed on the exchange's (single) open connection. */
function serverSubscriptions(): Record<string, string[]> {
  const [conn] = mock.ws.connections;
  if (!conn || mock.ws.connections.length !== 1) throw new Error(`${mock.ws.connections.length} connections`);
  return Object.fromEntries([...conn.subscriptions].map(([feed, ids]) => [feed, [...ids].sort()]));
}

describe("createWsClient against the mock exchange", () => {
  it("subscribes to a public feed, yields typed messages with numbers, and unsubscribes", async () => {
    const ws = connect();
    const states: string[] = [];
    ws.on("state", ({ to }) => states.push(to));
    const ticker = ws.subscribe("ticker", ["PF_XBTUSD"]);
    const iterator = ticker[Symbol.asyncIterator]();
    await ws.connect();
    const { value } = await iterator.next();
    expect(value?.feed).toBe("ticker");
    expect(value?.markPrice).toBe(mock.exchange.markPrice("PF_XBTUSD"));
    expect(states).toEqual(["connecting", "open", "ready"]);
    await waitFor(() => expect(serverSubscriptions()).toEqual({ ticker: ["PF_XBTUSD"] }));
    ticker.unsubscribe();
    await waitFor(() => expect(serverSubscriptions()).toEqual({}));
    expect((await iterator.next()).done).toBe(true);
    expect(errors).toEqual([]);
  });

  it("signs a fresh challenge, subscribes private feeds and merges balance deltas", async () => {
    const ws = connect(true);
    const balances = ws.balances();
    const fills: unknown[] = [];
    ws.subscribe("fills").on((m) => fills.push(m));
    await waitFor(() => expect(balances.state).toBeDefined());
    const usd = () => balances.state?.flex_futures.currencies?.["USD"]?.quantity;
    expect(usd()).toBe(mock.exchange.account.flex["USD"]);
    mock.exchange.sendOrder({ orderType: "mkt", symbol: "PF_XBTUSD", side: "buy", size: 0.1 });
    // The fee comes out of the flex USD balance: a partial delta, merged into the view.
    await waitFor(() => expect(usd()).toBe(Number(mock.exchange.account.flex["USD"]!.toFixed(8))));
    expect(usd()).toBeLessThan(10_000);
    await waitFor(() => expect(fills.length).toBe(2)); // snapshot, then the fill
    expect(mock.ws.challengesIssued).toBe(1);
    expect(errors).toEqual([]);
  });

  it("refuses private feeds without credentials before sending anything", () => {
    const ws = connect(false);
    expect(() => ws.subscribe("fills")).toThrow(/credentials/);
    expect(() => ws.subscribe("book")).toThrow(/productIds/);
    expect(mock.ws.connectionsOpened).toBe(0);
  });

  it("resyncs a book after a gap and ends equal to the exchange's book", async () => {
    const ws = connect();
    const book = ws.book("PF_XBTUSD");
    const resyncs: unknown[] = [];
    ws.on("resync", (r) => resyncs.push(r));
    await waitFor(() => expect(book.synced).toBe(true));
    mock.ws.faults.gap("PF_XBTUSD");
    step();
    await waitFor(() => expect(resyncs).toHaveLength(1));
    await waitFor(() => expect(book.synced).toBe(true));
    expect(clientBook(book)).toEqual(engineBook("PF_XBTUSD"));
    expect(resyncs[0]).toMatchObject({ feed: "book", productId: "PF_XBTUSD", reason: "gap", attempt: 1 });
  });

  it("drops malformed frames with an error event and keeps working", async () => {
    const ws = connect();
    const received: unknown[] = [];
    ws.subscribe("heartbeat").on((m) => received.push(m));
    const book = ws.book("PF_XBTUSD"); // so that a bad book delta reaches the book, not only the decoder
    await ws.connect();
    await waitFor(() => expect(book.synced).toBe(true));
    await waitFor(() => expect(serverSubscriptions()).toEqual({ book: ["PF_XBTUSD"], heartbeat: ["*"] }));
    for (const kind of ["truncated", "binary", "text", "noDiscriminator", "badNumbers"] as const) {
      mock.ws.faults.malformed({ kind });
    }
    clock.advance(5_000);
    mock.ws.tick();
    await waitFor(() => expect(received).toEqual([{ feed: "heartbeat", time: clock.now() }]));
    expect(errors.map((e) => e.name)).toEqual([
      "WsDecodeError",
      "WsDecodeError",
      "WsDecodeError",
      "WsDecodeError",
      "WsDecodeError",
    ]);
    expect(ws.state).toBe("ready");
  });

  it("reconnects when the exchange goes silent (no messages, no pongs)", async () => {
    const ws = connect(false, 1, { keepAlive: { pingIntervalMs: 10, silenceTimeoutMs: 60 } });
    const book = ws.book("PF_ETHUSD");
    const reasons: string[] = [];
    ws.on("reconnecting", ({ reason }) => reasons.push(reason));
    await waitFor(() => expect(book.synced).toBe(true));
    mock.ws.faults.silence();
    await waitFor(() => expect(reasons).toContain("silence"));
    await waitFor(() => expect(book.synced).toBe(true));
    expect(mock.ws.connectionsOpened).toBe(2);
    step();
    await waitFor(() => expect(clientBook(book)).toEqual(engineBook("PF_ETHUSD")));
  });

  it("after 100 forced disconnects with gaps and malformed frames, restores every subscription and each book equals the exchange's", async () => {
    const ws = connect(true, 7);
    const products = ["PF_XBTUSD", "PF_ETHUSD", "PI_XBTUSD"];
    const books = products.map((p) => ws.book(p));
    const balances = ws.balances();
    const tickers: number[] = [];
    ws.subscribe("ticker", ["PF_XBTUSD"]).on((m) => tickers.push(m.markPrice));
    const openOrders: { order?: { order_id: string } }[] = [];
    ws.subscribe("open_orders").on((m) => openOrders.push(m as (typeof openOrders)[number]));
    let reconnected = 0;
    let resyncs = 0;
    ws.on("reconnected", () => reconnected++);
    ws.on("resync", () => resyncs++);
    await ws.connect();
    let rng = 42;
    const next = (n: number) => {
      rng = (rng * 48271) % 2147483647;
      return rng % n;
    };
    for (let round = 1; round <= 100; round++) {
      await waitFor(() => expect(books.every((b) => b.synced)).toBe(true));
      // Deltas flow; some are lost (a seq gap) and some frames are garbage.
      if (next(3) === 0) mock.ws.faults.gap(products[next(products.length)]!);
      step();
      if (next(3) === 0)
        mock.ws.faults.malformed({ kind: (["truncated", "binary", "badNumbers"] as const)[next(3)] });
      if (next(4) === 0) step();
      // Terminated without a close frame, or closed by the server with 1001 / 1011.
      mock.ws.faults.drop(next(2) === 0 ? {} : { code: next(2) === 0 ? 1001 : 1011 });
      await waitFor(() => expect(reconnected).toBe(round));
    }
    await waitFor(() => expect(books.every((b) => b.synced)).toBe(true));
    // Every connection asked for its own challenge, and the exchange accepted every signature.
    expect(mock.ws.connectionsOpened).toBe(101);
    expect(mock.ws.challengesIssued).toBe(101);
    expect(errors.filter((e) => e.name === "WsSubscriptionError")).toEqual([]);
    expect(errors.some((e) => e.name === "WsDecodeError")).toBe(true);
    expect(resyncs).toBeGreaterThan(0);
    // Every subscription is restored on the last connection...
    await waitFor(() =>
      expect(serverSubscriptions()).toEqual({
        balances: ["*"],
        book: [...products].sort(),
        open_orders: ["*"],
        ticker: ["PF_XBTUSD"],
      }),
    );
    // ...and keeps streaming: books equal the exchange's own after more steps and an order of the account.
    const bid = mock.exchange.books.get("PF_XBTUSD")!.bestSimulated("buy")!;
    const placed = mock.exchange.sendOrder({
      orderType: "lmt",
      symbol: "PF_XBTUSD",
      side: "buy",
      size: 0.3,
      limitPrice: bid - 40,
    });
    step();
    step();
    await waitFor(() => {
      for (const [i, p] of products.entries()) expect(clientBook(books[i]!), p).toEqual(engineBook(p));
    });
    expect(books[0]!.bids().some((l) => l.price === bid - 40 && l.qty === 0.3)).toBe(true);
    await waitFor(() => expect(balances.state).toBeDefined());
    await waitFor(() => expect(openOrders.some((m) => m.order?.order_id === placed.orderId)).toBe(true));
    const tickersBefore = tickers.length;
    step();
    await waitFor(() => expect(tickers.length).toBeGreaterThan(tickersBefore));
    expect(tickers.at(-1)).toBe(mock.exchange.markPrice("PF_XBTUSD"));
    expect(ws.state).toBe("ready");
  }, 60_000);
});
