// Signatures per second of each crypto backend, to decide whether the node:crypto path earns its place.
// Run: pnpm --filter @kraken-futures/auth bench
import { bench, describe } from "vitest";
import { backend as nodeBackend } from "../../src/crypto-node.js";
import { backend as webBackend } from "../../src/crypto-web.js";
import { encodePostData, parseCredentials, signRequest } from "../../src/index.js";

const secret = new Uint8Array(64).map((_, i) => (i * 37 + 11) & 0xff);
const postData = encodePostData({
  orderType: "lmt",
  symbol: "PF_XBTUSD",
  side: "buy",
  size: 0.0001,
  limitPrice: 65_000.5,
  cliOrdId: "3f8e2c1a-8b1e-4c43-9f59-2f8f7b2f0d11",
});
const message = `${postData}1731960000000000/api/v3/sendorder`;
const nodeKey = await nodeBackend.importHmacKey(secret);
const webKey = await webBackend.importHmacKey(secret);

describe("Authent of a sendorder request (key prepared once, as Credentials does)", () => {
  bench("node:crypto (createHash + createHmac)", async () => {
    await nodeBackend.signDigest(nodeKey, message);
  });
  bench("WebCrypto (crypto.subtle)", async () => {
    await webBackend.signDigest(webKey, message);
  });
});

const credentials = parseCredentials({ apiKey: "bench", apiSecret: Buffer.from(secret).toString("base64") });

describe("signRequest, the public API (node:crypto under Node)", () => {
  bench("signRequest with Credentials", async () => {
    await signRequest({
      endpointPath: "/derivatives/api/v3/sendorder",
      postData,
      nonce: "1",
      secret: credentials,
    });
  });
});

describe("encodePostData of the same request", () => {
  bench("encodePostData", () => {
    encodePostData({
      orderType: "lmt",
      symbol: "PF_XBTUSD",
      side: "buy",
      size: 0.0001,
      limitPrice: 65_000.5,
    });
  });
});
