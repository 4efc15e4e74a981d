// Publishing hygiene of every public package: publint, and attw on the packed tarball (ESM-only).
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => join(root, "node_modules/.bin", name);
let failed = 0;
for (const d of readdirSync(join(root, "packages"))) {
  const dir = join(root, "packages", d);
  if (!existsSync(join(dir, "package.json"))) continue;
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  if (pkg.private) continue;
  // YAML documents are data files for other tools, not modules: attw cannot resolve them, by design.
  const dataEntrypoints = Object.keys(pkg.exports ?? {}).filter((k) => k.endsWith(".yaml"));
  const exclude = dataEntrypoints.length > 0 ? ["--exclude-entrypoints", ...dataEntrypoints] : [];
  for (const [tool, args] of [
    ["publint", ["--strict", dir]],
    ["attw", ["--pack", dir, "--profile", "esm-only", "--format", "table-flipped", ...exclude]],
  ]) {
    try {
      execFileSync(bin(tool), args, { stdio: "pipe", cwd: dir });
      console.log(`${pkg.name}: ${tool} ok`);
    } catch (e) {
      failed++;
      console.log(`${pkg.name}: ${tool} FAILED\n${e.stdout ?? ""}${e.stderr ?? ""}`);
    }
  }
}
if (failed) process.exit(1);
