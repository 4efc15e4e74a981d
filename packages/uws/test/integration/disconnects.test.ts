// 100 forced disconnects, some of them mid-request (before the engine, after it, or a socket cut while
// an order is in flight): 0 orders placed twice, 0 lost without an outcome (the mock's engine counts
// them by cl_ord_id), and every subscription restored on the sockets the client ends on.
import { afterEach, describe, expect, it, vi } from "vitest";
import { type UwsClient, UwsNotSentError, UwsOutcomeUnknownError } from "../../src/index.js";
import { type Bed, openWith, restingBuy, startBed, stopBed } from "./bed.js";

let bed: Bed | undefined;
afterEach(async () => {
  await stopBed(bed);
  bed = undefined;
});

const seen = { unknown: 0, notSent: 0 };

/** What the client finally says of one order: placed or not (never "don't know"). */
async function outcome(client: UwsClient, run: Promise<unknown>, clOrdId: string): Promise<boolean> {
  try {
    await run;
    return true;
  } catch (error) {
    if (error instanceof UwsNotSentError) {
      seen.notSent++;
      return false;
    }
    if (!(error instanceof UwsOutcomeUnknownError)) throw error;
    seen.unknown++;
    expect(error.clOrdId).toBe(clOrdId);
    return (await client.reconcile(clOrdId)).placed;
  }
}

const bothReady = (client: UwsClient) =>
  vi.waitFor(() => expect(client.state).toEqual({ public: "ready", private: "ready" }), {
    timeout: 5_000,
    interval: 2,
  });

describe("100 forced disconnects", () => {
  it("place no order twice, lose none without an outcome, and restore every subscription", async () => {
    bed = await startBed();
    const { client, mock } = bed;
    const ticker = client.subscribe("ticker", { symbol: ["PF_XBTUSD"] });
    const book = client.book("PF_XBTUSD", { depth: 10 });
    void client.positions;
    void client.balances;
    void client.orders;
    await ticker.ready;
    let reconnects = 0;
    client.on("reconnecting", () => reconnects++);
    const said = new Map<string, boolean>();
    const cut = (access: "public" | "private") => {
      for (const c of mock.uws.connections) if (c.access === access) c.socket.terminate();
    };
    for (let i = 0; i < 100; i++) {
      await bothReady(client);
      mock.uws.faults.dropNextRequest = undefined;
      const clOrdId = `stress-${i}`;
      const kind = i % 4;
      if (kind === 3) {
        cut("public");
        cut("private");
        continue;
      }
      if (kind === 0) mock.uws.faults.dropNextRequest = "before";
      if (kind === 1) mock.uws.faults.dropNextRequest = "after";
      const run = client.addOrder(restingBuy(mock, { cl_ord_id: clOrdId }));
      if (kind === 2) cut("private"); // the order is in flight, or still queued
      said.set(clOrdId, await outcome(client, run, clOrdId));
    }
    await bothReady(client);
    expect(reconnects).toBeGreaterThanOrEqual(100);
    // The client's word against the engine's, order by order.
    for (const [clOrdId, placed] of said)
      expect([clOrdId, openWith(mock, clOrdId)]).toEqual([clOrdId, placed ? 1 : 0]);
    expect(said.size).toBe(75);
    // At least the 50 faulted requests ended without an answer and were reconciled.
    expect(seen.unknown + seen.notSent).toBeGreaterThanOrEqual(50);
    expect([...said.values()].filter(Boolean).length).toBeGreaterThan(0);
    expect([...said.values()].filter((p) => !p).length).toBeGreaterThan(0);
    // Every subscription is on the sockets the client ended on.
    const wants = (access: string, channel: string, symbol?: string) =>
      mock.uws.connections.some((c) => c.access === access && c.wants(channel, symbol));
    await vi.waitFor(() => {
      expect(wants("public", "ticker", "PF_XBTUSD")).toBe(true);
      expect(wants("public", "book", "PF_XBTUSD")).toBe(true);
      for (const channel of ["executions", "positions", "balances"])
        expect(wants("private", channel)).toBe(true);
      expect(book.synced).toBe(true);
      // The book the client ended on is the engine's, truncated to its depth.
      const engine = mock.exchange.books.get("PF_XBTUSD")!.levels();
      expect(book.bids().map((l) => [l.price, l.qty])).toEqual(engine.bids.slice(0, 10));
      expect(book.asks().map((l) => [l.price, l.qty])).toEqual(engine.asks.slice(0, 10));
      expect(client.positions.synced).toBe(true);
      expect(client.orders.synced).toBe(true);
    });
    expect(client.orders.all().length).toBe([...said.values()].filter(Boolean).length);
    const placed = [...said.values()].filter(Boolean).length;
    // Printed so a closing note can quote the run's figures, not just "passed".
    console.log(
      `100 disconnects: ${reconnects} reconnects, ${said.size} orders, ${placed} placed once, ` +
        `${said.size - placed} not placed, ${seen.unknown} outcome-unknown and ${seen.notSent} not-sent ` +
        "answers reconciled, 0 placed twice, subscriptions restored",
    );
  }, 120_000);
});
