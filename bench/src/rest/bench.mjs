// REST benchmark: signed sendorder round trips against one loopback server (a separate process),
// interleaved rounds of sequential calls per contender, every call timed on its own.
// Run alone: node src/rest/bench.mjs  (prints the JSON result).
import { performance } from "node:perf_hooks";
import { forkWithDeadline, nextMessage } from "../lib/child.mjs";
import { median, quantile, rotation, round } from "../lib/stats.mjs";
import { ccxtRaw, concurrent, floor, sdk, sdkValidated } from "./contenders.mjs";

const ROUNDS = Number(process.env.BENCH_REST_ROUNDS ?? 20);
const CALLS = Number(process.env.BENCH_REST_CALLS ?? 200);
const WARMUP = Number(process.env.BENCH_REST_WARMUP ?? 500);

/**
 * Sends a message to the server process and waits for its answer of type `reply`.
 * @param {import("node:child_process").ChildProcess} child @param {object} message @param {string} reply
 */
function ask(child, message, reply) {
  const answer = nextMessage(child, reply);
  child.send(message);
  return answer;
}

/**
 * @param {{ name: string, burst?: number, make: (port: number) => Promise<{ call: () => Promise<unknown>, close: () => Promise<void> }> | { call: () => Promise<unknown>, close: () => Promise<void> } }[]} contenders
 *   `burst`: requests per `call()` (a concurrent contender); its warm-up and rounds make as many
 *   requests as a sequential contender's, in `call()`s of `burst` requests each
 */
export async function runRest(contenders) {
  const { child, done } = forkWithDeadline(new URL("./server.mjs", import.meta.url), { timeoutMs: 280_000 });
  try {
    const { port } = await nextMessage(child, "ready");
    /** @type {Map<string, { call: () => Promise<unknown>, close: () => Promise<void> }>} */
    const live = new Map();
    /** @type {Record<string, { error?: string, signatures?: unknown, samples: number[], roundMedians: number[], roundCpu: number[] }>} */
    const results = {};
    /** @type {Map<string, number>} */
    const bursts = new Map(contenders.map((c) => [c.name, c.burst ?? 1]));
    for (const contender of contenders) {
      results[contender.name] = { samples: [], roundMedians: [], roundCpu: [] };
      const burst = bursts.get(contender.name) ?? 1;
      try {
        const instance = await contender.make(port);
        // Warm-up with the server checking every signature: a contender that signs wrongly is reported.
        await ask(child, { type: "verify", on: true }, "verify-ack");
        await ask(child, { type: "counts" }, "counts");
        for (let i = 0; i < Math.ceil(WARMUP / burst); i++) await instance.call();
        const { counts } = await ask(child, { type: "counts" }, "counts");
        results[contender.name].signatures = counts;
        if (counts.badSignature > 0) throw new Error(`${counts.badSignature} requests carried a bad Authent`);
        live.set(contender.name, instance);
      } catch (error) {
        results[contender.name].error = String(/** @type {Error} */ (error)?.stack ?? error);
        console.error(`[bench:rest] ${contender.name} skipped: ${results[contender.name].error}`);
      }
    }
    await ask(child, { type: "verify", on: false }, "verify-ack");

    const names = [...live.keys()];
    for (let r = 0; r < ROUNDS; r++) {
      for (const name of rotation(names, r)) {
        const instance = /** @type {{ call: () => Promise<unknown> }} */ (live.get(name));
        const calls = Math.ceil(CALLS / (bursts.get(name) ?? 1));
        const round = new Float64Array(calls);
        const cpuBefore = process.cpuUsage();
        for (let i = 0; i < calls; i++) {
          const start = performance.now();
          await instance.call();
          round[i] = (performance.now() - start) * 1000;
        }
        const cpu = process.cpuUsage(cpuBefore);
        results[name].roundCpu.push((cpu.user + cpu.system) / calls);
        const samples = Array.from(round);
        results[name].samples.push(...samples);
        results[name].roundMedians.push(median(samples));
      }
    }
    for (const instance of live.values()) await instance.close();

    /** @type {Record<string, unknown>} */
    const out = {};
    for (const [name, result] of Object.entries(results)) {
      if (result.error !== undefined) {
        out[name] = { error: result.error.split("\n")[0] };
        continue;
      }
      out[name] = {
        medianUs: round(median(result.samples), 1),
        p90Us: round(quantile(result.samples, 0.9), 1),
        p99Us: round(quantile(result.samples, 0.99), 1),
        roundMedianMinUs: round(Math.min(...result.roundMedians), 1),
        roundMedianMaxUs: round(Math.max(...result.roundMedians), 1),
        // Client process CPU (user + system) per call, median over rounds: less sensitive than wall
        // time to other load on the machine, and it shows where a client spends its own work.
        clientCpuUs: round(median(result.roundCpu), 1),
        calls: result.samples.length,
        // A concurrent contender's figures are per burst of this many requests.
        requestsPerCall: bursts.get(name) ?? 1,
        warmupSignatures: result.signatures,
      };
    }
    return { rounds: ROUNDS, callsPerRound: CALLS, warmup: WARMUP, contenders: out };
  } finally {
    child.send({ type: "stop" });
    await done;
  }
}

export const REST_CONTENDERS = [
  { name: "sdk", make: sdk },
  { name: "floor", make: floor },
  { name: "ccxt", make: ccxtRaw },
  { name: "sdk + validation", make: sdkValidated },
  // Bursts of 20 concurrent sendorders of one key: the SDK (which keeps arrival order = nonce order)
  // against a floor that spreads them over 16 sockets and lets them arrive in any order (the
  // server's `outOfOrder` count in `warmupSignatures` shows it).
  { name: "sdk ×20 concurrent", burst: 20, make: concurrent(sdk, 20) },
  { name: "floor ×20 concurrent", burst: 20, make: concurrent((port) => floor(port, 16), 20) },
];

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await runRest(REST_CONTENDERS);
  if (process.send) process.send({ type: "result", result });
  else console.log(JSON.stringify(result, null, 2));
}
