import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/**
 * Credentials used by every contender. The secret is 64 bytes, like Kraken's; nothing here is real.
 */
export const API_KEY = "bench-api-key-0123456789abcdef";
export const API_SECRET = Buffer.from(Array.from({ length: 64 }, (_, i) => (i * 37 + 11) & 0xff)).toString(
  "base64",
);

/** The order every REST contender sends. */
export const ORDER = Object.freeze({
  orderType: "lmt",
  symbol: "PI_XBTUSD",
  side: "buy",
  size: 1,
  limitPrice: 50000,
});

/** The product the WebSocket contenders subscribe to (listed in the spec's instruments example). */
export const PRODUCT_ID = "PI_XBTUSD";

/** The bundled Trading spec: its examples are the bodies the loopback servers answer with. */
function tradingSpec() {
  const path = require.resolve("@kraken-futures/specs/trading.openapi.json");
  return JSON.parse(readFileSync(path, "utf8"));
}

/**
 * A spec example body, read from the bundled Trading spec so that the servers answer what the spec says
 * Kraken sends.
 * @param {string} path @param {"get" | "post"} method @param {string} name
 * @returns {unknown}
 */
export function specExample(path, method, name) {
  const value =
    tradingSpec().paths[path]?.[method]?.responses?.["200"]?.content?.["application/json"]?.examples?.[name]
      ?.value;
  if (value === undefined) throw new Error(`the Trading spec has no example "${name}" for ${method} ${path}`);
  return value;
}
