// `bundle-specs`: one self-contained file per surface (JSON and YAML) in packages/specs/dist, and
// manifest.json. Run by `pnpm --filter @kraken-futures/specs build` and by the drift check.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { bundleSurface, type ManifestEntry, stamp } from "../bundle/index.js";
import { root, SURFACES } from "../surfaces.js";

const outDir = join(root, "packages/specs/dist");
const specsPkg = JSON.parse(readFileSync(join(root, "packages/specs/package.json"), "utf8")) as {
  version: string;
};

mkdirSync(outDir, { recursive: true });
// Older builds left redocly's scratch file in dist/, which the package publishes. (dist/ is not emptied:
// check-generated runs this after tsc has written the module there.)
rmSync(join(outDir, ".bundle.tmp.json"), { force: true });
const manifest: Record<string, ManifestEntry> = {};
for (const surface of SURFACES) {
  const { document, hash } = stamp(bundleSurface(surface), specsPkg.version);
  const info = document.info as { title?: unknown; version?: unknown };
  const base = `${surface.name}.${surface.kind}`;
  writeFileSync(join(outDir, `${base}.json`), `${JSON.stringify(document, null, 2)}\n`);
  writeFileSync(
    join(outDir, `${base}.yaml`),
    stringify(document, { aliasDuplicateObjects: false, lineWidth: 0 }),
  );
  manifest[surface.name] = {
    kind: surface.kind,
    title: info.title,
    version: info.version,
    hash,
    json: `${base}.json`,
    yaml: `${base}.yaml`,
  };
  console.log(`bundled ${surface.source} -> dist/${base}.{json,yaml} (hash ${hash})`);
}
writeFileSync(join(outDir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
