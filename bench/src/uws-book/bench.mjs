// UWS book benchmark: UWS `book` frames applied WITH checksum verification (this SDK's decoder + book
// view) against the floor (`ws` + JSON.parse + a Map, no verification) on the same UWS feed, and against
// ccxt pro's v1 book (the peer has no UWS client) on the v1 feed of the very same level changes. Two
// feed servers, each in its own process; interleaved rounds, one fresh connection per run; updates per
// second = N / elapsed, median over rounds. Every contender's final top 10 must equal the feed's.
// Run alone: node src/uws-book/bench.mjs  (prints the JSON result).

import { bookRounds } from "../lib/book-rounds.mjs";
import { forkWithDeadline, nextMessage } from "../lib/child.mjs";
import { ccxtPro } from "../ws/contenders.mjs";
import { LAST_TIMESTAMP } from "../ws/feed.mjs";
import { floor, sdk } from "./contenders.mjs";

const ROUNDS = Number(process.env.BENCH_UWS_BOOK_ROUNDS ?? 7);
const DELTAS = Number(process.env.BENCH_UWS_BOOK_DELTAS ?? 100_000);

/** Starts one feed server; resolves to its ready message and a stop function. @param {string} kind */
async function startServer(kind) {
  const { child, done } = forkWithDeadline(new URL("../ws/server.mjs", import.meta.url), {
    args: [String(DELTAS), kind],
    timeoutMs: 280_000,
  });
  const ready = await nextMessage(child, "ready", 60_000);
  return {
    ready,
    stop: async () => {
      child.send({ type: "stop" });
      await done;
    },
  };
}

/** @param {{ ready: any }} server @param {string} path */
const urlOf = (server, path) => `ws://127.0.0.1:${server.ready.port}${path}`;

export async function runUwsBook() {
  const uws = await startServer("uws");
  const v1 = await startServer("v1");
  try {
    const expected = {
      bids: uws.ready.expected.bids.slice(0, 10),
      asks: uws.ready.expected.asks.slice(0, 10),
    };
    const uwsFeed = { lastTimestamp: uws.ready.lastTimestamp };
    const v1Feed = { lastSeq: v1.ready.lastSeq, lastTimestamp: LAST_TIMESTAMP(DELTAS) };
    /** @type {Record<string, () => Promise<any>>} */
    const contenders = {
      sdk: () => sdk(urlOf(uws, "/v2/public"), uwsFeed),
      floor: () => floor(urlOf(uws, "/v2/public"), uwsFeed),
      ccxt: () => ccxtPro(urlOf(v1, "/ws/v1"), v1Feed, v1.ready.port),
    };
    const out = await bookRounds(contenders, expected, { rounds: ROUNDS, deltas: DELTAS, tag: "uws-book" });
    return {
      rounds: ROUNDS,
      deltasPerRun: DELTAS,
      depth: 100,
      feedBytes: { uws: uws.ready.bytes, v1: v1.ready.bytes },
      contenders: out,
    };
  } finally {
    await uws.stop();
    await v1.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await runUwsBook();
  if (process.send) process.send({ type: "result", result });
  else console.log(JSON.stringify(result, null, 2));
}
