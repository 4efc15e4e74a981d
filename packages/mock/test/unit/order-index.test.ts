import { describe, expect, it, vi } from "vitest";
import { ordersStatus } from "../../src/engine/account-views.js";
import { manualClock } from "../../src/engine/clock.js";
import { Exchange } from "../../src/engine/exchange.js";
import { CLOSED_ORDERS_KEPT } from "../../src/engine/order-index.js";

function setup() {
  const ex = new Exchange({ clock: manualClock(), warmupSteps: 5, balances: { flex: { USD: 1e9 } } });
  const bid = ex.books.get("PF_XBTUSD")!.bestSimulated("buy")!;
  const send = (i: number) =>
    ex.sendOrder({
      orderType: "lmt",
      symbol: "PF_XBTUSD",
      side: "buy",
      size: 0.01,
      limitPrice: bid - 100 - (i % 50),
      cliOrdId: `c${i}`,
    });
  return { ex, send };
}

// Issue 12, item 16: every order was kept and scanned forever. Timings live in scripts/order-cost.mjs;
// these tests pin the structure that makes the cost flat.
describe("order index", () => {
  it("keeps a bounded window of closed orders, the newest ones, and still finds open ones", () => {
    const { ex, send } = setup();
    const first = send(0);
    const n = CLOSED_ORDERS_KEPT + 2_000;
    let last = first;
    for (let i = 1; i <= n; i++) {
      last = send(i);
      ex.cancelOrder(last.orderId);
    }
    expect(ex.orders.size).toBe(CLOSED_ORDERS_KEPT + 1); // the kept closed ones + the open first order
    expect(ex.orders.findOpen(first.orderId, undefined)?.cliOrdId).toBe("c0");
    expect(ex.orders.findOpen(undefined, "c0")?.orderId).toBe(first.orderId);
    // The newest closed order is still known by id and by cliOrdId; the oldest are forgotten.
    expect(ex.orders.get(last.orderId!)?.state).toBe("cancelled");
    expect(ex.orders.find(undefined, `c${n}`)?.orderId).toBe(last.orderId);
    expect(ex.orders.find(undefined, "c1")).toBeUndefined();
    expect(ordersStatus(ex, [last.orderId!], []).orders).toHaveLength(1);
    expect(ex.openOrders().map((o) => o.orderId)).toEqual([first.orderId]);
  });

  it("a margin check with 2,000 open orders values only the new order, not every open one", () => {
    const { ex, send } = setup();
    for (let i = 0; i < 2_000; i++) send(i);
    ex.availableMargin("linear"); // totals cached once
    const claim = vi.spyOn(ex, "claim");
    expect(send(2_000).status).toBe("placed");
    expect(claim.mock.calls.length).toBeLessThanOrEqual(3);
    expect(ex.openOrders()).toHaveLength(2_001);
  });
});
