// The UWS book feed of the uws-book benchmark: the very level changes of the v1 feed (src/ws/feed.mjs),
// written as UWS `book` frames with the exact decimal texts Kraken sends (price at its tick's
// decimals, quantity at 4 decimals, so `1234.0000`: JSON.parse would lose the zeros the checksum
// hashes) and each frame's CRC32 checksum of the top 10 levels, computed here with node:zlib from the
// same texts, independently of the SDK. One change per frame, as in the v1 feed: the checksum is
// verified on every update, the most verification work per update there can be.
import { crc32 } from "node:zlib";
import { PRODUCT_ID } from "../lib/fixtures.mjs";
import { makeFeed } from "../ws/feed.mjs";

const priceText = (/** @type {number} */ p) => p.toFixed(1);
const qtyText = (/** @type {number} */ q) => (q === 0 ? "0" : q.toFixed(4));

/** @typedef {{ price: number, text: string }} Level */

/** Sets or removes a level of a side kept best first. @param {Level[]} side */
function setLevel(side, price, qty, descending) {
  const i = side.findIndex((l) => (descending ? l.price <= price : l.price >= price));
  const same = i >= 0 && side[i].price === price;
  const digits = (priceText(price) + qtyText(qty)).replaceAll(".", "");
  if (qty === 0) {
    if (same) side.splice(i, 1);
  } else if (same) side[i] = { price, text: digits };
  else if (i < 0) side.push({ price, text: digits });
  else side.splice(i, 0, { price, text: digits });
}

/** Kraken's checksum: top 10 asks then top 10 bids, '.' removed, leading zeros stripped. */
function checksum(/** @type {Level[]} */ asks, /** @type {Level[]} */ bids) {
  const part = (/** @type {Level[]} */ side) =>
    side
      .slice(0, 10)
      .map((l) => l.text.replace(/^0+/, ""))
      .join("");
  return crc32(part(asks) + part(bids)) >>> 0;
}

const level = (/** @type {number} */ price, /** @type {number} */ qty) =>
  `{"price":${priceText(price)},"qty":${qtyText(qty)}}`;

/** @param {string} type @param {string} bids @param {string} asks @param {number} sum @param {number} ms */
const bookFrame = (type, bids, asks, sum, ms) =>
  `{"channel":"book","type":"${type}","data":[{"symbol":"${PRODUCT_ID}","bids":[${bids}],"asks":[${asks}],` +
  `"checksum":${sum},"timestamp":"${new Date(ms).toISOString()}"}]}`;

/**
 * @param {number} deltas
 * @returns {{ messages: string[], lastTimestamp: string, expected: { bids: [number, number][], asks: [number, number][] } }}
 */
export function makeUwsFeed(deltas) {
  const v1 = makeFeed(deltas);
  /** @type {Level[]} */ const bids = [];
  /** @type {Level[]} */ const asks = [];
  const messages = [];
  let lastTimestamp = "";
  for (const text of v1.messages) {
    const m = JSON.parse(text);
    if (m.feed === "book_snapshot") {
      for (const l of m.bids) setLevel(bids, l.price, l.qty, true);
      for (const l of m.asks) setLevel(asks, l.price, l.qty, false);
      const side = (/** @type {{ price: number, qty: number }[]} */ ls) =>
        ls.map((l) => level(l.price, l.qty)).join(",");
      messages.push(bookFrame("snapshot", side(m.bids), side(m.asks), checksum(asks, bids), m.timestamp));
      continue;
    }
    const buy = m.side === "buy";
    setLevel(buy ? bids : asks, m.price, m.qty, buy);
    const change = level(m.price, m.qty);
    messages.push(
      bookFrame("update", buy ? change : "", buy ? "" : change, checksum(asks, bids), m.timestamp),
    );
    lastTimestamp = new Date(m.timestamp).toISOString();
  }
  return { messages, lastTimestamp, expected: v1.expected };
}
