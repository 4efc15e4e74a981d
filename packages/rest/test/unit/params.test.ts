import { describe, expect, it } from "vitest";
import type { OperationDescription } from "../../src/api-description.js";
import { tradingApi } from "../../src/generated/trading.operations.gen.js";
import { checkParameters, type ParameterIssue } from "../../src/params.js";

const ops = tradingApi.operations as Readonly<Record<string, OperationDescription>>;
const sendOrder = ops["POST /sendorder"]!;
const ORDER = { orderType: "lmt", symbol: "PF_XBTUSD", side: "buy", size: 1, limitPrice: 64000 };

/** The (parameter, rule) pairs found, for compact assertions. */
function rules(issues: readonly ParameterIssue[] | undefined): string[] {
  return (issues ?? []).map((i) => `${i.in} ${i.parameter}: ${i.rule}`);
}

describe("checkParameters against the generated Trading table", () => {
  it("accepts a well-formed order, and undefined as 'left out'", () => {
    expect(checkParameters(sendOrder, ORDER, undefined)).toBeUndefined();
    expect(checkParameters(sendOrder, { ...ORDER, cliOrdId: undefined }, undefined)).toBeUndefined();
  });

  it("required: names each missing required parameter", () => {
    expect(rules(checkParameters(sendOrder, { orderType: "lmt", side: "buy" }, undefined))).toEqual([
      "query symbol: required",
      "query size: required",
    ]);
    expect(rules(checkParameters(sendOrder, undefined, undefined))).toHaveLength(4);
  });

  it("unknown: refuses a parameter the operation does not have (a typo)", () => {
    expect(rules(checkParameters(sendOrder, { ...ORDER, limitprice: 1 }, undefined))).toEqual([
      "query limitprice: unknown",
    ]);
  });

  it("type: string, number, integer, boolean and JSON parameters", () => {
    expect(rules(checkParameters(sendOrder, { ...ORDER, size: "1" }, undefined))).toEqual([
      "query size: type",
    ]);
    expect(rules(checkParameters(sendOrder, { ...ORDER, size: Number.NaN }, undefined))).toEqual([
      "query size: type",
    ]);
    expect(rules(checkParameters(sendOrder, { ...ORDER, symbol: 5 }, undefined))).toEqual([
      "query symbol: type",
    ]);
    expect(rules(checkParameters(sendOrder, { ...ORDER, reduceOnly: "true" }, undefined))).toEqual([
      "query reduceOnly: type",
    ]);
    expect(rules(checkParameters(sendOrder, { ...ORDER, size: null }, undefined))).toEqual([
      "query size: type",
    ]);
    const del = ops["POST /assignmentprogram/delete"]!;
    expect(rules(checkParameters(del, { id: 4.5 }, undefined))).toEqual(["query id: type"]);
    expect(checkParameters(del, { id: 4 }, undefined)).toBeUndefined();
    const batch = ops["POST /batchorder"]!;
    expect(rules(checkParameters(batch, { json: 7 }, undefined))).toEqual(["query json: type"]);
    expect(checkParameters(batch, { json: { batchOrder: [] } }, undefined)).toBeUndefined();
  });

  it("enum: a request enum is closed", () => {
    const issues = checkParameters(sendOrder, { ...ORDER, side: "BUY" }, undefined);
    expect(rules(issues)).toEqual(["query side: enum"]);
    expect(issues![0]!.message).toContain("buy, sell");
  });

  it("minimum, maximum and exclusiveMinimum", () => {
    const after = ops["POST /cancelallordersafter"]!;
    expect(rules(checkParameters(after, { timeout: -1 }, undefined))).toEqual(["query timeout: minimum"]);
    expect(rules(checkParameters(after, { timeout: 4294967296 }, undefined))).toEqual([
      "query timeout: maximum",
    ]);
    expect(checkParameters(after, { timeout: 0 }, undefined)).toBeUndefined();
    expect(rules(checkParameters(sendOrder, { ...ORDER, trailingStopMaxDeviation: 0 }, undefined))).toEqual([
      "query trailingStopMaxDeviation: exclusiveMinimum",
    ]);
  });

  it("maxLength counts code points, as JSON Schema does", () => {
    expect(rules(checkParameters(sendOrder, { ...ORDER, cliOrdId: "x".repeat(101) }, undefined))).toEqual([
      "query cliOrdId: maxLength",
    ]);
    // 100 emoji are 200 UTF-16 units but 100 code points: allowed.
    expect(checkParameters(sendOrder, { ...ORDER, cliOrdId: "🚀".repeat(100) }, undefined)).toBeUndefined();
  });

  it("pattern, on query and path parameters", () => {
    const funding = ops["GET /v4/historicalfundingrates"]!;
    expect(rules(checkParameters(funding, { symbol: "PF XBTUSD" }, undefined))).toEqual([
      "query symbol: pattern",
    ]);
    const ticker = ops["GET /tickers/{symbol}"]!;
    expect(rules(checkParameters(ticker, undefined, { symbol: "pf_xbtusd/../x" }))).toEqual([
      "path symbol: pattern",
    ]);
    expect(rules(checkParameters(ticker, undefined, {}))).toEqual(["path symbol: required"]);
    expect(checkParameters(ticker, undefined, { symbol: "pi_xbtusd" })).toBeUndefined();
  });

  it("format: date-time arguments must be RFC 3339", () => {
    const fills = ops["GET /fills"]!;
    expect(rules(checkParameters(fills, { lastFillTime: "21/11/2026" }, undefined))).toEqual([
      "query lastFillTime: format",
    ]);
    expect(checkParameters(fills, { lastFillTime: "2026-11-21T10:00:00.000Z" }, undefined)).toBeUndefined();
  });

  it("reports every broken rule at once, and never repeats the value", () => {
    const secretish = "my-client-order-id-that-should-not-be-logged";
    const issues = checkParameters(
      sendOrder,
      { orderType: "limit", symbol: "PF_XBTUSD", side: "buy", size: "1", cliOrdId: secretish.repeat(3) },
      undefined,
    );
    expect(rules(issues)).toEqual(["query orderType: enum", "query size: type", "query cliOrdId: maxLength"]);
    for (const issue of issues!) expect(issue.message).not.toContain(secretish);
  });

  it("checks nothing for an operation whose table entry has no params", () => {
    const { params: _, ...bare } = sendOrder;
    expect(checkParameters(bare as OperationDescription, { anything: 1 }, undefined)).toBeUndefined();
  });
});
