/**
 * The Kraken Futures API specs, bundled: one self-contained file per surface, in JSON and YAML, for
 * generators in any language and for tools. Each document's `info` carries `x-spec-package-version`
 * and `x-content-hash` (sha-256 of the canonical bundle, 16 hex digits).
 *
 * Files are also reachable without this module: `@kraken-futures/specs/trading.openapi.json`.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** A bundled document's entry in the manifest. */
export interface SpecEntry {
  readonly kind: "openapi" | "asyncapi";
  readonly title: string;
  /** The API version the document describes (`info.version`). */
  readonly version: string;
  /** Content hash of the bundle (also in `info["x-content-hash"]`). */
  readonly hash: string;
  /** File names inside this package's `dist/`. */
  readonly json: string;
  readonly yaml: string;
}

/** Names of the bundled surfaces; others may be added by later releases. */
export type SpecName = "trading" | "history" | "charts" | "spot" | "ws" | "uws" | (string & {});

/** Every bundled surface, keyed by name (written by the bundler next to this module). */
export const manifest: Readonly<Record<string, SpecEntry>> = JSON.parse(
  readFileSync(fileURLToPath(new URL("./manifest.json", import.meta.url)), "utf8"),
);

function entry(name: string): SpecEntry {
  const found = manifest[name];
  if (!found) throw new Error(`Unknown spec "${name}". Known: ${Object.keys(manifest).join(", ")}`);
  return found;
}

/** Absolute file paths of a surface's bundled JSON and YAML documents. */
export function specPaths(name: SpecName): { json: string; yaml: string } {
  const e = entry(name);
  return {
    json: fileURLToPath(new URL(`./${e.json}`, import.meta.url)),
    yaml: fileURLToPath(new URL(`./${e.yaml}`, import.meta.url)),
  };
}

const cache = new Map<string, unknown>();

/** The parsed bundled document of a surface (read once, then cached; treat it as read-only). */
export function loadSpec(name: SpecName): Record<string, unknown> {
  let doc = cache.get(name);
  if (doc === undefined) {
    doc = JSON.parse(readFileSync(specPaths(name).json, "utf8"));
    cache.set(name, doc);
  }
  return doc as Record<string, unknown>;
}
