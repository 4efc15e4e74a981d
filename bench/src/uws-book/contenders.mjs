// The UWS book contenders. Each `run(url, feed)` connects, subscribes to `book` for one symbol at
// depth 100 (the feed spans 40 levels a side, so no level ever leaves the subscription by truncation
// and every frame is one of the v1 feed's changes, one for one), and resolves when the frame with the
// feed's last timestamp has been applied, with the elapsed time (from just before connecting) and the
// book's top 10 levels, which the caller checks against the feed's known final book.
import { performance } from "node:perf_hooks";
import WebSocket from "ws";
import { PRODUCT_ID } from "../lib/fixtures.mjs";

const DEPTH = 10;
const STALL_MS = 20_000;
const SUBSCRIBE = JSON.stringify({
  method: "subscribe",
  params: { channel: "book", asset_class: "derivatives", symbol: [PRODUCT_ID], depth: 100 },
  req_id: 1,
});

/**
 * @typedef {{ elapsedMs: number, top: { bids: [number, number][], asks: [number, number][] },
 *   clientErrors?: Record<string, number> }} RunResult
 * @typedef {{ lastTimestamp: string }} FeedInfo
 */

/** Opens a socket, subscribes, and runs `onMessage` on every frame until it returns true or stalls. */
function consume(/** @type {string} */ url, /** @type {(data: Buffer) => boolean} */ onMessage) {
  const start = performance.now();
  const socket = new WebSocket(url, { perMessageDeflate: false });
  /** @type {NodeJS.Timeout} */
  let timer;
  const finished = new Promise((resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no final update within ${STALL_MS} ms`)), STALL_MS);
    socket.on("open", () => socket.send(SUBSCRIBE));
    socket.on("error", reject);
    socket.on("message", (data) => {
      try {
        if (onMessage(/** @type {Buffer} */ (data))) resolve(performance.now() - start);
      } catch (error) {
        reject(error);
      }
    });
  });
  return finished.finally(() => {
    clearTimeout(timer);
    socket.terminate();
  });
}

const pair = (/** @type {{ price: number, qty: number }} */ l) =>
  /** @type {[number, number]} */ ([l.price, l.qty]);

/**
 * The floor: the `ws` package, JSON.parse, and one Map per side. No checksum, no sorting, no
 * truncation: the least work that still keeps a book; the top levels are sorted once, after the clock stops.
 * @param {string} url @param {FeedInfo} feed @returns {Promise<RunResult>}
 */
export async function floor(url, feed) {
  /** @type {Map<number, number>} */ const bids = new Map();
  /** @type {Map<number, number>} */ const asks = new Map();
  const elapsedMs = await consume(url, (data) => {
    const message = JSON.parse(data.toString());
    if (message.channel !== "book") return false;
    const entry = message.data[0];
    if (message.type === "snapshot") {
      bids.clear();
      asks.clear();
    }
    for (const l of entry.bids) l.qty === 0 ? bids.delete(l.price) : bids.set(l.price, l.qty);
    for (const l of entry.asks) l.qty === 0 ? asks.delete(l.price) : asks.set(l.price, l.qty);
    return entry.timestamp === feed.lastTimestamp;
  });
  return {
    elapsedMs,
    top: {
      bids: [...bids].sort((a, b) => b[0] - a[0]).slice(0, DEPTH),
      asks: [...asks].sort((a, b) => a[0] - b[0]).slice(0, DEPTH),
    },
  };
}

/**
 * This SDK's book path: `decodeUwsFrame` (exact number texts kept) and a `UwsBookView`, which keeps
 * the levels sorted, truncates to the depth and verifies the CRC32 checksum of every frame. A mismatch
 * fails the run (the feed's checksums are all true).
 * @param {string} url @param {FeedInfo} feed @returns {Promise<RunResult>}
 */
export async function sdk(url, feed) {
  const { decodeUwsFrame, UwsBookView } = await import("@kraken-futures/uws");
  let resubscribes = 0;
  const view = new UwsBookView({ symbol: PRODUCT_ID, depth: 100, resubscribe: () => resubscribes++ });
  let verified = 0;
  const elapsedMs = await consume(url, (data) => {
    const message = decodeUwsFrame(data.toString());
    if (message.channel !== "book") return false;
    const entry = /** @type {any[]} */ (message.data)[0];
    view.apply(entry, /** @type {"snapshot" | "update"} */ (message.type));
    if (!view.synced) throw new Error(`checksum mismatch (${resubscribes} resubscribes)`);
    verified++;
    return entry.timestamp === feed.lastTimestamp;
  });
  if (view.checksum === undefined || verified === 0) throw new Error("no checksum was verified");
  return {
    elapsedMs,
    top: { bids: view.bids(DEPTH).map(pair), asks: view.asks(DEPTH).map(pair) },
    clientErrors: resubscribes > 0 ? { resubscribes } : {},
  };
}
