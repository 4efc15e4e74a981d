import { describe, expect, it } from "vitest";
import { normaliseNumbers } from "../../src/numeric.js";
import { assertOrderPlaced, OrderRejectedError, orderRejections } from "../../src/orders.js";

describe("normaliseNumbers", () => {
  it("converts numeric strings where the tree marks them, and nothing else", () => {
    const body = {
      serverTime: "2026-11-21T10:00:00Z",
      tickers: [{ symbol: "007", last: "64000.5", bid: 1, ask: "1e-7", note: "12" }],
      rates: { PF_XBTUSD: "0.0001", PF_ETHUSD: -2 },
      odd: { last: "n/a", bid: null },
    };
    normaliseNumbers(body, {
      tickers: { "[]": { last: true, bid: true, ask: true } },
      rates: { "*": true },
      odd: { last: true, bid: true },
    });
    expect(body.tickers[0]).toEqual({ symbol: "007", last: 64000.5, bid: 1, ask: 1e-7, note: "12" });
    expect(body.rates).toEqual({ PF_XBTUSD: 0.0001, PF_ETHUSD: -2 });
    // Not numeric text is left visible rather than turned into NaN.
    expect(body.odd).toEqual({ last: "n/a", bid: null });
  });
  it("refuses non-decimal forms (hex, spaces, empty)", () => {
    const body = { a: "0x10", b: " 1", c: "", d: "-0.5" };
    normaliseNumbers(body, { a: true, b: true, c: true, d: true });
    expect(body).toEqual({ a: "0x10", b: " 1", c: "", d: -0.5 });
  });
});

describe("assertOrderPlaced", () => {
  it("passes placed, filled, edited and cancelled answers through", () => {
    const placed = { result: "success", sendStatus: { status: "placed", order_id: "x" } };
    expect(assertOrderPlaced(placed)).toBe(placed);
    expect(orderRejections({ cancelStatus: { status: "cancelled" } })).toEqual([]);
  });
  it("throws OrderRejectedError for a refused sendorder, with the status", () => {
    const answer = {
      result: "success",
      serverTime: "t",
      sendStatus: { status: "insufficientAvailableFunds" },
    };
    expect(() => assertOrderPlaced(answer)).toThrow(OrderRejectedError);
    try {
      assertOrderPlaced(answer);
    } catch (error) {
      expect((error as OrderRejectedError).rejections).toEqual([
        { field: "sendStatus", status: "insufficientAvailableFunds" },
      ]);
      expect((error as OrderRejectedError).result).toBe(answer);
    }
  });
  it("lists each refused instruction of a batch with its order_tag", () => {
    const answer = {
      batchStatus: [
        { status: "placed", order_tag: "1" },
        { status: "iocWouldNotExecute", order_tag: "2" },
        { status: "notFound" },
      ],
    };
    expect(orderRejections(answer)).toEqual([
      { field: "batchStatus[1]", status: "iocWouldNotExecute", orderTag: "2" },
      { field: "batchStatus[2]", status: "notFound", orderTag: undefined },
    ]);
  });
});
