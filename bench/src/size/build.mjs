// Browser bundle sizes, shared by `pnpm bench` and test/size.test.ts. esbuild bundles each entry for
// the browser (platform browser: the `browser`/`default` export conditions, so WebCrypto signing and
// global fetch/WebSocket, no Node transports), minified, as ESM; the gzip figure is level 9.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

export const BUDGETS_URL = new URL("../../budgets.json", import.meta.url);

/** @returns {Record<string, { entry: string, maxMinGzipBytes: number, why: string }>} */
export function readBudgets() {
  return JSON.parse(readFileSync(BUDGETS_URL, "utf8")).bundles;
}

/**
 * @param {string} entry path relative to bench/
 * @returns {Promise<{ minBytes: number, gzipBytes: number, inputs: { path: string, bytes: number }[] }>}
 */
export async function measureBundle(entry) {
  const result = await build({
    entryPoints: [new URL(`../../${entry}`, import.meta.url).pathname],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    metafile: true,
    logLevel: "silent",
    // Bundle the packages as a user installing them from npm would: inside this repository each package
    // folder has a tsconfig.json whose `paths` point `#crypto`/`#transport` at the Node sources (for
    // type-checking), and esbuild would follow them. Published packages ship no tsconfig.json.
    tsconfigRaw: "{}",
  });
  const output = result.outputFiles[0];
  if (output === undefined) throw new Error(`esbuild produced no output for ${entry}`);
  const [meta] = Object.values(result.metafile.outputs);
  const inputs = Object.entries(meta?.inputs ?? {})
    .map(([path, { bytesInOutput }]) => ({ path, bytes: bytesInOutput }))
    .sort((a, b) => b.bytes - a.bytes);
  return {
    minBytes: output.contents.length,
    gzipBytes: gzipSync(output.contents, { level: 9 }).length,
    inputs,
  };
}

/** Every budgeted bundle, measured. */
export async function measureAll() {
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const [name, budget] of Object.entries(readBudgets())) {
    try {
      const { minBytes, gzipBytes, inputs } = await measureBundle(budget.entry);
      out[name] = {
        minBytes,
        gzipBytes,
        budgetGzipBytes: budget.maxMinGzipBytes,
        withinBudget: gzipBytes <= budget.maxMinGzipBytes,
        largestInputs: inputs.slice(0, 6),
      };
    } catch (error) {
      const first = /** @type {{ errors?: { text: string }[] }} */ (error).errors?.[0]?.text;
      out[name] = { error: first ?? String(/** @type {Error} */ (error).message).split("\n")[0] };
    }
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = { contenders: await measureAll() };
  if (process.send) process.send({ type: "result", result });
  else console.log(JSON.stringify(result, null, 2));
}
