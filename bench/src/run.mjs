// `pnpm bench`: runs every benchmark, one after the other, each in its own forked Node process (so
// that one benchmark's JIT state, heap and open sockets cannot colour the next), then writes
// results/latest.json and results/latest.md and prints the table and the ratios.
// Every child has a deadline and every server exits with its parent: the run always ends by itself.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { forkWithDeadline, nextMessage } from "./lib/child.mjs";
import { renderMarkdown, summarize } from "./report.mjs";

const BENCHMARKS = [
  { name: "size", script: "./size/build.mjs", timeoutMs: 60_000 },
  { name: "sign", script: "./sign/bench.mjs", timeoutMs: 60_000 },
  { name: "rest", script: "./rest/bench.mjs", timeoutMs: 120_000 },
  { name: "ws", script: "./ws/bench.mjs", timeoutMs: 120_000 },
  { name: "uws-order", script: "./uws-order/bench.mjs", timeoutMs: 120_000 },
  { name: "uws-book", script: "./uws-book/bench.mjs", timeoutMs: 150_000 },
  { name: "startup", script: "./startup/bench.mjs", timeoutMs: 180_000 },
];

function machine() {
  let cpuModel = cpus()[0]?.model ?? "unknown";
  try {
    const line = readFileSync("/proc/cpuinfo", "utf8")
      .split("\n")
      .find((l) => l.startsWith("model name"));
    if (line) cpuModel = line.split(":")[1].trim();
  } catch {}
  let nproc = cpus().length;
  try {
    nproc = Number(execFileSync("nproc", { encoding: "utf8" }).trim());
  } catch {}
  return {
    date: new Date().toISOString(),
    node: process.version,
    nproc,
    cpuModel,
    platform: `${process.platform} ${process.arch}`,
    loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

const only = process.argv.slice(2);
const started = performance.now();
const info = machine();
/** @type {Record<string, any>} */
const raw = {};
for (const benchmark of BENCHMARKS) {
  if (only.length > 0 && !only.includes(benchmark.name)) continue;
  const t0 = performance.now();
  console.error(`[bench] ${benchmark.name}…`);
  const { child, done } = forkWithDeadline(new URL(benchmark.script, import.meta.url), {
    timeoutMs: benchmark.timeoutMs,
  });
  try {
    raw[benchmark.name] = (await nextMessage(child, "result", benchmark.timeoutMs)).result;
  } catch (error) {
    raw[benchmark.name] = { error: String(/** @type {Error} */ (error).message) };
    child.kill("SIGKILL");
  }
  await done;
  console.error(`[bench] ${benchmark.name} done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
const totalSeconds = Math.round((performance.now() - started) / 100) / 10;
const summary = summarize(raw);
const report = { machine: { ...info, totalSeconds }, summary, raw };

const resultsDir = new URL("../results/", import.meta.url);
mkdirSync(resultsDir, { recursive: true });
const markdown = renderMarkdown(report);
if (only.length === 0) {
  writeFileSync(new URL("latest.json", resultsDir), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(new URL("latest.md", resultsDir), markdown);
}
console.log(markdown);
