import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ManualClock } from "../../src/engine/clock.js";
import { DEFAULT_NONCE_WINDOW_MS } from "../../src/http/authent.js";
import { DEFAULT_TEST_KEY } from "../../src/keys.js";
import type { MockExchange } from "../../src/start.js";
import { API, authent, call, nextNonce, qs, start } from "./helpers.js";

let mock: MockExchange;
beforeEach(async () => {
  ({ mock } = await start());
});
afterEach(() => mock.stop());

const order = qs({
  orderType: "lmt",
  symbol: "PI_XBTUSD",
  side: "buy",
  size: 1,
  limitPrice: 1000,
  cliOrdId: "a b+c",
});

describe("Authent", () => {
  it("the test's own signer reproduces a published vector", () => {
    const secret = Buffer.from("python-kraken-sdk unit-test secret value").toString("base64");
    expect(authent(secret, "orderType=lmt&symbol=PI_XBTUSD", "1616492376594", "/api/v3/sendorder")).toBe(
      "Txi+gJVXe3EN1brXYQ46FuV6UVtEVSKhc6dYMhPb7a/HXZLGvO6m9UUg+KVKqhLxrbllOPI7qRkHYmPfJZZSGA==",
    );
  });

  it("accepts a correctly signed GET, POST query and POST form body, and a request without a nonce", async () => {
    expect((await call(mock.origin, `${API}/accounts`)).body.result).toBe("success");
    expect((await call(mock.origin, `${API}/sendorder`, { method: "POST", query: order })).body.result).toBe(
      "success",
    );
    const form = "cliOrdIds=x&cliOrdIds=y";
    expect((await call(mock.origin, `${API}/orders/status`, { form })).body.result).toBe("success");
    expect((await call(mock.origin, `${API}/openorders`, { nonce: null })).body.result).toBe("success");
  });

  it("refuses a request whose query was altered by one byte after signing", async () => {
    const flipped = order.replace("size=1", "size=2");
    const r = await call(mock.origin, `${API}/sendorder`, {
      method: "POST",
      query: flipped,
      signed: { postData: order },
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ result: "error", error: "authenticationError" });
    expect(mock.exchange.openOrders()).toHaveLength(0);
  });

  it("refuses the decoded (pre-2024) postData: the url-encoded bytes are what is signed", async () => {
    const decoded = decodeURIComponent(order);
    const r = await call(mock.origin, `${API}/sendorder`, {
      method: "POST",
      query: order,
      signed: { postData: decoded },
    });
    expect(r.body.error).toBe("authenticationError");
  });

  it("refuses a signature over another path, or over the path with /derivatives kept", async () => {
    const wrong = await call(mock.origin, `${API}/accounts`, { signed: { path: "/api/v3/openorders" } });
    expect(wrong.body.error).toBe("authenticationError");
    const nonce = nextNonce();
    const res = await fetch(`${mock.origin}${API}/accounts`, {
      headers: {
        APIKey: DEFAULT_TEST_KEY.apiKey,
        Nonce: nonce,
        Authent: authent(DEFAULT_TEST_KEY.apiSecret, "", nonce, `${API}/accounts`),
      },
    });
    expect(await res.json()).toMatchObject({ result: "error", error: "authenticationError" });
  });

  it("refuses a signature made with another nonce than the one sent", async () => {
    const r = await call(mock.origin, `${API}/accounts`, {
      nonce: nextNonce(),
      signed: { nonce: nextNonce() },
    });
    expect(r.body.error).toBe("authenticationError");
  });

  it("refuses an unknown key, a wrong secret and missing headers", async () => {
    const other = { apiKey: "someone-else", apiSecret: DEFAULT_TEST_KEY.apiSecret };
    expect((await call(mock.origin, `${API}/accounts`, { key: other })).body.error).toBe(
      "authenticationError",
    );
    const wrongSecret = {
      apiKey: DEFAULT_TEST_KEY.apiKey,
      apiSecret: Buffer.alloc(64, 7).toString("base64"),
    };
    expect((await call(mock.origin, `${API}/accounts`, { key: wrongSecret })).body.error).toBe(
      "authenticationError",
    );
    expect((await call(mock.origin, `${API}/accounts`, { key: null })).body.error).toBe(
      "authenticationError",
    );
  });

  it("public operations need no signature", async () => {
    const r = await call(mock.origin, `${API}/tickers`, { key: null });
    expect(r.body.result).toBe("success");
  });
});

describe("nonces", () => {
  it("refuses a repeated nonce as nonceDuplicate and a lower one as nonceBelowThreshold", async () => {
    await mock.stop();
    ({ mock } = await start({ nonceWindowMs: 0 }));
    const n = nextNonce();
    const higher = nextNonce();
    expect((await call(mock.origin, `${API}/accounts`, { nonce: n })).body.result).toBe("success");
    expect((await call(mock.origin, `${API}/accounts`, { nonce: n })).body.error).toBe("nonceDuplicate");
    expect((await call(mock.origin, `${API}/accounts`, { nonce: higher })).body.result).toBe("success");
    const lower = String(BigInt(n) + 0n - 1n);
    expect((await call(mock.origin, `${API}/accounts`, { nonce: lower })).body.error).toBe(
      "nonceBelowThreshold",
    );
  });

  it("by default tolerates a lower nonce for DEFAULT_NONCE_WINDOW_MS after a higher one, then refuses it", async () => {
    let clock: ManualClock;
    await mock.stop();
    ({ mock, clock } = await start());
    const [a, b, c, d] = [nextNonce(), nextNonce(), nextNonce(), nextNonce()];
    expect((await call(mock.origin, `${API}/accounts`, { nonce: d })).body.result).toBe("success");
    // b arrives after d but within the window: accepted, as Kraken tolerates "for a brief period".
    clock.advance(DEFAULT_NONCE_WINDOW_MS - 1);
    expect((await call(mock.origin, `${API}/accounts`, { nonce: b })).body.result).toBe("success");
    expect((await call(mock.origin, `${API}/accounts`, { nonce: b })).body.error).toBe("nonceDuplicate");
    // Once d is older than the window, nothing at or below it is accepted any more.
    clock.advance(1);
    expect((await call(mock.origin, `${API}/accounts`, { nonce: c })).body.error).toBe("nonceBelowThreshold");
    expect((await call(mock.origin, `${API}/accounts`, { nonce: a })).body.error).toBe("nonceBelowThreshold");
    expect((await call(mock.origin, `${API}/accounts`, { nonce: nextNonce() })).body.result).toBe("success");
  });

  it("strict mode (nonceWindowMs: 0) refuses a lower nonce at once", async () => {
    await mock.stop();
    ({ mock } = await start({ nonceWindowMs: 0 }));
    const [low, high] = [nextNonce(), nextNonce()];
    expect((await call(mock.origin, `${API}/accounts`, { nonce: high })).body.result).toBe("success");
    expect((await call(mock.origin, `${API}/accounts`, { nonce: low })).body.error).toBe(
      "nonceBelowThreshold",
    );
  });

  it("refuses a window that is not a finite number of milliseconds >= 0", async () => {
    await expect(start({ nonceWindowMs: -1 })).rejects.toThrow(/nonceWindowMs/);
    await expect(start({ nonceWindowMs: Number.NaN })).rejects.toThrow(/nonceWindowMs/);
  });

  it("tracks nonces per key", async () => {
    const second = { apiKey: "second-key", apiSecret: Buffer.alloc(64, 3).toString("base64") };
    await mock.stop();
    ({ mock } = await start({ keys: [DEFAULT_TEST_KEY, second] }));
    const n = nextNonce();
    expect((await call(mock.origin, `${API}/accounts`, { nonce: n })).body.result).toBe("success");
    expect((await call(mock.origin, `${API}/accounts`, { nonce: n, key: second })).body.result).toBe(
      "success",
    );
  });

  it("does not burn a nonce on a request with a bad signature", async () => {
    const n = nextNonce();
    expect(
      (await call(mock.origin, `${API}/accounts`, { nonce: n, signed: { path: "/api/v3/x" } })).body.error,
    ).toBe("authenticationError");
    expect((await call(mock.origin, `${API}/accounts`, { nonce: n })).body.result).toBe("success");
  });
});
