import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tradingApi } from "../../src/generated/trading.operations.gen.js";
import { createRestClient } from "../../src/rest-client.js";
import type { Fetch } from "../../src/transport/types.js";
import { fakeClock } from "../fixtures/clock.js";
import { API_KEY, API_SECRET, startServer, type TestServer } from "../fixtures/server.js";

// The server and the client share a fake clock; the client's waits advance it, so 1,000 calls of
// cost 10 (10,000 units, about 190 s of budget) run in real milliseconds. No timing is asserted.
// A wait first lets the calls already sent reach the server (the network delivers before fake time
// passes); otherwise the whole burst would land at the server in one fake instant.
const credentials = { apiKey: API_KEY, apiSecret: API_SECRET };
let server: TestServer;
let clock: ReturnType<typeof fakeClock>;
beforeEach(async () => {
  clock = fakeClock();
  server = await startServer(tradingApi, { now: clock.now });
});
afterEach(async () => {
  await server.close();
});

const order = { orderType: "lmt", symbol: "PF_XBTUSD", side: "buy", size: 1, limitPrice: 64000 } as const;

describe("a burst of 1,000 signed calls", () => {
  it("never exceeds the budget as the server counts it, under the default policy", async () => {
    const sentNonces: bigint[] = [];
    const transport = await import("#transport").then((m) => m.createDefaultTransport());
    const fetch: Fetch = (request) => {
      sentNonces.push(BigInt(request.headers.get("Nonce")!));
      return transport(request);
    };
    const sleep = async (ms: number) => {
      while (server.received.length < sentNonces.length) await new Promise((r) => setImmediate(r));
      clock.advance(ms);
    };
    const client = createRestClient({ origin: server.origin, credentials, now: clock.now, sleep, fetch });
    const results = await Promise.all(
      Array.from({ length: 1_000 }, () => client.POST("/sendorder", { params: { query: order } })),
    );
    expect(results).toHaveLength(1_000);
    expect(server.received).toHaveLength(1_000);
    expect(server.overBudget).toBe(0);
    expect(server.received.every((r) => r.authentOk === true)).toBe(true);
    // Nonces leave in the order they were drawn.
    expect(sentNonces.every((n, i) => i === 0 || n > sentNonces[i - 1]!)).toBe(true);
    // Signed calls of one key take turns (one round trip each, see key-turns.ts): 1,000 of them take
    // a few seconds on a loaded machine, more than vitest's default 5 s. Not a timing assertion.
  }, 60_000);

  it("(control) without the client budget the same burst is refused by the server", async () => {
    const client = createRestClient({ origin: server.origin, credentials, rateLimit: false, retry: false });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 100 }, () => client.POST("/sendorder", { params: { query: order } })),
    );
    expect(server.overBudget).toBeGreaterThan(0);
    expect(outcomes.filter((o) => o.status === "rejected").length).toBe(server.overBudget);
  });
});

describe("the server counts a call when it receives it", () => {
  it("a slow first call on a full bucket (a cold connection) does not make later calls overspend", async () => {
    // The first request spends 200 ms in flight (connect, TLS); the server's full bucket wastes the
    // refill of those 200 ms, the client's does not. Three calls of cost 200 then need the client to
    // wait for what the server has, not for what its own bucket says.
    const transport = await import("#transport").then((m) => m.createDefaultTransport());
    let first = true;
    const fetch: Fetch = (request) => {
      if (first) clock.advance(200);
      first = false;
      return transport(request);
    };
    const client = createRestClient({
      origin: server.origin,
      credentials,
      now: clock.now,
      sleep: clock.sleep,
      fetch,
    });
    for (let i = 0; i < 3; i++) await client.GET("/unwindqueue");
    expect(server.received.map((r) => r.cost)).toEqual([200, 200, 200]);
    expect(server.overBudget).toBe(0);
  });
});
