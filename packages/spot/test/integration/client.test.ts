// The Spot client against a loopback server that verifies API-Sign itself: what is sent, how the
// envelope becomes typed errors, retries with fresh nonces, and what is refused before sending.
import { parseCredentials } from "@kraken-futures/auth";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  AuthenticationError,
  CredentialsKindError,
  createSpotClient,
  MissingCredentialsError,
  parseSpotCredentials,
  RateLimitError,
  SpotApiError,
  ValidationError,
} from "../../src/index.js";
import { type SpotServer, startSpotServer } from "../fixtures/server.js";

// Kraken's published example secret (docs.kraken.com REST authentication); the key is ours.
const SECRET = "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==";
const API_KEY = "spot-test-key-0001";
const credentials = parseSpotCredentials({ apiKey: API_KEY, apiSecret: SECRET });
const instant = async () => {};

let server: SpotServer;
beforeAll(async () => {
  server = await startSpotServer(SECRET);
});
afterAll(() => server.close());
afterEach(() => {
  server.seen.length = 0;
  server.script.length = 0;
  server.otherwise = () => ({ json: { error: [], result: {} } });
});

const client = (extra: object = {}) =>
  createSpotClient({ credentials, origin: server.origin, sleep: instant, ...extra });

describe("createSpotClient", () => {
  it("gets a WebSocket token with a verified API-Sign over nonce=…", async () => {
    server.otherwise = () => ({
      json: { error: [], result: { token: "1Dwc4lzSwNWOAwkMdqhssNNFhs1ed606d1WcF3XfEMw", expires: 900 } },
    });
    const token = await client().webSocketsToken();
    expect(token).toEqual({ token: "1Dwc4lzSwNWOAwkMdqhssNNFhs1ed606d1WcF3XfEMw", expires: 900 });
    expect(server.seen).toHaveLength(1);
    const [seen] = server.seen;
    expect(seen).toMatchObject({
      path: "/0/private/GetWebSocketsToken",
      type: "application/x-www-form-urlencoded",
      apiKey: API_KEY,
      verified: true,
    });
    expect(seen!.body).toBe(`nonce=${seen!.nonce}`);
    expect(seen!.nonce).toMatch(/^\d{16}$/);
  });

  it("sends ledger filters after the nonce and hands back Spot decimals as the exact strings", async () => {
    const entry = {
      refid: "TX",
      time: 1764649802.5123,
      type: "trade",
      aclass: "currency",
      asset: "ZUSD",
      amount: "-1250.0000",
      fee: "2.5000",
      balance: "48747.5000",
    };
    server.otherwise = () => ({
      json: { error: [], result: { ledger: { "LQ7M2D-3KXTA-P4RZ9B": entry }, count: 1 } },
    });
    const page = await client().ledgers({ asset: "ZUSD", type: "trade", start: 1764640000, ofs: 0 });
    expect(page.ledger["LQ7M2D-3KXTA-P4RZ9B"]?.amount).toBe("-1250.0000");
    expect(page.count).toBe(1);
    const [seen] = server.seen;
    expect(seen!.verified).toBe(true);
    expect(seen!.body).toBe(`nonce=${seen!.nonce}&asset=ZUSD&type=trade&start=1764640000&ofs=0`);
  });

  it("sends TradeVolume's derivatives pairs as a signed JSON body and keeps a 17-digit volume exact", async () => {
    server.otherwise = () => ({
      json: { error: [], result: { currency: "ZUSD", volume: "3015012348193.4134" } },
    });
    const volume = await client().tradeVolume({
      pair: [{ asset: "PF_XBTUSD", aclass: "derivatives" }],
      fee_schedule: true,
    });
    expect(volume.volume).toBe("3015012348193.4134");
    const [seen] = server.seen;
    expect(seen).toMatchObject({ path: "/0/private/TradeVolume", type: "application/json", verified: true });
    expect(JSON.parse(seen!.body)).toEqual({
      nonce: Number(seen!.nonce),
      pair: [{ asset: "PF_XBTUSD", aclass: "derivatives" }],
      fee_schedule: true,
    });
    expect(seen!.body.startsWith(`{"nonce":${seen!.nonce},`)).toBe(true);
  });

  it("maps E… strings to typed errors and does not retry an authentication refusal", async () => {
    server.otherwise = () => ({ json: { error: ["EAPI:Invalid key"], result: {} } });
    await expect(client().queryLedgers({ id: "L1" })).rejects.toBeInstanceOf(AuthenticationError);
    expect(server.seen).toHaveLength(1);
    server.otherwise = () => ({ json: { error: ["EGeneral:Invalid arguments:id"] } });
    const error = await client()
      .queryLedgers({ id: "L1" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpotApiError);
    expect(error).toMatchObject({
      error: "EGeneral:Invalid arguments:id",
      spotErrors: ["EGeneral:Invalid arguments:id"],
      status: 200,
    });
  });

  it("retries a rate-limit refusal, signing the retry again with a higher nonce", async () => {
    server.script.push(() => ({ json: { error: ["EAPI:Rate limit exceeded"] } }));
    server.otherwise = () => ({ json: { error: [], result: { token: "t", expires: 900 } } });
    expect(await client().webSocketsToken()).toEqual({ token: "t", expires: 900 });
    expect(server.seen).toHaveLength(2);
    expect(server.seen.every((s) => s.verified)).toBe(true);
    expect(BigInt(server.seen[1]!.nonce)).toBeGreaterThan(BigInt(server.seen[0]!.nonce));
  });

  it("gives up with RateLimitError once the retries are spent", async () => {
    server.otherwise = () => ({ json: { error: ["EService: Throttled: 1764650460"] } });
    await expect(client({ retry: { retries: 1 } }).tradeVolume()).rejects.toBeInstanceOf(RateLimitError);
    expect(server.seen).toHaveLength(2);
  });

  it("returns a success carrying W… warnings, and logs them", async () => {
    const warnings: unknown[] = [];
    server.otherwise = () => ({ json: { error: ["WGeneral:Deprecated"], result: { token: "t" } } });
    const logger = { warn: (_: string, fields?: Record<string, unknown>) => warnings.push(fields?.error) };
    expect(await client({ logger }).webSocketsToken()).toEqual({ token: "t" });
    expect(warnings).toEqual([["WGeneral:Deprecated"]]);
  });

  it("refuses before sending: no credentials, a Futures key, a nonce or a null argument", async () => {
    await expect(createSpotClient({ origin: server.origin }).webSocketsToken()).rejects.toBeInstanceOf(
      MissingCredentialsError,
    );
    const futures = parseCredentials({ apiKey: API_KEY, apiSecret: SECRET });
    expect(() => createSpotClient({ credentials: futures as never })).toThrow(CredentialsKindError);
    await expect(client().ledgers({ nonce: "1" } as never)).rejects.toThrow(
      /nonce is drawn and written by the client/,
    );
    await expect(client().ledgers({ asset: null } as never)).rejects.toBeInstanceOf(ValidationError);
    expect(server.seen).toHaveLength(0);
  });

  it("works the same through an injected fetch", async () => {
    server.otherwise = () => ({ json: { error: [], result: { token: "t", expires: 900 } } });
    const spot = client({ fetch: (request: Request) => fetch(request) });
    expect(await spot.webSocketsToken()).toEqual({ token: "t", expires: 900 });
    expect(server.seen[0]).toMatchObject({ verified: true, type: "application/x-www-form-urlencoded" });
  });

  it("(control) the server refuses a request signed with another secret", async () => {
    const other = parseSpotCredentials({
      apiKey: API_KEY,
      apiSecret: Buffer.alloc(64, 7).toString("base64"),
    });
    await expect(
      createSpotClient({ credentials: other, origin: server.origin, sleep: instant }).webSocketsToken(),
    ).rejects.toBeInstanceOf(AuthenticationError);
    expect(server.seen[0]!.verified).toBe(false);
  });

  it("budgets the call counter of the chosen tier", () => {
    expect(client().api.pools.spot).toMatchObject({ capacity: 15, refillAmount: 1, refillIntervalMs: 3000 });
    expect(client({ tier: "pro" }).api.pools.spot).toMatchObject({ capacity: 20, refillIntervalMs: 1000 });
    expect(client({ tier: "intermediate" }).api.pools.spot).toMatchObject({
      capacity: 20,
      refillIntervalMs: 2000,
    });
  });
});
