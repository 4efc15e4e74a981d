// `unverified <surface> [--check]`: rewrites the unverified-field list of the surface's README from the
// `x-unverified` marks of its source document. --check writes nothing and exits 1 when the list differs.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import type { AsyncApiDocument } from "../asyncapi/document.js";
import { root, SURFACES } from "../surfaces.js";
import { spliceTable, unverifiedRows, unverifiedTable } from "../unverified.js";

const [name, ...flags] = process.argv.slice(2);
const surface = SURFACES.find((s) => s.name === name && s.readme);
if (!surface?.readme) throw new Error(`surface "${name}" has no README with an unverified-field list`);

// The source, not the bundle: the README documents the hand-written spec.
const document = parse(readFileSync(join(root, surface.source), "utf8")) as AsyncApiDocument;
const rows = unverifiedRows(document.components.schemas);
const readmePath = join(root, surface.readme);
const readme = readFileSync(readmePath, "utf8");
const next = spliceTable(readme, unverifiedTable(surface.name, surface.source, rows), surface.readme);
if (flags.includes("--check")) {
  if (next !== readme) {
    console.error(`drift: the unverified-field list of ${surface.readme} differs from ${surface.source}`);
    process.exit(1);
  }
} else if (next !== readme) {
  writeFileSync(readmePath, next);
  console.log(`wrote the unverified-field list of ${surface.readme} (${rows.length} fields)`);
}
