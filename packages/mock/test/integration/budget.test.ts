/** The derivatives budget of the spec (500 per 10 s, costs from x-rate-limit) is enforced per key. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ManualClock } from "../../src/engine/clock.js";
import { DEFAULT_TEST_KEY } from "../../src/keys.js";
import type { MockExchange } from "../../src/start.js";
import { API, call, qs, start } from "./helpers.js";

let mock: MockExchange;
let clock: ManualClock;
beforeEach(async () => {
  ({ mock, clock } = await start());
});
afterEach(() => mock.stop());

const cancel = (key = DEFAULT_TEST_KEY) =>
  call(mock.origin, `${API}/cancelorder`, {
    method: "POST",
    query: qs({ order_id: "00000000-0000-4000-8000-000000000000" }),
    key,
  });

describe("rate-limit budget", () => {
  it("a burst above 500 cost units within 10 s yields apiLimitExceeded, and the budget refills with time", async () => {
    // cancelorder costs 10: 50 calls spend the 500 units; the 51st is refused.
    for (let i = 0; i < 50; i++) expect((await cancel()).body.result).toBe("success");
    const refused = await cancel();
    expect(refused.status).toBe(200);
    expect(refused.body).toMatchObject({ result: "error", error: "apiLimitExceeded" });
    clock.advance(200); // 200 ms refill 10 units at 500 per 10 s
    expect((await cancel()).body.result).toBe("success");
    expect((await cancel()).body.error).toBe("apiLimitExceeded");
  });

  it("charges variable costs from the spec: fills with lastFillTime costs 25, a batch 9 + its size", async () => {
    for (let i = 0; i < 20; i++) {
      const r = await call(mock.origin, `${API}/fills`, {
        query: qs({ lastFillTime: "2026-01-01T00:00:00Z" }),
      });
      expect(r.body.result).toBe("success");
    }
    expect((await call(mock.origin, `${API}/accounts`)).body.error).toBe("apiLimitExceeded");
    clock.advance(10_000);
    const batch = (n: number) =>
      call(mock.origin, `${API}/batchorder`, {
        // A form body: a batch this large does not fit in a URL.
        form: qs({
          json: JSON.stringify({
            batchOrder: Array.from({ length: n }, () => ({
              order: "cancel",
              order_id: "00000000-0000-4000-8000-000000000000",
            })),
          }),
        }),
      });
    // 491 = 9 + 482; then 9 units remain: an accounts call (2) passes, a batch of one (10) does not.
    expect((await batch(482)).body.result).toBe("success");
    expect((await call(mock.origin, `${API}/accounts`)).body.result).toBe("success");
    expect((await batch(1)).body.error).toBe("apiLimitExceeded");
  });

  it("public calls cost nothing and each key has its own budget", async () => {
    const other = { apiKey: "other-key", apiSecret: Buffer.alloc(64, 9).toString("base64") };
    await mock.stop();
    ({ mock, clock } = await start({ keys: [DEFAULT_TEST_KEY, other] }));
    for (let i = 0; i < 50; i++) await cancel();
    expect((await cancel()).body.error).toBe("apiLimitExceeded");
    expect((await cancel(other)).body.result).toBe("success");
    for (let i = 0; i < 5; i++)
      expect((await call(mock.origin, `${API}/tickers`, { key: null })).body.result).toBe("success");
  });
});
