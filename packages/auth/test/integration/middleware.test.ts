// The signing middleware against an in-process HTTP server on loopback: the server checks the
// signature over the raw bytes it received, as Kraken does.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodePostData, parseCredentials, SigningError } from "../../src/index.js";
import { createSigningMiddleware, signFetchRequest } from "../../src/middleware.js";
import { referenceAuthent, SEED_KEY, VECTORS } from "../reference.js";

const secret = VECTORS.challenge.secret;
const credentials = parseCredentials({ apiKey: SEED_KEY, apiSecret: secret });

type Seen = { verified: boolean; rawUrl: string; body: string; apiKey?: string; nonce?: string };

let server: Server;
let base: string;

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

beforeAll(async () => {
  server = createServer(async (request, response) => {
    const rawUrl = request.url ?? "";
    const body = await readBody(request);
    const [path = "", query = ""] = rawUrl.split(/\?(.*)/s);
    const nonce = String(request.headers.nonce ?? "");
    const expected = referenceAuthent(secret, query || body, nonce, path);
    const seen: Seen = {
      verified: request.headers.authent === expected,
      rawUrl,
      body,
      ...(request.headers.apikey === undefined ? {} : { apiKey: String(request.headers.apikey) }),
      ...(request.headers.nonce === undefined ? {} : { nonce }),
    };
    response.setHeader("content-type", "application/json");
    response.end(JSON.stringify(seen));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

async function send(request: Request): Promise<Seen> {
  const response = await fetch(request);
  return (await response.json()) as Seen;
}

describe("createSigningMiddleware", () => {
  const middleware = createSigningMiddleware({ credentials });

  it("signs a query built by encodePostData, JSON and tricky characters included", async () => {
    const query = encodePostData({
      processBefore: "2024-01-01 00:00:00",
      json: {
        batchOrder: [
          { order: "send", order_tag: "1 & 2", symbol: "PF_XBTUSD", size: 1e-7, reduceOnly: false },
        ],
      },
      note: "a+b=c%d!'()*€😀",
    });
    const request = new Request(`${base}/derivatives/api/v3/batchorder?${query}`, { method: "POST" });
    const seen = await send(await middleware.onRequest({ request }));
    expect(seen.verified).toBe(true);
    expect(seen.rawUrl).toBe(`/derivatives/api/v3/batchorder?${query}`);
    expect(seen.apiKey).toBe(SEED_KEY);
    expect(seen.nonce).toMatch(/^\d{16}$/);
  });

  it("signs what is finally sent, even when the URL parser re-encodes the query", async () => {
    const request = new Request(`${base}/api/history/v2/orders?note=a b'c&x=ü`);
    const seen = await send(await middleware.onRequest({ request }));
    expect(seen.rawUrl).toBe("/api/history/v2/orders?note=a%20b%27c&x=%C3%BC");
    expect(seen.verified).toBe(true);
  });

  it("signs a form-encoded body (orders/status)", async () => {
    const body = encodePostData({ orderIds: ["a b", "c"] });
    const request = new Request(`${base}/derivatives/api/v3/orders/status`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body,
    });
    const seen = await send(await middleware.onRequest({ request }));
    expect(seen).toMatchObject({ verified: true, body });
  });

  it("signs after a URL change made by an earlier middleware", async () => {
    const first = new Request(`${base}/derivatives/api/v3/fills?a=1`);
    const changed = new Request(`${first.url}&lastFillTime=2024-01-01T00%3A00%3A00Z`, first);
    const seen = await send(await middleware.onRequest({ request: changed }));
    expect(seen.verified).toBe(true);
  });

  it("uses the injected nonce source and skips requests shouldSign rejects", async () => {
    const nonces = ["1", "2"];
    const own = createSigningMiddleware({
      credentials: { apiKey: SEED_KEY, apiSecret: secret },
      nonce: () => nonces.shift()!,
      shouldSign: (request) => !new URL(request.url).pathname.endsWith("/tickers"),
    });
    const signed = await send(
      await own.onRequest({ request: new Request(`${base}/derivatives/api/v3/accounts`) }),
    );
    expect(signed).toMatchObject({ verified: true, nonce: "1" });
    const skipped = await send(
      await own.onRequest({ request: new Request(`${base}/derivatives/api/v3/tickers`) }),
    );
    expect(skipped.apiKey).toBeUndefined();
    expect(skipped.verified).toBe(false);
  });

  it("refuses a query and a body together, and bodies that are not form-encoded", async () => {
    const both = new Request(`${base}/derivatives/api/v3/sendorder?a=1`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "b=2",
    });
    await expect(signFetchRequest(both, { credentials })).rejects.toThrow(/not both/);
    const json = new Request(`${base}/derivatives/api/v3/sendorder`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    await expect(signFetchRequest(json, { credentials })).rejects.toThrow(SigningError);
  });
});
