// WebSocket book benchmark: a server process streams one snapshot and N pre-encoded deltas per
// connection; each contender's book must end equal to the feed's final book. Interleaved rounds,
// one fresh connection per run; updates per second = N / elapsed; the median over rounds is reported.
// Run alone: node src/ws/bench.mjs  (prints the JSON result).

import { bookRounds } from "../lib/book-rounds.mjs";
import { forkWithDeadline, nextMessage } from "../lib/child.mjs";
import { round } from "../lib/stats.mjs";
import { ccxtPro, floor, sdk } from "./contenders.mjs";
import { LAST_TIMESTAMP } from "./feed.mjs";

const ROUNDS = Number(process.env.BENCH_WS_ROUNDS ?? 7);
const DELTAS = Number(process.env.BENCH_WS_DELTAS ?? 100_000);

/**
 * @param {{ name: string, run: (url: string, feed: { lastSeq: number, lastTimestamp: number }, port: number) => Promise<{ elapsedMs: number, top: { bids: [number, number][], asks: [number, number][] } }> }[]} contenders
 */
export async function runWs(contenders) {
  const { child, done } = forkWithDeadline(new URL("./server.mjs", import.meta.url), {
    args: [String(DELTAS)],
    timeoutMs: 280_000,
  });
  try {
    const ready = await nextMessage(child, "ready", 60_000);
    const url = `ws://127.0.0.1:${ready.port}/ws/v1`;
    const feed = { lastSeq: ready.lastSeq, lastTimestamp: LAST_TIMESTAMP(DELTAS) };
    const expected = {
      bids: ready.expected.bids.slice(0, 10),
      asks: ready.expected.asks.slice(0, 10),
    };
    const runs = Object.fromEntries(contenders.map((c) => [c.name, () => c.run(url, feed, ready.port)]));
    const out = await bookRounds(runs, expected, { rounds: ROUNDS, deltas: DELTAS, tag: "ws" });
    return { rounds: ROUNDS, deltasPerRun: DELTAS, feedBytes: ready.bytes, contenders: out };
  } finally {
    child.send({ type: "stop" });
    await done;
  }
}

export const WS_CONTENDERS = [
  { name: "sdk", run: sdk },
  { name: "floor", run: floor },
  { name: "ccxt", run: ccxtPro },
];

// Rounds helper for callers that want to print the figures.
export { round };

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await runWs(WS_CONTENDERS);
  if (process.send) process.send({ type: "result", result });
  else console.log(JSON.stringify(result, null, 2));
}
