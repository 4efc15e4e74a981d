// The loopback Kraken stand-in for the REST benchmark. It runs in its own process (forked by
// rest/bench.mjs) so that its parsing and writing happen on the second core instead of competing with
// the client's event loop, whose time is what we measure.
//
// It answers POST /derivatives/api/v3/sendorder with the spec's "placed" example, and
// GET /derivatives/api/v3/instruments with the spec's instruments example (ccxt loads markets first).
// While `verify` is on (warm-up only), it checks every Authent exactly as Kraken describes and counts
// good and bad signatures, so a contender that signs wrongly shows up in the report instead of being
// timed; the timed rounds run with verification off so that it does not add to every contender's time.
import { createHash, createHmac } from "node:crypto";
import { createServer } from "node:http";
import { exitWithParent } from "../lib/child.mjs";
import { API_KEY, API_SECRET, specExample } from "../lib/fixtures.mjs";

exitWithParent(280_000);

const sendOrderBody = Buffer.from(JSON.stringify(specExample("/sendorder", "post", "placed")));
const instrumentsBody = Buffer.from(JSON.stringify(specExample("/instruments", "get", "success")));
const secret = Buffer.from(API_SECRET, "base64");

let verify = false;
const counts = { requests: 0, verified: 0, badSignature: 0, withNonce: 0, outOfOrder: 0 };
/** The highest nonce received while verifying: a nonce not above it arrived out of order. */
let maxNonce = 0n;

/** @param {string} postData @param {string} nonce @param {string} path */
function expectedAuthent(postData, nonce, path) {
  const signedPath = path.startsWith("/derivatives/") ? path.slice("/derivatives".length) : path;
  const digest = createHash("sha256")
    .update(postData + nonce + signedPath)
    .digest();
  return createHmac("sha512", secret).update(digest).digest("base64");
}

const server = createServer({ keepAlive: true, keepAliveTimeout: 60_000 }, (req, res) => {
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    counts.requests++;
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const path = q === -1 ? url : url.slice(0, q);
    if (req.method === "GET" && path === "/derivatives/api/v3/instruments") {
      res.writeHead(200, { "content-type": "application/json", "content-length": instrumentsBody.length });
      res.end(instrumentsBody);
      return;
    }
    if (req.method !== "POST" || path !== "/derivatives/api/v3/sendorder") {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(`{"result":"error","error":"notFound"}`);
      return;
    }
    if (verify) {
      const body = Buffer.concat(chunks).toString("utf8");
      const postData = body.length > 0 ? body : q === -1 ? "" : url.slice(q + 1);
      const nonce = /** @type {string | undefined} */ (req.headers.nonce) ?? "";
      if (nonce !== "") {
        counts.withNonce++;
        if (BigInt(nonce) <= maxNonce) counts.outOfOrder++;
        else maxNonce = BigInt(nonce);
      }
      const ok =
        req.headers.apikey === API_KEY && req.headers.authent === expectedAuthent(postData, nonce, path);
      if (ok) counts.verified++;
      else counts.badSignature++;
    }
    res.writeHead(200, { "content-type": "application/json", "content-length": sendOrderBody.length });
    res.end(sendOrderBody);
  });
});

process.on("message", (/** @type {any} */ message) => {
  if (message?.type === "verify") {
    verify = Boolean(message.on);
    process.send?.({ type: "verify-ack" });
  } else if (message?.type === "counts") {
    process.send?.({ type: "counts", counts: { ...counts } });
    counts.requests = counts.verified = counts.badSignature = counts.withNonce = counts.outOfOrder = 0;
    maxNonce = 0n;
  } else if (message?.type === "stop") {
    server.close();
    process.exit(0);
  }
});

server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  process.send?.({ type: "ready", port: typeof address === "object" && address ? address.port : 0 });
});
