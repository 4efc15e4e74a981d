/**
 * The CLI as a user runs it (the built `dist/cli.js`; `pnpm test` builds first): `--backfill-hours`
 * gives a fresh mock hours of candles (issue 12, item 19), and a bad value is refused with the usage.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const CLI = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill();
});

/** Starts the CLI and resolves with its origin once it prints the listening line (or rejects on exit). */
function run(args: string[]): Promise<{ origin: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let out = "";
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ origin: m[1]!, child });
    });
    child.on("exit", (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
}

function exitOf(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "ignore", "pipe"] });
  children.push(child);
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, stderr })));
}

describe("CLI --backfill-hours", () => {
  it("serves an hour of 1m candles right after start", { timeout: 30_000 }, async () => {
    const { origin } = await run(["--port", "0", "--backfill-hours", "1"]);
    const from = Math.floor(Date.now() / 1_000) - 3_600;
    const res = await fetch(`${origin}/api/charts/v1/trade/PF_XBTUSD/1m?from=${from}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { candles: unknown[] };
    expect(body.candles.length).toBeGreaterThanOrEqual(59);
  });

  it("refuses a value that is not a number, with the usage", { timeout: 30_000 }, async () => {
    const { code, stderr } = await exitOf(["--port", "0", "--backfill-hours", "lots"]);
    expect(code).toBe(1);
    expect(stderr).toContain("--backfill-hours must be a non-negative number");
    expect(stderr).toContain("Usage:");
  });
});
