// The Spot client against the mock exchange (`@kraken-futures/mock`, a devDependency), which checks
// API-Sign, nonces and the `spot` call counter as Kraken does and answers from its engine: every
// method of the client, the typed refusal of a wrong key, and the client's budget against the mock's.
import {
  DEFAULT_SPOT_TEST_KEY,
  DEFAULT_TEST_KEY,
  type ManualClock,
  type MockExchange,
  manualClock,
  startMockExchange,
} from "@kraken-futures/mock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AuthenticationError,
  createSpotClient,
  parseSpotCredentials,
  RateLimitError,
} from "../../src/index.js";

let mock: MockExchange;

/** A fetch that holds requests arriving together and sends them last-first once no more arrive. */
function reorderingFetch(): typeof fetch {
  let held: { request: Request; resolve: (r: Promise<Response>) => void }[] = [];
  let count = 0;
  const flushWhenQuiet = (seen: number) => {
    setImmediate(() => {
      if (count !== seen) return flushWhenQuiet(count);
      const batch = held.reverse();
      held = [];
      for (const { request, resolve } of batch) resolve(globalThis.fetch(request));
    });
  };
  return ((request: Request) =>
    new Promise<Response>((resolve) => {
      held.push({ request, resolve });
      count++;
      if (held.length === 1) flushWhenQuiet(count);
    })) as typeof fetch;
}
let clock: ManualClock;
const credentials = parseSpotCredentials(DEFAULT_SPOT_TEST_KEY);

/** A client on the mock's clock: its rate-limit waits move the mock's time. */
const client = (extra: object = {}) =>
  createSpotClient({
    credentials,
    origin: mock.origin,
    now: () => clock.now(),
    sleep: async (ms: number) => clock.advance(Math.max(0, ms)),
    ...extra,
  });

beforeAll(async () => {
  clock = manualClock();
  mock = await startMockExchange({ clock, seed: 7 });
  mock.exchange.sync();
  // 30 fills of PF_XBTUSD, two account-log entries each (position, USD): more than one Ledgers page.
  for (let i = 0; i < 30; i++) {
    const outcome = mock.exchange.sendOrder({
      orderType: "mkt",
      symbol: "PF_XBTUSD",
      side: i % 2 === 0 ? "buy" : "sell",
      size: 0.001,
    });
    expect(outcome.status).toBe("placed");
    clock.advance(1_000);
  }
});
afterAll(() => mock.stop());

describe("the Spot client against the mock", () => {
  it("webSocketsToken: a token the mock's store validates for the account", async () => {
    const { token, expires } = await client().webSocketsToken();
    expect(expires).toBe(900);
    expect(mock.tokens.validate(token)).toMatchObject({ ok: true, apiKey: DEFAULT_SPOT_TEST_KEY.apiKey });
    expect(mock.requests.at(-1)).toMatchObject({
      pathname: "/0/private/GetWebSocketsToken",
      surface: "spot",
      status: 200,
    });
  });

  it("ledgers: the newest 50 of the 60 entries; ledgerEntries walks both pages, each id once", async () => {
    const spot = client();
    const page = await spot.ledgers();
    expect(page.count).toBe(60);
    expect(Object.keys(page.ledger)).toHaveLength(50);
    const walked: string[] = [];
    for await (const [id] of spot.ledgerEntries()) walked.push(id);
    expect(walked).toHaveLength(60);
    expect(new Set(walked).size).toBe(60);
    expect(walked.slice(0, 50)).toEqual(Object.keys(page.ledger));
    const usd = await spot.ledgers({ asset: "ZUSD", type: "trade" });
    expect(usd.count).toBe(30);
    expect(Object.values(usd.ledger).every((e) => e.asset === "ZUSD" && e.type === "trade")).toBe(true);
  });

  it("queryLedgers: the entries by id, the same as in the page", async () => {
    const spot = client();
    const page = await spot.ledgers();
    const ids = Object.keys(page.ledger).slice(0, 3);
    const found = await spot.queryLedgers({ id: ids.join(",") });
    expect(found).toEqual(Object.fromEntries(ids.map((id) => [id, page.ledger[id]])));
  });

  it("tradeVolume: a derivatives pair list (JSON body) with the engine's volume and fees", async () => {
    const tv = await client().tradeVolume({
      pair: [{ asset: "PF_XBTUSD", aclass: "derivatives" }],
      fee_schedule: true,
    });
    expect(Number(tv.volume)).toBeCloseTo(mock.exchange.account.volumeUsd, 2);
    expect(Number(tv.fees?.PF_XBTUSD?.fee)).toBeCloseTo(mock.exchange.takerFee * 100, 8);
    expect(Number(tv.fees_maker?.PF_XBTUSD?.fee)).toBeCloseTo(mock.exchange.makerFee * 100, 8);
    expect(tv.schedules?.PF_XBTUSD).toBeDefined();
  });

  it("a Futures key pair given as a Spot key is refused by the mock: AuthenticationError", async () => {
    const futures = parseSpotCredentials(DEFAULT_TEST_KEY);
    await expect(client({ credentials: futures }).webSocketsToken()).rejects.toBeInstanceOf(
      AuthenticationError,
    );
    expect(mock.requests.at(-1)?.error).toBe("EAPI:Invalid key");
  });

  it("the client's spot budget is the mock's: 40 calls in a row, none refused", async () => {
    clock.advance(60_000);
    const before = mock.requests.length;
    const spot = client({ retry: false });
    for (let i = 0; i < 40; i++) await spot.webSocketsToken();
    const answered = mock.requests.slice(before);
    expect(answered).toHaveLength(40);
    expect(answered.filter((r) => r.error !== undefined)).toEqual([]);
    // The client waited: 25 calls past the 15 of the bucket, one per 3 s.
    expect(spot.queue.bucket("spot")?.available).toBeLessThan(1);
  });

  it("concurrent signed calls keep nonce order on a fetch that reorders: 12 at once, none refused", async () => {
    // The mock's Spot nonces are strict (each above every one before it), as Kraken Spot's are by
    // default. This fetch sends whatever arrives together last-first, as a connection pool may; only
    // the core's per-key order (SurfaceOptions.signerKey) keeps the nonces arriving in order.
    clock.advance(60_000);
    const before = mock.requests.length;
    const spot = client({ retry: false, fetch: reorderingFetch() });
    const outcomes = await Promise.allSettled(Array.from({ length: 12 }, () => spot.webSocketsToken()));
    const answered = mock.requests.slice(before);
    expect(answered).toHaveLength(12);
    expect(answered.filter((r) => r.error !== undefined).map((r) => r.error)).toEqual([]);
    expect(outcomes.filter((o) => o.status === "rejected")).toEqual([]);
  });

  it("(control) a client budgeting a laxer tier than the mock's starter one is refused", async () => {
    clock.advance(60_000);
    const spot = client({ retry: false, tier: "pro" });
    let refused: unknown;
    try {
      for (let i = 0; i < 40; i++) await spot.webSocketsToken();
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(RateLimitError);
    expect(mock.requests.at(-1)?.error).toBe("EAPI:Rate limit exceeded");
  });
});
