/**
 * The decoder and the book view against the mock exchange's UWS feed, over a raw `ws` socket: every
 * frame decodes, every checksum the mock sends verifies against the view's book, the view equals the
 * engine's book truncated to the depth; with the mock's corrupt-checksum fault the mismatch is
 * detected, the view resubscribes, and once the fault is off the fresh snapshot repairs the book.
 */
import {
  type ManualClock as MockClock,
  type MockExchange,
  manualClock,
  startMockExchange,
} from "@kraken-futures/mock";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import WebSocket from "ws";
import { type BookEvent, type UwsBookEntry, UwsBookView } from "../../src/book/view.js";
import { decodeUwsFrame, type UwsLevel } from "../../src/decode.js";

let mock: MockExchange;
let clock: MockClock;
let socket: WebSocket;
let pongs = 0;
let views: Map<string, UwsBookView>;
/** How many entries carried a checksum (each was verified by the view, or a mismatch was recorded). */
let checked = 0;

const subscription = (symbol: string, depth: number) => ({
  channel: "book",
  asset_class: "derivatives",
  symbol: [symbol],
  depth,
});

function send(method: string, params?: Record<string, unknown>): void {
  socket.send(JSON.stringify(params ? { method, params } : { method }));
}

/** A view wired as the client wires it: resubscribe = unsubscribe + subscribe of the symbol. */
function watch(symbol: string, depth: 10 | 25 | 100, events: BookEvent[] = []): UwsBookView {
  const view = new UwsBookView({
    symbol,
    depth,
    resubscribe: () => {
      send("unsubscribe", { channel: "book", symbol: [symbol] });
      send("subscribe", subscription(symbol, depth));
    },
  });
  for (const name of ["synced", "mismatch", "resync", "failed"] as const)
    view.on(name, (e) => events.push(e));
  views.set(symbol, view);
  send("subscribe", subscription(symbol, depth));
  return view;
}

/** Waits until every frame sent before now has arrived (a ping answered on the same stream). */
async function barrier(): Promise<void> {
  const want = pongs + 1;
  send("ping");
  await vi.waitFor(() => expect(pongs).toBeGreaterThanOrEqual(want), { timeout: 3_000, interval: 5 });
}

function run(steps: number): void {
  for (let i = 0; i < steps; i++) {
    clock.advance(1_000);
    mock.uws.tick();
  }
}

const pairs = (levels: readonly UwsLevel[]) => levels.map((l) => [l.price, l.qty]);

function expectEngineBook(symbol: string, view: UwsBookView): void {
  const levels = mock.exchange.books.get(symbol)!.levels();
  expect(pairs(view.bids())).toEqual(levels.bids.slice(0, view.depth));
  expect(pairs(view.asks())).toEqual(levels.asks.slice(0, view.depth));
}

beforeEach(async () => {
  clock = manualClock();
  mock = await startMockExchange({ clock });
  views = new Map();
  checked = 0;
  pongs = 0;
  socket = new WebSocket(mock.uwsPublicUrl);
  socket.on("message", (data) => {
    const frame = decodeUwsFrame(String(data));
    if (frame.method === "pong") pongs++;
    if (frame.channel !== "book") return;
    for (const entry of frame.data as (UwsBookEntry & { symbol: string })[]) {
      if (entry.checksum !== undefined) checked++;
      views.get(entry.symbol)?.apply(entry, frame.type as "snapshot" | "update");
    }
  });
  await new Promise((resolve, reject) => {
    socket.once("open", resolve);
    socket.once("error", reject);
  });
});

afterEach(async () => {
  socket.terminate();
  await mock.stop();
});

describe("UwsBookView on the mock's UWS book feed", () => {
  for (const depth of [10, 25, 100] as const) {
    it(`depth ${depth}: every checksum verifies and the view equals the engine's book`, async () => {
      const events: BookEvent[] = [];
      const view = watch("PF_XBTUSD", depth, events);
      await barrier();
      expect(view.synced).toBe(true);
      for (let round = 0; round < 5; round++) {
        run(10);
        await barrier();
        expectEngineBook("PF_XBTUSD", view);
      }
      expect(checked).toBeGreaterThan(10);
      expect(events.map((e) => e.type)).toEqual(["synced"]);
      expect(view.checksum).toBeTypeOf("number");
    });
  }

  it("keeps two symbols' books apart on one socket", async () => {
    const xbt = watch("PF_XBTUSD", 10);
    const eth = watch("PF_ETHUSD", 25);
    run(20);
    await barrier();
    expectEngineBook("PF_XBTUSD", xbt);
    expectEngineBook("PF_ETHUSD", eth);
    expect(xbt.synced && eth.synced).toBe(true);
  });

  it("detects a corrupted checksum, resubscribes, and is repaired by the fresh snapshot", async () => {
    const events: BookEvent[] = [];
    const view = watch("PF_XBTUSD", 10, events);
    run(3);
    await barrier();
    expect(view.synced).toBe(true);
    // The fault lasts until the view notices: its resubscribe then gets a true snapshot.
    view.on("mismatch", () => {
      mock.uws.faults.corruptChecksum = false;
    });
    mock.uws.faults.corruptChecksum = true;
    run(3);
    await barrier();
    expect(events.map((e) => e.type)).toEqual(["synced", "mismatch", "resync", "synced"]);
    expect(events[1]).toMatchObject({ kind: "update", symbol: "PF_XBTUSD" });
    run(10);
    await barrier();
    expect(view.synced).toBe(true);
    expectEngineBook("PF_XBTUSD", view);
  });

  it("gives up with `failed` while every snapshot is corrupt, and resync() repairs it once they are not", async () => {
    const events: BookEvent[] = [];
    mock.uws.faults.corruptChecksum = true;
    const view = watch("PF_XBTUSD", 10, events);
    await barrier();
    // Each resubscribe's snapshot is corrupt again: 5 resyncs (the default limit), then `failed`.
    for (let i = 0; i < 6; i++) await barrier();
    expect(events.filter((e) => e.type === "resync")).toHaveLength(5);
    expect(events.at(-1)).toMatchObject({ type: "failed", resyncs: 5 });
    expect(view.failed).toBe(true);
    mock.uws.faults.corruptChecksum = false;
    view.resync();
    await barrier();
    run(5);
    await barrier();
    expect(view.synced).toBe(true);
    expect(view.failed).toBe(false);
    expectEngineBook("PF_XBTUSD", view);
  });
});
