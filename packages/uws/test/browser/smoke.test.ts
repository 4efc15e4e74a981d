/**
 * Browser smoke test: the UWS client, bundled for browsers by esbuild (global WebSocket, WebCrypto's
 * randomUUID), runs in headless Chromium on a loopback page and talks to the mock exchange: a public
 * book kept verified (checksum over the exact wire text) and a private call with a token.
 *
 * Chromium is Debian's package, found on PATH. .ci/run installs it; the test never does. Without it the
 * Chromium suite is skipped with the reason outside CI and fails in CI (scripts/tools.mjs). The bundle
 * checks run everywhere.
 */
import { fileURLToPath } from "node:url";
import { DEFAULT_SPOT_TEST_KEY, type MockExchange, startMockExchange } from "@kraken-futures/mock";
import { createSpotClient } from "@kraken-futures/spot";
import { build } from "esbuild";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LAUNCH_ARGS, servePage } from "../../../../scripts/browser-pages.mjs";
import { needsTools, toolPath } from "../../../../scripts/tools.mjs";

/** The client as a browser gets it: the package's source, bundled for the browser platform. */
async function bundleClient(): Promise<string> {
  const root = fileURLToPath(new URL("../..", import.meta.url));
  const result = await build({
    stdin: { contents: 'export { createUwsClient } from "./src/index.ts";', resolveDir: root, loader: "ts" },
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    logLevel: "silent",
    // The HTTP transport lives in core, whose "#transport" resolves browser side to its fetch transport
    // (the `default` condition), as in a user's bundler. Not the workspace tsconfig.json files, whose
    // `paths` point `#transport`/`#crypto` at the Node sources for type-checking.
    tsconfigRaw: "{}",
  });
  return result.outputFiles[0]!.text;
}

const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>uws smoke</title></head><body>
<script type="module">
  import { createUwsClient } from "/client.js";
  const params = new URLSearchParams(location.search);
  const client = createUwsClient({
    urls: { public: params.get("public"), private: params.get("private") },
    token: async () => params.get("token"),
  });
  try {
    const book = client.book("PF_XBTUSD", { depth: 10 });
    await new Promise((resolve) => book.on("synced", resolve));
    const ack = await client.addOrder({ order_type: "limit", side: "buy", order_qty: 0.01, symbol: "PF_XBTUSD", limit_price: 1000 });
    window.__result = {
      synced: book.synced,
      checksum: typeof book.checksum,
      bids: book.bids().length,
      priceText: typeof book.bids()[0].priceText,
      placed: ack.success,
      clOrdId: ack.result.cl_ord_id,
    };
  } catch (error) {
    window.__result = { error: String((error && error.stack) || error) };
  } finally {
    await client.close();
  }
</script></body></html>`;

let bundle: string;
let mock: MockExchange | undefined;
let pages: Awaited<ReturnType<typeof servePage>> | undefined;
let pageOrigin = "";
let browser: Browser | undefined;

beforeAll(async () => {
  bundle = await bundleClient();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await mock?.stop();
  await pages?.close();
});

describe("the browser bundle", () => {
  it("imports no Node module and carries the client", () => {
    expect(bundle).not.toMatch(/(?:from\s*|import\(\s*|require\(\s*)["']node:/);
    expect(bundle).toContain("createUwsClient");
  });
});

describe("in headless Chromium", needsTools(["chromium"]), () => {
  beforeAll(async () => {
    mock = await startMockExchange({ seed: 1 });
    pages = await servePage({ page: PAGE, bundle });
    pageOrigin = pages.origin;
    browser = await chromium.launch({
      executablePath: toolPath("chromium"),
      headless: true,
      args: LAUNCH_ARGS,
    });
  }, 600_000);

  it("keeps a verified public book and places an order with a token", async () => {
    const spot = createSpotClient({ origin: mock!.origin, credentials: DEFAULT_SPOT_TEST_KEY });
    const { token } = await spot.webSocketsToken();
    const page = await browser!.newPage();
    try {
      const query = new URLSearchParams({ public: mock!.uwsPublicUrl, private: mock!.uwsPrivateUrl, token });
      await page.goto(`${pageOrigin}/?${query}`);
      await page.waitForFunction(() => (window as { __result?: unknown }).__result !== undefined, null, {
        timeout: 30_000,
      });
      const result = (await page.evaluate(() => (window as { __result?: unknown }).__result)) as Record<
        string,
        unknown
      >;
      expect(result).toMatchObject({ synced: true, checksum: "number", priceText: "string", placed: true });
      expect(result.clOrdId).toMatch(/^[0-9a-f-]{36}$/); // crypto.randomUUID in the page
      let found = 0;
      for (const o of mock!.exchange.orders.open()) if (o.cliOrdId === result.clOrdId) found++;
      expect(found).toBe(1);
    } finally {
      await page.close();
    }
  }, 60_000);
});
