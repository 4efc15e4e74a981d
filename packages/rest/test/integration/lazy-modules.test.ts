/**
 * Issue 7 (start-up cost): importing the packages loads none of node:http, node:https (and tls) or
 * node:crypto. The transport loads its scheme's module on the first request, and auth loads
 * node:crypto when it first prepares a key. These tests check what is loaded, never how long it takes.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tradingApi } from "../../src/generated/trading.operations.gen.js";
import { createRestClient } from "../../src/rest-client.js";
import { LiteRequest } from "../../src/transport/lite.js";
import { createDefaultTransport } from "../../src/transport/node.js";
import { API_KEY, API_SECRET, ok, startServer, type TestServer } from "../fixtures/server.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const HEAVY = /^NativeModule (https?|tls|crypto|net|_http_\w+)$/;

/** The Node built-ins of HEAVY that a fresh process has loaded after running `code` (ESM). */
function loadedAfter(code: string): string[] {
  const probe = `${code}\nconsole.log(JSON.stringify(process.moduleLoadList.filter((m) => ${HEAVY}.test(m))));`;
  // From the package folder, so the package names resolve to the built dist/ as a user's would.
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", probe], {
    cwd: root,
    encoding: "utf8",
  });
  return (JSON.parse(out) as string[]).map((m) => m.slice("NativeModule ".length)).sort();
}

describe("what a fresh process loads (built dist/)", () => {
  beforeEach(() => {
    if (!existsSync(`${root}/dist/index.js`)) throw new Error("dist/ is missing: run `pnpm build` first");
  });

  it("importing rest and auth loads no node:http, node:https, tls or node:crypto", () => {
    const loaded = loadedAfter('await import("@kraken-futures/rest"); await import("@kraken-futures/auth");');
    expect(loaded).toEqual([]);
  });

  it("a client calling an http:// origin loads node:http and node:crypto, never node:https or tls", () => {
    const loaded = loadedAfter(`
      const { createRestClient } = await import("@kraken-futures/rest");
      const client = createRestClient({
        origin: "http://127.0.0.1:9",
        retry: false,
        credentials: { apiKey: "k", apiSecret: ${JSON.stringify(API_SECRET)} },
      });
      await client.GET("/openpositions").catch((error) => {
        if (error.name !== "NetworkError") throw error;
      });`);
    expect(loaded).toContain("http");
    expect(loaded).toContain("crypto");
    expect(loaded).not.toContain("https");
    expect(loaded).not.toContain("tls");
  });
});

describe("the Node transport loads its scheme's module on first use", () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startServer(tradingApi);
    server.handle("GET /tickers", () => ok({ tickers: [] }));
  });
  afterEach(async () => {
    await server.close();
  });

  it("a request cancelled while the module loads rejects with the reason and is never sent", async () => {
    // This test file has its own module registry: this transport module has loaded nothing yet.
    const transport = createDefaultTransport();
    const request = new LiteRequest(
      `${server.origin}/derivatives/api/v3/tickers`,
      "GET",
      {},
      null,
      undefined,
    );
    const pending = transport.lite!(request);
    const reason = new Error("cancelled");
    request.cancel!(reason);
    await expect(pending).rejects.toBe(reason);
    // Then the module is loaded, and the same transport sends the next request.
    const response = await transport.lite!(
      new LiteRequest(`${server.origin}/derivatives/api/v3/tickers`, "GET", {}, null, undefined),
    );
    expect(response.status).toBe(200);
    expect(server.received).toHaveLength(1);
  });

  it("an https:// origin goes through node:https (TLS against a plain HTTP server fails as a NetworkError)", async () => {
    const origin = server.origin.replace("http://", "https://");
    const client = createRestClient({
      origin,
      retry: false,
      credentials: { apiKey: API_KEY, apiSecret: API_SECRET },
    });
    const error = await client.GET("/tickers").catch((e: unknown) => e);
    expect((error as Error).name).toBe("NetworkError");
    expect(server.received).toHaveLength(0);
  });
});
