// The three REST contenders. Each factory returns `{ call, close }`, where `call()` sends one signed
// sendorder and resolves once the JSON answer is parsed. Same order, same key, same server.
import { createHash, createHmac, createSecretKey } from "node:crypto";
import { Agent, request } from "node:http";
import { API_KEY, API_SECRET, ORDER } from "../lib/fixtures.mjs";

const PATH = "/derivatives/api/v3/sendorder";
const SIGNED_PATH = "/api/v3/sendorder";

/**
 * The floor: what a careful engineer writes by hand with nothing but Node: one keep-alive socket,
 * the query encoded and signed inline with node:crypto, the answer parsed with JSON.parse.
 * @param {number} port
 * @param {number} [sockets] keep-alive sockets of the agent: 1 for sequential calls; the concurrent
 *   floor uses 16 (the SDK transport's default), which sends nonces in whatever order the sockets win
 */
export function floor(port, sockets = 1) {
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  const key = createSecretKey(Buffer.from(API_SECRET, "base64"));
  let last = 0;
  const call = () =>
    new Promise((resolve, reject) => {
      const postData =
        `orderType=${encodeURIComponent(ORDER.orderType)}&symbol=${encodeURIComponent(ORDER.symbol)}` +
        `&side=${encodeURIComponent(ORDER.side)}&size=${ORDER.size}&limitPrice=${ORDER.limitPrice}`;
      const now = Date.now() * 1000;
      last = now > last ? now : last + 1;
      const nonce = String(last);
      const digest = createHash("sha256")
        .update(postData + nonce + SIGNED_PATH)
        .digest();
      const authent = createHmac("sha512", key).update(digest).digest("base64");
      const req = request(
        {
          agent,
          host: "127.0.0.1",
          port,
          method: "POST",
          path: `${PATH}?${postData}`,
          headers: { APIKey: API_KEY, Authent: authent, Nonce: nonce, Accept: "application/json" },
        },
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (chunk) => {
            text += chunk;
          });
          res.on("end", () => {
            try {
              const body = JSON.parse(text);
              if (body.result !== "success") reject(new Error(`floor: unexpected answer ${text}`));
              else resolve(body);
            } catch (error) {
              reject(error);
            }
          });
        },
      );
      req.on("error", reject);
      req.end();
    });
  return { call, close: async () => agent.destroy() };
}

/**
 * The peer: ccxt's krakenfutures raw (implicit) method for POST sendorder, `privatePostSendorder`,
 * which signs the query as Kraken describes and sends it through ccxt's keep-alive undici pool.
 * ccxt's client-side throttle is switched off (`enableRateLimit: false`): it is a policy that would
 * sleep between calls, not per-call overhead; this client's rate limiter is switched off likewise.
 * @param {number} port
 */
export async function ccxtRaw(port) {
  const { default: ccxt } = await import("ccxt");
  const origin = `http://127.0.0.1:${port}`;
  const exchange = new ccxt.krakenfutures({
    apiKey: API_KEY,
    secret: API_SECRET,
    enableRateLimit: false,
    urls: {
      api: {
        public: `${origin}/derivatives/api/`,
        private: `${origin}/derivatives/api/`,
        charts: `${origin}/api/charts/`,
        history: `${origin}/api/history/`,
        feeschedules: `${origin}/api/feeschedules/`,
      },
    },
  });
  const call = async () => {
    const body = await exchange.privatePostSendorder({ ...ORDER });
    if (body.result !== "success") throw new Error(`ccxt: unexpected answer ${JSON.stringify(body)}`);
    return body;
  };
  return { call, close: () => exchange.close() };
}

/**
 * This SDK: `@kraken-futures/rest` with its defaults (Node keep-alive transport, signing through
 * `@kraken-futures/auth`), except the client-side rate limiter, switched off like ccxt's.
 * @param {number} port
 * @param {Record<string, unknown>} [extra] more client options (the validation benchmark turns it on)
 */
export async function sdk(port, extra = {}) {
  const { createRestClient } = await import("@kraken-futures/rest");
  const client = createRestClient({
    origin: `http://127.0.0.1:${port}`,
    credentials: { apiKey: API_KEY, apiSecret: API_SECRET },
    rateLimit: false,
    ...extra,
  });
  const call = async () => {
    const { data, error } = await client.POST("/sendorder", { params: { query: { ...ORDER } } });
    if (error !== undefined || data?.result !== "success") {
      throw new Error(`sdk: unexpected answer ${JSON.stringify(error ?? data)}`);
    }
    return data;
  };
  const close = async () => {
    /** @type {any} */ (client).close?.();
  };
  return { call, close };
}

/**
 * This SDK with its optional response validation on (`@kraken-futures/rest/validation`, ajv compiled
 * once from the bundled spec): what validation adds to a call.
 * @param {number} port
 */
export async function sdkValidated(port) {
  const { createSpecValidator } = await import("@kraken-futures/rest/validation");
  return sdk(port, { validator: await createSpecValidator() });
}

/**
 * A burst of `n` concurrent calls of one contender as one `call()`: what a strategy placing several
 * orders at once waits for. Measures what ordering signed calls of one key costs (issue 12, item 4).
 * @param {(port: number) => Promise<{ call: () => Promise<unknown>, close: () => Promise<void> }> | { call: () => Promise<unknown>, close: () => Promise<void> }} make
 * @param {number} n
 */
export function concurrent(make, n) {
  return async (/** @type {number} */ port) => {
    const instance = await make(port);
    const call = () => Promise.all(Array.from({ length: n }, () => instance.call()));
    return { call, close: instance.close };
  };
}
