/** Order life cycles through raw HTTP: open orders, fills, positions and balances stay consistent. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ManualClock } from "../../src/engine/clock.js";
import type { MockExchange } from "../../src/start.js";
import { API, type Body, call, qs, start } from "./helpers.js";

let mock: MockExchange;
let clock: ManualClock;
beforeEach(async () => {
  ({ mock, clock } = await start({ seed: 5 }));
});
afterEach(() => mock.stop());

const post = (path: string, args: Record<string, string | number | boolean | undefined>) =>
  call(mock.origin, `${API}/${path}`, { method: "POST", query: qs(args) });
const get = async (path: string) => (await call(mock.origin, `${API}/${path}`)).body;
function bid(s: string): number {
  mock.exchange.sync();
  return mock.exchange.books.get(s)!.bestSimulated("buy")!;
}
type OpenOrder = { order_id: string; unfilledSize: number; limitPrice: number; cliOrdId: string | null };
const openOrders = async () => (await get("openorders")).openOrders as OpenOrder[];
type Flex = {
  currencies: { USD: { quantity: number } };
  initialMargin: number;
  availableMargin: number;
  pnl: number;
};
const flex = async () => ((await get("accounts")).accounts as { flex: Flex }).flex;

describe("order life cycle over HTTP", () => {
  it("place, edit, cancel: open orders follow each step", async () => {
    const price = bid("PF_XBTUSD") - 200;
    const sent = (
      await post("sendorder", {
        orderType: "lmt",
        symbol: "PF_XBTUSD",
        side: "buy",
        size: 0.05,
        limitPrice: price,
        cliOrdId: "life-1",
      })
    ).body;
    expect(sent.sendStatus).toMatchObject({ status: "placed", cliOrdId: "life-1" });
    const id = (sent.sendStatus as { order_id: string }).order_id;
    expect(await openOrders()).toMatchObject([
      { order_id: id, unfilledSize: 0.05, limitPrice: price, cliOrdId: "life-1" },
    ]);
    const book = (await call(mock.origin, `${API}/orderbook`, { key: null, query: "symbol=PF_XBTUSD" })).body
      .orderBook as { bids: number[][] };
    expect(book.bids.some(([p]) => p === price)).toBe(true);

    const edited = (await post("editorder", { cliOrdId: "life-1", size: 0.08, limitPrice: price - 100 }))
      .body;
    expect(edited.editStatus).toMatchObject({ status: "edited", orderId: id });
    expect(await openOrders()).toMatchObject([{ order_id: id, unfilledSize: 0.08, limitPrice: price - 100 }]);

    const cancelled = (await post("cancelorder", { order_id: id })).body;
    expect(cancelled.cancelStatus).toMatchObject({ status: "cancelled", order_id: id });
    expect(await openOrders()).toEqual([]);
    expect(
      ((await post("cancelorder", { order_id: id })).body.cancelStatus as { status: string }).status,
    ).toBe("notFound");
  });

  it("a market buy then a reduce-only sell: fills, position and USD balance agree", async () => {
    const usd0 = (await flex()).currencies.USD.quantity;
    const buy = (await post("sendorder", { orderType: "mkt", symbol: "PF_XBTUSD", side: "buy", size: 0.1 }))
      .body;
    expect((buy.sendStatus as { status: string }).status).toBe("placed");
    const fills1 = (await get("fills")).fills as {
      size: number;
      price: number;
      side: string;
      fillType: string;
    }[];
    expect(fills1.reduce((s, f) => s + f.size, 0)).toBeCloseTo(0.1, 10);
    expect(fills1.every((f) => f.fillType === "taker" && f.side === "buy")).toBe(true);
    const entry = fills1.reduce((s, f) => s + f.size * f.price, 0) / 0.1;
    const positions = (await get("openpositions")).openPositions as {
      symbol: string;
      side: string;
      size: number;
      price: number;
    }[];
    expect(positions).toMatchObject([{ symbol: "PF_XBTUSD", side: "long", size: 0.1 }]);
    expect(positions[0]!.price).toBeCloseTo(entry, 6);
    const afterBuy = await flex();
    expect(afterBuy.currencies.USD.quantity).toBeCloseTo(usd0 - 0.1 * entry * 0.0005, 6);
    expect(afterBuy.initialMargin).toBeGreaterThan(0);

    clock.advance(30_000);
    await post("sendorder", {
      orderType: "mkt",
      symbol: "PF_XBTUSD",
      side: "sell",
      size: 0.1,
      reduceOnly: true,
    });
    const fills2 = (await get("fills")).fills as { size: number; price: number; side: string }[];
    const sells = fills2.filter((f) => f.side === "sell");
    const exit = sells.reduce((s, f) => s + f.size * f.price, 0) / 0.1;
    expect((await get("openpositions")).openPositions).toEqual([]);
    const end = await flex();
    const fees = 0.1 * entry * 0.0005 + 0.1 * exit * 0.0005;
    expect(end.currencies.USD.quantity).toBeCloseTo(usd0 - fees + 0.1 * (exit - entry), 6);
    expect(end.initialMargin).toBe(0);
  });

  it("refuses with the seed's statuses: duplicate cliOrdId, post crossing, reduce-only without position, short margin", async () => {
    const price = bid("PI_XBTUSD") - 100;
    await post("sendorder", {
      orderType: "lmt",
      symbol: "PI_XBTUSD",
      side: "buy",
      size: 1,
      limitPrice: price,
      cliOrdId: "same",
    });
    const dup = (
      await post("sendorder", {
        orderType: "lmt",
        symbol: "PI_XBTUSD",
        side: "buy",
        size: 1,
        limitPrice: price,
        cliOrdId: "same",
      })
    ).body;
    expect((dup.sendStatus as { status: string }).status).toBe("clientOrderIdAlreadyExist");
    const ask = mock.exchange.books.get("PI_XBTUSD")!.bestSimulated("sell")!;
    const postOnly = (
      await post("sendorder", {
        orderType: "post",
        symbol: "PI_XBTUSD",
        side: "buy",
        size: 1,
        limitPrice: ask,
      })
    ).body;
    expect((postOnly.sendStatus as { status: string }).status).toBe("postWouldExecute");
    const ro = (
      await post("sendorder", {
        orderType: "mkt",
        symbol: "PI_XBTUSD",
        side: "sell",
        size: 1,
        reduceOnly: true,
      })
    ).body;
    expect((ro.sendStatus as { status: string }).status).toBe("wouldNotReducePosition");
    const big = (await post("sendorder", { orderType: "mkt", symbol: "PF_XBTUSD", side: "buy", size: 500 }))
      .body;
    expect((big.sendStatus as { status: string }).status).toBe("insufficientAvailableFunds");
    const huge = (
      await post("sendorder", { orderType: "mkt", symbol: "PI_XBTUSD", side: "buy", size: 2_000_000 })
    ).body;
    expect((huge.sendStatus as { status: string }).status).toBe("maxPositionViolation");
    expect(await openOrders()).toHaveLength(1);
    expect((await get("fills")).fills).toEqual([]);
  });

  it("batchorder sends, edits and cancels in one call, keeping order_tag", async () => {
    const p = bid("PI_XBTUSD") - 500;
    const a = (
      await post("sendorder", { orderType: "lmt", symbol: "PI_XBTUSD", side: "buy", size: 5, limitPrice: p })
    ).body;
    const b = (
      await post("sendorder", { orderType: "lmt", symbol: "PI_XBTUSD", side: "buy", size: 5, limitPrice: p })
    ).body;
    const idOf = (x: Body) => (x.sendStatus as { order_id: string }).order_id;
    const json = JSON.stringify({
      batchOrder: [
        {
          order: "send",
          order_tag: "t1",
          orderType: "lmt",
          symbol: "PI_XBTUSD",
          side: "sell",
          size: 3,
          limitPrice: p + 5000,
          cliOrdId: "batch-1",
        },
        { order: "edit", order_id: idOf(a), size: 9 },
        { order: "cancel", order_id: idOf(b) },
      ],
    });
    const res = (await post("batchorder", { json })).body;
    expect(res.batchStatus).toMatchObject([
      { order_tag: "t1", status: "placed" },
      { order_id: idOf(a), status: "edited" },
      { order_id: idOf(b), status: "cancelled" },
    ]);
    const open = await openOrders();
    expect(open.map((o) => o.cliOrdId ?? o.order_id).sort()).toEqual(["batch-1", idOf(a)].sort());
    expect(open.find((o) => o.order_id === idOf(a))?.unfilledSize).toBe(9);
  });

  it("cancelallorders by symbol, and the dead man's switch fires on the exchange's clock", async () => {
    await post("sendorder", {
      orderType: "lmt",
      symbol: "PI_XBTUSD",
      side: "buy",
      size: 1,
      limitPrice: bid("PI_XBTUSD") - 100,
    });
    await post("sendorder", {
      orderType: "lmt",
      symbol: "PF_XBTUSD",
      side: "buy",
      size: 0.01,
      limitPrice: bid("PF_XBTUSD") - 100,
    });
    const all = (await post("cancelallorders", { symbol: "PI_XBTUSD" })).body;
    expect(all.cancelStatus).toMatchObject({
      status: "cancelled",
      cancelOnly: "PI_XBTUSD",
      cancelledOrders: [{}],
    });
    expect((await openOrders()).length).toBe(1);

    const armed = (await post("cancelallordersafter", { timeout: 30 })).body.status as {
      currentTime: string;
      triggerTime: string;
    };
    expect(Date.parse(armed.triggerTime) - Date.parse(armed.currentTime)).toBe(30_000);
    clock.advance(29_000);
    expect((await openOrders()).length).toBe(1);
    clock.advance(1_000);
    expect(await openOrders()).toEqual([]);
  });

  it("orders/status reports an order by id and by cliOrdId", async () => {
    const s = (
      await post("sendorder", {
        orderType: "lmt",
        symbol: "PI_XBTUSD",
        side: "buy",
        size: 1,
        limitPrice: bid("PI_XBTUSD") - 100,
        cliOrdId: "st",
      })
    ).body;
    const id = (s.sendStatus as { order_id: string }).order_id;
    const byId = (await call(mock.origin, `${API}/orders/status`, { form: `orderIds=${id}` })).body;
    const byCli = (await call(mock.origin, `${API}/orders/status`, { form: "cliOrdIds=st" })).body;
    expect(byId.orders).toMatchObject([
      { status: "ENTERED_BOOK", order: { orderId: id, cliOrdId: "st", type: "ORDER" } },
    ]);
    expect(byCli.orders).toEqual(byId.orders);
  });

  it("public data follows the account's trades: the ticker's last trade is the account's fill", async () => {
    await post("sendorder", { orderType: "mkt", symbol: "PI_XBTUSD", side: "buy", size: 10 });
    const fill = ((await get("fills")).fills as { price: number; size: number }[])[0]!;
    const ticker = (await call(mock.origin, `${API}/tickers/PI_XBTUSD`, { key: null })).body.ticker as {
      last: number;
      lastSize: number;
    };
    expect(ticker).toMatchObject({ last: fill.price, lastSize: fill.size });
    const history = (await call(mock.origin, `${API}/history`, { key: null, query: "symbol=PI_XBTUSD" })).body
      .history as { price: number }[];
    expect(history[0]?.price).toBe(fill.price);
  });
});
