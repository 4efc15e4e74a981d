// The three book contenders. Each `run(url, feed)` connects, subscribes to `book` for one product,
// and resolves when the delta with the feed's last seq has been applied to its book, with the elapsed
// time (from just before connecting) and the book's top levels, which the caller checks against the
// feed's known final book. The same clock start for all: connecting and subscribing are inside the
// window for everyone, a constant cost of about a millisecond against the hundreds the deltas take.
import { performance } from "node:perf_hooks";
import WebSocket from "ws";
import { PRODUCT_ID } from "../lib/fixtures.mjs";

const DEPTH = 10;
const STALL_MS = 20_000;

/**
 * @typedef {{ elapsedMs: number, top: { bids: [number, number][], asks: [number, number][] },
 *   clientErrors?: Record<string, number> }} RunResult
 * @typedef {{ lastSeq: number, lastTimestamp: number }} FeedInfo
 */

/** Rejects if `promise` has not settled within STALL_MS, so a contender that stops applying fails. */
function withStall(/** @type {Promise<any>} */ promise, /** @type {() => void} */ onStall) {
  /** @type {NodeJS.Timeout} */
  let timer;
  const stall = new Promise((_, reject) => {
    timer = setTimeout(() => {
      onStall();
      reject(new Error(`no final update within ${STALL_MS} ms`));
    }, STALL_MS);
  });
  return Promise.race([promise, stall]).finally(() => clearTimeout(timer));
}

/**
 * The floor: the `ws` package, JSON.parse, and one Map per side. No sorting, no sequence check: the
 * least work that still keeps a book; the top levels are sorted once, after the clock stops.
 * @param {string} url @param {FeedInfo} feed @returns {Promise<RunResult>}
 */
export function floor(url, feed) {
  const start = performance.now();
  const socket = new WebSocket(url, { perMessageDeflate: false });
  /** @type {Map<number, number>} */ const bids = new Map();
  /** @type {Map<number, number>} */ const asks = new Map();
  const finished = new Promise((resolve, reject) => {
    socket.on("open", () => {
      socket.send(JSON.stringify({ event: "subscribe", feed: "book", product_ids: [PRODUCT_ID] }));
    });
    socket.on("error", reject);
    socket.on("message", (data) => {
      const message = JSON.parse(/** @type {Buffer} */ (data).toString());
      if (message.feed === "book") {
        const side = message.side === "buy" ? bids : asks;
        if (message.qty === 0) side.delete(message.price);
        else side.set(message.price, message.qty);
        if (message.seq === feed.lastSeq) resolve(performance.now() - start);
      } else if (message.feed === "book_snapshot") {
        bids.clear();
        asks.clear();
        for (const level of message.bids) bids.set(level.price, level.qty);
        for (const level of message.asks) asks.set(level.price, level.qty);
      }
    });
  });
  return withStall(finished, () => socket.terminate()).then((elapsedMs) => {
    socket.terminate();
    return {
      elapsedMs,
      top: {
        bids: [...bids].sort((a, b) => b[0] - a[0]).slice(0, DEPTH),
        asks: [...asks].sort((a, b) => a[0] - b[0]).slice(0, DEPTH),
      },
    };
  });
}

/**
 * The peer: ccxt pro's krakenfutures `watchOrderBook`, consumed the way its docs show (await in a
 * loop). ccxt applies every message as it arrives and resolves the pending promise; the loop ends when
 * the book's timestamp is the last delta's (the feed's timestamps grow by one per delta). Markets are
 * loaded from the loopback server before the clock starts.
 * @param {string} url @param {FeedInfo} feed @param {number} port @returns {Promise<RunResult>}
 */
export async function ccxtPro(url, feed, port) {
  const { default: ccxt } = await import("ccxt");
  const origin = `http://127.0.0.1:${port}`;
  const exchange = new ccxt.pro.krakenfutures({
    urls: {
      api: {
        ws: url,
        public: `${origin}/derivatives/api/`,
        private: `${origin}/derivatives/api/`,
        charts: `${origin}/api/charts/`,
        history: `${origin}/api/history/`,
        feeschedules: `${origin}/api/feeschedules/`,
      },
    },
  });
  // ccxt needs this once before it opens a plain ws:// (non-TLS) connection, as its error says.
  await exchange.loadHttpProxyAgent();
  await exchange.loadMarkets();
  const symbol = exchange.safeSymbol(PRODUCT_ID);
  let stalled = false;
  const start = performance.now();
  const loop = (async () => {
    for (;;) {
      const book = await exchange.watchOrderBook(symbol);
      if (book.timestamp === feed.lastTimestamp) return { elapsedMs: performance.now() - start, book };
      if (stalled) throw new Error("stalled");
    }
  })();
  try {
    const { elapsedMs, book } = await withStall(loop, () => {
      stalled = true;
    });
    return {
      elapsedMs,
      top: {
        bids: book.bids.slice(0, DEPTH).map((/** @type {number[]} */ l) => [l[0], l[1]]),
        asks: book.asks.slice(0, DEPTH).map((/** @type {number[]} */ l) => [l[0], l[1]]),
      },
    };
  } finally {
    await exchange.close();
  }
}

/**
 * This SDK: `@kraken-futures/ws` with the `ws` package as its WebSocket (as its README says for Node 20),
 * `client.book(productId)`: a sequence-checked book with sorted levels. The clock stops in the book's
 * update listener when the book's seq is the feed's last.
 * @param {string} url @param {FeedInfo} feed @returns {Promise<RunResult>}
 */
export async function sdk(url, feed) {
  const { createWsClient } = await import("@kraken-futures/ws");
  const { host, pathname } = new URL(url);
  const start = performance.now();
  const client = createWsClient({
    origin: `http://${host}`,
    path: pathname,
    WebSocket: /** @type {any} */ (WebSocket),
    reconnect: { maxAttempts: 0 },
  });
  // Errors the client reports but survives (a dropped frame) do not end the run; they are counted and
  // reported, and the final book is checked against the feed's in any case.
  /** @type {Map<string, number>} */
  const errors = new Map();
  client.on("error", (error) => {
    const text = error.cause ? `${error.message}: ${String(error.cause)}` : error.message;
    errors.set(text, (errors.get(text) ?? 0) + 1);
  });
  const handle = client.book(PRODUCT_ID);
  try {
    const elapsedMs = await withStall(
      new Promise((resolve) => {
        handle.onUpdate((book) => {
          if (book.seq === feed.lastSeq) resolve(performance.now() - start);
        });
      }),
      () => client.close(),
    );
    const level = (/** @type {{ price: number, qty: number }} */ l) =>
      /** @type {[number, number]} */ ([l.price, l.qty]);
    return {
      elapsedMs,
      top: { bids: handle.bids(DEPTH).map(level), asks: handle.asks(DEPTH).map(level) },
      clientErrors: Object.fromEntries(errors),
    };
  } finally {
    client.close();
  }
}
