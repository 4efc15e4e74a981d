/**
 * Every UWS fault armed from the start (`startMockExchange({ uws: { faults } })`, which is what the CLI's
 * `--uws-fault` builds), each observed over a raw WebSocket; the malformed-frame fault; an expired token
 * at reconnect with a short `tokenLifetimeMs`; the connection limit.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ManualClock } from "../../src/engine/clock.js";
import type { MockExchange, MockExchangeOptions } from "../../src/start.js";
import type { UwsFaults } from "../../src/uws/faults.js";
import { API, call, start } from "./helpers.js";
import { spot } from "./spot-helpers.js";
import { ReplayedBook, restingBuy, TEST_TOKEN, TestTokens, UwsClient } from "./uws-helpers.js";

let mock: MockExchange;
let clock: ManualClock;
const clients: UwsClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  await mock.stop();
});

async function open(url: string): Promise<UwsClient> {
  const c = await UwsClient.open(url);
  clients.push(c);
  return c;
}

/** A mock with `faults` armed at start and the tests' token authority; a private client on it. */
async function armed(faults: Partial<UwsFaults>, options: MockExchangeOptions = {}): Promise<UwsClient> {
  ({ mock, clock } = await start({ ...options, uws: { tokens: new TestTokens(), faults, ...options.uws } }));
  return open(mock.uwsPrivateUrl);
}

function run(steps: number): void {
  for (let i = 0; i < steps; i++) {
    clock.advance(1_000);
    mock.uws.tick();
  }
}

const token = TEST_TOKEN;
const market = (c: UwsClient, side: "buy" | "sell") =>
  c.call("add_order", {
    asset_class: "derivatives",
    order_type: "market",
    side,
    order_qty: 0.01,
    symbol: "PF_XBTUSD",
    token,
  });
const closed = (c: UwsClient) =>
  vi.waitFor(() => {
    if (c.socket.readyState !== c.socket.CLOSED) throw new Error("still open");
  });
const openOrders = async () =>
  ((await call(mock.origin, `${API}/openorders`)).body.openOrders as unknown[]).length;

describe("UWS faults armed from the start", () => {
  it("corruptChecksum: every book message fails the replay's checksum", async () => {
    await armed({ corruptChecksum: true });
    const pub = await open(mock.uwsPublicUrl);
    await pub.call("subscribe", { channel: "book", asset_class: "derivatives", symbol: ["PF_XBTUSD"] });
    run(3);
    await pub.barrier();
    const replay = new ReplayedBook(10);
    for (const t of pub.texts.filter((x) => JSON.parse(x).channel === "book")) replay.apply(t);
    expect(replay.checked).toBeGreaterThan(1);
    expect(replay.mismatches).toHaveLength(replay.checked);
  });

  it("ledgerGap: the first ledgers update skips the sequence numbers, then they run on", async () => {
    const c = await armed({ ledgerGap: 2 });
    await c.call("subscribe", { channel: "ledgers", token });
    await market(c, "buy");
    await c.barrier();
    await market(c, "sell");
    await c.barrier();
    expect(c.data("ledgers").map((m) => m.sequence)).toEqual([3, 4]);
  });

  it.each(["before", "after"] as const)(
    "dropNextRequest %s: the first request drops the connection",
    async (when) => {
      const c = await armed({ dropNextRequest: when });
      expect(await c.call("ping")).toMatchObject({ method: "pong" }); // ping is never dropped
      c.request("add_order", restingBuy(mock));
      await closed(c);
      expect(c.messages.filter((m) => m.method === "add_order")).toEqual([]);
      expect(await openOrders()).toBe(when === "after" ? 1 : 0);
    },
  );

  it("holdAcks: data flows, acks wait for releaseAcks()", async () => {
    const c = await armed({ holdAcks: true });
    const id = c.request("subscribe", { channel: "balances", token });
    await vi.waitFor(() => {
      if (c.data("balances", "snapshot").length === 0) throw new Error("no snapshot yet");
    });
    expect(c.messages.filter((m) => m.req_id === id)).toEqual([]);
    mock.uws.releaseAcks();
    expect((await c.acks(id))[0]).toMatchObject({ success: true });
  });

  it("silence: nothing arrives until it is lifted", async () => {
    const c = await armed({ silence: true });
    c.request("ping");
    await vi.waitFor(() => {
      if (mock.uws.requests.length === 0) throw new Error("not handled yet");
    });
    mock.uws.faults.silence = false;
    const after = c.request("ping");
    await c.acks(after);
    expect(c.messages.map((m) => m.req_id)).toEqual([after]);
  });

  it("positionsTooLarge: the first positions snapshot is snapshot_too_large", async () => {
    const c = await armed({ positionsTooLarge: true });
    await c.call("subscribe", { channel: "positions", asset_class: "derivatives", token });
    await c.barrier();
    expect(c.data("positions", "snapshot")[0]!.data).toMatchObject({ status: "snapshot_too_large" });
  });

  it("refuses a bad fault value before anything listens", async () => {
    ({ mock } = await start());
    await expect(start({ uws: { faults: { ledgerGap: -1 } } })).rejects.toThrow(RangeError);
    await expect(start({ uws: { faults: { malformedKind: "odd" as never } } })).rejects.toThrow(RangeError);
  });
});

describe("UWS malformed frames sent by the server", () => {
  it.each([
    ["truncated", false],
    ["text", false],
    ["noDiscriminator", false],
    ["binary", true],
  ] as const)("malformedEvery 2, kind %s: every second channel message is replaced", async (kind, binary) => {
    await armed({ malformedEvery: 2, malformedKind: kind });
    const pub = await open(mock.uwsPublicUrl);
    await pub.call("subscribe", { channel: "ticker", asset_class: "derivatives", symbol: ["PF_XBTUSD"] });
    await pub.call("subscribe", { channel: "instrument", asset_class: "derivatives" });
    await pub.barrier();
    // Channel messages 1 (ticker snapshot) and 2 (instrument snapshot): the second is replaced.
    expect(pub.data("ticker", "snapshot")).toHaveLength(1);
    expect(pub.data("instrument")).toEqual([]);
    expect(pub.malformed).toHaveLength(1);
    expect(pub.malformed[0]!.binary).toBe(binary);
    // Acks are not channel messages: they are never replaced, so the connection stays usable.
    expect(await pub.call("ping")).toMatchObject({ method: "pong", success: true });
  });

  it("can be switched on while the mock runs", async () => {
    await armed({});
    const pub = await open(mock.uwsPublicUrl);
    mock.uws.faults.malformedEvery = 1;
    await pub.call("subscribe", { channel: "instrument", asset_class: "derivatives" });
    await pub.barrier();
    expect(pub.malformed.map((m) => m.text)).toEqual([expect.stringMatching(/^\{"channel":"book"/)]);
  });
});

describe("an expired token at reconnect (tokenLifetimeMs)", () => {
  it("a token past its lifetime is refused after a reconnect; a fresh one opens the channel", async () => {
    ({ mock, clock } = await start({ tokenLifetimeMs: 60_000 }));
    const issue = async () => {
      const r = await spot(mock.origin, "GetWebSocketsToken");
      return r.body.result as { token: string; expires: number };
    };
    const old = await issue();
    expect(old.expires).toBe(60);
    const first = await open(mock.uwsPrivateUrl);
    expect(await first.call("subscribe", { channel: "balances", token: old.token })).toMatchObject({
      success: true,
    });
    // Held by the subscription it does not expire; once the connection is gone it does.
    clock.advance(61_000);
    await first.close();
    await vi.waitFor(() => {
      if (mock.uws.connections.length > 0) throw new Error("not closed yet");
    });
    const again = await open(mock.uwsPrivateUrl);
    expect(await again.call("subscribe", { channel: "balances", token: old.token })).toMatchObject({
      success: false,
      error: "EAccount:Invalid permissions",
    });
    const fresh = await issue();
    expect(await again.call("subscribe", { channel: "balances", token: fresh.token })).toMatchObject({
      success: true,
    });
  });

  it("refuses a lifetime under a second (expires is in seconds)", async () => {
    ({ mock } = await start());
    await expect(start({ tokenLifetimeMs: 999 })).rejects.toThrow(RangeError);
  });
});

describe("UWS connection limit (maxConnections)", () => {
  it("refuses an upgrade over the limit with HTTP 429, and accepts again once one closes", async () => {
    const first = await armed({}, { uws: { maxConnections: 2 } });
    await open(mock.uwsPublicUrl);
    await expect(UwsClient.open(mock.uwsPublicUrl)).rejects.toThrow(/429/);
    expect(mock.uws.connectionsRefused).toBe(1);
    await first.close();
    await vi.waitFor(() => {
      if (mock.uws.connections.length > 1) throw new Error("not closed yet");
    });
    expect(await (await open(mock.uwsPublicUrl)).call("ping")).toMatchObject({ method: "pong" });
  });
});
