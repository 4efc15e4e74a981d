/**
 * The Unified WebSocket and the Spot REST subset share one token store: a token minted with
 * `GetWebSocketsToken` (signed with the test's own API-Sign) opens private channels on `/v2/private`,
 * expires after 15 minutes on the mock's clock unless a private subscription holds it, and belongs to
 * the connection that holds it.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ManualClock } from "../../src/engine/clock.js";
import type { MockExchange } from "../../src/start.js";
import { start } from "./helpers.js";
import { spot } from "./spot-helpers.js";
import { type Message, UwsClient } from "./uws-helpers.js";

let mock: MockExchange;
let clock: ManualClock;
const clients: UwsClient[] = [];

beforeEach(async () => {
  ({ mock, clock } = await start({ seed: 7 }));
});
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  await mock.stop();
});

async function token(): Promise<string> {
  const r = await spot(mock.origin, "GetWebSocketsToken");
  expect(r.body.error).toEqual([]);
  return (r.body.result as { token: string }).token;
}

async function privateClient(): Promise<UwsClient> {
  const c = await UwsClient.open(mock.uwsPrivateUrl);
  clients.push(c);
  return c;
}

async function subscribeBalances(c: UwsClient, t: string): Promise<Message> {
  const id = c.request("subscribe", { channel: "balances", token: t });
  const [ack] = await c.acks(id);
  return ack as Message;
}

describe("UWS private channels with tokens from the Spot REST subset", () => {
  it("a token from GetWebSocketsToken subscribes; an unknown one is refused", async () => {
    const c = await privateClient();
    expect((await subscribeBalances(c, await token())).success).toBe(true);
    const refused = await subscribeBalances(c, "not-a-token");
    expect(refused.success).toBe(false);
    expect(refused.error).toBe("EAccount:Invalid permissions");
  });

  it("an unused token expires after 15 minutes on the mock clock", async () => {
    const t = await token();
    clock.advance(15 * 60_000 + 1);
    const c = await privateClient();
    const ack = await subscribeBalances(c, t);
    expect(ack.success).toBe(false);
    expect(ack.error).toBe("EAccount:Invalid permissions");
  });

  it("a held token outlives its 15 minutes on its connection, and is refused to another", async () => {
    const t = await token();
    const holder = await privateClient();
    expect((await subscribeBalances(holder, t)).success).toBe(true);
    clock.advance(60 * 60_000);
    // An hour is 3,600 market steps: catch them up here, so that the ack's 3 s wait does not include
    // them on a loaded machine (it did: the test failed twice under the full suite).
    mock.exchange.sync();
    const id = holder.request("subscribe", { channel: "executions", asset_class: "derivatives", token: t });
    const [execAck] = await holder.acks(id);
    expect(execAck, JSON.stringify(execAck)).toMatchObject({ success: true });
    const other = await privateClient();
    expect((await subscribeBalances(other, t)).success).toBe(false);
  });

  it("closing the holding connection lets a token past its 15 minutes expire", async () => {
    const t = await token();
    const holder = await privateClient();
    expect((await subscribeBalances(holder, t)).success).toBe(true);
    clock.advance(20 * 60_000);
    await holder.close();
    clients.splice(clients.indexOf(holder), 1);
    await expect.poll(() => mock.tokens.validate(t).ok, { timeout: 3_000 }).toBe(false);
    const again = await privateClient();
    expect((await subscribeBalances(again, t)).success).toBe(false);
  });
});
