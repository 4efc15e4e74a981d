// Start-up benchmark: the wall time of a fresh `node` process that imports one package and exits,
// against `node -e 0`, and its peak resident memory. Every target is spawned SAMPLES times,
// interleaved (one of each in turn), and the medians are reported.
//
// Time comes from the exact command (nothing added). Peak RSS and CPU time come from a second spawn of
// the same command with one statement added that prints `process.resourceUsage()`'s maxRSS and CPU
// times at exit; the bare baseline gets the same statement, so the printing costs the same everywhere.
import { spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { median, rotation, round } from "../lib/stats.mjs";

const SAMPLES = Number(process.env.BENCH_STARTUP_SAMPLES ?? 15);
// Bare specifiers in `--input-type=module -e` resolve from the working directory: bench/.
const cwd = fileURLToPath(new URL("../..", import.meta.url));
const PRINT_RSS = `process.on("exit",()=>{const u=process.resourceUsage();process.stdout.write(u.maxRSS+" "+(u.userCPUTime+u.systemCPUTime))});`;

/** @typedef {{ name: string, args: string[], rssArgs: string[] }} Target */

/** @param {string[]} specifiers @returns {Target} */
function importing(name, specifiers) {
  const code = specifiers.map((s) => `await import(${JSON.stringify(s)});`).join("");
  return {
    name,
    args: ["--input-type=module", "-e", code],
    rssArgs: ["--input-type=module", "-e", PRINT_RSS + code],
  };
}

/** @type {Target[]} */
export const STARTUP_TARGETS = [
  { name: "bare node", args: ["-e", "0"], rssArgs: ["-e", `${PRINT_RSS}0`] },
  // Not a target, a reference: what the ES module loader itself adds before any package is imported.
  {
    name: "bare node (ESM eval)",
    args: ["--input-type=module", "-e", "0"],
    rssArgs: ["--input-type=module", "-e", `${PRINT_RSS}0`],
  },
  importing("auth", ["@kraken-futures/auth"]),
  importing("rest", ["@kraken-futures/rest"]),
  importing("rest + auth", ["@kraken-futures/rest", "@kraken-futures/auth"]),
  importing("ws", ["@kraken-futures/ws"]),
  importing("ccxt", ["ccxt"]),
];

/** @param {string[]} args */
function spawnNode(args) {
  const start = performance.now();
  const child = spawnSync(process.execPath, args, { cwd, encoding: "utf8", timeout: 30_000 });
  const elapsedMs = performance.now() - start;
  if (child.status !== 0) {
    const reason = child.stderr.split("\n").find((line) => /Error/.test(line)) ?? child.stderr.split("\n")[0];
    throw new Error(`node ${args.join(" ")} exited ${child.status}: ${reason}`);
  }
  return { elapsedMs, stdout: child.stdout };
}

/** @param {Target[]} targets */
export function runStartup(targets) {
  /** @type {Record<string, { error?: string, times: number[], rss: number[], cpu: number[] }>} */
  const results = Object.fromEntries(targets.map((t) => [t.name, { times: [], rss: [], cpu: [] }]));
  // One unmeasured spawn each: fills the OS file cache, as it is for any user after the first run.
  for (const target of targets) {
    try {
      spawnNode(target.args);
    } catch (error) {
      results[target.name].error = String(/** @type {Error} */ (error).message);
      console.error(`[bench:startup] ${target.name} skipped: ${results[target.name].error}`);
    }
  }
  const live = targets.filter((t) => results[t.name].error === undefined);
  for (let i = 0; i < SAMPLES; i++) {
    for (const target of rotation(live, i)) {
      results[target.name].times.push(spawnNode(target.args).elapsedMs);
      const [maxRssKiB, cpuUs] = spawnNode(target.rssArgs).stdout.split(" ").map(Number);
      results[target.name].rss.push(maxRssKiB / 1024);
      results[target.name].cpu.push(cpuUs / 1000);
    }
  }
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const [name, result] of Object.entries(results)) {
    out[name] =
      result.error !== undefined
        ? { error: result.error }
        : {
            medianMs: round(median(result.times), 1),
            peakRssMiB: round(median(result.rss), 1),
            // CPU time (user + system, all threads) of the process: less sensitive than wall time to
            // other load on the machine.
            cpuMs: round(median(result.cpu), 1),
          };
  }
  return { samples: SAMPLES, contenders: out };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = runStartup(STARTUP_TARGETS);
  if (process.send) process.send({ type: "result", result });
  else console.log(JSON.stringify(result, null, 2));
}
