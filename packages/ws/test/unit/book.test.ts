import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { OrderBook } from "../../src/book.js";
import type { BookSnapshot, BookUpdate } from "../../src/generated/ws.gen.js";

const snapshot = (seq: number, bids: [number, number][], asks: [number, number][]): BookSnapshot => ({
  feed: "book_snapshot",
  product_id: "PF_XBTUSD",
  timestamp: 1,
  seq,
  bids: bids.map(([price, qty]) => ({ price, qty })),
  asks: asks.map(([price, qty]) => ({ price, qty })),
});
const delta = (seq: number, side: "buy" | "sell", price: number, qty: number): BookUpdate => ({
  feed: "book",
  product_id: "PF_XBTUSD",
  side,
  seq,
  price,
  qty,
  timestamp: 2,
});

describe("OrderBook", () => {
  it("applies a snapshot sorted best first and reads the top N", () => {
    const book = new OrderBook("PF_XBTUSD");
    book.applySnapshot(
      snapshot(
        10,
        [
          [99, 1],
          [100, 2],
          [98, 3],
        ],
        [
          [102, 1],
          [101, 5],
        ],
      ),
    );
    expect(book.bids(2)).toEqual([
      { price: 100, qty: 2 },
      { price: 99, qty: 1 },
    ]);
    expect(book.asks()).toEqual([
      { price: 101, qty: 5 },
      { price: 102, qty: 1 },
    ]);
    expect(book.bestBid()).toEqual({ price: 100, qty: 2 });
    expect(book.synced).toBe(true);
  });

  it("updates, inserts and removes (qty 0) levels", () => {
    const book = new OrderBook("PF_XBTUSD");
    book.applySnapshot(snapshot(10, [[100, 2]], [[101, 5]]));
    expect(book.applyDelta(delta(11, "buy", 100.5, 1))).toBe("applied");
    expect(book.applyDelta(delta(12, "sell", 101, 0))).toBe("applied");
    expect(book.applyDelta(delta(13, "buy", 100, 7))).toBe("applied");
    expect(book.bids()).toEqual([
      { price: 100.5, qty: 1 },
      { price: 100, qty: 7 },
    ]);
    expect(book.asks()).toEqual([]);
    expect(book.seq).toBe(13);
  });

  it("discards deltas with seq <= the snapshot's", () => {
    const book = new OrderBook("PF_XBTUSD");
    book.applySnapshot(snapshot(10, [[100, 2]], []));
    expect(book.applyDelta(delta(9, "buy", 100, 0))).toBe("stale");
    expect(book.applyDelta(delta(10, "buy", 100, 0))).toBe("stale");
    expect(book.bids()).toEqual([{ price: 100, qty: 2 }]);
  });

  it("reports a gap and a delta before any snapshot, and stays unsynced until the next snapshot", () => {
    const book = new OrderBook("PF_XBTUSD");
    expect(book.applyDelta(delta(1, "buy", 100, 1))).toBe("gap");
    book.applySnapshot(snapshot(10, [[100, 2]], []));
    expect(book.applyDelta(delta(12, "buy", 100, 1))).toBe("gap");
    expect(book.synced).toBe(false);
    expect(book.applyDelta(delta(13, "buy", 100, 1))).toBe("gap");
    book.applySnapshot(snapshot(20, [[100, 3]], []));
    expect(book.applyDelta(delta(21, "buy", 100, 4))).toBe("applied");
  });

  it("refuses unusable deltas and snapshots without changing the book", () => {
    const book = new OrderBook("PF_XBTUSD");
    book.applySnapshot(snapshot(10, [[100, 2]], []));
    expect(book.applyDelta({ ...delta(11, "buy", 100, 1), qty: Number.NaN })).toBe("invalid");
    expect(book.applyDelta({ ...delta(11, "buy", 100, 1), side: "up" })).toBe("invalid");
    expect(
      book.applySnapshot({ ...snapshot(30, [], []), bids: [{ price: "x" as unknown as number, qty: 1 }] }),
    ).toBe(false);
    expect(book.seq).toBe(10);
  });

  it("equals a naive model after any sequence of deltas (property)", () => {
    const level = fc.tuple(fc.integer({ min: 1, max: 60 }), fc.constantFrom(0, 0, 1, 2.5, 10));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), level), { maxLength: 300 }), (ops) => {
        const book = new OrderBook("P");
        book.applySnapshot(snapshot(0, [], []));
        const model = { buy: new Map<number, number>(), sell: new Map<number, number>() };
        ops.forEach(([buy, [price, qty]], i) => {
          const side = buy ? "buy" : "sell";
          book.applyDelta(delta(i + 1, side, price, qty));
          if (qty === 0) model[side].delete(price);
          else model[side].set(price, qty);
        });
        const sorted = (m: Map<number, number>, desc: boolean) =>
          [...m].sort((a, b) => (desc ? b[0] - a[0] : a[0] - b[0])).map(([price, qty]) => ({ price, qty }));
        expect(book.bids()).toEqual(sorted(model.buy, true));
        expect(book.asks()).toEqual(sorted(model.sell, false));
      }),
      { numRuns: 300 },
    );
  });
});
