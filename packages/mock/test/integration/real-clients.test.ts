/**
 * What real clients send (ccxt, python-kraken-sdk, hand-written scripts) and Kraken accepts, sent with
 * raw fetch: the mock must accept it too, and answer what it cannot parse as a refusal, not a crash.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MockExchange } from "../../src/start.js";
import { API, type Body, call, qs, start } from "./helpers.js";

let mock: MockExchange;
beforeAll(async () => {
  ({ mock } = await start());
});
afterAll(() => mock.stop());

const batch = (batchOrder: unknown[]) =>
  call(mock.origin, `${API}/batchorder`, {
    method: "POST",
    query: qs({ json: JSON.stringify({ batchOrder }) }),
  });

async function restingOrder(cliOrdId: string): Promise<string> {
  const t = (await call(mock.origin, `${API}/tickers/PI_XBTUSD`, { key: null })).body.ticker as {
    bid: number;
  };
  const r = await call(mock.origin, `${API}/sendorder`, {
    method: "POST",
    query: qs({
      orderType: "lmt",
      symbol: "PI_XBTUSD",
      side: "buy",
      size: 1,
      limitPrice: t.bid - 500,
      cliOrdId,
    }),
  });
  return (r.body.sendStatus as { order_id: string }).order_id;
}

describe("a path argument that is not valid percent-encoding", () => {
  it("is refused as a bad argument (HTTP 400, Kraken's envelope), not a 500 a client retries", async () => {
    const res = await fetch(`${mock.origin}${API}/tickers/%FF`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as Body;
    expect(body).toMatchObject({ result: "error", error: "invalidArgument" });
    expect(typeof body.serverTime).toBe("string");
  });

  it("on History too, in History's refusal shape", async () => {
    const res = await fetch(`${mock.origin}/api/history/v2/market/%E0%A4%A/orders`);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ status: "bad_request", error: "invalidArgument" });
  });
});

describe("orders/status", () => {
  it("accepts GET with the ids in the signed query string, as ccxt sends it", async () => {
    const id = await restingOrder("get-status");
    const r = await call(mock.origin, `${API}/orders/status`, { method: "GET", query: `orderIds=${id}` });
    expect(r.status).toBe(200);
    expect(r.body.result).toBe("success");
    expect(r.body.orders).toMatchObject([{ order: { orderId: id, cliOrdId: "get-status" } }]);
    const byCli = await call(mock.origin, `${API}/orders/status`, {
      method: "GET",
      query: "cliOrdIds=get-status",
    });
    expect(byCli.body.orders).toEqual(r.body.orders);
  });

  it("still refuses a method the operation does not accept", async () => {
    const r = await call(mock.origin, `${API}/orders/status`, { method: "DELETE", query: "cliOrdIds=x" });
    expect(r.status).toBe(405);
  });
});

describe("batchorder's JSON document", () => {
  it("accepts numeric strings for numbers and a number for order_tag", async () => {
    const t = (await call(mock.origin, `${API}/tickers/PF_XBTUSD`, { key: null })).body.ticker as {
      bid: number;
    };
    const r = await batch([
      {
        order: "send",
        order_tag: 1,
        orderType: "lmt",
        symbol: "PF_XBTUSD",
        side: "buy",
        size: "0.01",
        limitPrice: String(Math.floor(t.bid - 1000)),
      },
    ]);
    expect(r.body.result).toBe("success");
    expect(r.body.batchStatus).toMatchObject([{ order_tag: "1", status: "placed" }]);
    const open = (await call(mock.origin, `${API}/openorders`)).body.openOrders as { unfilledSize: number }[];
    expect(open.some((o) => o.unfilledSize === 0.01)).toBe(true);
  });

  it("still refuses a string that is not a number, and a boolean where a string belongs", async () => {
    const base = {
      order: "send",
      order_tag: "x",
      orderType: "lmt",
      symbol: "PF_XBTUSD",
      side: "buy",
      limitPrice: 1,
    };
    expect((await batch([{ ...base, size: "ten" }])).body.error).toBe("invalidArgument");
    expect((await batch([{ ...base, size: 1, order_tag: true }])).body.error).toBe("invalidArgument");
  });
});
