// Error names must survive minification: a browser bundle renames classes, and callers (and logs)
// rely on `error.name`. The bundle is built the way a user's bundler would, from the built packages.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "kf-minified-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function minified(): Promise<Record<string, unknown>> {
  const out = join(dir, "bundle.mjs");
  await build({
    // Resolved from this package, as its own consumers resolve it (self-reference plus its auth dependency).
    stdin: {
      contents: [
        'export * from "@kraken-futures/rest";',
        'export { parseCredentials, CredentialsError } from "@kraken-futures/auth";',
      ].join("\n"),
      resolveDir: process.cwd(),
      loader: "js",
    },
    outfile: out,
    bundle: true,
    minify: true,
    format: "esm",
    platform: "node",
    absWorkingDir: process.cwd(),
    // As a consumer sees the packages: no tsconfig paths pointing back at sources.
    tsconfigRaw: "{}",
    logLevel: "silent",
  });
  return import(pathToFileURL(out).href);
}

describe("error names in a minified bundle", () => {
  it("keep their class names, on every exported error class and on thrown errors", async () => {
    const mod = await minified();
    const errorClasses = Object.entries(mod).filter(
      ([, v]) => typeof v === "function" && (v as { prototype?: unknown }).prototype instanceof Error,
    ) as Array<[string, { prototype: Error }]>;
    expect(errorClasses.length).toBeGreaterThanOrEqual(14);
    // The minifier really renamed them: otherwise this test would prove nothing.
    expect(errorClasses.some(([name, type]) => (type as unknown as { name: string }).name !== name)).toBe(
      true,
    );
    for (const [name, type] of errorClasses) expect(type.prototype.name, name).toBe(name);

    const parse = mod.parseCredentials as (c: { apiKey: string; apiSecret: string }) => unknown;
    let thrown: unknown;
    try {
      parse({ apiKey: "", apiSecret: "" });
    } catch (error) {
      thrown = error;
    }
    expect((thrown as Error).name).toBe("CredentialsError");
    expect(JSON.stringify({ name: (thrown as Error).name })).toContain("CredentialsError");
  }, 60_000);
});
