/** Requests are checked against the operation's parameters in the spec, with Kraken's error codes. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MockExchange } from "../../src/start.js";
import { API, call, qs, start } from "./helpers.js";

let mock: MockExchange;
beforeAll(async () => {
  ({ mock } = await start());
});
afterAll(() => mock.stop());

const send = (args: Record<string, string | number | boolean | undefined>) =>
  call(mock.origin, `${API}/sendorder`, { method: "POST", query: qs(args) });

describe("routes and arguments from the spec", () => {
  it("answers an unknown path with 404 and a Kraken error body, and a wrong method with 405", async () => {
    const r = await call(mock.origin, `${API}/nosuchthing`, { key: null });
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ result: "error", error: "notFound" });
    expect(typeof r.body.serverTime).toBe("string");
    const m = await call(mock.origin, `${API}/tickers`, { key: null, method: "DELETE" });
    expect(m.status).toBe(405);
  });

  it("a missing required argument is requiredArgumentMissing", async () => {
    const r = await send({ orderType: "lmt", symbol: "PI_XBTUSD", side: "buy" });
    expect(r.body).toMatchObject({ result: "error", error: "requiredArgumentMissing" });
    const ob = await call(mock.origin, `${API}/orderbook`, { key: null });
    expect(ob.body.error).toBe("requiredArgumentMissing");
  });

  it("a wrong enum value, type or length is invalidArgument", async () => {
    expect((await send({ orderType: "limit", symbol: "PI_XBTUSD", side: "buy", size: 1 })).body.error).toBe(
      "invalidArgument",
    );
    expect(
      (await send({ orderType: "lmt", symbol: "PI_XBTUSD", side: "buy", size: "ten", limitPrice: 1 })).body
        .error,
    ).toBe("invalidArgument");
    expect(
      (
        await send({
          orderType: "lmt",
          symbol: "PI_XBTUSD",
          side: "buy",
          size: 1,
          limitPrice: 1,
          reduceOnly: "yes",
        })
      ).body.error,
    ).toBe("invalidArgument");
    expect(
      (
        await send({
          orderType: "lmt",
          symbol: "PI_XBTUSD",
          side: "buy",
          size: 1,
          limitPrice: 1,
          cliOrdId: "x".repeat(101),
        })
      ).body.error,
    ).toBe("invalidArgument");
    const timeout = await call(mock.origin, `${API}/cancelallordersafter`, {
      method: "POST",
      query: "timeout=1.5",
    });
    expect(timeout.body.error).toBe("invalidArgument");
  });

  it("batchorder's json argument must parse (Json Parse Error) and follow the BatchOrder schema", async () => {
    const bad = await call(mock.origin, `${API}/batchorder`, {
      method: "POST",
      query: qs({ json: "{batchOrder: [" }),
    });
    expect(bad.body).toMatchObject({ result: "error", error: "Json Parse Error" });
    const wrong = await call(mock.origin, `${API}/batchorder`, {
      method: "POST",
      query: qs({
        json: JSON.stringify({
          batchOrder: [
            { order: "send", order_tag: "1", orderType: "lmt", symbol: "PI_XBTUSD", side: "up", size: 1 },
          ],
        }),
      }),
    });
    expect(wrong.body.error).toBe("invalidArgument");
  });

  it("an order type that needs a price is refused without one", async () => {
    expect((await send({ orderType: "lmt", symbol: "PI_XBTUSD", side: "buy", size: 1 })).body.error).toBe(
      "requiredArgumentMissing",
    );
    expect((await send({ orderType: "stp", symbol: "PI_XBTUSD", side: "buy", size: 1 })).body.error).toBe(
      "requiredArgumentMissing",
    );
  });

  it("the ticker of an unknown contract is the 404 the spec declares", async () => {
    const r = await call(mock.origin, `${API}/tickers/PI_NOPE`, { key: null });
    expect(r.status).toBe(404);
    expect(r.body.error).toBe("notFound");
  });
});
