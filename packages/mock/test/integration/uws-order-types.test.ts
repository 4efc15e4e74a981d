/**
 * UWS order types on the engine: stop, take-profit and trailing orders rest as REST v3 trigger orders
 * watching the reference asked for (`index` → the spot index, `last` by default), `reduce_only` is
 * refused without a position, `validate` places nothing, and `deadline` is bounded.
 */
import { describe, expect, it } from "vitest";
import { API, call } from "./helpers.js";
import { invalidMessages, TEST_TOKEN, useUwsMock } from "./uws-helpers.js";

const bed = useUwsMock();
const token = TEST_TOKEN;

type OpenOrder = {
  order_id: string;
  orderType: string;
  stopPrice?: number;
  limitPrice: number | null;
  triggerSignal?: string;
};
const openOrders = async () =>
  (await call(bed.mock.origin, `${API}/openorders`)).body.openOrders as OpenOrder[];
function mark(): number {
  bed.mock.exchange.sync();
  return Math.round(bed.mock.exchange.markPrice("PF_XBTUSD"));
}
const add = (params: Record<string, unknown>) =>
  bed.client.call("add_order", {
    asset_class: "derivatives",
    symbol: "PF_XBTUSD",
    side: "sell",
    order_qty: 0.01,
    token,
    ...params,
  });

describe("UWS trigger orders are engine trigger orders", () => {
  it("stop-loss on index, take-profit-limit on last (default), trailing-stop in percent", async () => {
    const m = mark();
    const stop = await add({ order_type: "stop-loss", triggers: { reference: "index", price: m - 500 } });
    const tp = await add({
      order_type: "take-profit-limit",
      limit_price: m + 490,
      triggers: { price: m + 500 },
    });
    const trail = await add({ order_type: "trailing-stop", triggers: { price: 1, price_type: "pct" } });
    for (const a of [stop, tp, trail]) expect(a).toMatchObject({ success: true });
    const byId = new Map((await openOrders()).map((o) => [o.order_id, o]));
    const id = (a: Record<string, unknown>) => (a.result as { order_id: string }).order_id;
    expect(byId.get(id(stop))).toMatchObject({
      orderType: "stop",
      stopPrice: m - 500,
      triggerSignal: "spot",
    });
    expect(byId.get(id(tp))).toMatchObject({
      orderType: "take_profit",
      limitPrice: m + 490,
      triggerSignal: "last",
    });
    expect(byId.get(id(trail))).toMatchObject({ orderType: "trailing_stop" });
    expect(invalidMessages(bed.client)).toEqual([]);
  });

  it("refuses a trigger order without triggers, and a static trailing distance", async () => {
    expect(await add({ order_type: "stop-loss" })).toMatchObject({
      success: false,
      error: "'params.triggers' is required",
    });
    expect(await add({ order_type: "trailing-stop", triggers: { price: 100 } })).toMatchObject({
      success: false,
      error: "'params.triggers.price_type' is not valid",
    });
    expect(await openOrders()).toEqual([]);
  });
});

describe("UWS order flags", () => {
  it("validate places nothing; reduce_only without a position is refused; deadline is bounded", async () => {
    const m = mark();
    const checked = await add({ order_type: "limit", limit_price: m + 1_000, validate: true });
    expect(checked).toMatchObject({ success: true, result: { order_id: "" } });
    expect(await openOrders()).toEqual([]);
    expect(await add({ order_type: "limit", limit_price: m + 1_000, reduce_only: true })).toMatchObject({
      success: false,
    });
    const now = bed.mock.exchange.clock.now();
    const soon = new Date(now + 100).toISOString();
    expect(await add({ order_type: "limit", limit_price: m + 1_000, deadline: soon })).toMatchObject({
      error: "'params.deadline' must be 500 ms to 60 s ahead",
    });
    const ok = await add({
      order_type: "limit",
      limit_price: m + 1_000,
      deadline: new Date(now + 5_000).toISOString(),
    });
    expect(ok).toMatchObject({ success: true });
    expect(await openOrders()).toHaveLength(1);
    expect(invalidMessages(bed.client)).toEqual([]);
  });

  it("amend_order below the filled quantity cancels the remainder", async () => {
    const m = mark();
    const a = await add({ order_type: "limit", side: "buy", limit_price: m - 300, order_qty: 0.02 });
    const orderId = (a.result as { order_id: string }).order_id;
    bed.mock.exchange.takeResting(orderId, 0.01);
    const amended = await bed.client.call("amend_order", {
      asset_class: "derivatives",
      order_id: orderId,
      order_qty: 0.01,
      token,
    });
    expect(amended).toMatchObject({ success: true });
    expect(await openOrders()).toEqual([]);
  });
});
