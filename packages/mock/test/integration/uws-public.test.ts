/**
 * The UWS public endpoint, over raw WebSockets: acknowledgements correlate by req_id, every message
 * validates against the bundled UWS document, every book checksum verifies with the test's own CRC32
 * over the exact wire text, and a replayed book truncated to its depth equals the engine's book.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ManualClock } from "../../src/engine/clock.js";
import type { MockExchange } from "../../src/start.js";
import { start } from "./helpers.js";
import { bookEntriesLossless, checksumOf, invalidMessages, ReplayedBook, UwsClient } from "./uws-helpers.js";

let mock: MockExchange;
let clock: ManualClock;
let client: UwsClient;

beforeEach(async () => {
  ({ mock, clock } = await start());
  client = await UwsClient.open(mock.uwsPublicUrl);
});
afterEach(async () => {
  await client.close();
  await mock.stop();
});

/** Moves the market `steps` seconds on and publishes what changed. */
function run(steps: number): void {
  for (let i = 0; i < steps; i++) {
    clock.advance(1_000);
    mock.uws.tick();
  }
}

const book = (symbol: string, depth?: number, extra: Record<string, unknown> = {}) => ({
  channel: "book",
  asset_class: "derivatives",
  symbol: [symbol],
  ...(depth === undefined ? {} : { depth }),
  ...extra,
});

describe("UWS public: ping and acknowledgements", () => {
  it("answers ping with pong carrying the req_id, time_in and time_out", async () => {
    const pong = await client.call("ping");
    expect(pong).toMatchObject({ method: "pong", req_id: 101, success: true });
    expect(typeof pong.time_in).toBe("string");
    expect(invalidMessages(client)).toEqual([]);
  });

  it("acknowledges subscribe and unsubscribe per symbol with the request's req_id", async () => {
    const id = client.request("subscribe", { ...book("PF_XBTUSD"), symbol: ["PF_XBTUSD", "PI_XBTUSD"] });
    const acks = await client.acks(id, 2);
    expect(acks.map((a) => (a.result as { symbol: string }).symbol)).toEqual(["PF_XBTUSD", "PI_XBTUSD"]);
    expect(acks.every((a) => a.success === true && (a.result as { depth: number }).depth === 10)).toBe(true);
    const un = await client.call("unsubscribe", { channel: "book", symbol: ["PF_XBTUSD"] });
    expect(un).toMatchObject({
      method: "unsubscribe",
      success: true,
      result: { channel: "book", symbol: "PF_XBTUSD", depth: 10 },
    });
    await client.barrier();
    expect(invalidMessages(client)).toEqual([]);
  });

  it("refuses bad subscriptions with an error and no result, and sends nothing else", async () => {
    const refusals = [
      [book("PF_NOPE"), "Unknown 'params.symbol': 'PF_NOPE'"],
      [book("PF_XBTUSD", 7), "'params.depth' is not valid"],
      [{ channel: "book", symbol: ["PF_XBTUSD"] }, "'params.asset_class' is required"],
      [{ channel: "heartbeat" }, "Channel heartbeat is sent automatically and cannot be subscribed"],
      [
        { channel: "executions", asset_class: "derivatives", token: "t" },
        "Channel executions is not served on this endpoint",
      ],
      [{ channel: "nope" }, "Unknown 'params.channel': 'nope'"],
    ] as const;
    for (const [params, error] of refusals) {
      const a = await client.call("subscribe", params);
      expect(a).toMatchObject({ method: "subscribe", success: false, error });
      expect(a.result).toBeUndefined();
    }
    const un = await client.call("unsubscribe", { channel: "ticker", symbol: ["PF_XBTUSD"] });
    expect(un).toMatchObject({ success: false, error: "Not subscribed to ticker channel" });
    expect(client.messages.filter((m) => m.channel !== undefined)).toEqual([]);
    expect(invalidMessages(client)).toEqual([]);
  });
});

describe("UWS public: book", () => {
  for (const depth of [10, 25, 100, 500, 1000]) {
    it(`depth ${depth}: snapshot, updates, every checksum verified, replay equals the engine's book`, async () => {
      const replay = new ReplayedBook(depth);
      await client.call("subscribe", book("PF_XBTUSD", depth));
      run(30);
      await client.barrier();
      const frames = client.texts.filter((t) => JSON.parse(t).channel === "book");
      expect(frames.length).toBeGreaterThan(5);
      expect(JSON.parse(frames[0]!).type).toBe("snapshot");
      for (const f of frames) replay.apply(f);
      expect(replay.checked).toBe(frames.length);
      expect(replay.mismatches).toEqual([]);
      const levels = mock.exchange.books.get("PF_XBTUSD")!.levels();
      expect(replay.bids.map((l) => Number(l.price))).toEqual(levels.bids.slice(0, depth).map((l) => l[0]));
      expect(replay.asks.map((l) => Number(l.qty))).toEqual(levels.asks.slice(0, depth).map((l) => l[1]));
      expect(replay.bids.length).toBe(Math.min(depth, levels.bids.length));
      expect(invalidMessages(client)).toEqual([]);
    });
  }

  it("sends decimals at the instrument's precision, so a lossy parse would break the checksum", async () => {
    await client.call("subscribe", book("PF_XBTUSD"));
    await client.barrier();
    const text = client.texts.find((t) => JSON.parse(t).channel === "book")!;
    const [entry] = bookEntriesLossless(text);
    // PF_XBTUSD sizes have 4 decimals: `1.5000` on the wire, which JSON.parse would read as 1.5.
    expect(entry!.bids.every((l) => /^\d+\.\d{4}$/.test(l.qty))).toBe(true);
    const lossy = (
      JSON.parse(text) as {
        data: { bids: { price: number; qty: number }[]; asks: { price: number; qty: number }[] }[];
      }
    ).data[0]!;
    const asText = (ls: { price: number; qty: number }[]) =>
      ls.map((l) => ({ price: String(l.price), qty: String(l.qty) }));
    expect(checksumOf(entry!.asks, entry!.bids)).toBe(entry!.checksum);
    expect(checksumOf(asText(lossy.asks), asText(lossy.bids))).not.toBe(entry!.checksum);
  });

  it("corrupts checksums when the fault is on, which the replay detects", async () => {
    mock.uws.faults.corruptChecksum = true;
    const replay = new ReplayedBook(10);
    await client.call("subscribe", book("PF_ETHUSD"));
    run(3);
    await client.barrier();
    for (const f of client.texts.filter((t) => JSON.parse(t).channel === "book")) replay.apply(f);
    expect(replay.checked).toBeGreaterThan(0);
    expect(replay.mismatches.length).toBe(replay.checked);
  });

  it("sends no snapshot with snapshot: false, and stops after unsubscribe", async () => {
    await client.call("subscribe", book("PF_XBTUSD", 10, { snapshot: false }));
    await client.barrier();
    expect(client.data("book", "snapshot")).toEqual([]);
    await client.call("unsubscribe", { channel: "book", symbol: ["PF_XBTUSD"] });
    const before = client.data("book").length;
    run(5);
    await client.barrier();
    expect(client.data("book").length).toBe(before);
  });
});

describe("UWS public: ticker, trade, instrument, heartbeat", () => {
  it("ticker: snapshot by default, updates on trades; all valid", async () => {
    await client.call("subscribe", { channel: "ticker", asset_class: "derivatives", symbol: ["PF_XBTUSD"] });
    run(20);
    await client.barrier();
    expect(client.data("ticker", "snapshot")).toHaveLength(1);
    expect(client.data("ticker", "update").length).toBeGreaterThan(0);
    expect(invalidMessages(client)).toEqual([]);
  });

  it("trade: no snapshot by default; the last 50 trades when asked; updates carry sequential ids", async () => {
    run(120);
    await client.call("subscribe", { channel: "trade", asset_class: "derivatives", symbol: ["PF_XBTUSD"] });
    await client.barrier();
    expect(client.data("trade", "snapshot")).toEqual([]);
    await client.call("subscribe", {
      channel: "trade",
      asset_class: "derivatives",
      symbol: ["PF_XBTUSD"],
      snapshot: true,
    });
    await client.barrier();
    const [snap] = client.data("trade", "snapshot");
    const trades = snap!.data as { trade_id: number }[];
    expect(trades).toHaveLength(50);
    expect(trades.at(-1)!.trade_id).toBe(mock.exchange.trades.get("PF_XBTUSD")!.at(-1)!.tradeId);
    run(20);
    await client.barrier();
    expect(client.data("trade", "update").length).toBeGreaterThan(0);
    expect(invalidMessages(client)).toEqual([]);
  });

  it("instrument: one snapshot with every contract and its increments", async () => {
    await client.call("subscribe", { channel: "instrument", asset_class: "derivatives" });
    await client.barrier();
    const [snap] = client.data("instrument", "snapshot");
    const pairs = (snap!.data as { pairs: { symbol: string; price_increment: number }[] }).pairs;
    expect(pairs.map((p) => p.symbol).sort()).toEqual([...mock.exchange.instruments.keys()].sort());
    expect(pairs.find((p) => p.symbol === "PI_XBTUSD")!.price_increment).toBe(0.5);
    expect(invalidMessages(client)).toEqual([]);
  });

  it("heartbeat: about once a second of silence to a subscribed connection, never to an idle one", async () => {
    const idle = await UwsClient.open(mock.uwsPublicUrl);
    await client.call("subscribe", { channel: "instrument", asset_class: "derivatives" });
    clock.advance(999);
    mock.uws.tick();
    await client.barrier();
    const count = () => client.data("heartbeat").length;
    const early = count();
    clock.advance(1);
    mock.uws.tick();
    await client.barrier();
    expect(count()).toBe(early + 1);
    await idle.barrier();
    expect(idle.data("heartbeat")).toEqual([]);
    await idle.close();
    expect(invalidMessages(client)).toEqual([]);
  });
});
