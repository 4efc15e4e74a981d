// The package's command must be linkable when the package is installed from the workspace before any
// build (pnpm install links every bin and warned "Failed to create bin" when it pointed into dist/).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const packageDir = fileURLToPath(new URL("../..", import.meta.url));
const pkg = JSON.parse(readFileSync(`${packageDir}/package.json`, "utf8")) as {
  bin: Record<string, string>;
  files: string[];
};

function tracked(path: string): boolean {
  const out = execFileSync("git", ["ls-files", "--", path], { cwd: packageDir, encoding: "utf8" });
  return out.trim() !== "";
}

describe("the kraken-futures-mock command", () => {
  const target = pkg.bin["kraken-futures-mock"]!;

  it("is a committed file with a Node shebang, outside dist/, and published", () => {
    expect(target.replace(/^\.\//, "").startsWith("dist/")).toBe(false);
    expect(tracked(target)).toBe(true);
    expect(readFileSync(`${packageDir}/${target}`, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
    expect(pkg.files).toContain(target.replace(/^\.\//, "").split("/")[0]);
  });

  it("runs the built CLI", () => {
    const out = execFileSync(process.execPath, [`${packageDir}/${target}`, "--help"], { encoding: "utf8" });
    expect(out).toContain("Usage: kraken-futures-mock");
  });
});
