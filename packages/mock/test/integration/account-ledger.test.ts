/**
 * One account ledger: an order placed and filled over HTTP books its entries once, and WebSocket v1's
 * `account_log` (snapshot and updates) and History's `/v3/account-log` list the same entries: the same
 * ids, account names, assets and amounts.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_TEST_KEY } from "../../src/keys.js";
import { API, call, qs } from "./helpers.js";
import { signed } from "./history-helpers.js";
import { type Message, type RawClient, signChallengeIndependently, useWsMock } from "./ws-helpers.js";

const bed = useWsMock();

/** The fields both logs must agree on. */
const figures = (e: Message) => ({
  id: e.id,
  booking_uid: e.booking_uid,
  margin_account: e.margin_account,
  asset: e.asset,
  execution: e.execution,
  old_balance: e.old_balance,
  new_balance: e.new_balance,
  fee: e.fee,
  realized_pnl: e.realized_pnl,
});

/** Subscribes `c` to account_log with a signed challenge; resolves with the snapshot. */
async function subscribeAccountLog(c: RawClient): Promise<Message> {
  const challenge = await c.challenge(DEFAULT_TEST_KEY.apiKey);
  c.send({
    event: "subscribe",
    feed: "account_log",
    api_key: DEFAULT_TEST_KEY.apiKey,
    original_challenge: challenge,
    signed_challenge: signChallengeIndependently(challenge, DEFAULT_TEST_KEY.apiSecret),
  });
  return c.waitFor((m) => m.feed === "account_log_snapshot");
}

describe("one account ledger", () => {
  it("WS account_log and History's account log show the same entries of a fill", async () => {
    const c = await bed.connect();
    await subscribeAccountLog(c);

    // An order placed and filled on a linear and on an inverse contract.
    for (const symbol of ["PF_XBTUSD", "PI_XBTUSD"]) {
      const size = symbol === "PF_XBTUSD" ? 0.1 : 100;
      const r = await call(bed.mock.origin, `${API}/sendorder`, {
        method: "POST",
        query: qs({ orderType: "mkt", symbol, side: "buy", size }),
      });
      expect((r.body.sendStatus as { status: string }).status).toBe("placed");
    }
    const fills = bed.mock.exchange.fills;
    expect(fills.length).toBeGreaterThanOrEqual(2);
    await c.barrier();
    const ws = c.messages
      .filter((m) => m.feed === "account_log" && m.event === undefined)
      .map((m) => m.new_entry as Message);

    const history = await signed(bed.mock.origin, "/v3/account-log", { sort: "asc", count: 1000 });
    expect(history.status, history.text).toBe(200);
    const logs = (history.json as { logs: Message[] }).logs;
    expect(logs.length).toBeGreaterThan(fills.length);
    expect(ws.map(figures)).toEqual(logs.map(figures));
    // Every fill is in the log, on its contract's margin account.
    expect(new Set(logs.map((l) => l.execution))).toEqual(new Set(fills.map((f) => f.fillId)));
    expect(new Set(logs.map((l) => l.margin_account))).toEqual(new Set(["flex", "f-xbt:usd"]));

    // A new subscriber's snapshot lists the same entries.
    const snapshot = await subscribeAccountLog(await bed.connect());
    expect((snapshot.logs as Message[]).map(figures)).toEqual(logs.map(figures));
  });
});
