// What the published tarball holds: npm's own file list (`npm pack --dry-run`), which is what users get.
// Build leftovers (the bundler's scratch file, anything hidden) must not ship.
import { execFileSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const packageDir = fileURLToPath(new URL("../..", import.meta.url));
const PUBLISHED =
  /^(package\.json|README\.md|LICENSE|dist\/[\w.-]+\.(json|yaml|js|d\.ts|js\.map|d\.ts\.map))$/;

function packedFiles(): string[] {
  const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
    cwd: packageDir,
    encoding: "utf8",
    env: { ...process.env, npm_config_loglevel: "error" },
  });
  return (JSON.parse(out) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((f) => f.path);
}

// npm pack takes seconds on a loaded machine.
describe("the @kraken-futures/specs tarball", { timeout: 30_000 }, () => {
  it("holds the bundled documents, the module and its docs, and nothing hidden or temporary", () => {
    const files = packedFiles();
    expect(files).toContain("dist/trading.openapi.json");
    expect(files).toContain("dist/manifest.json");
    expect(files).toContain("dist/index.js");
    const unexpected = files.filter(
      (f) => f.split("/").some((part) => part.startsWith(".")) || /\.tmp(\.|$)/.test(f) || !PUBLISHED.test(f),
    );
    expect(unexpected).toEqual([]);
  });
  it("leaves out a module an earlier build left in dist/ (files lists what ships, not a folder)", () => {
    // dist/ is not emptied between builds: a module removed from src/ (rate-limit.js, once) stays there.
    const stale = join(packageDir, "dist", "stale-leftover.js");
    writeFileSync(stale, "export {};\n");
    try {
      expect(packedFiles()).not.toContain("dist/stale-leftover.js");
    } finally {
      rmSync(stale, { force: true });
    }
  });
});
