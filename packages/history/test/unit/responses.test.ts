import { describe, expect, it } from "vitest";
import { HistoryApiError, historyFailure } from "../../src/responses.js";

const target = { method: "GET", path: "/v2/orders", operationId: "getOrderEventsV2" };

/** A refused answer as the core hands it to the hook: the body parsed when it is JSON, else the text. */
function refused(status: number, text: string) {
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {}
  return historyFailure({ status, body, text, target });
}

describe("historyFailure maps History refusals to the SDK's error classes", () => {
  it("401 and 403 are AuthenticationError, with the reason in the message", () => {
    for (const status of [401, 403]) {
      const error = refused(status, '{"status":"unauthorized","reason":"bad key"}');
      expect(error).toMatchObject({ name: "AuthenticationError", status, error: "authenticationError" });
      expect(error?.message).toBe(`GET /v2/orders: HTTP ${status}: bad key`);
    }
  });

  it("401 keeps Kraken's own code when the body has one, and needs no body at all", () => {
    expect(refused(401, '{"error":"nonceBelowThreshold"}')).toMatchObject({
      error: "nonceBelowThreshold",
    });
    expect(refused(401, "")).toMatchObject({ name: "AuthenticationError" });
  });

  it("429 is a server-side RateLimitError, which the core retries", () => {
    expect(refused(429, "{}")).toMatchObject({
      name: "RateLimitError",
      source: "server",
      status: 429,
    });
  });

  it("{status, reason} under other statuses is a HistoryApiError carrying both", () => {
    const error = refused(404, '{"status":"not_found","reason":"Resource was not found."}');
    expect(error).toBeInstanceOf(HistoryApiError);
    expect(error).toMatchObject({ status: 404, code: "not_found", reason: "Resource was not found." });
  });

  it("leaves Kraken envelopes and non-JSON bodies to the core", () => {
    expect(refused(400, '{"result":"error","error":"invalidArgument"}')).toBeUndefined();
    expect(refused(502, "<html>Bad gateway</html>")).toBeUndefined();
  });
});
