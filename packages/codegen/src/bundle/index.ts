// Bundling every hand-written spec into one self-contained file per surface (JSON and YAML) in
// packages/specs/dist, stamped with the spec package version and a content hash, plus manifest.json.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { root, type Surface } from "../surfaces.js";

/** `value` with the keys of every object sorted: key order must not change the content hash. */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** The first 16 hex digits of the SHA-256 of the canonical JSON: a hash that only changes with content. */
export function contentHash(document: unknown): string {
  return createHash("sha256")
    .update(JSON.stringify(canonical(document)))
    .digest("hex")
    .slice(0, 16);
}

/** An OpenAPI document with every external `$ref` inlined by `redocly bundle`. */
function bundleOpenApi(source: string): Record<string, unknown> {
  // redocly writes to a file: a scratch folder outside dist/, which is what the package publishes.
  const scratch = mkdtempSync(join(tmpdir(), "kf-bundle-"));
  try {
    const tmp = join(scratch, "bundle.json");
    execFileSync(
      join(root, "node_modules/.bin/redocly"),
      ["bundle", join(root, source), "--ext", "json", "-o", tmp],
      {
        stdio: ["ignore", "ignore", "pipe"],
        env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
      },
    );
    return JSON.parse(readFileSync(tmp, "utf8")) as Record<string, unknown>;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * The bundled document of a surface. AsyncAPI documents are single files, validated by their own test,
 * so they are parsed YAML (this step stays free of @asyncapi/parser).
 */
export function bundleSurface(surface: Surface): Record<string, unknown> {
  if (surface.kind === "openapi") return bundleOpenApi(surface.source);
  return parse(readFileSync(join(root, surface.source), "utf8")) as Record<string, unknown>;
}

/** One manifest entry: what a consumer needs to pick a bundle. */
export interface ManifestEntry {
  readonly kind: Surface["kind"];
  readonly title: unknown;
  readonly version: unknown;
  readonly hash: string;
  readonly json: string;
  readonly yaml: string;
}

/** `document` stamped with the spec package version and its content hash (taken before the stamp). */
export function stamp(
  document: Record<string, unknown>,
  specVersion: string,
): { document: typeof document; hash: string } {
  const hash = contentHash(document);
  const info = {
    ...(document.info as object),
    "x-spec-package-version": specVersion,
    "x-content-hash": hash,
  };
  return { document: { ...document, info }, hash };
}
