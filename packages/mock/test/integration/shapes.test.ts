/**
 * Every operation of the spec, called through raw HTTP, answers a body that validates against the
 * spec's 200 schema, and whose shape (the keys of each object, recursively) covers what the spec's
 * examples (most copied from Kraken's docs) show for the same outcome.
 */
import { loadSpec } from "@kraken-futures/specs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ManualClock } from "../../src/engine/clock.js";
import type { MockExchange } from "../../src/start.js";
import { API, type Body, call, examplesOf, qs, schemaErrors, start } from "./helpers.js";

let mock: MockExchange;
let clock: ManualClock;
let fi: string;
// Each case spends up to a few hundred of the 500-unit budget; a fresh 10 s keeps them independent.
beforeEach(() => clock.advance(10_000));
beforeAll(async () => {
  ({ mock, clock } = await start());
  fi = [...mock.exchange.instruments.keys()].find((s) => s.startsWith("FI_"))!;
  // A position and a resting order so that private lists are not empty.
  await call(mock.origin, `${API}/sendorder`, {
    method: "POST",
    query: qs({ orderType: "mkt", symbol: "PF_XBTUSD", side: "buy", size: 0.01 }),
  });
  const bid = mock.exchange.books.get("PI_XBTUSD")!.bestSimulated("buy")!;
  await call(mock.origin, `${API}/sendorder`, {
    method: "POST",
    query: qs({
      orderType: "lmt",
      symbol: "PI_XBTUSD",
      side: "buy",
      size: 10,
      limitPrice: bid - 100,
      cliOrdId: "resting",
    }),
  });
});
afterAll(() => mock.stop());

/** Objects keyed by data (currencies, contracts, fee-schedule ids), not by field names. */
const MAPS = new Set(["balances", "currencies", "volumesByFeeSchedule"]);

/** Keys that an example has and the actual body lacks, as paths (`sendStatus.orderEvents[].order.cliOrdId`). */
function missingKeys(example: unknown, actual: unknown, at = ""): string[] {
  if (Array.isArray(example)) {
    if (!Array.isArray(actual) || example.length === 0 || actual.length === 0) return [];
    return missingKeys(example[0], actual[0], `${at}[]`);
  }
  if (example === null || typeof example !== "object") return [];
  if (actual === null || typeof actual !== "object" || Array.isArray(actual)) return [at || "/"];
  const out: string[] = [];
  for (const [k, v] of Object.entries(example)) {
    if (MAPS.has(k)) continue;
    if (!(k in actual)) out.push(`${at}.${k}`);
    else out.push(...missingKeys(v, (actual as Record<string, unknown>)[k], `${at}.${k}`));
  }
  return out;
}

// The engine catches up with the clock lazily; sync before reading the book a request will meet.
function bidOf(symbol: string): number {
  mock.exchange.sync();
  return mock.exchange.books.get(symbol)!.bestSimulated("buy")!;
}
function askOf(symbol: string): number {
  mock.exchange.sync();
  return mock.exchange.books.get(symbol)!.bestSimulated("sell")!;
}

/** How to call each operation for a success answer. */
const calls: Record<string, () => Promise<{ body: Body }>> = {
  getAccounts: () => call(mock.origin, `${API}/accounts`),
  getOpenPositions: () => call(mock.origin, `${API}/openpositions`),
  getUnwindQueue: () => call(mock.origin, `${API}/unwindqueue`),
  addAssignmentProgram: () =>
    call(mock.origin, `${API}/assignmentprogram/add`, {
      method: "POST",
      query: qs({
        acceptLong: true,
        acceptShort: false,
        contractType: "flex",
        enabled: true,
        timeFrame: "all",
        contract: "PF_XBTUSD",
      }),
    }),
  getCurrentAssignmentPrograms: () => call(mock.origin, `${API}/assignmentprogram/current`),
  deleteAssignmentProgram: async () => {
    const added = await calls.addAssignmentProgram!();
    return call(mock.origin, `${API}/assignmentprogram/delete`, {
      method: "POST",
      query: qs({ id: String(added.body.id) }),
    });
  },
  getAssignmentProgramHistory: () => call(mock.origin, `${API}/assignmentprogram/history`),
  getFeeSchedules: () => call(mock.origin, `${API}/feeschedules`, { key: null }),
  getFeeScheduleVolumes: () => call(mock.origin, `${API}/feeschedules/volumes`),
  getNotifications: () => call(mock.origin, `${API}/notifications`),
  getFills: () => call(mock.origin, `${API}/fills`),
  getHistoricalFundingRates: () =>
    call(mock.origin, "/derivatives/api/v4/historicalfundingrates", { key: null, query: "symbol=PF_XBTUSD" }),
  getInstruments: () => call(mock.origin, `${API}/instruments`, { key: null }),
  getInstrumentStatusList: () => call(mock.origin, `${API}/instruments/status`, { key: null }),
  getInstrumentStatus: () => call(mock.origin, `${API}/instruments/PI_XBTUSD/status`, { key: null }),
  getTradeHistory: () => call(mock.origin, `${API}/history`, { key: null, query: "symbol=PF_XBTUSD" }),
  getOrderBook: () => call(mock.origin, `${API}/orderbook`, { key: null, query: `symbol=${fi}` }),
  getTickers: () => call(mock.origin, `${API}/tickers`, { key: null }),
  getTicker: () => call(mock.origin, `${API}/tickers/PI_XBTUSD`, { key: null }),
  getLeveragePreferences: async () => {
    await call(mock.origin, `${API}/leveragepreferences`, {
      method: "PUT",
      query: qs({ symbol: "PF_ETHUSD", maxLeverage: 10 }),
    });
    return call(mock.origin, `${API}/leveragepreferences`);
  },
  setLeveragePreferences: () =>
    call(mock.origin, `${API}/leveragepreferences`, {
      method: "PUT",
      query: qs({ symbol: "PF_ETHUSD", maxLeverage: 10 }),
    }),
  getPnlPreferences: async () => {
    await calls.setPnlPreferences!();
    return call(mock.origin, `${API}/pnlpreferences`);
  },
  setPnlPreferences: () =>
    call(mock.origin, `${API}/pnlpreferences`, {
      method: "PUT",
      query: qs({ symbol: "PF_ETHUSD", pnlPreference: "USD" }),
    }),
  batchOrder: async () => {
    const placed = await call(mock.origin, `${API}/sendorder`, {
      method: "POST",
      query: qs({
        orderType: "lmt",
        symbol: "PI_XBTUSD",
        side: "buy",
        size: 5,
        limitPrice: bidOf("PI_XBTUSD") - 200,
      }),
    });
    const edit = await call(mock.origin, `${API}/sendorder`, {
      method: "POST",
      query: qs({
        orderType: "lmt",
        symbol: "PI_XBTUSD",
        side: "buy",
        size: 5,
        limitPrice: bidOf("PI_XBTUSD") - 300,
      }),
    });
    const id = (b: Body) => (b.sendStatus as { order_id: string }).order_id;
    const json = JSON.stringify({
      batchOrder: [
        {
          order: "send",
          order_tag: "1",
          orderType: "lmt",
          symbol: "PI_XBTUSD",
          side: "buy",
          size: 1,
          limitPrice: bidOf("PI_XBTUSD") - 400,
        },
        { order: "edit", order_id: id(edit.body), size: 7, limitPrice: bidOf("PI_XBTUSD") - 350 },
        { order: "cancel", order_id: id(placed.body) },
      ],
    });
    return call(mock.origin, `${API}/batchorder`, { method: "POST", query: qs({ json }) });
  },
  cancelAllOrders: () =>
    call(mock.origin, `${API}/cancelallorders`, { method: "POST", query: "symbol=PI_XBTUSD" }),
  cancelAllOrdersAfter: () =>
    call(mock.origin, `${API}/cancelallordersafter`, { method: "POST", query: "timeout=60" }),
  cancelOrder: async () => {
    const sent = await calls.sendOrder!();
    const id = (sent.body.sendStatus as { order_id: string }).order_id;
    return call(mock.origin, `${API}/cancelorder`, { method: "POST", query: qs({ order_id: id }) });
  },
  editOrder: async () => {
    const sent = await calls.sendOrder!();
    const orderId = (sent.body.sendStatus as { order_id: string }).order_id;
    return call(mock.origin, `${API}/editorder`, {
      method: "POST",
      query: qs({ orderId, size: 3, limitPrice: bidOf("PI_XBTUSD") - 250 }),
    });
  },
  getInitialMargin: () =>
    call(mock.origin, `${API}/initialmargin`, {
      query: qs({ orderType: "lmt", symbol: "PF_XBTUSD", side: "buy", size: 0.1, limitPrice: 50000 }),
    }),
  getMaxOrderSize: () =>
    call(mock.origin, `${API}/initialmargin/maxordersize`, {
      query: qs({ orderType: "mkt", symbol: "PF_XBTUSD" }),
    }),
  getOpenOrders: () => call(mock.origin, `${API}/openorders`),
  getOrdersStatus: () => call(mock.origin, `${API}/orders/status`, { form: "cliOrdIds=resting" }),
  sendOrder: () =>
    call(mock.origin, `${API}/sendorder`, {
      method: "POST",
      query: qs({
        orderType: "lmt",
        symbol: "PI_XBTUSD",
        side: "buy",
        size: 2,
        limitPrice: bidOf("PI_XBTUSD") - 150,
      }),
    }),
};

const operationIds = Object.values(
  (loadSpec("trading") as { paths: Record<string, Record<string, { operationId?: string }>> }).paths,
).flatMap((item) => Object.values(item).flatMap((op) => (op?.operationId ? [op.operationId] : [])));

describe("every operation of the spec", () => {
  it("has a call in this test (a new operation must be added here)", () => {
    expect(operationIds.filter((id) => !(id in calls))).toEqual([]);
    expect(operationIds.length).toBe(33);
  });

  it.each(operationIds)(
    "%s answers success, valid against its 200 schema and shaped like its examples",
    async (id) => {
      const { body } = await calls[id]!();
      expect(body.result, JSON.stringify(body)).toBe("success");
      expect(schemaErrors(id, body).join("\n")).toBe("");
      for (const [name, example] of Object.entries(examplesOf(id))) {
        if ((example as Body).result === "error") continue;
        if (id === "sendOrder" && name !== "placed" && name !== "success") continue;
        expect(missingKeys(example, body).join(" "), `example ${name}`).toBe("");
      }
    },
  );
});

describe("order outcomes match the seed's examples of each outcome", () => {
  const sendExample = (name: string) => {
    const ex = examplesOf("sendOrder");
    const found = Object.entries(ex).find(([k]) => k.toLowerCase().includes(name));
    if (!found) throw new Error(`no sendOrder example named like ${name}: ${Object.keys(ex).join(", ")}`);
    return found[1];
  };

  it("executed: an order that crosses answers EXECUTION events", async () => {
    const { body } = await call(mock.origin, `${API}/sendorder`, {
      method: "POST",
      query: qs({
        orderType: "lmt",
        symbol: "PI_XBTUSD",
        side: "buy",
        size: 10,
        limitPrice: askOf("PI_XBTUSD"),
      }),
    });
    expect(schemaErrors("sendOrder", body)).toEqual([]);
    expect(missingKeys(sendExample("execut"), body).join(" ")).toBe("");
    expect((body.sendStatus as { orderEvents: { type: string }[] }).orderEvents[0]?.type).toBe("EXECUTION");
  });

  it("rejected: an ioc that would not execute answers a REJECT event with IOC_WOULD_NOT_EXECUTE", async () => {
    const { body } = await call(mock.origin, `${API}/sendorder`, {
      method: "POST",
      query: qs({
        orderType: "ioc",
        symbol: "PI_XBTUSD",
        side: "buy",
        size: 10,
        limitPrice: bidOf("PI_XBTUSD") - 1000,
      }),
    });
    expect(schemaErrors("sendOrder", body)).toEqual([]);
    expect(missingKeys(sendExample("reject"), body).join(" ")).toBe("");
    expect(body.sendStatus).toMatchObject({
      status: "iocWouldNotExecute",
      orderEvents: [{ type: "REJECT", reason: "IOC_WOULD_NOT_EXECUTE" }],
    });
  });

  it("insufficientAvailableFunds: the seed's intro example shape", async () => {
    const { body } = await call(mock.origin, `${API}/sendorder`, {
      method: "POST",
      query: qs({ orderType: "mkt", symbol: "PF_XBTUSD", side: "buy", size: 500 }),
    });
    expect(schemaErrors("sendOrder", body)).toEqual([]);
    expect(body.sendStatus).toMatchObject({ status: "insufficientAvailableFunds" });
    expect(Object.keys(body.sendStatus as object).sort()).toEqual(["receivedTime", "status"]);
  });

  it('deactivating the dead man\'s switch answers triggerTime "0"', async () => {
    const { body } = await call(mock.origin, `${API}/cancelallordersafter`, {
      method: "POST",
      query: "timeout=0",
    });
    expect(schemaErrors("cancelAllOrdersAfter", body)).toEqual([]);
    expect((body.status as { triggerTime: string }).triggerTime).toBe("0");
  });

  it("an error answer validates against the spec's error envelope", async () => {
    const { body } = await call(mock.origin, `${API}/tickers/PI_NOPE`, { key: null });
    expect(body).toMatchObject({ result: "error", error: "notFound" });
    expect(schemaErrors("getTicker", body)).toEqual([]);
  });
});
