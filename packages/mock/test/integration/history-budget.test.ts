/**
 * The History API's own token pool, as the server counts it: 100 tokens per key, refilled at 100 per
 * 10 minutes, orders/executions/triggers costing 1 and the account log 1 to 10 by `count`. A burst
 * beyond it is refused with HTTP 429 and the documented error body; the injected clock's refill
 * re-admits calls. The Trading pool and the public History calls are untouched by it.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ManualClock } from "../../src/engine/clock.js";
import type { MockExchange } from "../../src/start.js";
import { call, start } from "./helpers.js";
import { open, schemaErrors, signed, TRADING } from "./history-helpers.js";

let mock: MockExchange;
let clock: ManualClock;
beforeEach(async () => {
  ({ mock, clock } = await start());
});
afterEach(() => mock.stop());

const orders = () => signed(mock.origin, "/v2/orders");

function expectRefused(r: { status: number; json: unknown }, operationId: string) {
  expect(r.status).toBe(429);
  expect(schemaErrors("history", operationId, r.json, "4XX")).toEqual([]);
  expect(r.json).toMatchObject({ status: "too_many_requests", error: "apiLimitExceeded" });
}

describe("history budget", () => {
  it("100 calls of cost 1 pass, the 101st is refused; 6 s of refill re-admit exactly one", async () => {
    for (let i = 0; i < 100; i++) expect((await orders()).status).toBe(200);
    expectRefused(await orders(), "getOrderEvents");
    expectRefused(await signed(mock.origin, "/v2/executions"), "getExecutionEvents");
    // Other pools and public calls are not charged to the history pool.
    expect((await call(mock.origin, `${TRADING}/accounts`)).body.result).toBe("success");
    expect((await open(mock.origin, "/v2/market/PF_XBTUSD/price")).status).toBe(200);
    clock.advance(5_000); // 0.83 token: not enough
    expectRefused(await orders(), "getOrderEvents");
    clock.advance(1_000); // 6 s since the refusal's start: one token at 100 per 600 s
    expect((await orders()).status).toBe(200);
    expectRefused(await orders(), "getOrderEvents");
    clock.advance(600_000); // a full refill, never above the capacity of 100
    for (let i = 0; i < 100; i++) expect((await orders()).status).toBe(200);
    expectRefused(await orders(), "getOrderEvents");
  });

  it("the account log costs by count (10 for 100000, 3 by default, 2 for 50, 1 for 25) and the CSV 6", async () => {
    const log = (count?: number) => signed(mock.origin, "/v3/account-log", { count });
    const csv = () => signed(mock.origin, "/v2/accountlogcsv");
    for (let i = 0; i < 9; i++) expect((await log(100_000)).status).toBe(200); // 90 spent
    expect((await log()).status).toBe(200); // 93
    expect((await log(50)).status).toBe(200); // 95
    expectRefused(await csv(), "getAccountLogCsv"); // 6 > 5 left; a refusal spends nothing
    for (let i = 0; i < 5; i++) expect((await log(25)).status).toBe(200); // 100
    expectRefused(await log(1), "getAccountLog");
    clock.advance(36_000); // 6 tokens back
    expect((await csv()).status).toBe(200);
    expectRefused(await log(1), "getAccountLog");
  });
});
