// Where things are: the repository root, this package, and the bundled spec documents.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const consumersDir = join(dirname(fileURLToPath(import.meta.url)), "..");
export const repoRoot = join(consumersDir, "..");
export const bundledDir = join(repoRoot, "packages/specs/dist");
export const outDir = join(consumersDir, "out");
export const docsBuildDir = join(repoRoot, "docs/build");
export const OPENAPI_DOCUMENTS = ["trading", "history", "charts"];

/** Reads a bundled document; fails with the command that makes it when the bundle was not built. */
export function readBundled(file) {
  const path = join(bundledDir, file);
  if (!existsSync(path)) {
    throw new Error(`${path} is missing: run \`pnpm --filter @kraken-futures/specs build\` first`);
  }
  return JSON.parse(readFileSync(path, "utf8"));
}

export function bundledPath(file) {
  readBundled(file);
  return join(bundledDir, file);
}
