/**
 * The history pool as the server counts it: the mock exchange keeps its own bucket per key (100 tokens,
 * +100 per 10 minutes, costs from the spec) and answers 429 when a call finds it short. The client and
 * the mock share the mock's manual clock: the client reads it as `now`, and its waits (`sleep`) move
 * it forward, but only once every request already sent has reached the exchange, as the network
 * delivers before time passes. No assertion reads the wall clock.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHistoryClient, type HistoryClientOptions } from "../../src/index.js";
import { credentials, type Harness, startHarness } from "../fixtures/mock.js";

/**
 * Options wiring a client to `h`'s clock. Each test gets its own (a failed test's leftover calls keep
 * to their own stopped mock): `sleep` waits, boundedly, until every request this wiring sent has been
 * answered by the mock, then advances the clock. No retries: a 429 fails the call instead of being
 * waited out, so a refusal shows in the result as well as in the mock's log.
 */
function wire(h: Harness) {
  let sent = 0;
  const fetch = (request: Request) => {
    sent++;
    return globalThis.fetch(request);
  };
  const sleep = async (ms: number) => {
    for (let spins = 0; h.history().length < sent; spins++) {
      if (spins > 100_000) throw new Error("a request never reached the exchange");
      await new Promise((resolve) => setImmediate(resolve));
    }
    h.clock.advance(ms);
  };
  return { origin: h.mock.origin, now: h.clock.now, sleep, fetch, retry: false } as const;
}

let h: Harness;
let options: ReturnType<typeof wire>;
const client = (extra: HistoryClientOptions = {}) =>
  createHistoryClient({ ...options, credentials, ...extra });
/** Answers of the History surface by status. */
const statuses = () => h.history().map((r) => r.status);
const refused = () => statuses().filter((s) => s === 429).length;

beforeEach(async () => {
  h = await startHarness(5);
  options = wire(h);
});
afterEach(() => h.mock.stop());

describe("the history pool (100 tokens, +100 per 10 minutes), as the mock exchange counts it", () => {
  it("queues a burst of 150 one-token calls: the exchange refuses none", async () => {
    const history = client();
    const start = h.clock.now();
    const results = await Promise.all(Array.from({ length: 150 }, () => history.GET("/v2/orders")));
    expect(results).toHaveLength(150);
    expect(statuses()).toEqual(Array(150).fill(200));
    expect(h.history().every((r) => r.apiKey === credentials.apiKey)).toBe(true);
    // 50 tokens past the first 100 refill in 300 s of the shared clock; less would be overspending.
    expect(h.clock.now() - start).toBeGreaterThanOrEqual(300_000);
  });

  it("counts the account log by `count` and the CSV export as 6, like the exchange", async () => {
    const history = client();
    const start = h.clock.now();
    await Promise.all([
      ...Array.from({ length: 15 }, () =>
        history.GET("/v3/account-log", { params: { query: { count: 100_000 } } }),
      ),
      ...Array.from({ length: 10 }, () => history.accountLogCsv()),
    ]);
    expect(statuses()).toEqual(Array(25).fill(200));
    // 15 × 10 + 10 × 6 = 210 tokens: 110 past the first 100 take 660 s to refill.
    expect(h.clock.now() - start).toBeGreaterThanOrEqual(660_000);
  });

  it("spends nothing on public market history and never waits for it", async () => {
    const history = createHistoryClient(options);
    const start = h.clock.now();
    await Promise.all(
      Array.from({ length: 150 }, () =>
        history.GET("/v2/market/{tradeable}/price", { params: { path: { tradeable: "PF_XBTUSD" } } }),
      ),
    );
    expect(statuses()).toEqual(Array(150).fill(200));
    expect(h.clock.now()).toBe(start);
  });
});

describe("(controls) without the client's limiter the exchange refuses the same bursts", () => {
  const unlimited = () => client({ rateLimit: false });

  it("150 one-token calls: the 50 past the pool are refused with 429, mapped to RateLimitError", async () => {
    const history = unlimited();
    const outcomes = await Promise.allSettled(Array.from({ length: 150 }, () => history.GET("/v2/orders")));
    const rejected = outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected");
    expect(refused()).toBe(50);
    expect(rejected).toHaveLength(50);
    expect(rejected[0]!.reason).toMatchObject({ name: "RateLimitError", status: 429, source: "server" });
  });

  it("15 account-log calls of count=100000: the exchange charges 10 each and refuses 5", async () => {
    const history = unlimited();
    await Promise.allSettled(
      Array.from({ length: 15 }, () =>
        history.GET("/v3/account-log", { params: { query: { count: 100_000 } } }),
      ),
    );
    expect(refused()).toBe(5);
  });
});
