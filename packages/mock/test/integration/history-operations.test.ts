/**
 * Every operation of the History document through raw HTTP, after real activity on the Trading API:
 * private ones signed with the full `/api/history/...` endpoint path, public ones unsigned. Each answer
 * validates against the document's 200 schema and reports what the engine did; refusals are HTTP 4xx
 * with the documented HistoryErrorResponse body.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ManualClock } from "../../src/engine/clock.js";
import { DEFAULT_TEST_KEY } from "../../src/keys.js";
import type { MockExchange } from "../../src/start.js";
import { call, qs, start } from "./helpers.js";
import {
  HISTORY,
  historyDoc,
  open,
  operationsOf,
  raw,
  schemaErrors,
  signed,
  TRADING,
} from "./history-helpers.js";

let mock: MockExchange;
let clock: ManualClock;
let restingId: string;
let stopId: string;
let takeProfitId: string;
/** Operations answered 200 with a body that validated: every operation of the document must get here. */
const covered = new Set<string>();

const trade = async (args: Record<string, string | number | boolean | undefined>) => {
  const r = await call(mock.origin, `${TRADING}/sendorder`, { method: "POST", query: qs(args) });
  expect(r.body.result).toBe("success");
  return r.body.sendStatus as { status: string; order_id: string };
};

beforeAll(async () => {
  ({ mock, clock } = await start({ seed: 3 }));
  const ex = mock.exchange;
  ex.sync();
  // A taker buy of a linear contract and of an inverse one.
  expect((await trade({ orderType: "mkt", symbol: "PF_XBTUSD", side: "buy", size: 0.02 })).status).toBe(
    "placed",
  );
  expect((await trade({ orderType: "mkt", symbol: "PI_XBTUSD", side: "buy", size: 500 })).status).toBe(
    "placed",
  );
  // A resting order, edited, then cancelled.
  const bid = ex.books.get("PF_XBTUSD")!.bestSimulated("buy")!;
  restingId = (
    await trade({
      orderType: "lmt",
      symbol: "PF_XBTUSD",
      side: "buy",
      size: 0.01,
      limitPrice: Math.round(bid - 500),
      cliOrdId: "hist-rest",
    })
  ).order_id;
  const edit = await call(mock.origin, `${TRADING}/editorder`, {
    method: "POST",
    query: qs({ orderId: restingId, size: 0.03 }),
  });
  expect((edit.body.editStatus as { status: string }).status).toBe("edited");
  const cancel = await call(mock.origin, `${TRADING}/cancelorder`, {
    method: "POST",
    query: qs({ order_id: restingId }),
  });
  expect((cancel.body.cancelStatus as { status: string }).status).toBe("cancelled");
  // A reduce-only sell stop just above the mark: it fires on the next market step and closes part of
  // the position.
  const mark = ex.markPrice("PF_XBTUSD");
  stopId = (
    await trade({
      orderType: "stp",
      symbol: "PF_XBTUSD",
      side: "sell",
      size: 0.01,
      stopPrice: Math.round(mark + 2_000),
      reduceOnly: true,
    })
  ).order_id;
  // A take-profit placed and cancelled.
  takeProfitId = (
    await trade({
      orderType: "take_profit",
      symbol: "PF_ETHUSD",
      side: "buy",
      size: 0.5,
      stopPrice: Math.round(ex.markPrice("PF_ETHUSD") * 0.5),
    })
  ).order_id;
  await call(mock.origin, `${TRADING}/cancelorder`, {
    method: "POST",
    query: qs({ order_id: takeProfitId }),
  });
  clock.advance(1_000);
  ex.sync();
  expect(ex.orders.get(stopId)!.state).toBe("triggered");
});
afterAll(() => mock.stop());

type Element = { uid: string; timestamp: number; event: Record<string, Record<string, unknown>> };
type EventPage = { len: number; elements: Element[]; continuationToken?: string; accountUid?: string };

/** A 200 JSON answer that validates against the operation's schema. */
async function ok(operationId: string, answer: Promise<{ status: number; json: unknown; text: string }>) {
  const r = await answer;
  expect(r.status, r.text).toBe(200);
  expect(schemaErrors("history", operationId, r.json)).toEqual([]);
  covered.add(operationId);
  return r.json as EventPage & Record<string, unknown>;
}

const kinds = (page: EventPage) => page.elements.map((e) => Object.keys(e.event)[0]);

describe("History API: account history (signed, history pool)", () => {
  it("getOrderEvents: placement, edit, fills, cancellation and the triggered child, newest first", async () => {
    const page = await ok("getOrderEventsV2", signed(mock.origin, "/v2/orders"));
    expect(page.len).toBe(page.elements.length);
    const times = page.elements.map((e) => e.timestamp);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const ofResting = page.elements.filter((e) => {
      const body = Object.values(e.event)[0]!;
      const order = (body.order ?? body.newOrder) as { uid: string };
      return order.uid === restingId;
    });
    expect(ofResting.map((e) => Object.keys(e.event)[0])).toEqual([
      "OrderCancelled",
      "OrderUpdated",
      "OrderPlaced",
    ]);
    const updated = ofResting[1]!.event.OrderUpdated as {
      oldOrder: { quantity: string };
      newOrder: { quantity: string; clientId: string };
      reason: string;
    };
    expect(updated).toMatchObject({
      reason: "edited_by_user",
      oldOrder: { quantity: "0.01" },
      newOrder: { quantity: "0.03", clientId: "hist-rest" },
    });
    // Every fill of the engine shows up as an update of its order.
    const fullFills = page.elements.filter((e) => e.event.OrderUpdated?.reason === "full_fill");
    const filledOrders = new Set(mock.exchange.fills.map((f) => f.orderId));
    expect(new Set(fullFills.map((e) => (e.event.OrderUpdated!.newOrder as { uid: string }).uid))).toEqual(
      filledOrders,
    );
    expect(kinds(page)).not.toContain(undefined);
  });

  it("getOrderEvents filters: tradeable, opened=false, closed=false", async () => {
    const inverse = await ok(
      "getOrderEventsV2",
      signed(mock.origin, "/v2/orders", { tradeable: "PI_XBTUSD" }),
    );
    expect(inverse.elements.length).toBeGreaterThan(0);
    for (const e of inverse.elements) {
      const body = Object.values(e.event)[0]!;
      expect(((body.order ?? body.newOrder) as { tradeable: string }).tradeable).toBe("PI_XBTUSD");
    }
    const noOpen = await ok("getOrderEventsV2", signed(mock.origin, "/v2/orders", { opened: false }));
    expect(kinds(noOpen)).not.toContain("OrderPlaced");
    expect(kinds(noOpen)).toContain("OrderCancelled");
    const noClose = await ok("getOrderEventsV2", signed(mock.origin, "/v2/orders", { closed: false }));
    expect(kinds(noClose)).not.toContain("OrderCancelled");
    expect(kinds(noClose)).toContain("OrderPlaced");
  });

  it("getTriggerEvents: the stop placed and activated, the take-profit placed and cancelled", async () => {
    const page = await ok("getTriggerEventsV2", signed(mock.origin, "/v2/triggers", { sort: "asc" }));
    const of = (id: string) =>
      page.elements
        .filter((e) => (Object.values(e.event)[0]!.order as { uid: string }).uid === id)
        .map((e) => Object.keys(e.event)[0]);
    expect(of(stopId)).toEqual(["OrderTriggerPlaced", "OrderTriggerActivated"]);
    expect(of(takeProfitId)).toEqual(["OrderTriggerPlaced", "OrderTriggerCancelled"]);
    const placed = page.elements[0]!.event.OrderTriggerPlaced!.order as Record<string, unknown>;
    expect(placed).toMatchObject({
      uid: stopId,
      reduceOnly: true,
      triggerOptions: { triggerSignal: "MarkPrice", triggerSide: "Below" },
    });
  });

  it("getExecutionEvents: one per engine fill, with fee and resulting position", async () => {
    const page = await ok("getExecutionEventsV2", signed(mock.origin, "/v2/executions", { sort: "asc" }));
    const fills = mock.exchange.fills;
    expect(page.elements.map((e) => (e.event.Execution!.execution as { uid: string }).uid)).toEqual(
      fills.map((f) => f.fillId),
    );
    const first = page.elements[0]!.event.Execution!.execution as {
      price: string;
      quantity: string;
      order: { uid: string; direction: string };
      orderData: { fee: string };
    };
    expect(Number(first.price)).toBe(fills[0]!.price);
    expect(Number(first.quantity)).toBe(fills[0]!.size);
    expect(Number(first.orderData.fee)).toBeCloseTo(fills[0]!.fee, 9);
    expect(first.order).toMatchObject({ uid: fills[0]!.orderId, direction: "Buy" });
    const onlyInverse = await ok(
      "getExecutionEventsV2",
      signed(mock.origin, "/v2/executions", { tradeable: "pi_xbtusd" }),
    );
    expect(onlyInverse.len).toBe(fills.filter((f) => f.symbol === "PI_XBTUSD").length);
  });

  it("getPositionEvents: opened then decreased by the stop, with filters", async () => {
    const page = await ok(
      "getPositionEvents",
      signed(mock.origin, "/v3/positions", { tradeable: "PF_XBTUSD", sort: "asc" }),
    );
    type P = { positionChange: string; newPosition: string; oldPosition: string; tradeType?: string };
    const changes = (page.elements as unknown as P[]).map((p) => p.positionChange);
    // Recent real responses spell the change in lower case and carry the trade's type.
    expect(changes[0]).toBe("open");
    expect(changes.at(-1)).toBe("decrease");
    for (const p of page.elements as unknown as P[]) expect(["maker", "taker"]).toContain(p.tradeType);
    const last = page.elements.at(-1) as unknown as P;
    expect(Number(last.newPosition)).toBeCloseTo(mock.exchange.account.positionSize("PF_XBTUSD"), 9);
    const decreased = await ok(
      "getPositionEvents",
      signed(mock.origin, "/v3/positions", { decreased: true }),
    );
    expect((decreased.elements as unknown as P[]).every((p) => p.positionChange === "decrease")).toBe(true);
    expect(decreased.len).toBeGreaterThan(0);
    const none = await ok("getPositionEvents", signed(mock.origin, "/v3/positions", { settlement: true }));
    expect(none.len).toBe(0);
  });

  it("getAccountLog: a position entry and a balance entry per fill; from/to, info and count", async () => {
    const all = await ok("getAccountLog", signed(mock.origin, "/v3/account-log"));
    type Log = {
      id: number;
      asset: string;
      info: string;
      old_balance: number;
      new_balance: number;
      fee: number | null;
    };
    const logs = all.logs as Log[];
    expect(logs.length).toBe(2 * mock.exchange.fills.length);
    expect(logs.map((l) => l.id)).toEqual(logs.map((_, i) => logs.length - i));
    expect(logs.every((l) => l.info === "futures trade")).toBe(true);
    const xbt = logs.filter((l) => l.asset === "xbt");
    expect(xbt.length).toBe(mock.exchange.fills.filter((f) => f.symbol === "PI_XBTUSD").length);
    expect(xbt[0]!.new_balance).toBeCloseTo(mock.exchange.account.inverseCollateral, 9);
    const usd = logs.filter((l) => l.asset === "usd");
    expect(usd[0]!.new_balance).toBeCloseTo(mock.exchange.account.flex.USD!, 9);
    const window = await ok(
      "getAccountLog",
      signed(mock.origin, "/v3/account-log", { from: 2, to: 3, sort: "asc" }),
    );
    expect((window.logs as Log[]).map((l) => l.id)).toEqual([2, 3]);
    const two = await ok("getAccountLog", signed(mock.origin, "/v3/account-log", { count: 2 }));
    expect((two.logs as Log[]).map((l) => l.id)).toEqual([logs.length, logs.length - 1]);
    const other = await ok(
      "getAccountLog",
      signed(mock.origin, "/v3/account-log", "info=funding%20rate%20change&info=conversion"),
    );
    expect(other.logs).toEqual([]);
  });

  it("getAccountLogCsv: text/csv, a header row and one row per account-log entry", async () => {
    const r = await signed(mock.origin, "/v2/accountlogcsv");
    expect(r.status).toBe(200);
    expect(r.contentType).toContain("text/csv");
    expect(schemaErrors("history", "getAccountLogCsvV2", r.text, "200", "text/csv")).toEqual([]);
    covered.add("getAccountLogCsvV2");
    const lines = r.text.trim().split("\n");
    expect(lines[0]!.split(",").slice(0, 4)).toEqual(["uid", "dateTime", "account", "type"]);
    expect(lines.length - 1).toBe(2 * mock.exchange.fills.length);
    const cells = lines[1]!.split(",");
    expect(cells).toHaveLength(19);
    expect(cells[1]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  });
});

describe("History API: market history (public, free)", () => {
  it("getPublicExecutionEvents: the market's trades, the account's fill among them", async () => {
    const page = await ok(
      "getPublicExecutionEvents",
      open(mock.origin, "/v3/market/PF_XBTUSD/executions", { count: 1000 }),
    );
    const trades = mock.exchange.trades.get("PF_XBTUSD")!;
    expect(page.len).toBe(Math.min(1000, trades.length));
    const ids = page.elements.map((e) => (e.event.Execution!.execution as { uid: string }).uid);
    for (const f of mock.exchange.fills.filter((x) => x.symbol === "PF_XBTUSD"))
      expect(ids).toContain(f.fillId);
    const newest = page.elements[0]!.event.Execution!.execution as { price: string; quantity: string };
    expect(Number(newest.price)).toBe(trades.at(-1)!.price);
    expect(Number(newest.quantity)).toBe(trades.at(-1)!.size);
  });

  it("getPublicOrderEvents: order events of the market, without account data", async () => {
    const page = await ok(
      "getPublicOrderEventsV2",
      open(mock.origin, "/v2/market/pf_xbtusd/orders", { count: 1000 }),
    );
    expect(page.len).toBeGreaterThan(0);
    expect(JSON.stringify(page)).not.toContain("accountUid");
    const ownCancel = page.elements.find(
      (e) => (e.event.OrderCancelled?.order as { uid: string } | undefined)?.uid === restingId,
    );
    expect(ownCancel).toBeDefined();
  });

  it("getPublicPriceEvents: one mark price per market step", async () => {
    const page = await ok(
      "getPublicPriceEventsV2",
      open(mock.origin, "/v2/market/PF_ETHUSD/price", { count: 5 }),
    );
    const prices = mock.exchange.prices.get("PF_ETHUSD")!;
    expect(page.elements.map((e) => Number((e.event as unknown as { price: string }).price))).toEqual(
      prices
        .slice(-5)
        .reverse()
        .map((p) => p.mark),
    );
    expect(page.continuationToken).toBeDefined();
  });
});

describe("History API: the current v3 paths answer from the same ledger as the v2 ones", () => {
  const pairs = [
    ["getOrderEvents", "/v3/orders", "/v2/orders"],
    ["getExecutionEvents", "/v3/executions", "/v2/executions"],
    ["getTriggerEvents", "/v3/triggers", "/v2/triggers"],
  ] as const;
  it.each(pairs)("%s on %s", async (operationId, v3, v2) => {
    const current = await ok(operationId, signed(mock.origin, v3, { sort: "asc" }));
    const earlier = await ok(`${operationId}V2`, signed(mock.origin, v2, { sort: "asc" }));
    expect(current.elements.length).toBeGreaterThan(0);
    expect(current.elements).toEqual(earlier.elements);
  });

  it("getAccountLogCsv on /v3/accountlogcsv", async () => {
    const r = await signed(mock.origin, "/v3/accountlogcsv");
    expect(r.status).toBe(200);
    expect(schemaErrors("history", "getAccountLogCsv", r.text, "200", "text/csv")).toEqual([]);
    covered.add("getAccountLogCsv");
    expect(r.text).toBe((await signed(mock.origin, "/v2/accountlogcsv")).text);
  });

  it("getPublicOrderEvents and getPublicPriceEvents on /v3/market/{tradeable}/...", async () => {
    const orders = await ok("getPublicOrderEvents", open(mock.origin, "/v3/market/PF_XBTUSD/orders"));
    expect(orders.elements).toEqual(
      (await ok("getPublicOrderEventsV2", open(mock.origin, "/v2/market/PF_XBTUSD/orders"))).elements,
    );
    const prices = await ok("getPublicPriceEvents", open(mock.origin, "/v3/market/PF_ETHUSD/price"));
    expect(prices.elements.length).toBeGreaterThan(0);
    expect(prices.elements).toEqual(
      (await ok("getPublicPriceEventsV2", open(mock.origin, "/v2/market/PF_ETHUSD/price"))).elements,
    );
  });

  it("a v3 private path is signed over its own full path", async () => {
    const r = await raw(mock.origin, `${HISTORY}/v3/orders`, {
      key: DEFAULT_TEST_KEY,
      signPath: `${HISTORY}/v2/orders`,
    });
    expect(r.status).toBe(401);
  });
});

describe("History API: refusals", () => {
  const refusal = (operationId: string, r: { status: number; json: unknown }, status: number) => {
    expect(r.status).toBe(status);
    expect(schemaErrors("history", operationId, r.json, "4XX")).toEqual([]);
    expect(r.json).not.toHaveProperty("result");
    return r.json as { status: string; reason: string; error: string };
  };

  it("an unsigned private call is 401", async () => {
    const body = refusal("getOrderEventsV2", await open(mock.origin, "/v2/orders"), 401);
    expect(body).toMatchObject({ status: "unauthorized", error: "authenticationError" });
  });

  it("a signature over the bare operation path (not /api/history/...) is 401", async () => {
    const r = await raw(mock.origin, `${HISTORY}/v2/executions`, {
      key: DEFAULT_TEST_KEY,
      signPath: "/v2/executions",
    });
    expect(refusal("getExecutionEventsV2", r, 401).error).toBe("authenticationError");
  });

  it("an unknown market is 404 not_found, as documented", async () => {
    const body = refusal(
      "getPublicPriceEventsV2",
      await open(mock.origin, "/v2/market/PF_NOPEUSD/price"),
      404,
    );
    expect(body).toMatchObject({ status: "not_found", reason: "Resource was not found." });
  });

  it("bad arguments are 400: sort, a negative since, a token that is not one", async () => {
    expect(
      refusal("getOrderEventsV2", await signed(mock.origin, "/v2/orders", { sort: "up" }), 400).error,
    ).toBe("invalidArgument");
    expect(
      refusal("getTriggerEventsV2", await signed(mock.origin, "/v2/triggers", { since: -1 }), 400).status,
    ).toBe("bad_request");
    const token = await open(mock.origin, "/v3/market/PF_XBTUSD/executions", {
      continuation_token: "bm9wZQ==",
    });
    expect(refusal("getPublicExecutionEvents", token, 400).error).toBe("invalidArgument");
  });

  it("an unknown path under /api/history is 404 in the History shape, a wrong method 405", async () => {
    const r = await open(mock.origin, "/v2/nothing");
    expect(r.status).toBe(404);
    expect(r.json).toMatchObject({ status: "not_found" });
    const m = await raw(mock.origin, `${HISTORY}/v2/orders`, { method: "POST", key: DEFAULT_TEST_KEY });
    expect(m.status).toBe(405);
    expect(m.json).toMatchObject({ status: "method_not_allowed" });
  });
});

describe("History API coverage", () => {
  it("every operation of the document was called and validated above", () => {
    const ops = operationsOf(historyDoc);
    expect(ops).toHaveLength(15);
    expect([...covered].sort()).toEqual(ops.map((o) => o.operationId).sort());
    // Private operations are exactly the signed ones of the document.
    expect(
      ops
        .filter((o) => o.signed)
        .map((o) => o.path)
        .sort(),
    ).toEqual([
      "/v2/accountlogcsv",
      "/v2/executions",
      "/v2/orders",
      "/v2/triggers",
      "/v3/account-log",
      "/v3/accountlogcsv",
      "/v3/executions",
      "/v3/orders",
      "/v3/positions",
      "/v3/triggers",
    ]);
  });
});
