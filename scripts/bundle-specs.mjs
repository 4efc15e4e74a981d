// Bundles every hand-written spec into one self-contained file per surface (JSON and YAML) in
// packages/specs/dist, stamped with the spec package version and a content hash, plus manifest.json.
// Run through `pnpm --filter @kraken-futures/specs build`.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";
import { SURFACES } from "./surfaces.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outDir = join(root, "packages/specs/dist");
const specsPkg = JSON.parse(readFileSync(join(root, "packages/specs/package.json"), "utf8"));
const redocly = join(root, "node_modules/.bin/redocly");

/** Key order is part of the hash input, so sort keys for a hash that only changes with content. */
function canonical(value) {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical(value[k])]),
    );
  }
  return value;
}

export function contentHash(document) {
  return createHash("sha256")
    .update(JSON.stringify(canonical(document)))
    .digest("hex")
    .slice(0, 16);
}

function bundleOpenApi(source) {
  // redocly writes to a file: a scratch folder outside dist/, which is what the package publishes.
  const scratch = mkdtempSync(join(tmpdir(), "kf-bundle-"));
  try {
    const tmp = join(scratch, "bundle.json");
    execFileSync(redocly, ["bundle", join(root, source), "--ext", "json", "-o", tmp], {
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
    });
    return JSON.parse(readFileSync(tmp, "utf8"));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function bundleAsyncApi(source) {
  // AsyncAPI documents are single files; parsing them here would add @asyncapi/parser to this step,
  // so they are validated by their own test and copied as parsed YAML.
  const { parse } = await import("yaml");
  return parse(readFileSync(join(root, source), "utf8"));
}

mkdirSync(outDir, { recursive: true });
// Older builds left redocly's scratch file in dist/, which the package publishes. (dist/ is not emptied:
// check-generated runs this script after tsc has written the module there.)
rmSync(join(outDir, ".bundle.tmp.json"), { force: true });
const manifest = {};
for (const surface of SURFACES) {
  const document =
    surface.kind === "openapi" ? bundleOpenApi(surface.source) : await bundleAsyncApi(surface.source);
  const hash = contentHash(document);
  document.info = { ...document.info, "x-spec-package-version": specsPkg.version, "x-content-hash": hash };
  const base = `${surface.name}.${surface.kind}`;
  writeFileSync(join(outDir, `${base}.json`), `${JSON.stringify(document, null, 2)}\n`);
  writeFileSync(
    join(outDir, `${base}.yaml`),
    stringify(document, { aliasDuplicateObjects: false, lineWidth: 0 }),
  );
  manifest[surface.name] = {
    kind: surface.kind,
    title: document.info.title,
    version: document.info.version,
    hash,
    json: `${base}.json`,
    yaml: `${base}.yaml`,
  };
  console.log(`bundled ${surface.source} -> dist/${base}.{json,yaml} (hash ${hash})`);
}
writeFileSync(join(outDir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
