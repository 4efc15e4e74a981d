// WebSocket book benchmark: a server process streams one snapshot and N pre-encoded deltas per
// connection; each contender's book must end equal to the feed's final book. Interleaved rounds,
// one fresh connection per run; updates per second = N / elapsed; the median over rounds is reported.
// Run alone: node src/ws/bench.mjs  (prints the JSON result).
import { forkWithDeadline, nextMessage } from "../lib/child.mjs";
import { median, rotation, round } from "../lib/stats.mjs";
import { ccxtPro, floor, sdk } from "./contenders.mjs";
import { LAST_TIMESTAMP } from "./feed.mjs";

const ROUNDS = Number(process.env.BENCH_WS_ROUNDS ?? 7);
const DELTAS = Number(process.env.BENCH_WS_DELTAS ?? 100_000);

/** @param {[number, number][]} a @param {[number, number][]} b */
function sameLevels(a, b) {
  return a.length === b.length && a.every((level, i) => level[0] === b[i][0] && level[1] === b[i][1]);
}

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
    /** @type {Record<string, { error?: string, rates: number[], clientErrors?: Record<string, number> }>} */
    const results = Object.fromEntries(contenders.map((c) => [c.name, { rates: [] }]));
    const byName = new Map(contenders.map((c) => [c.name, c]));
    // Round 0 is warm-up (JIT, first connection); it is run and checked but not counted.
    for (let r = 0; r <= ROUNDS; r++) {
      for (const name of rotation([...byName.keys()], r)) {
        const result = results[name];
        if (result.error !== undefined) continue;
        try {
          const { elapsedMs, top, clientErrors } = await /** @type {any} */ (byName.get(name)).run(
            url,
            feed,
            ready.port,
          );
          if (!sameLevels(top.bids, expected.bids) || !sameLevels(top.asks, expected.asks)) {
            throw new Error(`final book differs from the feed's: ${JSON.stringify(top)}`);
          }
          if (r > 0) result.rates.push(DELTAS / (elapsedMs / 1000));
          if (clientErrors && Object.keys(clientErrors).length > 0) result.clientErrors = clientErrors;
        } catch (error) {
          result.error = String(/** @type {Error} */ (error)?.message ?? error);
          console.error(`[bench:ws] ${name} failed: ${result.error}`);
        }
      }
    }
    /** @type {Record<string, unknown>} */
    const out = {};
    for (const [name, result] of Object.entries(results)) {
      out[name] =
        result.error !== undefined
          ? { error: result.error }
          : {
              updatesPerSecond: Math.round(median(result.rates)),
              minUpdatesPerSecond: Math.round(Math.min(...result.rates)),
              maxUpdatesPerSecond: Math.round(Math.max(...result.rates)),
              runs: result.rates.length,
              ...(result.clientErrors ? { clientErrorsPerRun: result.clientErrors } : {}),
            };
    }
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
