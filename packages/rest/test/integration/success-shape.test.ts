/**
 * Issue 12, item 6: a 200 whose JSON is not what the spec promises at its top level (`null`, an array,
 * an object without `result: "success"` where every success branch requires it) is an
 * UnexpectedResponseError, not data. What is promised comes from the generated table's `success`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UnexpectedResponseError } from "../../src/errors.js";
import { tradingApi } from "../../src/generated/trading.operations.gen.js";
import { createRestClient } from "../../src/rest-client.js";
import { successProblem } from "../../src/success-shape.js";
import { ok, startServer, type TestServer } from "../fixtures/server.js";

describe("a 200 body that breaks the spec's success shape", () => {
  let server: TestServer;
  let body = "";
  beforeAll(async () => {
    server = await startServer(tradingApi);
    server.handle("GET /tickers", () => ({ body }));
  });
  afterAll(() => server.close());

  it("the generated table says what Trading answers promise", () => {
    expect(tradingApi.operations["GET /tickers"].success).toBe("envelope");
    expect(tradingApi.operations["POST /sendorder"].success).toBe("envelope");
  });

  it.each([
    ["null", "null"],
    ["an array", "[]"],
    ["a number", "42"],
    ["an object without result", '{"serverTime":"2026-11-21T10:00:00.123Z","tickers":[]}'],
    ["result other than success", '{"result":"ok","tickers":[]}'],
  ])("%s is an UnexpectedResponseError, sent once", async (_, text) => {
    body = text;
    const before = server.received.length;
    const error = await createRestClient({ origin: server.origin })
      .GET("/tickers")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error).toMatchObject({ status: 200 });
    expect(server.received.length - before).toBe(1);
  });

  it("a body with result: success is still data", async () => {
    body = ok({ tickers: [] }).body;
    const { data } = await createRestClient({ origin: server.origin }).GET("/tickers");
    expect(data.result).toBe("success");
  });
});

describe("successProblem", () => {
  it("checks each promised shape and nothing when none is promised", () => {
    expect(successProblem("array", [])).toBeUndefined();
    expect(successProblem("array", {})).toMatch(/array/);
    expect(successProblem("object", {})).toBeUndefined();
    expect(successProblem("object", null)).toMatch(/null/);
    expect(successProblem("envelope", { result: "success" })).toBeUndefined();
    expect(successProblem(undefined, null)).toBeUndefined();
  });
});
