// Release dry run: what `changeset version` + publish would ship, installed the way a user installs it.
//   1. copy the repository (with its built dist folders) to a scratch dir and run `changeset version` there;
//   2. `pnpm pack` every public package (packages/* without "private"), which turns `workspace:^` into
//      the versioned ranges npm will see;
//   3. publint and attw (`--profile esm-only`) on each tarball;
//   4. a consumer project in another scratch dir installs the tarballs with npm (their other dependencies,
//      and TypeScript, from the registry), type-checks one program under `moduleResolution` node16 and
//      bundler, and runs it under ESM Node: the mock exchange, a public call and a signed call;
//   5. the same tarballs installed by Bun's and Deno's package managers, and a program run under each
//      against the mock (started under Node): a public call, a signed call, a WebSocket book (runtimes.mjs).
// Prints a JSON summary on its last line; exits non-zero when a step fails. Nothing is published.
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { consumersDir, repoRoot } from "./paths.mjs";
import { run } from "./run.mjs";
import { runOtherRuntimes } from "./runtimes.mjs";

const TYPESCRIPT = "5.9.3";
const bin = (name) => join(consumersDir, "node_modules/.bin", name);

/** Public packages of a tree: packages/* whose package.json is not private. */
export function publicPackages(root) {
  return readdirSync(join(root, "packages"))
    .map((dir) => join(root, "packages", dir))
    .filter((dir) => existsSync(join(dir, "package.json")))
    .map((dir) => ({ dir, pkg: JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) }))
    .filter(({ pkg }) => !pkg.private);
}

/**
 * The committed tree (what CI's clean clone has; colleagues' uncommitted edits in a shared work tree stay
 * out), plus what the build left in each package: `dist`, and `node_modules`, which holds only links (to
 * a sibling, or into the root store) that `pnpm pack` reads to turn `workspace:^` into versions.
 */
function copyRepo(to) {
  mkdirSync(to, { recursive: true });
  run("sh", ["-c", 'git -C "$1" archive --format=tar HEAD | tar -x -C "$2"', "sh", repoRoot, to]);
  for (const dir of readdirSync(join(to, "packages"))) {
    for (const part of ["dist", "node_modules"]) {
      const from = join(repoRoot, "packages", dir, part);
      if (existsSync(from))
        cpSync(from, join(to, "packages", dir, part), { recursive: true, verbatimSymlinks: true });
    }
  }
  // The package links resolve through the root store, and changeset loads its changelog generator from
  // it: link the repository's root node_modules.
  symlinkSync(join(repoRoot, "node_modules"), join(to, "node_modules"), "dir");
}

const CONSUMER_MAIN = `// A user's program: every package imported, the mock exchange started, one public and one signed call.
import * as auth from "@kraken-futures/auth";
import * as charts from "@kraken-futures/charts";
import * as history from "@kraken-futures/history";
import { DEFAULT_TEST_KEY, startMockExchange } from "@kraken-futures/mock";
import { createRestClient, type RestClient } from "@kraken-futures/rest";
import * as specs from "@kraken-futures/specs";
import * as ws from "@kraken-futures/ws";

const mock = await startMockExchange({ seed: 1 });
try {
  const client: RestClient = createRestClient({ origin: mock.origin });
  const { data: tickers } = await client.GET("/tickers");
  // The generated types are real: an unknown path does not type-check.
  // @ts-expect-error "/no-such-path" is not a Trading path
  const unknownPath = () => client.GET("/no-such-path");
  void unknownPath;

  const trader = createRestClient({ origin: mock.origin, credentials: DEFAULT_TEST_KEY });
  const { data: accounts } = await trader.GET("/accounts");

  const exported = (m: object) => Object.keys(m).length;
  console.log(
    JSON.stringify({
      publicCall: { path: "/tickers", result: tickers.result, tickers: tickers.tickers?.length ?? 0 },
      signedCall: { path: "/accounts", result: accounts.result, accounts: Object.keys(accounts.accounts ?? {}) },
      exports: {
        auth: exported(auth),
        charts: exported(charts),
        history: exported(history),
        specs: exported(specs),
        ws: exported(ws),
      },
    }),
  );
} finally {
  await mock.stop();
}
`;

function tsconfig(resolution, outDir) {
  const options =
    resolution === "node16"
      ? { module: "node16", moduleResolution: "node16", outDir }
      : { module: "esnext", moduleResolution: "bundler", noEmit: true };
  return `${JSON.stringify(
    {
      compilerOptions: {
        target: "es2022",
        lib: ["es2022"],
        types: ["node"],
        strict: true,
        // The packages' own declaration files are part of what is checked.
        skipLibCheck: false,
        ...options,
      },
      files: ["main.ts"],
    },
    null,
    2,
  )}\n`;
}

export async function releaseDryRun({ keep = false, log = console.log } = {}) {
  const scratch = mkdtempSync(join(tmpdir(), "kf-release-"));
  const summary = {
    scratch,
    versions: {},
    tarballs: [],
    publint: {},
    attw: {},
    typecheck: {},
    run: null,
    runtimes: {},
  };
  try {
    // 1. changeset version on a copy.
    const repo = join(scratch, "repo");
    copyRepo(repo);
    const pending = readdirSync(join(repo, ".changeset")).filter(
      (f) => f.endsWith(".md") && f !== "README.md",
    );
    log(`changeset version (${pending.length} pending changesets)`);
    run(bin("changeset"), ["version"], { cwd: repo });
    const packages = publicPackages(repo);
    if (packages.length === 0) throw new Error("no public package under packages/");
    for (const { pkg } of packages) summary.versions[pkg.name] = pkg.version;

    // 2. pnpm pack each public package.
    const tarballs = join(scratch, "tarballs");
    mkdirSync(tarballs);
    for (const { dir, pkg } of packages) {
      if (!existsSync(join(dir, "dist")))
        throw new Error(`${pkg.name} has no dist: run \`pnpm build\` first`);
      const out = run("pnpm", ["pack", "--pack-destination", tarballs], { cwd: dir })
        .stdout.trim()
        .split("\n");
      const file = out.findLast((l) => l.endsWith(".tgz"));
      const dataEntrypoints = Object.entries(pkg.exports ?? {})
        .filter(([, target]) => typeof target === "string" && /\.ya?ml$/.test(target))
        .map(([subpath]) => subpath);
      summary.tarballs.push({ name: pkg.name, file: join(tarballs, file.split("/").pop()), dataEntrypoints });
    }
    log(
      `packed ${summary.tarballs.length}: ${summary.tarballs.map((t) => t.file.split("/").pop()).join(", ")}`,
    );

    // 3. publint and attw on the tarballs.
    const problems = [];
    for (const { name, file, dataEntrypoints } of summary.tarballs) {
      const pl = run(bin("publint"), ["run", file], { allowFailure: true });
      summary.publint[name] = { exit: pl.status, output: pl.output.trim() };
      if (pl.status !== 0) problems.push(`publint ${name}: ${pl.output.trim()}`);
      // attw resolves modules and JSON only; exported data files (the specs' YAML) are not modules.
      const exclude = dataEntrypoints.length > 0 ? ["--exclude-entrypoints", ...dataEntrypoints] : [];
      const at = run(bin("attw"), [file, "--profile", "esm-only", "--format", "ascii", ...exclude], {
        allowFailure: true,
      });
      summary.attw[name] = { exit: at.status, output: at.output.trim().split("\n").slice(-3).join(" / ") };
      if (at.status !== 0) problems.push(`attw ${name}: ${at.output.trim()}`);
    }
    if (problems.length > 0) throw new Error(problems.join("\n"));
    log("publint and attw (esm-only): no problem in any tarball");

    // 4. the consumer project.
    const consumer = join(scratch, "consumer");
    mkdirSync(consumer);
    const rootPkg = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8"));
    const typesNode = rootPkg.devDependencies["@types/node"].replace(/^\^/, "");
    const dependencies = Object.fromEntries(summary.tarballs.map(({ name, file }) => [name, `file:${file}`]));
    writeFileSync(
      join(consumer, "package.json"),
      `${JSON.stringify(
        {
          name: "kraken-futures-consumer",
          private: true,
          type: "module",
          dependencies,
          devDependencies: { typescript: TYPESCRIPT, "@types/node": typesNode },
          // A package's dependency on a sibling resolves to the packed tarball, never to the registry.
          overrides: dependencies,
        },
        null,
        2,
      )}\n`,
    );
    writeFileSync(join(consumer, "main.ts"), CONSUMER_MAIN);
    writeFileSync(join(consumer, "tsconfig.node16.json"), tsconfig("node16", "dist"));
    writeFileSync(join(consumer, "tsconfig.bundler.json"), tsconfig("bundler"));
    run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], {
      cwd: consumer,
      timeout: 300_000,
    });
    const installed = JSON.parse(readFileSync(join(consumer, "node_modules/.package-lock.json"), "utf8"));
    const fromRegistry = Object.entries(installed.packages).filter(
      ([path, p]) => path.includes("@kraken-futures/") && p.resolved && !p.resolved.startsWith("file:"),
    );
    if (fromRegistry.length > 0) {
      throw new Error(
        `npm took @kraken-futures packages from the registry: ${fromRegistry.map(([p]) => p).join(", ")}`,
      );
    }
    const tsc = join(consumer, "node_modules/.bin/tsc");
    for (const resolution of ["node16", "bundler"]) {
      const r = run(tsc, ["-p", `tsconfig.${resolution}.json`], { cwd: consumer, allowFailure: true });
      summary.typecheck[resolution] = { exit: r.status, output: r.output.trim() };
      if (r.status !== 0) throw new Error(`tsc (moduleResolution ${resolution}) failed:\n${r.output}`);
    }
    log("type-checked under moduleResolution node16 and bundler");
    const out = run("node", ["dist/main.js"], { cwd: consumer, timeout: 60_000 }).stdout.trim().split("\n");
    summary.run = JSON.parse(out[out.length - 1]);
    log(`ran against the mock exchange: ${JSON.stringify(summary.run)}`);

    // 5. Bun and Deno.
    summary.runtimes = await runOtherRuntimes({
      scratch,
      tarballs: summary.tarballs,
      versions: summary.versions,
      nodeModules: join(consumer, "node_modules"),
      log,
    });
    return summary;
  } finally {
    if (!keep) rmSync(scratch, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const summary = await releaseDryRun({ keep: process.argv.includes("--keep") });
    console.log(JSON.stringify({ ok: true, ...summary }));
  } catch (error) {
    console.error(error.message);
    console.log(JSON.stringify({ ok: false, error: error.message.split("\n")[0] }));
    process.exitCode = 1;
  }
}
