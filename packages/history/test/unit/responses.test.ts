import { describe, expect, it } from "vitest";
import { HistoryApiError, historyFailure } from "../../src/responses.js";

const target = { method: "GET", path: "/v2/orders", operationId: "getOrderEvents" };

describe("historyFailure maps History refusals to the SDK's error classes", () => {
  it("401 and 403 are AuthenticationError, with the reason in the message", () => {
    for (const status of [401, 403]) {
      const error = historyFailure(status, '{"status":"unauthorized","reason":"bad key"}', target);
      expect(error).toMatchObject({ name: "AuthenticationError", status, error: "authenticationError" });
      expect(error?.message).toBe(`GET /v2/orders: HTTP ${status}: bad key`);
    }
  });

  it("401 keeps Kraken's own code when the body has one, and needs no body at all", () => {
    expect(historyFailure(401, '{"error":"nonceBelowThreshold"}', target)).toMatchObject({
      error: "nonceBelowThreshold",
    });
    expect(historyFailure(401, "", target)).toMatchObject({ name: "AuthenticationError" });
  });

  it("429 is a server-side RateLimitError, which the core retries", () => {
    expect(historyFailure(429, "{}", target)).toMatchObject({
      name: "RateLimitError",
      source: "server",
      status: 429,
    });
  });

  it("{status, reason} under other statuses is a HistoryApiError carrying both", () => {
    const error = historyFailure(404, '{"status":"not_found","reason":"Resource was not found."}', target);
    expect(error).toBeInstanceOf(HistoryApiError);
    expect(error).toMatchObject({ status: 404, code: "not_found", reason: "Resource was not found." });
  });

  it("leaves Kraken envelopes and non-JSON bodies to the core", () => {
    expect(historyFailure(400, '{"result":"error","error":"invalidArgument"}', target)).toBeUndefined();
    expect(historyFailure(502, "<html>Bad gateway</html>", target)).toBeUndefined();
  });
});
