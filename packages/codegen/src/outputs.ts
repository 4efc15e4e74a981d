// Writing generated files, or (with --check) comparing them with what is committed: the one loop every
// generator shares, so that `pnpm generate` and `pnpm check:generated` agree on what "in sync" means.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { root, type Surface } from "./surfaces.js";

/** One file a generator produces: its absolute path and its full content. */
export interface Output {
  readonly file: string;
  readonly content: string;
}

/**
 * The src/generated/ folder of each package a surface writes to: its own package first, then mirrors;
 * none for a surface that is bundled only (`package: null`).
 */
export const generatedDirs = (surface: Surface): string[] =>
  (surface.package === null ? [] : [surface.package, ...surface.mirrors]).map((pkg) =>
    join(root, "packages", pkg, "src/generated"),
  );

/**
 * Writes each output whose file differs (or, with `check`, writes nothing and reports it), and returns
 * how many files drifted. Unchanged files are not rewritten, so their mtimes stay put for turbo.
 */
export function writeOutputs(outputs: readonly Output[], check: boolean, source: string): number {
  let drift = 0;
  for (const { file, content } of outputs) {
    const current = existsSync(file) ? readFileSync(file, "utf8") : undefined;
    if (current === content) continue;
    if (check) {
      drift++;
      console.error(`drift: ${relative(root, file)} differs from what ${source} generates`);
      continue;
    }
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
    console.log(`wrote ${relative(root, file)}`);
  }
  return drift;
}
