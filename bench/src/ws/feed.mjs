// The book feed every WebSocket contender receives: one book_snapshot, then N book deltas with
// contiguous seq over 40 price levels a side (some outside the snapshot, so levels are added as well
// as changed and removed). Deterministic (a fixed-seed PRNG), so the final book is known in advance
// and every contender's book is checked against it after each run.
import { PRODUCT_ID } from "../lib/fixtures.mjs";

export const FIRST_SEQ = 1_000_000;
const LEVELS = 40;
const SNAPSHOT_LEVELS = 25;
const MID = 50_000;
const TICK = 0.5;
const TIMESTAMP = 1_700_000_000_000;

/** Mulberry32: tiny, fast, reproducible. @param {number} seed */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** @param {"buy" | "sell"} side @param {number} level */
const priceOf = (side, level) => (side === "buy" ? MID - TICK * (level + 1) : MID + TICK * level);

/**
 * @param {number} deltas how many `book` messages follow the snapshot
 * @returns {{ messages: string[], lastSeq: number, expected: { bids: [number, number][], asks: [number, number][] } }}
 */
export function makeFeed(deltas) {
  const random = prng(42);
  /** @type {Map<number, number>} */ const bids = new Map();
  /** @type {Map<number, number>} */ const asks = new Map();
  const snapshotBids = [];
  const snapshotAsks = [];
  for (let level = 0; level < SNAPSHOT_LEVELS; level++) {
    const bidQty = 1000 + Math.floor(random() * 9000);
    const askQty = 1000 + Math.floor(random() * 9000);
    bids.set(priceOf("buy", level), bidQty);
    asks.set(priceOf("sell", level), askQty);
    snapshotBids.push({ price: priceOf("buy", level), qty: bidQty });
    snapshotAsks.push({ price: priceOf("sell", level), qty: askQty });
  }
  const messages = [
    JSON.stringify({
      feed: "book_snapshot",
      product_id: PRODUCT_ID,
      timestamp: TIMESTAMP,
      seq: FIRST_SEQ,
      tickSize: null,
      bids: snapshotBids,
      asks: snapshotAsks,
    }),
  ];
  for (let i = 1; i <= deltas; i++) {
    const side = random() < 0.5 ? "buy" : "sell";
    const price = priceOf(side, Math.floor(random() * LEVELS));
    // One in five deltas removes its level; the rest set a new quantity.
    const qty = random() < 0.2 ? 0 : 1 + Math.floor(random() * 20_000);
    const book = side === "buy" ? bids : asks;
    if (qty === 0) book.delete(price);
    else book.set(price, qty);
    messages.push(
      JSON.stringify({
        feed: "book",
        product_id: PRODUCT_ID,
        side,
        seq: FIRST_SEQ + i,
        price,
        qty,
        timestamp: TIMESTAMP + i,
      }),
    );
  }
  return {
    messages,
    lastSeq: FIRST_SEQ + deltas,
    expected: {
      bids: [...bids].sort((a, b) => b[0] - a[0]),
      asks: [...asks].sort((a, b) => a[0] - b[0]),
    },
  };
}

export const LAST_TIMESTAMP = (/** @type {number} */ deltas) => TIMESTAMP + deltas;
