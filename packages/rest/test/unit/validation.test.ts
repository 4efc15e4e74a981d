import { loadSpec } from "@kraken-futures/specs";
import { describe, expect, it } from "vitest";
import { ResponseValidationError, ValidationError } from "../../src/errors.js";
import { tradingApi } from "../../src/generated/trading.operations.gen.js";
import { createRestClient } from "../../src/rest-client.js";
import { createDocumentValidator, createSpecValidator } from "../../src/validation.js";
import { API_KEY, API_SECRET } from "../fixtures/server.js";

const validator = createDocumentValidator(loadSpec("trading"));
const sendOrder = tradingApi.operations["POST /sendorder"];

describe("spec validation (opt-in, ajv)", () => {
  it("accepts a correct sendorder and names each problem of a wrong one", () => {
    expect(
      validator.validateRequest(sendOrder, {
        query: { orderType: "lmt", symbol: "PF_XBTUSD", side: "buy", size: 1 },
      }),
    ).toEqual([]);
    const problems = validator.validateRequest(sendOrder, {
      query: { orderType: "limit", symbol: "PF_XBTUSD", size: 1, limitprice: 2 },
    });
    expect(problems.join("\n")).toMatch(/side/);
    expect(problems.join("\n")).toMatch(/limitprice/);
    expect(problems.join("\n")).toMatch(/orderType/);
  });

  it("checks responses against the operation's schema", () => {
    const unwind = tradingApi.operations["GET /unwindqueue"];
    expect(
      validator.validateResponse(unwind, 200, {
        result: "success",
        serverTime: "2026-11-21T10:00:00.1Z",
        queue: [{ symbol: "PF_XBTUSD", percentile: "40" }],
      }),
    ).toEqual([]);
    expect(
      validator.validateResponse(unwind, 200, { result: "success", queue: "nope" }).length,
    ).toBeGreaterThan(0);
  });

  it("plugs into the client: bad input is a ValidationError before sending, a bad answer a ResponseValidationError", async () => {
    let sent = 0;
    const client = createRestClient({
      validator: await createSpecValidator(),
      credentials: { apiKey: API_KEY, apiSecret: API_SECRET },
      fetch: async () => {
        sent++;
        return new Response(JSON.stringify({ result: "success", serverTime: "not a time", tickers: 5 }));
      },
    });
    await expect(
      client.POST("/sendorder", {
        params: { query: { orderType: "limit" as "lmt", symbol: "X", side: "buy", size: 1 } },
      }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(sent).toBe(0);
    await expect(client.GET("/tickers")).rejects.toBeInstanceOf(ResponseValidationError);
  });
});
