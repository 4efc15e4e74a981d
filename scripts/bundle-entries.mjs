// The JavaScript of a package's dist/: each entry point (the package.json `exports` and `imports`
// targets) bundled by esbuild from src/, instead of one file per source module as tsc emits them.
// `tsc --emitDeclarationOnly` still writes the .d.ts files beside them.
//
// Why (issue 7): Node loads, compiles and links every ES module file on its own, so importing
// rest + auth cost about 25 files; bundled, a fresh process importing both spends markedly less time
// (see packages/rest/README.md for the measurements).
//
// What stays as it was:
// - dependencies (other packages, node:*) are not bundled: they stay imports, resolved by the user's
//   tree;
// - `#transport` / `#crypto` stay imports, resolved at run time (or by the user's bundler) through the
//   package.json `imports` conditions, so browser bundles still never see node:http or node:crypto;
// - code shared by several entries goes to one chunk that they all import (esbuild `splitting`), so a
//   class has one identity whichever entry it is reached through (instanceof keeps working);
// - source maps point at src/, which is published.
//
// Usage, from the package folder: node ../../scripts/bundle-entries.mjs index transport/node …
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { build } from "esbuild";

const entries = process.argv.slice(2);
if (entries.length === 0) throw new Error("usage: bundle-entries.mjs <entry under src/, no extension>…");

const dist = join(process.cwd(), "dist");
// tsc emitted declarations only; any .js left by an older build would be published and mislead.
for (const file of walk(dist)) if (/\.js(\.map)?$/.test(file)) rmSync(file);

const result = await build({
  entryPoints: entries.map((entry) => ({ in: `src/${entry}.ts`, out: entry })),
  outdir: "dist",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "neutral",
  target: "es2022",
  chunkNames: "chunks/[name]-[hash]",
  // Bare specifiers (dependencies), node: builtins and the package's own `#…` imports stay imports.
  packages: "external",
  external: ["#*", "node:*"],
  sourcemap: true,
  sourcesContent: false,
  // Not the package's tsconfig.json: its `paths` point `#…` at sources, for type-checking only.
  tsconfigRaw: { compilerOptions: { target: "ES2022", verbatimModuleSyntax: true } },
  logLevel: "warning",
  write: false,
});

// Errors take their `name` from the class (KrakenFuturesError reads new.target.name), so a class that
// esbuild renamed to avoid a clash between two modules (`Foo` → `Foo2`) would change an error's name.
for (const file of result.outputFiles) {
  const renamed = file.text.match(/\bclass [A-Z]\w*[a-z]\d+\b/);
  if (renamed) throw new Error(`${file.path}: "${renamed[0]}" was renamed by the bundler; rename the class`);
  mkdirSync(dirname(file.path), { recursive: true });
  writeFileSync(file.path, file.contents);
}

/** @param {string} dir @returns {string[]} */
function walk(dir) {
  let files = [];
  try {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      files = statSync(path).isDirectory() ? files.concat(walk(path)) : files.concat(path);
    }
  } catch {}
  return files;
}
