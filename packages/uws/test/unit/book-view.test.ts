/**
 * UwsBookView: snapshot and updates (qty 0 removes, truncation to the depth), checksum verification
 * on every message that carries one, and the resync policy: a mismatch drops the book and calls
 * resubscribe(), at most maxResyncs times in a sliding window, then `failed`.
 */
import { ManualClock } from "@kraken-futures/core/testing";
import { describe, expect, it } from "vitest";
import { bookChecksum } from "../../src/book/checksum.js";
import { type BookEvent, type BookViewOptions, UwsBookView } from "../../src/book/view.js";
import type { UwsLevel } from "../../src/decode.js";

const l = (priceText: string, qtyText: string): UwsLevel => ({
  price: Number(priceText),
  qty: Number(qtyText),
  priceText,
  qtyText,
});

/** A view with a recorded event log and resubscribe counter. */
function setup(options: Partial<BookViewOptions> = {}) {
  const clock = new ManualClock(1_000_000);
  const events: BookEvent[] = [];
  let resubscribes = 0;
  const view = new UwsBookView({
    symbol: "PF_XBTUSD",
    depth: 10,
    clock,
    resubscribe: () => {
      resubscribes++;
    },
    ...options,
  });
  for (const name of ["synced", "mismatch", "resync", "failed", "update"] as const) {
    view.on(name, (e) => events.push(e));
  }
  return { view, clock, events, resubscribes: () => resubscribes };
}

const SNAPSHOT = {
  bids: [l("99.5", "1.0"), l("100.0", "2.00"), l("99.0", "0.50")],
  asks: [l("101.0", "1.5"), l("100.5", "3.000")],
};
const checksumOf = (asks: UwsLevel[], bids: UwsLevel[]) => bookChecksum(asks, bids);

describe("UwsBookView: applying", () => {
  it("sorts a snapshot best first, verifies its checksum and reports synced", () => {
    const { view, events } = setup();
    const checksum = checksumOf(
      [l("100.5", "3.000"), l("101.0", "1.5")],
      [l("100.0", "2.00"), l("99.5", "1.0"), l("99.0", "0.50")],
    );
    view.apply({ ...SNAPSHOT, checksum }, "snapshot");
    expect(view.synced).toBe(true);
    expect(view.checksum).toBe(checksum);
    expect(view.bids().map((x) => x.priceText)).toEqual(["100.0", "99.5", "99.0"]);
    expect(view.asks().map((x) => x.priceText)).toEqual(["100.5", "101.0"]);
    expect(events).toEqual([{ type: "synced", symbol: "PF_XBTUSD", checksum }]);
  });

  it("applies updates: changes, inserts, qty 0 removes, and keeps the exact texts", () => {
    const { view, events } = setup();
    view.apply(SNAPSHOT, "snapshot");
    view.apply({ bids: [l("100.0", "0"), l("99.75", "7.10")], asks: [l("100.5", "3.500")] }, "update");
    expect(view.bids().map((x) => [x.priceText, x.qtyText])).toEqual([
      ["99.75", "7.10"],
      ["99.5", "1.0"],
      ["99.0", "0.50"],
    ]);
    expect(view.asks(1)).toEqual([l("100.5", "3.500")]);
    // Removing a level that is not there changes nothing.
    view.apply({ bids: [l("1", "0")], asks: [] }, "update");
    expect(view.bids()).toHaveLength(3);
    expect(events.map((e) => e.type)).toEqual(["synced", "update", "update"]);
  });

  it("truncates to the subscribed depth after every message", () => {
    const { view } = setup({ depth: 10 });
    const bids = Array.from({ length: 15 }, (_, i) => l(String(100 - i), "1"));
    view.apply({ bids, asks: [] }, "snapshot");
    expect(view.bids()).toHaveLength(10);
    expect(view.bids().at(-1)!.price).toBe(91);
    view.apply({ bids: [l("100.5", "1")], asks: [] }, "update");
    expect(view.bids()).toHaveLength(10);
    expect(view.bids().at(-1)!.price).toBe(92);
  });

  it("ignores updates before the first snapshot", () => {
    const { view } = setup();
    view.apply({ bids: [l("1", "1")], asks: [] }, "update");
    expect(view.synced).toBe(false);
    expect(view.bids()).toEqual([]);
  });

  it("verifies every update that carries a checksum", () => {
    const { view, events, resubscribes } = setup();
    view.apply(SNAPSHOT, "snapshot");
    const bids = [l("100.0", "2.00"), l("99.5", "1.0"), l("99.0", "0.50")];
    const asks = [l("100.5", "3.000"), l("101.0", "1.5"), l("102", "9")];
    view.apply({ bids: [], asks: [l("102", "9")], checksum: checksumOf(asks, bids) }, "update");
    expect(view.synced).toBe(true);
    expect(resubscribes()).toBe(0);
    expect(events.at(-1)).toEqual({ type: "update", symbol: "PF_XBTUSD" });
  });
});

describe("UwsBookView: mismatch and resync", () => {
  it("drops the book on a mismatch, asks for a snapshot, and a good snapshot repairs it", () => {
    const { view, events, resubscribes } = setup();
    view.apply(SNAPSHOT, "snapshot");
    view.apply({ bids: [l("99.9", "1")], asks: [], checksum: 12345 }, "update");
    expect(view.synced).toBe(false);
    expect(view.bids()).toEqual([]);
    expect(resubscribes()).toBe(1);
    const mismatch = events.find((e) => e.type === "mismatch");
    expect(mismatch).toMatchObject({ expected: 12345, kind: "update" });
    expect(events.filter((e) => e.type === "resync")).toEqual([
      { type: "resync", symbol: "PF_XBTUSD", attempt: 1 },
    ]);
    // Updates in flight before the fresh snapshot are dropped.
    view.apply({ bids: [l("50", "1")], asks: [] }, "update");
    expect(view.bids()).toEqual([]);
    const good = checksumOf(
      [l("100.5", "3.000"), l("101.0", "1.5")],
      [l("100.0", "2.00"), l("99.5", "1.0"), l("99.0", "0.50")],
    );
    view.apply({ ...SNAPSHOT, checksum: good }, "snapshot");
    expect(view.synced).toBe(true);
    expect(view.bids()).toHaveLength(3);
  });

  it("a snapshot that mismatches also resyncs", () => {
    const { view, resubscribes, events } = setup();
    view.apply({ ...SNAPSHOT, checksum: 1 }, "snapshot");
    expect(view.synced).toBe(false);
    expect(resubscribes()).toBe(1);
    expect(events[0]).toMatchObject({ type: "mismatch", kind: "snapshot", expected: 1 });
  });

  it("gives up with `failed` after maxResyncs in the window, and counts in a sliding window", () => {
    const { view, clock, events, resubscribes } = setup({ maxResyncs: 3, resyncWindowMs: 10_000 });
    const bad = () => view.apply({ ...SNAPSHOT, checksum: 7 }, "snapshot");
    bad();
    clock.advance(1_000);
    bad();
    clock.advance(1_000);
    bad();
    expect(resubscribes()).toBe(3);
    bad();
    expect(resubscribes()).toBe(3);
    expect(view.failed).toBe(true);
    expect(events.filter((e) => e.type === "failed")).toEqual([
      { type: "failed", symbol: "PF_XBTUSD", resyncs: 3, windowMs: 10_000 },
    ]);
    // Failed: further mismatches are reported but ask for nothing.
    bad();
    expect(resubscribes()).toBe(3);
    expect(events.filter((e) => e.type === "mismatch")).toHaveLength(5);
    // A good snapshot (after a reconnect, say) is still taken, and the view is healthy again.
    view.apply(SNAPSHOT, "snapshot");
    expect(view.synced).toBe(true);
    expect(view.failed).toBe(false);
  });

  it("lets old resyncs age out of the window", () => {
    const { view, clock, resubscribes } = setup({ maxResyncs: 2, resyncWindowMs: 10_000 });
    const bad = () => view.apply({ ...SNAPSHOT, checksum: 7 }, "snapshot");
    bad();
    bad();
    clock.advance(10_000);
    bad();
    expect(resubscribes()).toBe(3);
    expect(view.failed).toBe(false);
  });

  it("resync() asks again after `failed`, and reset() forgets book and failures", () => {
    const { view, resubscribes, events } = setup({ maxResyncs: 1 });
    view.apply({ ...SNAPSHOT, checksum: 7 }, "snapshot");
    view.apply({ ...SNAPSHOT, checksum: 7 }, "snapshot");
    expect(view.failed).toBe(true);
    expect(resubscribes()).toBe(1);
    view.reset();
    expect(view.failed).toBe(false);
    view.apply({ ...SNAPSHOT, checksum: 7 }, "snapshot");
    expect(resubscribes()).toBe(2);
    view.apply(SNAPSHOT, "snapshot");
    view.reset();
    expect(view.synced).toBe(false);
    expect(view.bids()).toEqual([]);
    expect(events.filter((e) => e.type === "failed")).toHaveLength(1);
  });

  it("survives a listener or a resubscribe that throws", () => {
    const { view } = setup({
      resubscribe: () => {
        throw new Error("socket gone");
      },
    });
    view.on("mismatch", () => {
      throw new Error("user bug");
    });
    expect(() => view.apply({ ...SNAPSHOT, checksum: 7 }, "snapshot")).not.toThrow();
    expect(view.synced).toBe(false);
  });

  it("stops calling a listener once removed", () => {
    const { view } = setup();
    let calls = 0;
    const off = view.on("synced", () => calls++);
    view.apply(SNAPSHOT, "snapshot");
    off();
    view.apply(SNAPSHOT, "snapshot");
    expect(calls).toBe(1);
  });
});
