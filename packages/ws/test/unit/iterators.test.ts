// A subscription's async iterator is bounded (core's AsyncBuffer, 10 000 messages): a consumer that falls
// that far behind gets every message held, in order, then a BufferOverflowError; nothing is dropped
// without a word, and the other consumers of the subscription go on.
import { BufferOverflowError, DEFAULT_BUFFER_CAPACITY } from "@kraken-futures/core";
import { describe, expect, it } from "vitest";
import { setup } from "./fakes.js";

const trade = (i: number) => ({
  feed: "trade",
  product_id: "PF_XBTUSD",
  uid: `t${i}`,
  seq: i,
  price: 1,
  qty: 1,
});

describe("subscription iterators", () => {
  it("end with a BufferOverflowError after the messages they hold when the consumer falls behind", async () => {
    const { client, socket } = setup();
    const trades = client.subscribe("trade", ["PF_XBTUSD"]);
    const seen: unknown[] = [];
    trades.on((m) => seen.push(m));
    const iterator = trades[Symbol.asyncIterator]();
    socket().open();
    for (let i = 0; i <= DEFAULT_BUFFER_CAPACITY; i++) socket().receive(trade(i));
    let received = 0;
    let error: unknown;
    for (;;) {
      try {
        const next = await iterator.next();
        if (next.done) break;
        expect((next.value as { seq: number }).seq).toBe(received);
        received++;
      } catch (e) {
        error = e;
        break;
      }
    }
    expect(received).toBe(DEFAULT_BUFFER_CAPACITY);
    expect(error).toBeInstanceOf(BufferOverflowError);
    expect((error as BufferOverflowError).capacity).toBe(DEFAULT_BUFFER_CAPACITY);
    // The listener of the same subscription still gets every message, the overflowing one included.
    socket().receive(trade(DEFAULT_BUFFER_CAPACITY + 1));
    expect(seen).toHaveLength(DEFAULT_BUFFER_CAPACITY + 2);
    client.close();
  });

  it("a `break` out of for-await unsubscribes, and the iterator of a closed client is done", async () => {
    const { client, socket } = setup();
    const trades = client.subscribe("trade", ["PF_XBTUSD"]);
    socket().open();
    socket().receive({ event: "subscribed", feed: "trade", product_ids: ["PF_XBTUSD"] });
    const consumed = (async () => {
      for await (const message of trades) return message;
    })();
    socket().receive(trade(1));
    await expect(consumed).resolves.toMatchObject({ seq: 1 });
    expect(socket().sent.at(-1)).toEqual({ event: "unsubscribe", feed: "trade", product_ids: ["PF_XBTUSD"] });
    client.close();
    await expect(trades[Symbol.asyncIterator]().next()).resolves.toEqual({ value: undefined, done: true });
  });
});
