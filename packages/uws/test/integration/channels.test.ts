// Every channel of the spec against the mock, through typed subscriptions and the state views: market
// channels, the book view, orders from executions, positions (with snapshot_too_large), margin,
// balances, preferences, ledgers with a sequence gap detected and repaired through Spot REST.
import { DEFAULT_SPOT_TEST_KEY } from "@kraken-futures/mock";
import { createSpotClient } from "@kraken-futures/spot";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { LedgerGap, UwsChannelData } from "../../src/index.js";
import { uwsChannels } from "../../src/index.js";
import { type Bed, restingBuy, startBed, stopBed } from "./bed.js";

let bed: Bed | undefined;
afterEach(async () => {
  await stopBed(bed);
  bed = undefined;
});

const marketBuy = {
  order_type: "market" as const,
  side: "buy" as const,
  order_qty: 0.01,
  symbol: "PF_XBTUSD",
};

describe("the UWS client's channels against the mock", () => {
  it("delivers the market channels to iterators and listeners, filtered by symbol", async () => {
    bed = await startBed();
    const { client } = bed;
    const ticker = client.subscribe("ticker", { symbol: ["PF_XBTUSD"] });
    const tickers = ticker[Symbol.asyncIterator]();
    const heard: UwsChannelData["ticker"][] = [];
    ticker.on("data", (m) => heard.push(m));
    const instrument = client.subscribe("instrument");
    const instruments = instrument[Symbol.asyncIterator]();
    const trade = client.subscribe("trade", { symbol: ["PF_XBTUSD"], snapshot: true });
    const trades = trade[Symbol.asyncIterator]();
    await Promise.all([ticker.ready, instrument.ready, trade.ready]);
    const first = await tickers.next();
    expect(first.value?.type).toBe("snapshot");
    expect((first.value?.data ?? []).map((d: { symbol?: string }) => d.symbol)).toEqual(["PF_XBTUSD"]);
    expect(heard[0]).toBe(first.value); // listeners and iterators see the same messages
    expect((await instruments.next()).value?.channel).toBe("instrument");
    expect((await trades.next()).value?.type).toBe("snapshot");
    // level3 is on the public host but needs a token: the client adds one from its provider.
    const level3 = client.subscribe("level3", { symbol: ["PF_XBTUSD"] });
    const orders = level3[Symbol.asyncIterator]();
    await level3.ready;
    const l3 = (await orders.next()).value;
    expect(l3?.type).toBe("snapshot");
    expect((l3?.data ?? []).map((d: { symbol?: string }) => d.symbol)).toEqual(["PF_XBTUSD"]);
    ticker.unsubscribe();
    expect(await ticker[Symbol.asyncIterator]().next()).toEqual({ value: undefined, done: true });
  }, 30_000);

  it("keeps a verified book per symbol; a corrupted checksum is detected and repaired by a resync", async () => {
    bed = await startBed();
    const { client, mock } = bed;
    const book = client.book("PF_XBTUSD", { depth: 10 });
    await vi.waitFor(() => expect(book.synced).toBe(true));
    expect(book.checksum).toBeTypeOf("number"); // verified against the exact wire text
    expect(book.bids().length).toBeLessThanOrEqual(10);
    expect(book.bids()[0]!.price).toBeLessThan(book.asks()[0]!.price);
    const events: string[] = [];
    // The fault is cleared at the first mismatch, before the resync's snapshot is served (the mock runs
    // on this event loop): cleared later, every fresh snapshot would be corrupted too, and the view would
    // give up after its 5 resyncs, which is the resync limit's test, not this one.
    book.on("mismatch", (e) => {
      events.push(e.type);
      mock.uws.faults.corruptChecksum = false;
    });
    book.on("resync", (e) => events.push(e.type));
    mock.uws.faults.corruptChecksum = true;
    await vi.waitFor(() => expect(events).toContain("resync"), { timeout: 10_000 });
    expect(events.slice(0, 2)).toEqual(["mismatch", "resync"]);
    await vi.waitFor(() => expect(book.synced).toBe(true), { timeout: 10_000 });
    expect(book.failed).toBe(false);
    const engine = mock.exchange.books.get("PF_XBTUSD")!;
    expect(book.bids()[0]!.price).toBeLessThanOrEqual(engine.bestSimulated("buy") ?? Infinity);
  }, 30_000);

  it("merges orders from executions, and applies positions, margin, balances and preferences", async () => {
    bed = await startBed();
    const { client, mock } = bed;
    const orders = client.orders;
    const positions = client.positions;
    const margin = client.margin;
    const balances = client.balances;
    const preferences = client.preferences;
    await vi.waitFor(() => {
      expect(orders.synced && positions.synced).toBe(true);
      expect(balances.all().length).toBeGreaterThan(0);
      expect(preferences.state?.futures_trading).toBe("enabled");
      expect(margin.state.multi_collateral ?? margin.state.single_collateral).toBeDefined();
    });
    const resting = await client.addOrder(restingBuy(mock));
    await vi.waitFor(() => expect(orders.get(resting.result?.order_id as string)?.order_status).toBe("new"));
    await client.cancelOrder({ order_id: [resting.result?.order_id as string] });
    await vi.waitFor(() => expect(orders.get(resting.result?.order_id as string)).toBeUndefined());
    await client.addOrder(marketBuy);
    await vi.waitFor(() => expect(positions.get("PF_XBTUSD")?.size).toBeGreaterThan(0), { timeout: 10_000 });
    await client.addOrder({ ...marketBuy, side: "sell" });
    // size 0 removes the position
    await vi.waitFor(() => expect(positions.get("PF_XBTUSD")).toBeUndefined(), { timeout: 10_000 });
    mock.uws.setFuturesTrading("reduce_only");
    await vi.waitFor(() => expect(preferences.state?.futures_trading).toBe("reduce_only"));
  }, 20_000);

  it("resubscribes positions when the snapshot is too large", async () => {
    bed = await startBed();
    const { client, mock } = bed;
    mock.uws.faults.positionsTooLarge = true;
    const positions = client.positions;
    const resubscribed = new Promise((resolve) => positions.on("resubscribe", resolve));
    expect(await resubscribed).toEqual({ reason: "snapshot_too_large" });
    await vi.waitFor(() => expect(positions.synced).toBe(true));
  });

  it("detects a ledgers sequence gap and repairs it from Spot REST Ledgers", async () => {
    // Ledger recovery goes through Spot REST on the mock (tokens still come from the bed's provider).
    bed = await startBed((mock) => ({
      spot: createSpotClient({ origin: mock.origin, credentials: DEFAULT_SPOT_TEST_KEY }),
    }));
    const { client, mock } = bed;
    const ledgers = client.ledgers;
    const gaps: LedgerGap[] = [];
    client.on("ledgerGap", (g) => gaps.push(g));
    await client.addOrder(marketBuy);
    await vi.waitFor(() => expect(ledgers.all().length).toBeGreaterThan(0), { timeout: 10_000 });
    mock.uws.faults.ledgerGap = 2;
    await client.addOrder({ ...marketBuy, side: "sell" });
    await vi.waitFor(() => expect(gaps).toHaveLength(1), { timeout: 10_000 });
    const gap = gaps[0]!;
    expect(gap.received - gap.expected).toBe(2);
    expect(gap.error).toBeUndefined();
    expect(gap.recovered?.length).toBeGreaterThan(0); // the entries the REST ledger has since the last one
    expect(ledgers.gaps).toBe(1);
  }, 20_000);

  it("covers every subscribable channel of the spec in these tests", () => {
    const tested = [
      "ticker",
      "instrument",
      "trade",
      "level3",
      "book",
      "executions",
      "positions",
      "margin",
      "balances",
      "preferences",
      "ledgers",
    ];
    const subscribable = Object.entries(uwsChannels)
      .filter(([, c]) => c.subscribe !== null)
      .map(([n]) => n);
    expect(tested.sort()).toEqual(subscribable.sort());
  });
});
