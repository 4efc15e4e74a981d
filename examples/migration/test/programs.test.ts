/**
 * The program written twice (src/v1v3.ts on REST v3 + WebSocket v1, src/uws.ts on the Unified WebSocket)
 * runs against the mock exchange, each on a fresh one, and both tell the same story; the engine agrees.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import {
  DEFAULT_SPOT_TEST_KEY,
  DEFAULT_TEST_KEY,
  type MockExchange,
  startMockExchange,
} from "@kraken-futures/mock";
import { afterEach, describe, expect, it } from "vitest";
import { type MigrationReport, ORDER } from "../src/report.js";
import { runUws } from "../src/uws.js";
import { runV1V3 } from "../src/v1v3.js";

const run = promisify(execFile);

let mock: MockExchange | undefined;
afterEach(async () => {
  await mock?.stop();
  mock = undefined;
});

/** What both versions must report, and what the engine must hold after either. */
function expectTheStory(report: MigrationReport, engine: MockExchange): void {
  expect(report.bestBid).toBeGreaterThan(0);
  expect(report.bestAsk).toBeGreaterThan(report.bestBid);
  expect(report.placed.qty).toBe(ORDER.qty);
  expect(report.placed.limitPrice).toBeLessThan(report.bestBid);
  expect(report.amended).toEqual({
    orderId: report.placed.orderId,
    qty: ORDER.amendedQty,
    limitPrice: report.placed.limitPrice - ORDER.amendStep,
  });
  expect(report.openAfterCancel).toBe(0);
  expect(report.positionSize).toBe(ORDER.marketQty);
  expect(report.availableMargin).toBeGreaterThan(0);
  expect(report.lines).toHaveLength(5);

  engine.exchange.sync();
  expect([...engine.exchange.orders.open()]).toHaveLength(0);
  const order = engine.exchange.orders.get(report.placed.orderId);
  expect(order).toMatchObject({
    state: "cancelled",
    quantity: ORDER.amendedQty,
    limitPrice: report.amended.limitPrice,
  });
  const position = engine.exchange.account.positions.get(report.symbol);
  expect(position?.size).toBe(ORDER.marketQty);
}

describe("the migration example, written twice", () => {
  it("v1/v3: book, limit order placed, edited and cancelled on open_orders, then a position and the margin", async () => {
    mock = await startMockExchange({ seed: 1 });
    const report = await runV1V3({ origin: mock.origin, credentials: DEFAULT_TEST_KEY });
    expect(report.api).toBe("v1v3");
    expectTheStory(report, mock);
  });

  it("UWS: the same steps with a Spot key, on the verified book, executions, positions and margin", async () => {
    mock = await startMockExchange({ seed: 1 });
    const report = await runUws({
      urls: { public: mock.uwsPublicUrl, private: mock.uwsPrivateUrl },
      spotOrigin: mock.origin,
      credentials: DEFAULT_SPOT_TEST_KEY,
    });
    expect(report.api).toBe("uws");
    expectTheStory(report, mock);
  });
});

describe("pnpm --filter @kraken-futures/example-migration start (node dist/main.js)", () => {
  it("runs both versions against fresh mocks from the build and exits 0", async () => {
    const main = fileURLToPath(new URL("../dist/main.js", import.meta.url));
    const { stdout } = await run(process.execPath, [main], { encoding: "utf8", timeout: 60_000 });
    expect(stdout).toMatch(/^REST v3 \+ WebSocket v1 \(Futures key\), mock at http:\/\/127\.0\.0\.1:\d+\n/);
    expect(stdout).toMatch(/\nUnified WebSocket \(Spot key\), mock at ws:\/\/127\.0\.0\.1:\d+\/v2\/public/);
    expect(stdout.match(/ {2}Cancelled: 0 open PF_XBTUSD orders left/g)).toHaveLength(2);
    expect(stdout.match(/ {2}Position PF_XBTUSD 0\.01; flex available margin [\d.]+/g)).toHaveLength(2);
  }, 60_000);
});
