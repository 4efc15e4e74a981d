/**
 * `callUrl` builds the URLs openapi-fetch's `createFinalURL` + `defaultPathSerializer` built for every
 * shape of path argument Kraken's paths take (the client used those until issue 13's bundle trim).
 */

import { createFinalURL, defaultPathSerializer } from "openapi-fetch";
import { describe, expect, it } from "vitest";
import { encodePostData, type PostDataInput } from "../../../src/encode.js";
import { callUrl } from "../../../src/http/url.js";

const base = "https://futures.kraken.com/derivatives/api/v3";
const encode = (query: unknown) => encodePostData(query as PostDataInput);

const cases: [string, { query?: Record<string, unknown>; path?: Record<string, unknown> }][] = [
  ["/tickers", {}],
  ["/tickers", { query: {} }],
  ["/sendorder", { query: { symbol: "PF_XBTUSD", size: 1, cliOrdId: "a b+c&d=é" } }],
  ["/tickers/{symbol}", { path: { symbol: "PF_XBTUSD" } }],
  ["/tickers/{symbol}", { path: { symbol: "a/b?c#d%e é" } }],
  [
    "/{tick_type}/{symbol}/{resolution}",
    { path: { tick_type: "mark", symbol: "PF_XBTUSD", resolution: "1m" } },
  ],
  ["/{tick_type}/{symbol}", { path: { tick_type: "trade" }, query: { from: 1 } }],
  ["/instruments/{symbol}/status", { path: { symbol: 42 } }],
  ["/tickers/{symbol}", { path: { symbol: ["a", "b c"] } }],
  ["/tickers/{symbol}", { path: { symbol: null } }],
];

describe("callUrl", () => {
  it.each(cases)("%s %j is the URL openapi-fetch built", (path, params) => {
    const theirs = createFinalURL(path, {
      baseUrl: base,
      params,
      querySerializer: encode,
      pathSerializer: defaultPathSerializer,
    });
    expect(callUrl(base, path, params, encode)).toBe(theirs);
  });
});
