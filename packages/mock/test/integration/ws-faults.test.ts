/**
 * The WebSocket faults: dropped connections (all or one), malformed frames, a withheld book delta (a
 * sequence gap) and silence (no messages, no pongs), plus `stop()` closing what is open.
 */
import { describe, expect, it, vi } from "vitest";
import { start } from "./helpers.js";
import { type RawClient, replayBook, settle, useWsMock } from "./ws-helpers.js";

const bed = useWsMock();

async function connect(): Promise<RawClient> {
  const c = await bed.connect();
  await c.waitFor((m) => m.event === "info");
  return c;
}

/** One market step; `settle` only gives frames time, for the silence test where no barrier can work. */
async function step(): Promise<void> {
  bed.clock.advance(bed.mock.exchange.stepMs);
  bed.mock.ws.tick();
  await settle();
}
const closed = (c: RawClient) =>
  vi.waitFor(() => {
    if (c.closeCode === undefined) throw new Error("still open");
  });

describe("WebSocket faults", () => {
  it("drops every connection, or one, with or without a close frame", async () => {
    const [a, b, c] = [await connect(), await connect(), await connect()];
    expect(bed.mock.ws.faults.drop({ connection: bed.mock.ws.connections[1]!.id, code: 1011 })).toBe(1);
    await closed(b);
    await a.barrier();
    await c.barrier();
    expect(b.closeCode).toBe(1011);
    expect([a.closeCode, c.closeCode]).toEqual([undefined, undefined]);
    expect(bed.mock.ws.faults.drop()).toBe(2);
    await closed(a);
    await closed(c);
    expect([a.closeCode, c.closeCode]).toEqual([1006, 1006]); // no close handshake
    await vi.waitFor(() => expect(bed.mock.ws.connections).toEqual([]));
  });

  it("sends malformed frames of each kind, and the connection keeps serving", async () => {
    const c = await connect();
    for (const kind of ["truncated", "binary", "text"] as const) bed.mock.ws.faults.malformed({ kind });
    bed.mock.ws.faults.malformed({ kind: "noDiscriminator" });
    bed.mock.ws.faults.malformed({ kind: "badNumbers" });
    await c.barrier();
    expect(c.unparsed).toHaveLength(3);
    expect(Buffer.isBuffer(c.unparsed[1])).toBe(true);
    expect(c.messages.slice(1)).toEqual([
      { product_id: "PF_XBTUSD", price: 1 },
      { feed: "book", product_id: "PF_XBTUSD", side: "buy", seq: "x", price: "abc", qty: "1e" },
    ]);
    c.send({ event: "subscribe", feed: "heartbeat" });
    await c.waitFor((m) => m.event === "subscribed");
  });

  it("gap: withholds the next book delta from one connection, so its seq skips exactly one", async () => {
    const hit = await connect();
    const spared = await connect();
    for (const c of [hit, spared]) c.send({ event: "subscribe", feed: "book", product_ids: ["PF_ETHUSD"] });
    await hit.waitFor((m) => m.feed === "book_snapshot");
    await spared.waitFor((m) => m.feed === "book_snapshot");
    const hitId = bed.mock.ws.connections[0]!.id;
    expect(bed.mock.ws.faults.gap("PF_ETHUSD", { connection: hitId })).toBe(1);
    await step();
    const last = bed.mock.ws.publishedBook("PF_ETHUSD").seq;
    for (const c of [hit, spared]) await c.waitFor((m) => m.feed === "book" && m.seq === last, `seq ${last}`);
    const h = replayBook(hit.messages, "PF_ETHUSD");
    const s = replayBook(spared.messages, "PF_ETHUSD");
    expect(s.gaps).toEqual([]);
    expect(h.gaps).toHaveLength(1);
    const snapSeq = hit.of("book_snapshot")[0]!.seq as number;
    expect(h.gaps[0]).toBe(snapSeq + 2);
    expect(hit.of("book")).toHaveLength(spared.of("book").length - 1);
    // Resubscribing (what a client does on a gap) gives a snapshot equal to the engine's book.
    hit.send({ event: "unsubscribe", feed: "book", product_ids: ["PF_ETHUSD"] });
    hit.send({ event: "subscribe", feed: "book", product_ids: ["PF_ETHUSD"] });
    await hit.waitFor((m) => m.feed === "book_snapshot" && m.seq !== snapSeq);
    const after = replayBook(hit.messages, "PF_ETHUSD");
    expect({ bids: after.bids, asks: after.asks }).toEqual(
      bed.mock.exchange.books.get("PF_ETHUSD")!.levels(),
    );
  });

  it("silence: nothing is sent, pings go unanswered, until it ends; new connections are not silent", async () => {
    const c = await connect();
    c.send({ event: "subscribe", feed: "book", product_ids: ["PF_XBTUSD"] });
    c.send({ event: "subscribe", feed: "heartbeat" });
    await c.waitFor((m) => m.feed === "book_snapshot");
    await c.barrier();
    expect(c.pongs).toBe(1);
    bed.mock.ws.faults.silence({ ms: 10_000 });
    const before = c.messages.length;
    for (let i = 0; i < 6; i++) await step(); // 6 s: book deltas and a heartbeat were due
    c.socket.ping();
    await settle();
    expect(c.messages).toHaveLength(before);
    expect(c.pongs).toBe(1);
    const fresh = await connect();
    await fresh.barrier(); // answered: a new connection is not silent
    bed.clock.advance(10_000); // the silence is over; the next deltas resume
    await step();
    await c.barrier(); // the ping sent during the silence stays unanswered; this one is answered
    expect(c.pongs).toBe(2);
    expect(c.of("book").length).toBeGreaterThan(0);
    expect(replayBook(c.messages, "PF_XBTUSD").gaps.length).toBe(1); // what was lost shows as a gap
  });

  it("silence handles end early", async () => {
    const c = await connect();
    c.send({ event: "subscribe", feed: "heartbeat" });
    await c.waitFor((m) => m.event === "subscribed");
    const handle = bed.mock.ws.faults.silence();
    bed.clock.advance(5_000);
    bed.mock.ws.tick();
    await settle();
    expect(c.of("heartbeat")).toEqual([]);
    handle.end();
    bed.clock.advance(5_000);
    bed.mock.ws.tick();
    await c.waitFor((m) => m.feed === "heartbeat");
  });

  it("stop() closes open WebSocket connections", async () => {
    const c = await connect();
    await bed.mock.stop();
    await closed(c);
    expect(c.closeCode).toBe(1006);
    ({ mock: bed.mock, clock: bed.clock } = await start()); // afterEach stops this one
  });
});
