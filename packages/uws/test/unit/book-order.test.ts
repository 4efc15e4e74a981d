/**
 * The order book's incremental checksum (CRC states kept per top-10 level) always equals the checksum
 * hashed from scratch, whatever sequence of snapshots, changes, removals and truncations it sees.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { OrderBook } from "../../src/book/book.js";
import { bookChecksum } from "../../src/book/checksum.js";
import type { UwsLevel } from "../../src/decode.js";

const level = fc
  .tuple(fc.integer({ min: 1, max: 40 }), fc.constantFrom("0", "1.50", "0.0010", "12", "7.000"))
  .map(([tick, qtyText]): UwsLevel => {
    const priceText = (tick / 2).toFixed(1);
    return { price: Number(priceText), qty: Number(qtyText), priceText, qtyText };
  });

const op = fc.oneof(
  fc.record({
    kind: fc.constant("update" as const),
    bids: fc.array(level, { maxLength: 4 }),
    asks: fc.array(level, { maxLength: 4 }),
    check: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant("snapshot" as const),
    bids: fc.array(level, { maxLength: 25 }),
    asks: fc.array(level, { maxLength: 25 }),
  }),
  fc.record({ kind: fc.constant("check" as const) }),
);

describe("OrderBook: incremental checksum", () => {
  it("equals the checksum hashed from scratch after every operation", () => {
    fc.assert(
      fc.property(fc.constantFrom(10, 25), fc.array(op, { maxLength: 60 }), (depth, ops) => {
        const book = new OrderBook(depth);
        for (const o of ops) {
          if (o.kind === "snapshot") book.replace(o.bids, o.asks);
          else if (o.kind === "update") book.update(o.bids, o.asks);
          // Checking only now and then lets stale states pile up between checks.
          if (o.kind !== "update" || o.check) {
            expect(book.checksum()).toBe(bookChecksum(book.asks.levels, book.bids.levels));
          }
          expect(book.bids.levels.length).toBeLessThanOrEqual(depth);
          const prices = book.bids.levels.map((l) => l.price);
          expect(prices).toEqual([...prices].sort((a, b) => b - a));
          expect(new Set(prices).size).toBe(prices.length);
          expect(book.asks.levels.every((l) => l.qty > 0)).toBe(true);
        }
      }),
      { numRuns: 1_000 },
    );
    // A generous bound for a loaded machine, not a timing claim.
  }, 60_000);
});
