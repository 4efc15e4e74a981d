// add_order -> acknowledgement round trips on the Unified WebSocket: this SDK's client against a
// hand-written `ws` floor (both on the bench's own UWS stand-in, a separate process), and this SDK's
// signed REST `sendorder` round trip (on the REST benchmark's server) for comparison. Interleaved rounds
// of sequential calls, every call timed on its own.
// Run alone: node src/uws-order/bench.mjs  (prints the JSON result).
import { performance } from "node:perf_hooks";
import { forkWithDeadline, nextMessage } from "../lib/child.mjs";
import { median, quantile, rotation, round } from "../lib/stats.mjs";
import { sdk as restSdk } from "../rest/contenders.mjs";
import { floor, sdk } from "./contenders.mjs";

const ROUNDS = Number(process.env.BENCH_UWS_ROUNDS ?? 20);
const CALLS = Number(process.env.BENCH_UWS_CALLS ?? 200);
const WARMUP = Number(process.env.BENCH_UWS_WARMUP ?? 500);

/** Forks a server script and waits for its port. @param {string} script */
async function server(script) {
  const forked = forkWithDeadline(new URL(script, import.meta.url), { timeoutMs: 280_000 });
  const { port } = await nextMessage(forked.child, "ready");
  return { ...forked, port };
}

export async function runUwsOrder() {
  const uws = await server("./server.mjs");
  const rest = await server("../rest/server.mjs");
  try {
    const contenders = [
      { name: "sdk uws addOrder", make: () => sdk(uws.port) },
      { name: "ws floor", make: () => floor(uws.port) },
      { name: "sdk rest sendorder", make: () => restSdk(rest.port) },
    ];
    /** @type {Map<string, { call: () => Promise<unknown>, close: () => Promise<void> }>} */
    const live = new Map();
    /** @type {Record<string, { samples: number[], roundMedians: number[], roundCpu: number[], error?: string }>} */
    const results = {};
    for (const c of contenders) {
      results[c.name] = { samples: [], roundMedians: [], roundCpu: [] };
      try {
        const instance = await c.make();
        for (let i = 0; i < WARMUP; i++) await instance.call();
        live.set(c.name, instance);
      } catch (error) {
        results[c.name].error = String(/** @type {Error} */ (error)?.stack ?? error);
        console.error(`[bench:uws-order] ${c.name} skipped: ${results[c.name].error}`);
      }
    }
    const names = [...live.keys()];
    for (let r = 0; r < ROUNDS; r++) {
      for (const name of rotation(names, r)) {
        const instance = /** @type {{ call: () => Promise<unknown> }} */ (live.get(name));
        const samples = new Array(CALLS);
        const cpuBefore = process.cpuUsage();
        for (let i = 0; i < CALLS; i++) {
          const start = performance.now();
          await instance.call();
          samples[i] = (performance.now() - start) * 1000;
        }
        const cpu = process.cpuUsage(cpuBefore);
        results[name].roundCpu.push((cpu.user + cpu.system) / CALLS);
        results[name].samples.push(...samples);
        results[name].roundMedians.push(median(samples));
      }
    }
    for (const instance of live.values()) await instance.close();
    /** @type {Record<string, unknown>} */
    const out = {};
    for (const [name, r] of Object.entries(results)) {
      out[name] = r.error
        ? { error: r.error.split("\n")[0] }
        : {
            medianUs: round(median(r.samples), 1),
            p90Us: round(quantile(r.samples, 0.9), 1),
            p99Us: round(quantile(r.samples, 0.99), 1),
            roundMedianMinUs: round(Math.min(...r.roundMedians), 1),
            roundMedianMaxUs: round(Math.max(...r.roundMedians), 1),
            // Client process CPU per call (median over rounds): steadier than wall time on a busy host.
            clientCpuUs: round(median(r.roundCpu), 1),
            calls: r.samples.length,
          };
    }
    return { rounds: ROUNDS, callsPerRound: CALLS, warmup: WARMUP, contenders: out };
  } finally {
    for (const s of [uws, rest]) s.child.send({ type: "stop" });
    await Promise.all([uws.done, rest.done]);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await runUwsOrder();
  if (process.send) process.send({ type: "result", result });
  else console.log(JSON.stringify(result, null, 2));
}
