/**
 * Issue 12, item 1: a call that waits (on a retry's backoff, or in the rate-limit queue) keeps the
 * process alive until it settles. Each case runs the built package in a child process whose only
 * pending work is the call; the server lives in this (the test's) process, so nothing of the
 * server holds the child's event loop. Before the fix the backoff and queue timers were unref()ed and
 * the child exited with code 13 (unsettled top-level await) and printed nothing.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ApiDescription } from "../../src/api-description.js";
import { tradingApi } from "../../src/generated/trading.operations.gen.js";
import { API_KEY, API_SECRET, ok, startServer, type TestServer } from "../fixtures/server.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

interface Exit {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `code` as an ES module in a fresh Node process from the package folder (built dist/). */
function runChild(code: string): Promise<Exit> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--input-type=module", "-e", code],
      { cwd: root, encoding: "utf8", timeout: 20_000 },
      (error, stdout, stderr) => {
        const exitCode = error ? ((error as { code?: unknown }).code as number | null) : 0;
        resolve({ code: typeof exitCode === "number" ? exitCode : null, stdout, stderr });
      },
    );
  });
}

/** A pool small enough that the third 10-unit call waits about 300 ms for its cost. */
const tinyPoolApi: ApiDescription = {
  ...tradingApi,
  pools: { derivatives: { capacity: 20, refillAmount: 10, refillIntervalMs: 300 } },
};

describe("a waiting call keeps the process alive (child process, built dist/)", () => {
  let server: TestServer;
  beforeEach(async () => {
    if (!existsSync(`${root}/dist/index.js`)) throw new Error("dist/ is missing: run `pnpm build` first");
    server = await startServer(tinyPoolApi);
  });
  afterEach(() => server.close());

  it("a public read waiting on its retry backoff completes, exit code 0", async () => {
    let calls = 0;
    server.handle("GET /tickers", () =>
      ++calls === 1 ? { status: 503, body: "<html>busy</html>" } : ok({ tickers: [] }),
    );
    const exit = await runChild(`
      const { createRestClient } = await import("@kraken-futures/rest");
      const client = createRestClient({
        origin: ${JSON.stringify(server.origin)},
        retry: { retries: 2, baseDelayMs: 400, maxDelayMs: 400 },
        random: () => 0.99,
      });
      const { data } = await client.GET("/tickers");
      console.log("done", data.result);
    `);
    expect(exit).toMatchObject({ code: 0, stdout: "done success\n" });
    expect(calls).toBe(2);
  });

  it("a call refused by the OS, retried, ends with its NetworkError printed, not a silent exit", async () => {
    const exit = await runChild(`
      const { createRestClient } = await import("@kraken-futures/rest");
      const client = createRestClient({ origin: "http://127.0.0.1:9", retry: { baseDelayMs: 300, maxDelayMs: 300 } });
      await client.GET("/tickers").catch((error) => console.log("failed", error.name));
    `);
    expect(exit).toMatchObject({ code: 0, stdout: "failed NetworkError\n" });
  });

  it("signed calls waiting in the rate-limit queue all complete, exit code 0", async () => {
    const exit = await runChild(`
      const { createApiClient, tradingApi } = await import("@kraken-futures/rest");
      const api = { ...tradingApi, pools: ${JSON.stringify(tinyPoolApi.pools)} };
      const client = createApiClient(api, {
        origin: ${JSON.stringify(server.origin)},
        credentials: { apiKey: ${JSON.stringify(API_KEY)}, apiSecret: ${JSON.stringify(API_SECRET)} },
      });
      const order = { orderType: "lmt", symbol: "PF_XBTUSD", side: "buy", size: 1, limitPrice: 1 };
      const results = await Promise.all(
        Array.from({ length: 4 }, () => client.POST("/sendorder", { params: { query: order } })),
      );
      console.log("done", results.length);
    `);
    expect(exit).toMatchObject({ code: 0, stdout: "done 4\n" });
    expect(server.received.filter((r) => r.pathname.endsWith("/sendorder"))).toHaveLength(4);
    expect(server.overBudget).toBe(0);
  });
});
