/** Fault injection: dropped connections, HTML 5xx, malformed JSON, forced rate limits, latency. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { MockExchange } from "../../src/start.js";
import { API, call, start } from "./helpers.js";

let mock: MockExchange;
beforeEach(async () => {
  ({ mock } = await start());
});
afterEach(() => mock.stop());

const tickers = () => fetch(`${mock.url}/tickers`);

describe("faults", () => {
  it("drops the next request's connection, then answers normally", async () => {
    mock.faults.drop();
    await expect(tickers()).rejects.toThrow();
    expect((await tickers()).status).toBe(200);
    expect(mock.requests.at(-2)).toMatchObject({ status: 0, operationId: "getTickers" });
  });

  it("answers the next N requests with an HTML 5xx page", async () => {
    const h = mock.faults.serverError(502, { times: 2 });
    for (let i = 0; i < 2; i++) {
      const r = await tickers();
      expect(r.status).toBe(502);
      expect(r.headers.get("content-type")).toContain("text/html");
      expect(await r.text()).toContain("<html>");
    }
    expect(h.remaining).toBe(0);
    expect((await tickers()).status).toBe(200);
  });

  it("answers malformed JSON", async () => {
    mock.faults.malformedJson();
    const text = await (await tickers()).text();
    expect(() => JSON.parse(text)).toThrow();
    expect(text.length).toBeGreaterThan(0);
  });

  it("forces apiLimitExceeded for requests a matcher picks, until removed", async () => {
    const h = mock.faults.rateLimit({ match: { operationId: "getAccounts" } });
    expect((await call(mock.origin, `${API}/accounts`)).body.error).toBe("apiLimitExceeded");
    expect((await call(mock.origin, `${API}/accounts`)).body.error).toBe("apiLimitExceeded");
    expect((await call(mock.origin, `${API}/openorders`)).body.result).toBe("success");
    h.remove();
    expect((await call(mock.origin, `${API}/accounts`)).body.result).toBe("success");
  });

  it("delays a request and still answers it; stop() cancels a pending delay", async () => {
    const h = mock.faults.latency(20, { match: (r) => r.pathname.endsWith("/tickers"), times: 1 });
    expect((await tickers()).status).toBe(200);
    expect(h.remaining).toBe(0);
    mock.faults.latency(60_000);
    const pending = tickers();
    await new Promise((r) => setTimeout(r, 20));
    await mock.stop();
    await expect(pending).rejects.toThrow();
  });
});
