// The rounds of the book benchmarks (v1 and UWS): contenders take turns in a rotating order, each
// run's final top 10 is checked against the feed's, round 0 is warm-up, and the median of the
// updates per second is reported with its spread.
import { median, rotation } from "./stats.mjs";

/** @param {[number, number][]} a @param {[number, number][]} b */
const sameLevels = (a, b) => a.length === b.length && a.every((l, i) => l[0] === b[i][0] && l[1] === b[i][1]);

/**
 * @param {Record<string, () => Promise<{ elapsedMs: number, top: { bids: [number, number][], asks: [number, number][] }, clientErrors?: Record<string, number> }>>} contenders
 * @param {{ bids: [number, number][], asks: [number, number][] }} expected the feed's top 10 a side
 * @param {{ rounds: number, deltas: number, tag: string }} options
 * @returns {Promise<Record<string, unknown>>} per contender: its figures, or the error that stopped it
 */
export async function bookRounds(contenders, expected, { rounds, deltas, tag }) {
  /** @type {Record<string, { error?: string, rates: number[], clientErrors?: Record<string, number> }>} */
  const results = Object.fromEntries(Object.keys(contenders).map((name) => [name, { rates: [] }]));
  // Round 0 is warm-up (JIT, first connection); it is run and checked but not counted.
  for (let r = 0; r <= rounds; r++) {
    for (const name of rotation(Object.keys(contenders), r)) {
      const result = results[name];
      if (result.error !== undefined) continue;
      try {
        const { elapsedMs, top, clientErrors } = await contenders[name]();
        if (!sameLevels(top.bids, expected.bids) || !sameLevels(top.asks, expected.asks)) {
          throw new Error(`final book differs from the feed's: ${JSON.stringify(top)}`);
        }
        if (r > 0) result.rates.push(deltas / (elapsedMs / 1000));
        if (clientErrors && Object.keys(clientErrors).length > 0) result.clientErrors = clientErrors;
      } catch (error) {
        result.error = String(/** @type {Error} */ (error)?.message ?? error);
        console.error(`[bench:${tag}] ${name} failed: ${result.error}`);
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
  return out;
}
