import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHistoryClient } from "../../src/index.js";
import { type Exchange, fakeClock, startExchange } from "../fixtures/exchange.js";

// The exchange and the client share a fake clock. The client's waits advance it, but only once every
// request already sent has reached the exchange: the network delivers before fake time passes.
let exchange: Exchange;
let clock: ReturnType<typeof fakeClock>;
let sent = 0;
const fetch = (request: Request) => {
  sent++;
  return globalThis.fetch(request);
};
const sleep = async (ms: number) => {
  while (exchange.received.length < sent) await new Promise((resolve) => setImmediate(resolve));
  clock.advance(ms);
};
const queued = () =>
  createHistoryClient({
    origin: exchange.origin,
    credentials: exchange.credentials,
    now: clock.now,
    sleep,
    fetch,
  });
beforeEach(async () => {
  sent = 0;
  clock = fakeClock();
  exchange = await startExchange({ now: clock.now });
});
afterEach(async () => {
  await exchange.stop();
});

describe("the history pool (100 tokens, +100 per 10 minutes)", () => {
  it("queues a burst of 150 one-token calls: the exchange refuses none", async () => {
    const client = queued();
    const start = clock.now();
    const results = await Promise.all(Array.from({ length: 150 }, () => client.GET("/v2/orders")));
    expect(results).toHaveLength(150);
    expect(exchange.overBudget).toBe(0);
    expect(exchange.received.every((r) => r.status === 200 && r.authentOk === true)).toBe(true);
    // 50 tokens past the first 100 refill in 300 s of fake time; less would mean the client overspent.
    expect(clock.now() - start).toBeGreaterThanOrEqual(300_000);
  });

  it("counts the account log by `count` like the exchange: 15 calls of count=100000 (10 each)", async () => {
    const client = queued();
    await Promise.all(
      Array.from({ length: 15 }, () =>
        client.GET("/v3/account-log", { params: { query: { count: 100_000 } } }),
      ),
    );
    expect(exchange.received.map((r) => r.cost)).toEqual(Array(15).fill(10));
    expect(exchange.overBudget).toBe(0);
  });

  it("spends nothing on public market history", async () => {
    const client = createHistoryClient({ origin: exchange.origin, now: clock.now, sleep, fetch });
    await Promise.all(
      Array.from({ length: 150 }, () =>
        client.GET("/v2/market/{tradeable}/price", { params: { path: { tradeable: "PF_XBTUSD" } } }),
      ),
    );
    expect(exchange.overBudget).toBe(0);
    expect(clock.now()).toBe(fakeClock().now());
  });

  it("(control) without the client budget the same burst is refused by the exchange", async () => {
    const client = createHistoryClient({
      origin: exchange.origin,
      credentials: exchange.credentials,
      rateLimit: false,
      retry: false,
      now: clock.now,
      fetch,
    });
    const outcomes = await Promise.allSettled(Array.from({ length: 150 }, () => client.GET("/v2/orders")));
    const refused = outcomes.filter((o) => o.status === "rejected");
    expect(exchange.overBudget).toBe(50);
    expect(refused).toHaveLength(50);
    expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({
      name: "RateLimitError",
      status: 429,
    });
  });
});
