// Signing throughput: Authent signatures per second for the same postData, nonce and path, through
// @kraken-futures/auth (its Node backend, node:crypto behind an async API), node:crypto inline
// (the floor) and ccxt's sign() of the same request (pure-JS hashes from @noble/hashes).
// Interleaved rounds of a fixed count; the median rate over rounds is reported.
import { createHash, createHmac, createSecretKey } from "node:crypto";
import { performance } from "node:perf_hooks";
import { API_KEY, API_SECRET, ORDER } from "../lib/fixtures.mjs";
import { median, rotation } from "../lib/stats.mjs";

const ROUNDS = Number(process.env.BENCH_SIGN_ROUNDS ?? 7);
const COUNT = Number(process.env.BENCH_SIGN_COUNT ?? 10_000);
const POST_DATA = "orderType=lmt&symbol=PI_XBTUSD&side=buy&size=1&limitPrice=50000";
const PATH = "/derivatives/api/v3/sendorder";

/** @returns {Promise<{ name: string, sign: (i: number) => unknown }[]>} */
async function contenders() {
  /** @type {{ name: string, sign: (i: number) => unknown }[]} */
  const list = [];
  const key = createSecretKey(Buffer.from(API_SECRET, "base64"));
  list.push({
    name: "floor",
    sign: (i) => {
      const digest = createHash("sha256")
        .update(`${POST_DATA}${1_700_000_000_000_000 + i}/api/v3/sendorder`)
        .digest();
      return createHmac("sha512", key).update(digest).digest("base64");
    },
  });
  try {
    const { parseCredentials, signRequest } = await import("@kraken-futures/auth");
    const credentials = parseCredentials({ apiKey: API_KEY, apiSecret: API_SECRET });
    list.push({
      name: "sdk",
      sign: (i) =>
        signRequest({
          endpointPath: PATH,
          postData: POST_DATA,
          nonce: String(1_700_000_000_000_000 + i),
          secret: credentials,
        }),
    });
  } catch (error) {
    console.error(`[bench:sign] sdk skipped: ${/** @type {Error} */ (error).message}`);
  }
  const { default: ccxt } = await import("ccxt");
  const exchange = new ccxt.krakenfutures({ apiKey: API_KEY, secret: API_SECRET });
  list.push({ name: "ccxt", sign: () => exchange.sign("sendorder", "private", "POST", { ...ORDER }) });
  return list;
}

export async function runSign() {
  const list = await contenders();
  /** @type {Record<string, number[]>} */
  const rates = Object.fromEntries(list.map((c) => [c.name, []]));
  for (let r = 0; r <= ROUNDS; r++) {
    for (const { name, sign } of rotation(list, r)) {
      const start = performance.now();
      for (let i = 0; i < COUNT; i++) await sign(i);
      const seconds = (performance.now() - start) / 1000;
      // Round 0 warms the JIT up and is not counted.
      if (r > 0) rates[name].push(COUNT / seconds);
    }
  }
  return {
    rounds: ROUNDS,
    signaturesPerRound: COUNT,
    contenders: Object.fromEntries(
      Object.entries(rates).map(([name, values]) => [
        name,
        { signaturesPerSecond: Math.round(median(values)) },
      ]),
    ),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await runSign();
  if (process.send) process.send({ type: "result", result });
  else console.log(JSON.stringify(result, null, 2));
}
