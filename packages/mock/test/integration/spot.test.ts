/**
 * The Spot REST subset on the mock's port, through raw fetch and a node:crypto signer: every operation
 * validates against its spec 200 schema, requests are refused with Kraken's Spot strings, tokens expire
 * on the mock's clock unless held, and the ledger is History's account log in Spot's form.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ManualClock } from "../../src/engine/clock.js";
import { DEFAULT_SPOT_TEST_KEY, DEFAULT_TEST_KEY } from "../../src/keys.js";
import type { MockExchange } from "../../src/start.js";
import { call, qs, start } from "./helpers.js";
import { signed, TRADING } from "./history-helpers.js";
import { spot, spotNonce, spotSchemaErrors } from "./spot-helpers.js";

let mock: MockExchange;
let clock: ManualClock;

const trade = async (args: Record<string, string | number>) => {
  const r = await call(mock.origin, `${TRADING}/sendorder`, { method: "POST", query: qs(args) });
  expect(r.body.result).toBe("success");
};

/** Waits out the `spot` call counter (15, 1 per 3 s) so each test starts with a full budget. */
const refill = () => clock.advance(45_000);

beforeAll(async () => {
  ({ mock, clock } = await start({ seed: 5 }));
  mock.exchange.sync();
  await trade({ orderType: "mkt", symbol: "PF_XBTUSD", side: "buy", size: 0.02 });
  await trade({ orderType: "mkt", symbol: "PI_XBTUSD", side: "buy", size: 500 });
  await trade({ orderType: "mkt", symbol: "PF_XBTUSD", side: "sell", size: 0.01 });
});
afterAll(() => mock.stop());

describe("Spot operations answer in their spec shape", () => {
  it("getWebSocketsToken: a token and expires 900", async () => {
    refill();
    const r = await spot(mock.origin, "GetWebSocketsToken");
    expect(r.status).toBe(200);
    expect(spotSchemaErrors("getWebSocketsToken", r.body)).toEqual([]);
    expect(r.body.error).toEqual([]);
    const result = r.body.result as { token: string; expires: number };
    expect(result.expires).toBe(900);
    expect(result.token).toMatch(/^[A-Za-z0-9+/]{43}$/);
  });

  it("getLedgers: form and JSON bodies, filters and paging", async () => {
    refill();
    const r = await spot(mock.origin, "Ledgers");
    expect(spotSchemaErrors("getLedgers", r.body)).toEqual([]);
    const page = r.body.result as {
      ledger: Record<string, { asset: string; aclass: string }>;
      count: number;
    };
    expect(page.count).toBeGreaterThanOrEqual(5);
    const j = await spot(mock.origin, "Ledgers", {
      json: true,
      args: { asset: "ZUSD", without_count: true },
    });
    expect(spotSchemaErrors("getLedgers", j.body)).toEqual([]);
    const usd = j.body.result as { ledger: Record<string, { asset: string }>; count?: number };
    expect(usd.count).toBeUndefined();
    expect(Object.values(usd.ledger).length).toBeGreaterThan(0);
    expect(Object.values(usd.ledger).every((e) => e.asset === "ZUSD")).toBe(true);
    const d = await spot(mock.origin, "Ledgers", { args: { aclass: "derivatives", ofs: 1 } });
    const derivs = d.body.result as { ledger: Record<string, { aclass: string }>; count: number };
    expect(derivs.count).toBe(3);
    expect(Object.keys(derivs.ledger)).toHaveLength(2);
  });

  it("queryLedgers: the entries with the given ids", async () => {
    refill();
    const all = (await spot(mock.origin, "Ledgers")).body.result as { ledger: Record<string, unknown> };
    const ids = Object.keys(all.ledger).slice(0, 2);
    const r = await spot(mock.origin, "QueryLedgers", { args: { id: ids.join(",") } });
    expect(spotSchemaErrors("queryLedgers", r.body)).toEqual([]);
    expect(r.body.result).toEqual({ [ids[0]!]: all.ledger[ids[0]!], [ids[1]!]: all.ledger[ids[1]!] });
  });

  it("getTradeVolume: the engine's volume and fee schedule, for a derivatives pair list in JSON", async () => {
    refill();
    const r = await spot(mock.origin, "TradeVolume", {
      json: true,
      args: { pair: [{ asset: "PF_XBTUSD", aclass: "derivatives" }] as never, fee_schedule: true },
    });
    expect(spotSchemaErrors("getTradeVolume", r.body)).toEqual([]);
    const tv = r.body.result as {
      volume: string;
      fees: Record<string, { fee: string; nextvolume: string }>;
      fees_maker: Record<string, { fee: string }>;
    };
    const volumes = await call(mock.origin, `${TRADING}/feeschedules/volumes`);
    const [volume] = Object.values(volumes.body.volumesByFeeSchedule as Record<string, number>);
    expect(Number(tv.volume)).toBeCloseTo(volume!, 2);
    const schedules = await call(mock.origin, `${TRADING}/feeschedules`, { key: null });
    const tiers = (
      schedules.body.feeSchedules as { tiers: { makerFee: number; takerFee: number; usdVolume: number }[] }[]
    )[0]!.tiers;
    expect(Number(tv.fees.PF_XBTUSD!.fee)).toBeCloseTo(tiers[0]!.takerFee, 8);
    expect(Number(tv.fees_maker.PF_XBTUSD!.fee)).toBeCloseTo(tiers[0]!.makerFee, 8);
    expect(Number(tv.fees.PF_XBTUSD!.nextvolume)).toBe(tiers[1]!.usdVolume);
    const bare = await spot(mock.origin, "TradeVolume");
    expect(spotSchemaErrors("getTradeVolume", bare.body)).toEqual([]);
    expect(bare.body.result).toEqual({ currency: "ZUSD", volume: tv.volume });
    const unknown = await spot(mock.origin, "TradeVolume", { args: { pair: "XXBTZUSD" } });
    expect(unknown.body).toEqual({ error: ["EQuery:Unknown asset pair"] });
  });
});

describe("Spot signing and nonces, refused with Kraken's strings on HTTP 200", () => {
  const refused = async (o: Parameters<typeof spot>[2], error: string) => {
    const r = await spot(mock.origin, "GetWebSocketsToken", o);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ error: [error] });
    expect(spotSchemaErrors("getWebSocketsToken", r.body)).toEqual([]);
  };

  it("an unknown key, and a Futures key, are EAPI:Invalid key", async () => {
    refill();
    await refused(
      { key: { apiKey: "nope", apiSecret: DEFAULT_SPOT_TEST_KEY.apiSecret } },
      "EAPI:Invalid key",
    );
    await refused({ key: DEFAULT_TEST_KEY }, "EAPI:Invalid key");
  });

  it("an altered or missing signature is EAPI:Invalid signature", async () => {
    refill();
    await refused({ tamper: (s) => (s[0] === "A" ? "B" : "A") + s.slice(1) }, "EAPI:Invalid signature");
    await refused({ unsigned: true }, "EAPI:Invalid signature");
    // Signed with another secret: the right key name does not make it valid.
    await refused(
      { key: { apiKey: DEFAULT_SPOT_TEST_KEY.apiKey, apiSecret: DEFAULT_TEST_KEY.apiSecret } },
      "EAPI:Invalid signature",
    );
  });

  it("a replayed, lower or missing nonce is EAPI:Invalid nonce", async () => {
    refill();
    const nonce = spotNonce();
    expect((await spot(mock.origin, "GetWebSocketsToken", { nonce })).body.error).toEqual([]);
    await refused({ nonce }, "EAPI:Invalid nonce");
    await refused({ nonce: String(BigInt(nonce) - 1n) }, "EAPI:Invalid nonce");
    await refused({ nonce: null }, "EAPI:Invalid nonce");
    await refused({ nonce: "18446744073709551616" }, "EAPI:Invalid nonce");
    // The next nonce is accepted again.
    expect((await spot(mock.origin, "GetWebSocketsToken")).body.error).toEqual([]);
  });

  it("a refused signature does not burn its nonce", async () => {
    refill();
    const nonce = spotNonce();
    await refused({ nonce, tamper: (s) => `x${s.slice(1)}` }, "EAPI:Invalid signature");
    expect((await spot(mock.origin, "GetWebSocketsToken", { nonce })).body.error).toEqual([]);
  });

  it("arguments outside the schema are EGeneral:Invalid arguments", async () => {
    refill();
    const r = await spot(mock.origin, "Ledgers", { args: { type: "bogus" } });
    expect(r.body).toEqual({ error: ["EGeneral:Invalid arguments"] });
    const q = await spot(mock.origin, "QueryLedgers");
    expect(q.body).toEqual({ error: ["EGeneral:Invalid arguments"] });
    const s = await spot(mock.origin, "Ledgers", { args: { start: "L-NOT-AN-ID" } });
    expect(s.body).toEqual({ error: ["EGeneral:Invalid arguments"] });
  });

  it("the generated plans refuse bounds, id lists, union alternatives and nested pairs", async () => {
    refill();
    const invalid = { error: ["EGeneral:Invalid arguments"] };
    const ids = Array.from({ length: 21 }, (_, i) => `L${i}`).join(",");
    const cases: [string, Parameters<typeof spot>[2]][] = [
      ["Ledgers", { args: { ofs: -1 } }],
      ["Ledgers", { json: true, args: { start: -5 } }],
      ["Ledgers", { json: true, args: { end: true } }],
      ["QueryLedgers", { args: { id: ids } }],
      ["TradeVolume", { json: true, args: { pair: [{ asset: "PF_XBTUSD" }] as never } }],
      ["TradeVolume", { json: true, args: { pair: [] as never } }],
    ];
    for (const [method, o] of cases) expect((await spot(mock.origin, method, o)).body).toEqual(invalid);
    // Digits in a form are the integer alternative of `start`; text is the ledger-id one.
    const ok = await spot(mock.origin, "Ledgers", { args: { start: 0, end: 4102444800, ofs: 0 } });
    expect(ok.body.error).toEqual([]);
  });

  it("the Spot key is refused on the Futures API", async () => {
    const r = await call(mock.origin, `${TRADING}/accounts`, { key: DEFAULT_SPOT_TEST_KEY });
    expect(r.body.error).toBe("authenticationError");
  });
});

describe("the Spot paths share the server's routing and faults", () => {
  it("an unknown /0/private method is EGeneral:Unknown method in Spot's envelope", async () => {
    const r = await spot(mock.origin, "Balance");
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ error: ["EGeneral:Unknown method"] });
  });

  it("a rateLimit fault on a Spot operation answers EAPI:Rate limit exceeded", async () => {
    refill();
    mock.faults.rateLimit({ match: { operationId: "getLedgers" }, times: 1 });
    expect((await spot(mock.origin, "Ledgers")).body).toEqual({ error: ["EAPI:Rate limit exceeded"] });
    expect((await spot(mock.origin, "Ledgers")).body.error).toEqual([]);
    expect(mock.requests.at(-2)).toMatchObject({ surface: "spot", error: "EAPI:Rate limit exceeded" });
  });
});

describe("the spot call counter", () => {
  it("15 calls of cost 1, then EAPI:Rate limit exceeded until it decays (1 per 3 s)", async () => {
    refill();
    for (let i = 0; i < 15; i++)
      expect((await spot(mock.origin, "GetWebSocketsToken")).body.error).toEqual([]);
    const r = await spot(mock.origin, "GetWebSocketsToken");
    expect(r.body).toEqual({ error: ["EAPI:Rate limit exceeded"] });
    expect(spotSchemaErrors("getWebSocketsToken", r.body)).toEqual([]);
    clock.advance(3_000);
    expect((await spot(mock.origin, "GetWebSocketsToken")).body.error).toEqual([]);
  });

  it("ledger calls cost 2: 7 fit in 15", async () => {
    refill();
    for (let i = 0; i < 7; i++) expect((await spot(mock.origin, "Ledgers")).body.error).toEqual([]);
    expect((await spot(mock.origin, "Ledgers")).body).toEqual({ error: ["EAPI:Rate limit exceeded"] });
    // One token is left, enough for a cost-1 call.
    expect((await spot(mock.origin, "TradeVolume")).body.error).toEqual([]);
  });
});

describe("WebSocket tokens on the mock's clock", () => {
  const issue = async () => {
    refill();
    const r = await spot(mock.origin, "GetWebSocketsToken");
    return (r.body.result as { token: string }).token;
  };

  it("a token names the account until 15 simulated minutes have passed", async () => {
    const token = await issue();
    expect(mock.tokens.validate(token)).toMatchObject({ ok: true, apiKey: DEFAULT_SPOT_TEST_KEY.apiKey });
    clock.advance(899_999);
    expect(mock.tokens.validate(token).ok).toBe(true);
    clock.advance(1);
    expect(mock.tokens.validate(token)).toEqual({ ok: false, reason: "expired" });
  });

  it("a held token does not expire; released after 15 minutes, it does", async () => {
    const token = await issue();
    const conn = {};
    expect(mock.tokens.hold(token, conn).ok).toBe(true);
    clock.advance(3_600_000);
    expect(mock.tokens.validate(token, conn).ok).toBe(true);
    expect(mock.tokens.validate(token, {})).toEqual({ ok: false, reason: "elsewhere" });
    mock.tokens.release(token, conn);
    expect(mock.tokens.validate(token)).toEqual({ ok: false, reason: "expired" });
  });

  it("a missing or never-issued token is refused", () => {
    expect(mock.tokens.validate(undefined)).toEqual({ ok: false, reason: "missing" });
    expect(mock.tokens.validate("1Dwc4lzSwNWOAwkMdqhssNNFhs1ed606d1WcF3XfEMw")).toEqual({
      ok: false,
      reason: "unknown",
    });
  });
});

describe("the Spot ledger is History's account log", () => {
  it("one entry per account-log entry: same booking id, execution, balances and fee to 6 decimals", async () => {
    refill();
    const log = await signed(mock.origin, "/v3/account-log", { count: 1000 });
    type Log = {
      booking_uid: string;
      execution: string;
      date: string;
      asset: string;
      contract: string;
      old_balance: number;
      new_balance: number;
      fee: number | null;
    };
    const logs = (log.json as { logs: Log[] }).logs;
    expect(logs.length).toBeGreaterThanOrEqual(5);
    const r = await spot(mock.origin, "Ledgers");
    type Entry = {
      refid: string;
      time: number;
      aclass: string;
      asset: string;
      amount: string;
      fee: string;
      balance: string;
    };
    const ledger = (r.body.result as { ledger: Record<string, Entry>; count: number }).ledger;
    expect((r.body.result as { count: number }).count).toBe(logs.length);
    for (const l of logs) {
      const e = ledger[l.booking_uid];
      expect(e, l.booking_uid).toBeDefined();
      expect(e!.refid).toBe(l.execution);
      expect(e!.time * 1000).toBeCloseTo(Date.parse(l.date), 0);
      expect(e!.aclass).toBe(l.asset === l.contract ? "derivatives" : "currency");
      expect(Number(e!.balance)).toBeCloseTo(l.new_balance, 6);
      expect(Number(e!.fee)).toBeCloseTo(l.fee ?? 0, 6);
      expect(Number(e!.amount)).toBeCloseTo(l.new_balance - l.old_balance + (l.fee ?? 0), 6);
    }
    // Newest first, as Kraken lists them.
    const times = Object.values(ledger).map((e) => e.time);
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it("a new fill appears in both, after `start` = the last entry's id", async () => {
    refill();
    const before = (await spot(mock.origin, "Ledgers")).body.result as { ledger: Record<string, unknown> };
    const [newest] = Object.keys(before.ledger);
    clock.advance(1_000);
    await trade({ orderType: "mkt", symbol: "PF_ETHUSD", side: "buy", size: 0.1 });
    const r = await spot(mock.origin, "Ledgers", { args: { start: newest! } });
    const fresh = r.body.result as {
      ledger: Record<string, { refid: string; asset: string }>;
      count: number;
    };
    expect(fresh.count).toBeGreaterThanOrEqual(2);
    const fills = mock.exchange.fills;
    const last = fills[fills.length - 1]!;
    expect(Object.values(fresh.ledger).every((e) => e.refid === last.fillId)).toBe(true);
    expect(Object.values(fresh.ledger).map((e) => e.asset)).toContain("PF_ETHUSD");
  });
});
