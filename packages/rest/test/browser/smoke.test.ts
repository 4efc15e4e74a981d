/**
 * Browser smoke test: the client, bundled for browsers by esbuild (global fetch, WebCrypto), runs in
 * headless Chromium on a page from one loopback origin and calls a loopback server on another origin
 * (so CORS applies): one public call, one signed call. The server checks Authent with node:crypto,
 * independently of the auth package.
 *
 * Chromium is Debian's package, found on PATH. .ci/run installs it; the test never does. Without it the
 * suite is skipped with the reason outside CI and fails in CI (scripts/tools.mjs).
 */
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LAUNCH_ARGS, servePage } from "../../../../scripts/browser-pages.mjs";
import { needsTools, toolPath } from "../../../../scripts/tools.mjs";
import { tradingApi } from "../../src/generated/trading.operations.gen.js";
import { API_KEY, API_SECRET, ok, startServer, type TestServer } from "../fixtures/server.js";

/** The client as a browser gets it: the `default` transport (global fetch) and WebCrypto signing. */
async function bundleClient(): Promise<string> {
  const root = fileURLToPath(new URL("../..", import.meta.url));
  const result = await build({
    stdin: {
      contents: [
        'export { createRestClient } from "./src/index.ts";',
        'export { cryptoBackend } from "@kraken-futures/auth";',
      ].join("\n"),
      resolveDir: root,
      loader: "ts",
    },
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    logLevel: "silent",
    // The transport lives in core, whose "#transport" resolves browser side to its fetch transport
    // (the `default` condition), as in a user's bundler. Not the workspace tsconfig.json files, whose
    // `paths` point `#transport`/`#crypto` at the Node sources for type-checking.
    tsconfigRaw: "{}",
  });
  return result.outputFiles[0]!.text;
}

const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>smoke</title></head><body>
<script type="module">
  import { createRestClient, cryptoBackend } from "/client.js";
  const params = new URLSearchParams(location.search);
  const origin = params.get("api");
  try {
    const publicClient = createRestClient({ origin });
    const tickers = await publicClient.GET("/tickers");
    const trader = createRestClient({
      origin,
      credentials: { apiKey: params.get("key"), apiSecret: params.get("secret") },
    });
    const order = await trader.POST("/sendorder", {
      params: { query: { orderType: "lmt", symbol: "PF_XBTUSD", side: "buy", size: 1, limitPrice: 64000, cliOrdId: "né + & ü" } },
    });
    window.__result = {
      cryptoBackend,
      last: tickers.data.tickers[0].last,
      orderStatus: order.data.sendStatus.status,
      responseIsResponse: order.response instanceof Response,
    };
  } catch (error) {
    window.__result = { error: String(error && error.stack || error) };
  }
</script></body></html>`;

let api: TestServer;
let pages: Awaited<ReturnType<typeof servePage>> | undefined;
let pageOrigin: string;
let bundle: string;
let browser: Browser | undefined;

beforeAll(async () => {
  bundle = await bundleClient();
  api = await startServer(tradingApi, { cors: true });
  api.handle("GET /tickers", () => ok({ tickers: [{ symbol: "PF_XBTUSD", last: "64000.5" }] }));
  api.handle("POST /sendorder", () =>
    ok({ sendStatus: { status: "placed", order_id: "e35d61dd-8a30-4d5f-a574-b5593ef0c050" } }),
  );
  pages = await servePage({ page: PAGE, bundle });
  pageOrigin = pages.origin;
  browser = await chromium.launch({
    executablePath: toolPath("chromium"),
    headless: true,
    args: LAUNCH_ARGS,
  });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await api?.close();
  await pages?.close();
});

describe("in headless Chromium", needsTools(["chromium"]), () => {
  it("the browser bundle imports no Node module", () => {
    expect(bundle).not.toMatch(/(?:from\s*|import\(\s*|require\(\s*)["']node:/);
    expect(bundle).toContain("createRestClient");
  });

  it("makes a public and a signed call, and the server sees a correctly signed request", async () => {
    const page = await browser!.newPage();
    try {
      const query = new URLSearchParams({ api: api.origin, key: API_KEY, secret: API_SECRET });
      await page.goto(`${pageOrigin}/?${query}`);
      await page.waitForFunction(() => (window as { __result?: unknown }).__result !== undefined, null, {
        timeout: 30_000,
      });
      const result = await page.evaluate(() => (window as { __result?: unknown }).__result);
      expect(result).toEqual({
        cryptoBackend: "web",
        last: 64000.5,
        orderStatus: "placed",
        responseIsResponse: true,
      });
    } finally {
      await page.close();
    }

    const calls = api.received.filter((r) => r.method !== "OPTIONS");
    expect(calls.map((r) => `${r.method} ${r.pathname}`)).toEqual([
      "GET /derivatives/api/v3/tickers",
      "POST /derivatives/api/v3/sendorder",
    ]);
    const [tickers, order] = calls;
    // Both came from the page's origin, through the browser's fetch.
    expect(tickers!.headers.origin).toBe(pageOrigin);
    expect(order!.headers.origin).toBe(pageOrigin);
    expect(tickers!.headers["authent"]).toBeUndefined();
    expect(order!.headers["apikey"]).toBe(API_KEY);
    expect(order!.rawQuery).toContain("cliOrdId=n%C3%A9%20%2B%20%26%20%C3%BC");
    expect(order!.authentOk).toBe(true);
  }, 60_000);
});
