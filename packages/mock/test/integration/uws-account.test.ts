/**
 * The UWS account channels over raw WebSockets: `margin` (two full-state messages, one subscription per
 * connection), `positions` (one snapshot, then deltas, size 0 on close), `ledgers` (per-connection
 * sequence, gap fault), `preferences` and `set_preference`; figures agree with REST v3 `accounts` and
 * `openpositions` to 6 decimals, and every message validates against the UWS document.
 */
import { describe, expect, it } from "vitest";
import { API, call } from "./helpers.js";
import { invalidMessages, TEST_TOKEN, useUwsMock } from "./uws-helpers.js";

const bed = useUwsMock();
const token = TEST_TOKEN;

const market = (side: "buy" | "sell", qty = 0.01) =>
  bed.client.call("add_order", {
    asset_class: "derivatives",
    order_type: "market",
    side,
    order_qty: qty,
    symbol: "PF_XBTUSD",
    token,
  });
const sub = (params: Record<string, unknown>) => bed.client.call("subscribe", { token, ...params });
const accounts = async () =>
  (await call(bed.mock.origin, `${API}/accounts`)).body.accounts as {
    flex: { availableMargin: number; currencies: { USD: { quantity: number } } };
  };

describe("UWS margin", () => {
  it("sends both sections on subscribe and after a fill, agreeing with REST accounts", async () => {
    expect(await sub({ channel: "margin", asset_class: "derivatives" })).toMatchObject({ success: true });
    await bed.client.barrier();
    expect(bed.client.data("margin").map((m) => m.type)).toEqual(["multi_collateral", "single_collateral"]);
    expect((await market("buy")).success).toBe(true);
    await bed.client.barrier();
    const multi = bed.client.data("margin", "multi_collateral").at(-1)!.data as { available_margin: number };
    expect(bed.client.data("margin", "multi_collateral").length).toBeGreaterThan(1);
    expect(multi.available_margin).toBeCloseTo((await accounts()).flex.availableMargin, 6);
    expect(invalidMessages(bed.client)).toEqual([]);
  });

  it("refuses a second subscription and a snapshot parameter with the documented errors", async () => {
    await sub({ channel: "margin", asset_class: "derivatives" });
    expect(await sub({ channel: "margin", asset_class: "derivatives" })).toMatchObject({
      success: false,
      error: "Already subscribed to margin channel",
    });
    expect(await sub({ channel: "margin", asset_class: "derivatives", snapshot: true })).toMatchObject({
      success: false,
      error: "'params.snapshot' is not valid for the margin channel",
    });
    expect(invalidMessages(bed.client)).toEqual([]);
  });
});

describe("UWS positions", () => {
  it("one snapshot, then the changed position, then size 0 when it closes", async () => {
    await sub({ channel: "positions", asset_class: "derivatives" });
    await bed.client.barrier();
    const [snap] = bed.client.data("positions", "snapshot");
    expect((snap!.data as { futures: unknown[] }).futures).toEqual([]);
    expect(await sub({ channel: "positions", asset_class: "derivatives" })).toMatchObject({
      success: false,
      error: "Already subscribed to positions channel",
    });
    await market("buy");
    await bed.client.barrier();
    const opened = bed.client.data("positions", "update").at(-1)!.data as {
      futures: { symbol: string; size: number; entry_price: number }[];
    };
    const rest = (await call(bed.mock.origin, `${API}/openpositions`)).body.openPositions as {
      symbol: string;
      size: number;
      price: number;
    }[];
    expect(opened.futures[0]).toMatchObject({ symbol: "PF_XBTUSD", size: 0.01 });
    expect(opened.futures[0]!.entry_price).toBeCloseTo(rest[0]!.price, 6);
    await market("sell");
    await bed.client.barrier();
    const closed = bed.client.data("positions", "update").at(-1)!.data as { futures: { size: number }[] };
    expect(closed.futures).toEqual([{ symbol: "PF_XBTUSD", size: 0 }]);
    expect(bed.client.data("positions", "snapshot")).toHaveLength(1);
    expect(invalidMessages(bed.client)).toEqual([]);
  });

  it("refuses snapshot together with with_margin", async () => {
    const a = await sub({
      channel: "positions",
      asset_class: "derivatives",
      snapshot: true,
      with_margin: true,
    });
    expect(a).toMatchObject({ success: false });
  });
});

describe("UWS ledgers", () => {
  it("numbers updates per connection; the gap fault skips a sequence number", async () => {
    expect(await sub({ channel: "ledgers", asset_class: "derivatives" })).toMatchObject({
      success: false,
      error: "'params.asset_class' is not valid for the ledgers channel",
    });
    await sub({ channel: "ledgers" });
    await market("buy");
    await bed.client.barrier();
    bed.mock.uws.faults.ledgerGap = 1;
    await market("sell");
    await bed.client.barrier();
    const seqs = bed.client.data("ledgers").map((m) => m.sequence);
    expect(seqs).toEqual([1, 3]);
    const usd = (
      bed.client.data("ledgers").at(-1)!.data as { asset: string; balance: number; wallet_id: string }[]
    ).find((e) => e.asset === "USD" && e.wallet_id === "flex");
    expect(usd!.balance).toBeCloseTo((await accounts()).flex.currencies.USD.quantity, 6);
    expect(invalidMessages(bed.client)).toEqual([]);
  });
});

describe("UWS preferences and set_preference", () => {
  it("preferences: a snapshot, then an update when the permission changes", async () => {
    await sub({ channel: "preferences" });
    bed.mock.uws.setFuturesTrading("reduce_only");
    await bed.client.barrier();
    expect(
      bed.client
        .data("preferences")
        .map((m) => [m.type, (m.data as { futures_trading: string }).futures_trading]),
    ).toEqual([
      ["snapshot", "enabled"],
      ["update", "reduce_only"],
    ]);
    expect(invalidMessages(bed.client)).toEqual([]);
  });

  it("set_preference sets the REST leverage preference; refuses unknown markets and bad leverage", async () => {
    const lm = (leverage_mode: Record<string, unknown>) =>
      bed.client.call("set_preference", { asset_class: "derivatives", token, leverage_mode });
    expect(await lm({ symbol: "PF_XBTUSD", max_leverage: 5 })).toMatchObject({ success: true });
    const prefs = (await call(bed.mock.origin, `${API}/leveragepreferences`)).body.leveragePreferences;
    expect(prefs).toEqual([{ symbol: "PF_XBTUSD", maxLeverage: 5 }]);
    expect(await lm({ symbol: "PF_NOPE", max_leverage: 5 })).toMatchObject({
      error: "Unknown 'params.leverage_mode.symbol'",
    });
    expect(await lm({ symbol: "PF_XBTUSD" })).toMatchObject({
      error: "'params.leverage_mode.max_leverage' is required",
    });
    expect(await lm({ symbol: "PF_XBTUSD", max_leverage: 500 })).toMatchObject({
      error: "Leverage is outside the permitted range for this market",
    });
    expect(await lm({ symbol: "PF_XBTUSD", max_leverage: null })).toMatchObject({ success: true });
    expect(bed.mock.exchange.account.leverage.has("PF_XBTUSD")).toBe(false);
    expect(invalidMessages(bed.client)).toEqual([]);
  });
});
