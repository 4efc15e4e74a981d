// The release dry run beyond Node: the packed packages installed by Bun's and Deno's own package
// managers, and one program run under each against the mock exchange (a public call, a signed call and
// a WebSocket order book). Both runtimes are npm packages (devDependencies of this package, pinned).
// The mock runs under Node, from the npm consumer project, so that what is tested is the clients.
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { consumersDir } from "./paths.mjs";
import { run } from "./run.mjs";

const bin = (name) => join(consumersDir, "node_modules/.bin", name);

/** The user's program. Plain ESM JavaScript, so each runtime runs the same file without a compile step. */
export const RUNTIME_MAIN = `// A user's program: a public and a signed REST call and a WebSocket order book, against the mock.
import process from "node:process";
import { cryptoBackend } from "@kraken-futures/auth";
import { createRestClient } from "@kraken-futures/rest";
import { createWsClient } from "@kraken-futures/ws";

const { MOCK_ORIGIN: origin, MOCK_API_KEY: apiKey, MOCK_API_SECRET: apiSecret } = process.env;
const runtime =
  typeof Deno !== "undefined" ? \`deno \${Deno.version.deno}\` : typeof Bun !== "undefined" ? \`bun \${Bun.version}\` : \`node \${process.version}\`;

const { data: tickers } = await createRestClient({ origin }).GET("/tickers");
const trader = createRestClient({ origin, credentials: { apiKey, apiSecret } });
const { data: accounts } = await trader.GET("/accounts");

// The runtime's own global WebSocket (the client's default).
const ws = createWsClient({ origin });
const book = ws.book("PF_XBTUSD");
const top = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error("no synced book with both sides within 20 s")), 20_000);
  book.onUpdate((b) => {
    if (!b.synced || !b.bestBid() || !b.bestAsk()) return;
    clearTimeout(timer);
    resolve({ seq: b.seq, bestBid: b.bestBid().price, bestAsk: b.bestAsk().price, levels: b.bids().length + b.asks().length });
  });
});
ws.close();

console.log(
  JSON.stringify({
    runtime,
    cryptoBackend,
    publicCall: { path: "/tickers", result: tickers.result, tickers: tickers.tickers?.length ?? 0 },
    signedCall: { path: "/accounts", result: accounts.result, accounts: Object.keys(accounts.accounts ?? {}) },
    book: top,
  }),
);
`;

/**
 * Starts the mock exchange's CLI (from an installed @kraken-futures/mock) under Node on a free port and
 * resolves with its origin and test key, read from what it prints.
 */
export function startMockCli(nodeModules) {
  const cli = join(nodeModules, "@kraken-futures/mock/bin/kraken-futures-mock.js");
  const child = spawn(process.execPath, [cli, "--port", "0", "--step-ms", "100"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => fail(new Error(`the mock CLI printed no origin in 30 s:\n${output}`)),
      30_000,
    );
    const fail = (error) => {
      clearTimeout(timer);
      child.kill();
      reject(error);
    };
    child.on("error", fail);
    child.on("exit", (code) => fail(new Error(`the mock CLI exited (${code}):\n${output}`)));
    const read = (chunk) => {
      output += chunk;
      const origin = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      const apiKey = /API key:\s+(\S+)/.exec(output)?.[1];
      const apiSecret = /API secret:\s+(\S+)/.exec(output)?.[1];
      if (!origin || !apiKey || !apiSecret) return;
      clearTimeout(timer);
      child.removeAllListeners("exit");
      // SIGTERM stops the exchange; a CLI still up 5 s later is killed, so the dry run never hangs on it.
      // Resolves with whether it had to be killed.
      const stop = () =>
        new Promise((done) => {
          if (child.exitCode !== null || child.signalCode !== null) return done(false);
          let killed = false;
          const kill = setTimeout(() => {
            killed = true;
            child.kill("SIGKILL");
          }, 5_000);
          child.once("exit", () => {
            clearTimeout(kill);
            done(killed);
          });
          child.kill("SIGTERM");
        });
      resolve({ origin, apiKey, apiSecret, stop });
    };
    child.stdout.setEncoding("utf8").on("data", read);
    child.stderr.setEncoding("utf8").on("data", read);
  });
}

function writeJson(file, value) {
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

/** Bun: `bun install` reads the tarballs as `file:` dependencies, overrides included, like npm. */
function installBun(dir, tarballs) {
  const dependencies = Object.fromEntries(tarballs.map(({ name, file }) => [name, `file:${file}`]));
  writeJson(join(dir, "package.json"), {
    name: "kraken-futures-bun-consumer",
    private: true,
    type: "module",
    dependencies,
    overrides: dependencies,
  });
  run(bin("bun"), ["install", "--no-progress"], { cwd: dir, timeout: 300_000 });
  return [bin("bun"), ["run", "main.mjs"]];
}

/**
 * Deno trusts only its bundled roots by default, where npm and Bun trust the machine's: behind a proxy
 * that inspects TLS (with its CA in the system store) it cannot reach the registry. Trust the system
 * store as well, unless the user chose otherwise. (SSL_CERT_FILE would do it too, but turbo does not pass
 * it to tasks.)
 */
const DENO_ENV = { NO_COLOR: "1", DENO_TLS_CA_STORE: process.env.DENO_TLS_CA_STORE ?? "system,mozilla" };

/**
 * Deno: `deno install` links a `file:` dependency to the path as is and cannot open a tarball, so each
 * tarball is unpacked and given to Deno as a local npm package (`links` in deno.json); Deno installs
 * their own dependencies from the npm registry.
 */
function installDeno(dir, tarballs, versions) {
  const links = [];
  for (const { name, file } of tarballs) {
    const to = join(dir, "packages", name.split("/")[1]);
    mkdirSync(to, { recursive: true });
    run("tar", ["-xzf", file, "-C", to, "--strip-components=1"]);
    links.push(`./packages/${name.split("/")[1]}`);
  }
  const dependencies = Object.fromEntries(tarballs.map(({ name }) => [name, versions[name]]));
  writeJson(join(dir, "package.json"), {
    name: "kraken-futures-deno-consumer",
    private: true,
    type: "module",
    dependencies,
  });
  writeJson(join(dir, "deno.json"), { nodeModulesDir: "auto", links });
  run(bin("deno"), ["install"], { cwd: dir, timeout: 300_000, env: DENO_ENV });
  // Loopback only; env for the mock's address and key.
  return [bin("deno"), ["run", "--allow-net=127.0.0.1", "--allow-env", "--allow-read", "main.mjs"]];
}

/**
 * Installs the tarballs under Bun and under Deno in `scratch`, and runs RUNTIME_MAIN under each against
 * a mock started from `nodeModules` (the npm consumer's). Resolves with each runtime's printed summary.
 */
export async function runOtherRuntimes({ scratch, tarballs, versions, nodeModules, log }) {
  const results = {};
  const mock = await startMockCli(nodeModules);
  try {
    for (const [runtime, install] of [
      ["bun", (dir) => installBun(dir, tarballs)],
      ["deno", (dir) => installDeno(dir, tarballs, versions)],
    ]) {
      const dir = join(scratch, runtime);
      mkdirSync(dir);
      writeFileSync(join(dir, "main.mjs"), RUNTIME_MAIN);
      const [command, args] = install(dir);
      const env = {
        MOCK_ORIGIN: mock.origin,
        MOCK_API_KEY: mock.apiKey,
        MOCK_API_SECRET: mock.apiSecret,
      };
      const out = run(command, args, { cwd: dir, env: { ...env, ...DENO_ENV }, timeout: 60_000 })
        .stdout.trim()
        .split("\n");
      results[runtime] = JSON.parse(out[out.length - 1]);
      log(`${runtime}: installed the tarballs and ran against the mock: ${JSON.stringify(results[runtime])}`);
    }
  } finally {
    if (await mock.stop()) log("the mock CLI did not exit within 5 s of SIGTERM: killed it");
  }
  return results;
}
