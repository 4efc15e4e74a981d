/**
 * Every feed of the AsyncAPI document over a raw `ws` connection: messages shaped as their schemas say,
 * driven by the same engine as the HTTP API (an order sent over HTTP shows up in open_orders, fills,
 * balances, positions, the account log and the book), and the book's snapshot plus deltas rebuilding
 * the engine's own book.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_TEST_KEY } from "../../src/keys.js";
import { API, call, qs } from "./helpers.js";
import {
  key,
  type Message,
  type RawClient,
  replayBook,
  schemaErrors,
  signChallengeIndependently,
  useWsMock,
} from "./ws-helpers.js";

const bed = useWsMock();
const connect = () => bed.connect();

/** Moves the market `steps` steps and publishes what changed. */
async function step(steps = 1): Promise<void> {
  bed.clock.advance(steps * bed.mock.exchange.stepMs);
  bed.mock.ws.tick();
  for (const c of bed.clients) await c.barrier();
}

async function authed(c: RawClient) {
  const challenge = await c.challenge(DEFAULT_TEST_KEY.apiKey);
  return {
    api_key: DEFAULT_TEST_KEY.apiKey,
    original_challenge: challenge,
    signed_challenge: signChallengeIndependently(challenge, DEFAULT_TEST_KEY.apiSecret),
  };
}

const sendOrder = (args: Record<string, string | number>) =>
  call(bed.mock.origin, `${API}/sendorder`, { method: "POST", query: qs(args) });

function expectAllValid(messages: readonly Message[]): void {
  const invalid = messages.map((m) => [key(m), schemaErrors(m)] as const).filter(([, e]) => e.length > 0);
  expect(invalid).toEqual([]);
}

describe("public feeds", () => {
  it("sends info on connect, then book, ticker, ticker_lite, trade and heartbeat, each as its schema says", async () => {
    const c = await connect();
    await c.waitFor((m) => m.event === "info");
    expect(c.messages[0]).toEqual({ event: "info", version: 1 });
    for (const feed of ["book", "ticker", "ticker_lite", "trade"]) {
      c.send({ event: "subscribe", feed, product_ids: ["PF_XBTUSD", "PI_XBTUSD"] });
    }
    c.send({ event: "subscribe", feed: "heartbeat" });
    await c.waitFor((m) => m.event === "subscribed" && m.feed === "heartbeat");
    await step(6); // 6 s: tickers (1 s) and a heartbeat (5 s) are due
    const kinds = new Set(c.messages.map(key));
    for (const k of [
      "info",
      "subscribed",
      "book_snapshot",
      "book",
      "ticker",
      "ticker_lite",
      "trade_snapshot",
      "trade",
      "heartbeat",
    ]) {
      expect(kinds, k).toContain(k);
    }
    expectAllValid(c.messages);
    expect(c.of("subscribed").find((m) => m.feed === "book")).toEqual({
      event: "subscribed",
      feed: "book",
      product_ids: ["PF_XBTUSD", "PI_XBTUSD"],
    });
    // The ticker tells the same story as the HTTP ticker and the engine.
    const ticker = c.of("ticker").findLast((m) => m.product_id === "PF_XBTUSD")!;
    expect(ticker.markPrice).toBe(bed.mock.exchange.markPrice("PF_XBTUSD"));
    expect(ticker.bid).toBe(bed.mock.exchange.books.get("PF_XBTUSD")!.levels().bids[0]![0]);
    // Trades arrive newest first in the snapshot, then one message per new trade, from the engine's tape.
    const tape = bed.mock.exchange.trades.get("PF_XBTUSD")!;
    const snapshot = c.of("trade_snapshot").find((m) => m.product_id === "PF_XBTUSD")!;
    expect((snapshot.trades as Message[])[0]!.uid).toBe(
      tape[tape.length - 1 - c.of("trade").filter((m) => m.product_id === "PF_XBTUSD").length]!.uid,
    );
    expect(c.of("trade").at(-1)?.uid).toBe(
      [...bed.mock.exchange.trades.values()]
        .flat()
        .filter((t) => ["PF_XBTUSD", "PI_XBTUSD"].includes(t.symbol))
        .sort((a, b) => a.tradeId - b.tradeId)
        .at(-1)!.uid,
    );
  });

  it("book: snapshot then contiguous deltas per product rebuild the engine's book exactly", async () => {
    const c = await connect();
    const products = ["PF_XBTUSD", "PF_ETHUSD", "PI_XBTUSD"];
    c.send({ event: "subscribe", feed: "book", product_ids: products });
    await c.waitFor((m) => m.feed === "book_snapshot" && m.product_id === "PI_XBTUSD");
    // A resting order of the account joins its level; cancelling it takes it out again.
    const bid = bed.mock.exchange.books.get("PF_XBTUSD")!.bestSimulated("buy")!;
    await sendOrder({ orderType: "lmt", symbol: "PF_XBTUSD", side: "buy", size: 0.5, limitPrice: bid - 50 });
    await c.barrier();
    expect(c.of("book").some((m) => m.price === bid - 50 && m.qty === 0.5 && m.side === "buy")).toBe(true);
    await step(5);
    for (const p of products) {
      const replayed = replayBook(c.messages, p);
      expect(replayed.gaps, p).toEqual([]);
      const engine = bed.mock.exchange.books.get(p)!.levels();
      expect({ bids: replayed.bids, asks: replayed.asks }, p).toEqual(engine);
      expect(replayed.seq).toBe(bed.mock.ws.publishedBook(p).seq);
    }
    // A second subscriber's snapshot starts where the first one's deltas are.
    const late = await connect();
    late.send({ event: "subscribe", feed: "book", product_ids: ["PF_ETHUSD"] });
    const snap = await late.waitFor((m) => m.feed === "book_snapshot");
    expect(snap.seq).toBe(replayBook(c.messages, "PF_ETHUSD").seq);
  });
});

describe("private feeds", () => {
  const PRIVATE = [
    "open_orders",
    "open_orders_verbose",
    "fills",
    "open_positions",
    "balances",
    "account_log",
    "notifications_auth",
  ];

  it("snapshots every private feed, then streams what HTTP orders do to the account", async () => {
    const c = await connect();
    const auth = await authed(c);
    for (const feed of PRIVATE) c.send({ event: "subscribe", feed, ...auth });
    await c.waitFor((m) => m.feed === "notifications_auth" && m.event === undefined);
    for (const snapshot of [
      "open_orders_snapshot",
      "open_orders_verbose_snapshot",
      "fills_snapshot",
      "open_positions",
      "balances_snapshot",
      "account_log_snapshot",
      "notifications_auth",
    ]) {
      expect(c.of(snapshot), snapshot).toHaveLength(1);
    }
    expect(c.of("subscribed").map((m) => m.feed)).toEqual(PRIVATE);

    // A resting order, a market order that fills, a post-only order that would cross, a cancel.
    const book = bed.mock.exchange.books.get("PF_XBTUSD")!;
    const bid = book.bestSimulated("buy")!;
    const ask = book.bestSimulated("sell")!;
    const resting = await sendOrder({
      orderType: "lmt",
      symbol: "PF_XBTUSD",
      side: "buy",
      size: 0.2,
      limitPrice: bid - 50,
      cliOrdId: "ws-rest",
    });
    const orderId = (resting.body.sendStatus as { order_id: string }).order_id;
    await sendOrder({ orderType: "mkt", symbol: "PF_XBTUSD", side: "buy", size: 0.1 });
    await sendOrder({ orderType: "post", symbol: "PF_XBTUSD", side: "buy", size: 0.1, limitPrice: ask + 5 });
    await call(bed.mock.origin, `${API}/cancelorder`, { method: "POST", query: qs({ order_id: orderId }) });
    await step();
    expectAllValid(c.messages);

    const opens = c.of("open_orders");
    expect(opens[0]).toMatchObject({
      feed: "open_orders",
      is_cancel: false,
      reason: "new_placed_order_by_user",
      order: { order_id: orderId, cli_ord_id: "ws-rest", instrument: "PF_XBTUSD", qty: 0.2, direction: 0 },
    });
    expect(opens.at(-1)).toEqual({
      feed: "open_orders",
      order_id: orderId,
      cli_ord_id: "ws-rest",
      is_cancel: true,
      reason: "cancelled_by_user",
    });
    // The refused post-only order shows up in the verbose feed only.
    const refused = c
      .of("open_orders_verbose")
      .filter((m) => m.reason === "post_order_failed_because_it_would_filled");
    expect(refused).toHaveLength(1);
    expect(opens.some((m) => m.reason === "post_order_failed_because_it_would_filled")).toBe(false);

    // Fills: one message per engine fill, the same ids and prices.
    const wsFills = c.of("fills").flatMap((m) => m.fills as Message[]);
    expect(wsFills.map((f) => f.fill_id)).toEqual(bed.mock.exchange.fills.map((f) => f.fillId));
    expect(wsFills[0]).toMatchObject({ instrument: "PF_XBTUSD", buy: true, fill_type: "taker", seq: 1 });
    // The account log: the fill's entries in the one ledger (a position entry, then the balances).
    expect([...new Set(c.of("account_log").map((m) => (m.new_entry as Message).execution))]).toEqual(
      bed.mock.exchange.fills.map((f) => f.fillId),
    );

    // Positions: the account's long position, as the engine holds it.
    const positions = c.of("open_positions").at(-1)!.positions as Message[];
    expect(positions.map((p) => [p.instrument, p.balance])).toEqual([["PF_XBTUSD", 0.1]]);

    // Balances: the snapshot merged with the partial deltas equals the HTTP accounts view.
    const merged = mergeBalances(c.of("balances_snapshot")[0]!, c.of("balances"));
    expect(c.of("balances").length).toBeGreaterThan(0);
    const { body } = await call(bed.mock.origin, `${API}/accounts`);
    const accounts = body.accounts as Record<string, Record<string, Record<string, unknown>>>;
    const flexUsd = (accounts.flex!.currencies as Record<string, Record<string, number>>).USD!.quantity;
    const flex = merged.flex_futures as Record<string, Record<string, Record<string, number>>>;
    expect(flex.currencies!.USD!.quantity).toBe(flexUsd);
    expect((merged.futures as Record<string, Record<string, number>>)["F-XBT:USD"]!.balance).toBe(
      accounts.fi_xbtusd!.balances!.xbt,
    );
    // Deltas carry only what changed: never the whole holding when the cash account did not move.
    for (const delta of c.of("balances")) {
      expect(delta.holding).toEqual({});
      expect(delta.seq).toBe(
        (c.of("balances_snapshot")[0]!.seq as number) + c.of("balances").indexOf(delta) + 1,
      );
    }

    bed.mock.ws.notify({
      type: "maintenance",
      priority: "high",
      note: "Matching engine restart",
      expectedDowntimeMinutes: 5,
    });
    const note = await c.waitFor(
      (m) => m.event === undefined && (m.notifications as Message[] | undefined)?.[0]?.type === "maintenance",
    );
    expect(schemaErrors(note)).toEqual([]);
  });

  it("filters fills by product_ids when given", async () => {
    const c = await connect();
    const auth = await authed(c);
    c.send({ event: "subscribe", feed: "fills", product_ids: ["PF_ETHUSD"], ...auth });
    await c.waitFor((m) => m.feed === "fills_snapshot");
    await sendOrder({ orderType: "mkt", symbol: "PF_XBTUSD", side: "buy", size: 0.01 });
    await sendOrder({ orderType: "mkt", symbol: "PF_ETHUSD", side: "sell", size: 0.1 });
    await c.barrier();
    const instruments = c.of("fills").flatMap((m) => (m.fills as Message[]).map((f) => f.instrument));
    expect(new Set(instruments)).toEqual(new Set(["PF_ETHUSD"]));
  });
});

describe("requests", () => {
  it("answers errors, refusals and acknowledgements as Kraken does", async () => {
    const c = await connect();
    c.send("{not json");
    await c.waitFor((m) => m.message === "Json Error");
    c.send({ event: "subscribe", feed: "nope" });
    await c.waitFor((m) => m.message === "Invalid feed");
    c.send({ event: "subscribe", feed: "book", product_ids: ["PF_NOPE"] });
    await c.waitFor((m) => m.message === "Invalid product id");
    c.send({ event: "subscribe", feed: "book" });
    await c.waitFor((m) => m.event === "subscribed_failed");
    c.send({ event: "unsubscribe", feed: "ticker", product_ids: ["PF_XBTUSD"] });
    await c.waitFor((m) => m.event === "unsubscribed_failed");
    c.send({ event: "subscribe", feed: "ticker", product_ids: ["PF_XBTUSD"] });
    c.send({ event: "subscribe", feed: "ticker", product_ids: ["PF_XBTUSD"] });
    await c.waitFor((m) => m.event === "alert" && m.message === "Already subscribed to feed, re-requesting");
    c.send({ event: "unsubscribe", feed: "ticker", product_ids: ["PF_XBTUSD"] });
    await c.waitFor((m) => m.event === "unsubscribed");
    expect(
      c.messages.filter((m) => m.event !== undefined).map((m) => [m.event, m.message ?? m.feed ?? null]),
    ).toEqual([
      ["info", null],
      ["error", "Json Error"],
      ["error", "Invalid feed"],
      ["error", "Invalid product id"],
      ["subscribed_failed", "book"],
      ["unsubscribed_failed", "ticker"],
      ["subscribed", "ticker"],
      ["alert", "Already subscribed to feed, re-requesting"],
      ["subscribed", "ticker"],
      ["unsubscribed", "ticker"],
    ]);
    expectAllValid(c.messages);
    // No ticker after the unsubscribe, however far the market moves.
    const tickers = c.of("ticker").length;
    await step(3);
    expect(c.of("ticker")).toHaveLength(tickers);
  });

  it("accepts 100 requests per second per connection and refuses the 101st with an error", async () => {
    const c = await connect();
    const other = await connect();
    for (let i = 0; i < 101; i++) c.send({ event: "subscribe", feed: "heartbeat" });
    other.send({ event: "subscribe", feed: "heartbeat" });
    await c.waitFor((m) => m.message === "Rate limit exceeded");
    await other.waitFor((m) => m.event === "subscribed");
    await c.barrier();
    expect(c.of("error").map((m) => m.message)).toEqual(["Rate limit exceeded"]);
    // The 100 accepted are answered (the repeats with an alert, then re-requested); the 101st is not.
    expect(c.of("subscribed")).toHaveLength(100);
    expect(c.of("alert")).toHaveLength(99);
    expect(other.of("error")).toEqual([]);
    bed.clock.advance(1_000); // a new second: accepted again
    c.send({ event: "unsubscribe", feed: "heartbeat" });
    await c.waitFor((m) => m.event === "unsubscribed");
  });
});

function mergeBalances(snapshot: Message, deltas: readonly Message[]): Message {
  const isObj = (v: unknown): v is Message => v !== null && typeof v === "object" && !Array.isArray(v);
  const merge = (a: Message, b: Message): Message => {
    const out: Message = { ...a };
    for (const [k, v] of Object.entries(b))
      out[k] = isObj(v) && isObj(out[k]) ? merge(out[k] as Message, v) : v;
    return out;
  };
  return deltas.reduce(merge, snapshot);
}
