// One-off scaffolding helper kept for adding future surfaces consistently.
// Usage: node scripts/new-package.mjs <name> "<description>"
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [name, description = ""] = process.argv.slice(2);
if (!name) throw new Error("usage: new-package <name> <description>");
const dir = join("packages", name);
if (existsSync(dir)) throw new Error(`${dir} exists`);
mkdirSync(join(dir, "src"), { recursive: true });
mkdirSync(join(dir, "test", "unit"), { recursive: true });

const pkg = {
  name: `@kraken-futures/${name}`,
  version: "0.0.0",
  description,
  license: "MIT",
  type: "module",
  sideEffects: false,
  repository: {
    type: "git",
    url: "git+https://github.com/kraken-futures-sdk/kraken-futures-sdk.git",
    directory: dir,
  },
  keywords: ["kraken", "kraken-futures", "derivatives", "crypto", "trading"],
  engines: { node: ">=20.19" },
  exports: {
    ".": { types: "./dist/index.d.ts", default: "./dist/index.js" },
    "./package.json": "./package.json",
  },
  main: "./dist/index.js",
  types: "./dist/index.d.ts",
  files: ["dist", "src", "!src/**/*.test.ts", "README.md", "LICENSE"],
  publishConfig: { access: "public" },
  scripts: {
    build: "tsc -p tsconfig.build.json",
    typecheck: "tsc -p tsconfig.json --noEmit",
    test: "vitest run --reporter=default --reporter=json --outputFile.json=.vitest-report.json",
  },
};
writeFileSync(join(dir, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`);
writeFileSync(
  join(dir, "tsconfig.json"),
  `${JSON.stringify({ extends: "../../tsconfig.base.json", compilerOptions: { noEmit: true }, include: ["src", "test"] }, null, 2)}\n`,
);
writeFileSync(
  join(dir, "tsconfig.build.json"),
  `${JSON.stringify(
    {
      extends: "../../tsconfig.base.json",
      compilerOptions: { rootDir: "src", outDir: "dist", noEmit: false },
      include: ["src"],
      exclude: ["src/**/*.test.ts"],
    },
    null,
    2,
  )}\n`,
);
writeFileSync(
  join(dir, "vitest.config.ts"),
  `import { defineConfig } from "vitest/config";\n\nexport default defineConfig({\n  test: {\n    include: ["test/**/*.test.ts"],\n  },\n});\n`,
);
writeFileSync(join(dir, "src", "index.ts"), `export {};\n`);
writeFileSync(join(dir, "README.md"), `# @kraken-futures/${name}\n\n${description}\n`);
console.log(`created ${dir}`);
