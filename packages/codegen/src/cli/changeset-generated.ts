// `pnpm changeset:generated`: writes one patch changeset (.changeset/generated-<dir>.md) for each published
// package whose generated output differs from git HEAD, and prints the report of what changed.
// With `--report` (what `pnpm generate` runs after regenerating) it only prints the report, so a spec
// edit shows at once which packages a release will bump.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { changedOutputs, changesetFor, type HashMap, reportLines } from "../output-report.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "../../../..");
const git = (args: string[]): string => execFileSync("git", args, { cwd: root, encoding: "utf8" });

/** Blob hash of every generated file, at HEAD or (with `worktree`) as the files are now. */
function hashes(worktree: boolean): HashMap {
  const out: Record<string, string> = {};
  if (!worktree) {
    for (const line of git(["ls-tree", "-r", "HEAD", "--", "packages"]).split("\n")) {
      const [meta, path] = line.split("\t");
      if (path?.includes("/src/generated/")) out[path] = meta?.split(" ")[2] ?? "";
    }
    return out;
  }
  const files = git([
    "ls-files",
    "--cached",
    "--others",
    "--exclude-standard",
    "--",
    "packages/*/src/generated/*",
  ])
    .split("\n")
    .filter(Boolean);
  if (files.length === 0) return out;
  const blobs = git(["hash-object", "--", ...files])
    .trim()
    .split("\n");
  files.forEach((file, i) => {
    out[file] = blobs[i] ?? "";
  });
  return out;
}

const changed = changedOutputs(hashes(false), hashes(true));
for (const line of reportLines(changed)) console.log(line);
const writeChangesets = !process.argv.includes("--report");
for (const [dir, files] of writeChangesets ? changed : []) {
  const pkg = JSON.parse(readFileSync(join(root, "packages", dir, "package.json"), "utf8")) as {
    name: string;
    private?: boolean;
  };
  if (pkg.private) continue;
  const file = join(root, ".changeset", `generated-${dir}.md`);
  writeFileSync(file, changesetFor(pkg.name, files));
  console.log(`wrote .changeset/generated-${dir}.md`);
}
