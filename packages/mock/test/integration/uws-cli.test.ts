/**
 * The CLI as a user runs it (the built `dist/cli.js`): `--uws-fault corrupt-checksum` reaches the served
 * book, whose checksums the test's own CRC32 then refuses, and the armed faults are printed.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { ReplayedBook, UwsClient } from "./uws-helpers.js";

const CLI = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill();
});

function run(args: string[]): Promise<{ out: string; publicUrl: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let out = "";
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /UWS:\s+(ws:\/\/\S+),/.exec(out);
      if (m && out.includes("Press Ctrl+C")) resolve({ out, publicUrl: m[1]! });
    });
    child.on("exit", (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
}

describe("CLI --uws-fault", () => {
  it("corrupt-checksum: the served book's checksums fail", { timeout: 30_000 }, async () => {
    const { out, publicUrl } = await run(["--port", "0", "--uws-fault", "corrupt-checksum"]);
    expect(out).toContain("UWS faults:  corruptChecksum=true");
    const c = await UwsClient.open(publicUrl);
    try {
      await c.call("subscribe", { channel: "book", asset_class: "derivatives", symbol: ["PF_XBTUSD"] });
      await c.barrier();
      const replay = new ReplayedBook(10);
      for (const t of c.texts.filter((x) => JSON.parse(x).channel === "book")) replay.apply(t);
      expect(replay.checked).toBeGreaterThan(0);
      expect(replay.mismatches).toHaveLength(replay.checked);
    } finally {
      await c.close();
    }
  });
});
