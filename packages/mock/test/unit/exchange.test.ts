import { describe, expect, it } from "vitest";
import { accounts, fills, openOrders, openPositions } from "../../src/engine/account-views.js";
import { manualClock } from "../../src/engine/clock.js";
import { EngineError, Exchange } from "../../src/engine/exchange.js";
import { orderBook, tickers } from "../../src/engine/public-data.js";

function setup(seed = 1) {
  const clock = manualClock();
  const ex = new Exchange({ seed, clock });
  return { clock, ex };
}

const flexUsd = (ex: Exchange) => ex.account.flex.USD ?? 0;

describe("market", () => {
  it("is reproducible from the seed and differs between seeds", () => {
    const a = setup(7);
    const b = setup(7);
    const c = setup(8);
    a.clock.advance(10_000);
    b.clock.advance(10_000);
    c.clock.advance(10_000);
    expect(tickers(a.ex)).toEqual(tickers(b.ex));
    expect(tickers(a.ex)).not.toEqual(tickers(c.ex));
  });

  it("moves only when the clock moves", () => {
    const { clock, ex } = setup();
    const before = JSON.stringify(orderBook(ex, "PF_XBTUSD"));
    expect(JSON.stringify(orderBook(ex, "PF_XBTUSD"))).toBe(before);
    clock.advance(1000);
    expect(JSON.stringify(orderBook(ex, "PF_XBTUSD"))).not.toBe(before);
  });

  it("keeps books uncrossed with prices on the tick grid", () => {
    const { clock, ex } = setup();
    for (let i = 0; i < 20; i++) {
      clock.advance(1000);
      for (const [symbol, inst] of ex.instruments) {
        const { bids, asks } = orderBook(ex, symbol).orderBook as { bids: number[][]; asks: number[][] };
        expect(bids[0]![0]!).toBeLessThan(asks[0]![0]!);
        for (const [p] of [...bids, ...asks])
          expect(Math.abs(p! / inst.tickSize - Math.round(p! / inst.tickSize))).toBeLessThan(1e-9);
      }
    }
  });

  it("lists PI, PF and a quarterly FI contract", () => {
    const { ex } = setup();
    const symbols = [...ex.instruments.keys()];
    expect(symbols).toEqual(expect.arrayContaining(["PI_XBTUSD", "PF_XBTUSD", "PF_ETHUSD"]));
    expect(symbols.some((s) => /^FI_XBTUSD_\d{6}$/.test(s))).toBe(true);
  });
});

describe("order entry", () => {
  it("rests a limit order below the touch, then cancels it by cliOrdId", () => {
    const { ex } = setup();
    const bid = ex.books.get("PF_XBTUSD")!.bestSimulated("buy")!;
    const sent = ex.sendOrder({
      orderType: "lmt",
      symbol: "PF_XBTUSD",
      side: "buy",
      size: 0.01,
      limitPrice: bid - 100,
      cliOrdId: "a",
    });
    expect(sent.status).toBe("placed");
    expect(sent.events[0]?.type).toBe("PLACE");
    expect((openOrders(ex).openOrders as unknown[]).length).toBe(1);
    const book = orderBook(ex, "PF_XBTUSD").orderBook as { bids: number[][] };
    expect(book.bids.some(([p, s]) => p === bid - 100 && s! >= 0.01)).toBe(true);
    const cancelled = ex.cancelOrder(undefined, "a");
    expect(cancelled.status).toBe("cancelled");
    expect((openOrders(ex).openOrders as unknown[]).length).toBe(0);
    expect(ex.cancelOrder(undefined, "a").status).toBe("notFound");
  });

  it("refuses a duplicate cliOrdId while the first order is open", () => {
    const { ex } = setup();
    const bid = ex.books.get("PF_XBTUSD")!.bestSimulated("buy")!;
    const req = {
      orderType: "lmt",
      symbol: "PF_XBTUSD",
      side: "buy",
      size: 0.01,
      limitPrice: bid - 50,
      cliOrdId: "dup",
    } as const;
    expect(ex.sendOrder(req).status).toBe("placed");
    expect(ex.sendOrder(req).status).toBe("clientOrderIdAlreadyExist");
  });

  it("rejects a post-only order that would cross and an ioc that would not", () => {
    const { ex } = setup();
    const book = ex.books.get("PF_XBTUSD")!;
    const post = ex.sendOrder({
      orderType: "post",
      symbol: "PF_XBTUSD",
      side: "buy",
      size: 0.01,
      limitPrice: book.bestSimulated("sell")!,
    });
    expect(post.status).toBe("postWouldExecute");
    expect(post.events[0]).toMatchObject({ type: "REJECT", reason: "POST_WOULD_EXECUTE" });
    const ioc = ex.sendOrder({
      orderType: "ioc",
      symbol: "PF_XBTUSD",
      side: "buy",
      size: 0.01,
      limitPrice: book.bestSimulated("buy")!,
    });
    expect(ioc.status).toBe("iocWouldNotExecute");
    expect(ioc.events[0]).toMatchObject({ type: "REJECT", reason: "IOC_WOULD_NOT_EXECUTE" });
    expect(ex.fills).toHaveLength(0);
  });

  it("validates tick size, size precision, required prices and symbols", () => {
    const { ex } = setup();
    expect(
      ex.sendOrder({ orderType: "lmt", symbol: "PI_XBTUSD", side: "buy", size: 10, limitPrice: 100.25 })
        .status,
    ).toBe("invalidPrice");
    expect(
      ex.sendOrder({ orderType: "lmt", symbol: "PI_XBTUSD", side: "buy", size: 1.5, limitPrice: 100 }).status,
    ).toBe("invalidSize");
    expect(() => ex.sendOrder({ orderType: "lmt", symbol: "PI_XBTUSD", side: "buy", size: 1 })).toThrow(
      EngineError,
    );
    expect(() => ex.sendOrder({ orderType: "stp", symbol: "PI_XBTUSD", side: "buy", size: 1 })).toThrow(
      EngineError,
    );
    expect(() => ex.sendOrder({ orderType: "mkt", symbol: "XX_NOPE", side: "buy", size: 1 })).toThrow(
      EngineError,
    );
  });

  it("refuses an order the margin cannot carry", () => {
    const { ex } = setup();
    const sent = ex.sendOrder({ orderType: "mkt", symbol: "PF_XBTUSD", side: "buy", size: 100 });
    expect(sent.status).toBe("insufficientAvailableFunds");
    expect(sent.orderId).toBeUndefined();
    expect(ex.account.positions.size).toBe(0);
  });

  it("refuses a reduce-only order without a position to reduce", () => {
    const { ex } = setup();
    expect(
      ex.sendOrder({ orderType: "mkt", symbol: "PF_XBTUSD", side: "sell", size: 0.01, reduceOnly: true })
        .status,
    ).toBe("wouldNotReducePosition");
  });
});

describe("fills, positions and balances", () => {
  it("a market round trip on a linear contract books fees and realized PnL in USD", () => {
    const { clock, ex } = setup();
    const usd0 = flexUsd(ex);
    const buy = ex.sendOrder({ orderType: "mkt", symbol: "PF_XBTUSD", side: "buy", size: 0.1 });
    expect(buy.status).toBe("placed");
    expect(buy.events.every((e) => e.type === "EXECUTION")).toBe(true);
    const pos = openPositions(ex).openPositions as { size: number; side: string; price: number }[];
    expect(pos).toHaveLength(1);
    expect(pos[0]).toMatchObject({ side: "long", size: 0.1 });
    const buyFills = [...ex.fills];
    const entry = buyFills.reduce((s, f) => s + f.size * f.price, 0) / 0.1;
    expect(pos[0]!.price).toBeCloseTo(entry, 6);
    clock.advance(5_000);
    const sell = ex.sendOrder({
      orderType: "mkt",
      symbol: "PF_XBTUSD",
      side: "sell",
      size: 0.1,
      reduceOnly: true,
    });
    expect(sell.status).toBe("placed");
    expect(openPositions(ex).openPositions).toEqual([]);
    const sellFills = ex.fills.slice(buyFills.length);
    const exit = sellFills.reduce((s, f) => s + f.size * f.price, 0) / 0.1;
    const fees = ex.fills.reduce((s, f) => s + f.fee, 0);
    expect(fees).toBeCloseTo(0.1 * entry * 0.0005 + 0.1 * exit * 0.0005, 8);
    expect(flexUsd(ex)).toBeCloseTo(usd0 - fees + 0.1 * (exit - entry), 6);
    expect((fills(ex).fills as unknown[]).length).toBe(ex.fills.length);
  });

  it("an inverse fill charges its fee in XBT from the fi_xbtusd account", () => {
    const { ex } = setup();
    const xbt0 = ex.account.inverseCollateral;
    ex.sendOrder({ orderType: "mkt", symbol: "PI_XBTUSD", side: "buy", size: 1000 });
    const fee = ex.fills.reduce((s, f) => s + (f.size / f.price) * 0.0005, 0);
    expect(ex.account.inverseCollateral).toBeCloseTo(xbt0 - fee, 12);
    const acc = accounts(ex).accounts as {
      fi_xbtusd: { balances: Record<string, number>; marginRequirements: { im: number } };
    };
    expect(acc.fi_xbtusd.balances.PI_XBTUSD).toBe(1000);
    expect(acc.fi_xbtusd.marginRequirements.im).toBeGreaterThan(0);
  });

  it("a resting limit order is filled as maker when the market moves through it", () => {
    const { clock, ex } = setup(3);
    const ask = ex.books.get("PF_XBTUSD")!.bestSimulated("sell")!;
    const sent = ex.sendOrder({
      orderType: "lmt",
      symbol: "PF_XBTUSD",
      side: "buy",
      size: 0.01,
      limitPrice: ask - 1,
    });
    expect(sent.events[0]?.type).toBe("PLACE");
    for (let i = 0; i < 500 && ex.fills.length === 0; i++) {
      clock.advance(1000);
      ex.sync();
    }
    expect(ex.fills).toHaveLength(1);
    expect(ex.fills[0]).toMatchObject({ fillType: "maker", price: ask - 1, size: 0.01 });
    expect(openOrders(ex).openOrders).toEqual([]);
    expect(ex.account.positionSize("PF_XBTUSD")).toBe(0.01);
  });

  it("open orders reserve margin: availableMargin falls while an order rests", () => {
    const { ex } = setup();
    const avail = () => (accounts(ex).accounts as { flex: { availableMargin: number } }).flex.availableMargin;
    const before = avail();
    const bid = ex.books.get("PF_XBTUSD")!.bestSimulated("buy")!;
    const sent = ex.sendOrder({
      orderType: "lmt",
      symbol: "PF_XBTUSD",
      side: "buy",
      size: 0.1,
      limitPrice: bid - 500,
    });
    // Held at the worse of its limit and the mark (here the mark), plus the taker fee there.
    const mark = ex.markPrice("PF_XBTUSD");
    expect(avail()).toBeCloseTo(before - 0.1 * mark * (0.02 + ex.takerFee), 1);
    ex.cancelOrder(sent.orderId);
    expect(avail()).toBeCloseTo(before, 6);
  });
});

describe("edit, triggers and the dead man's switch", () => {
  it("edits size and price of a resting order", () => {
    const { ex } = setup();
    const bid = ex.books.get("PI_XBTUSD")!.bestSimulated("buy")!;
    const sent = ex.sendOrder({
      orderType: "lmt",
      symbol: "PI_XBTUSD",
      side: "buy",
      size: 100,
      limitPrice: bid - 100,
    });
    const edited = ex.editOrder({ orderId: sent.orderId!, size: 150, limitPrice: bid - 200 });
    expect(edited.status).toBe("edited");
    expect(edited.events[0]).toMatchObject({
      type: "EDIT",
      old: { quantity: 100 },
      new: { quantity: 150, limitPrice: bid - 200 },
    });
    expect(openOrders(ex).openOrders).toMatchObject([{ unfilledSize: 150, limitPrice: bid - 200 }]);
    expect(ex.editOrder({ orderId: "nope", size: 1 }).status).toBe("orderForEditNotFound");
  });

  it("an edit that crosses executes as takerAfterEdit", () => {
    const { ex } = setup();
    const book = ex.books.get("PI_XBTUSD")!;
    const sent = ex.sendOrder({
      orderType: "lmt",
      symbol: "PI_XBTUSD",
      side: "buy",
      size: 10,
      limitPrice: book.bestSimulated("buy")!,
    });
    const edited = ex.editOrder({ orderId: sent.orderId!, limitPrice: book.bestSimulated("sell")! });
    expect(edited.events.map((e) => e.type)).toEqual(["EDIT", "EXECUTION"]);
    expect(ex.fills[0]?.fillType).toBe("takerAfterEdit");
  });

  it("a sell stop above the market fires at the next step and a far one does not", () => {
    const { clock, ex } = setup();
    const mark = ex.markPrice("PF_XBTUSD");
    ex.sendOrder({ orderType: "mkt", symbol: "PF_XBTUSD", side: "buy", size: 0.02 });
    const near = ex.sendOrder({
      orderType: "stp",
      symbol: "PF_XBTUSD",
      side: "sell",
      size: 0.01,
      stopPrice: Math.round(mark * 1.05),
      reduceOnly: true,
    });
    const far = ex.sendOrder({
      orderType: "stp",
      symbol: "PF_XBTUSD",
      side: "sell",
      size: 0.01,
      stopPrice: Math.round(mark * 0.5),
      reduceOnly: true,
    });
    expect(near.events[0]).toMatchObject({
      type: "PLACE",
      orderTrigger: { triggerSide: "trigger_below", triggerSignal: "mark_price" },
    });
    expect(ex.account.positionSize("PF_XBTUSD")).toBeCloseTo(0.02, 10);
    clock.advance(1000);
    ex.sync();
    expect(ex.orders.get(near.orderId!)?.state).toBe("triggered");
    expect(ex.orders.get(far.orderId!)?.state).toBe("open");
    expect(ex.account.positionSize("PF_XBTUSD")).toBeCloseTo(0.01, 10);
  });

  it("a trailing stop's trigger price follows the best signal and never loosens", () => {
    const { clock, ex } = setup();
    const sent = ex.sendOrder({
      orderType: "trailing_stop",
      symbol: "PF_ETHUSD",
      side: "sell",
      size: 0.1,
      trailingStopDeviationUnit: "PERCENT",
      trailingStopMaxDeviation: 5,
    });
    const order = ex.orders.get(sent.orderId!)!;
    let best = ex.markPrice("PF_ETHUSD");
    let lastTrigger = 0;
    for (let i = 0; i < 50; i++) {
      clock.advance(1000);
      ex.sync();
      best = Math.max(best, ex.markPrice("PF_ETHUSD"));
      const stop = (openOrders(ex).openOrders as { stopPrice: number }[])[0]!.stopPrice;
      expect(stop).toBeCloseTo(best * 0.95, 6);
      expect(stop).toBeGreaterThanOrEqual(lastTrigger);
      lastTrigger = stop;
    }
    expect(order.state).toBe("open");
  });

  it("the dead man's switch cancels everything when its time comes, and 0 disarms it", () => {
    const { clock, ex } = setup();
    const bid = ex.books.get("PF_XBTUSD")!.bestSimulated("buy")!;
    ex.sendOrder({ orderType: "lmt", symbol: "PF_XBTUSD", side: "buy", size: 0.01, limitPrice: bid - 1000 });
    const armed = ex.cancelAllOrdersAfter(60);
    expect(Date.parse(armed.triggerTime) - Date.parse(armed.currentTime)).toBe(60_000);
    clock.advance(59_000);
    expect(ex.openOrders()).toHaveLength(1);
    clock.advance(1_000);
    expect(ex.openOrders()).toHaveLength(0);
    ex.sendOrder({ orderType: "lmt", symbol: "PF_XBTUSD", side: "buy", size: 0.01, limitPrice: bid - 1000 });
    ex.cancelAllOrdersAfter(10);
    expect(ex.cancelAllOrdersAfter(0).triggerTime).toBe("0");
    clock.advance(20_000);
    expect(ex.openOrders()).toHaveLength(1);
  });

  it("cancelallorders by symbol leaves other symbols alone", () => {
    const { ex } = setup();
    const b1 = ex.books.get("PF_XBTUSD")!.bestSimulated("buy")!;
    const b2 = ex.books.get("PF_ETHUSD")!.bestSimulated("buy")!;
    ex.sendOrder({ orderType: "lmt", symbol: "PF_XBTUSD", side: "buy", size: 0.01, limitPrice: b1 - 100 });
    ex.sendOrder({
      orderType: "lmt",
      symbol: "PF_ETHUSD",
      side: "buy",
      size: 0.01,
      limitPrice: roundTick(b2 - 10),
    });
    const res = ex.cancelAllOrders("PF_XBTUSD");
    expect(res.cancelled).toHaveLength(1);
    expect(ex.openOrders().map((o) => o.symbol)).toEqual(["PF_ETHUSD"]);
  });

  it("announces orders, fills and balance changes to subscribers", () => {
    const { ex } = setup();
    const seen: string[] = [];
    ex.on("order", (e) => seen.push(`order:${e.kind}`));
    ex.on("fill", () => seen.push("fill"));
    const off = ex.on("balance", () => seen.push("balance"));
    ex.sendOrder({ orderType: "mkt", symbol: "PI_XBTUSD", side: "buy", size: 10 });
    off();
    expect(seen).toContain("fill");
    expect(seen).toContain("balance");
    expect(seen).toContain("order:filled");
    expect(seen.indexOf("fill")).toBeLessThan(seen.indexOf("order:filled"));
  });
});

function roundTick(p: number) {
  return Math.round(p * 10) / 10;
}
