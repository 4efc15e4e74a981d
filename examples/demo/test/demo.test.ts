/**
 * The README's main command: the demo runs the REST client, then the Unified WebSocket, against the mock
 * and reports each step.
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runDemo } from "../src/demo-report.js";

describe("offline demo", () => {
  it("lists public data, reads balances and places, edits and cancels an order", async () => {
    const lines: string[] = [];
    await runDemo((line = "") => lines.push(line));
    const report = lines.join("\n");
    expect(report).toMatch(/Instruments \(4\): PI_XBTUSD, FI_XBTUSD_\d{6}, PF_XBTUSD, PF_ETHUSD/);
    expect(report).toMatch(/Signed call \/accounts: flex wallet [\d,.]+ USD/);
    expect(report).toContain(": placed (order ");
    expect(report).toContain("to 0.02 @");
    expect(report).toMatch(/Edited .*: edited/);
    expect(report).toContain("Open orders: buy 0.02 PF_XBTUSD");
    expect(report).toContain("Cancelled: cancelled");
    expect(report).toContain("Open orders after cancel: 0");
  });

  it("gets a UWS token, verifies the book checksum and places, amends and cancels over the socket", async () => {
    const lines: string[] = [];
    await runDemo((line = "") => lines.push(line));
    const report = lines.join("\n");
    expect(report).toContain("Unified WebSocket: token from Spot REST GetWebSocketsToken (expires in 900 s)");
    expect(report).toMatch(/Book PF_XBTUSD \(UWS, depth 10\): best [\d.]+ \/ [\d.]+; checksum \d+ verified/);
    expect(report).toMatch(/UWS add_order {4}buy 0\.01 PF_XBTUSD @ [\d.]+: placed \(order [0-9a-f-]{36}\)/);
    expect(report).toContain(": amended in place");
    expect(report).toContain("UWS cancel_order: cancelled");
    expect(report).toContain("REST openorders after the UWS cancel: 0");
  });
});

describe("pnpm demo (node examples/demo/dist/demo.js)", () => {
  it("prints the report from the build and exits 0", () => {
    const demo = fileURLToPath(new URL("../dist/demo.js", import.meta.url));
    const stdout = execFileSync(process.execPath, [demo], { encoding: "utf8", timeout: 30_000 });
    expect(stdout).toMatch(/^Kraken Futures offline demo — mock exchange at http:\/\/127\.0\.0\.1:\d+/);
    expect(stdout).toMatch(/Done: \d+ requests, no network needed\.\n$/);
  });
});
