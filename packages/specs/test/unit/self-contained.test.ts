// A clone has no reference folder beside it (../shared): no test, script or package source may read one.
// The seed's facts the tests need are committed fixtures; only the script that writes them reads it.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const repoRoot = fileURLToPath(new URL("../../../..", import.meta.url));
const FOLDERS = ["packages", "consumers", "bench", "examples", "scripts", ".ci"];
const SKIP_DIRS = new Set(["node_modules", "dist", "out", ".turbo", "fixtures"]);
const WRITER = "scripts/extract-seed-fixtures.mjs";
// A path that climbs out of the repository into the reference folder, or names its seeds.
const READS_SHARED = /\.\.\/shared\b|["'`/]shared\/(?:seeds|reference)\//;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIP_DIRS.has(entry.name) ? [] : sources(path);
    return /\.(?:[cm]?[jt]s|sh|json)$|^run$/.test(entry.name) ? [path] : [];
  });
}

describe("the repository is self-contained", () => {
  it("reads nothing from a reference folder beside the checkout", () => {
    const offenders = FOLDERS.flatMap((folder) => sources(join(repoRoot, folder)))
      .map((file) => relative(repoRoot, file))
      .filter((file) => file !== WRITER && !file.endsWith("self-contained.test.ts"))
      .filter((file) =>
        readFileSync(join(repoRoot, file), "utf8")
          .split("\n")
          .some((line) => READS_SHARED.test(line) && !/^\s*(\/\/|\*|\/\*\*)/.test(line)),
      );
    expect(offenders).toEqual([]);
  });
});
