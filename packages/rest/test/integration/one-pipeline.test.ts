/**
 * Issue 13: one pipeline. A signed call with a user middleware goes through the same stages as the
 * call without one (the middleware is one adapter stage on the same internal request), so both put
 * the same bytes on the wire: method, path with query, every header in its order (APIKey, Authent,
 * Nonce from an injected nonce), and the body. Read on a loopback node:http server, raw.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { STAGES } from "@kraken-futures/core/http";
import type { Middleware } from "openapi-fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRestClient } from "../../src/rest-client.js";
import { API_KEY, API_SECRET, expectedAuthent } from "../fixtures/server.js";

interface Wire {
  readonly method: string | undefined;
  readonly url: string | undefined;
  readonly rawHeaders: readonly string[];
  readonly body: string;
}

let server: Server;
let origin: string;
const wire: Wire[] = [];

function record(req: IncomingMessage, body: string): void {
  wire.push({ method: req.method, url: req.url, rawHeaders: req.rawHeaders, body });
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      record(req, Buffer.concat(chunks).toString("utf8"));
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ result: "success", serverTime: "2026-12-02T00:00:00.000Z", orders: [] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const NONCE = "1764633600000000";

/** Makes the same two signed calls (query-signed and body-signed) with a fresh client. */
async function signedCalls(middleware: Middleware[]): Promise<Wire[]> {
  wire.length = 0;
  const client = createRestClient({
    origin,
    credentials: { apiKey: API_KEY, apiSecret: API_SECRET },
    nonce: () => NONCE,
    retry: false,
  });
  client.use(...middleware);
  await client.POST("/sendorder", {
    params: {
      query: {
        orderType: "lmt",
        symbol: "PF_XBTUSD",
        side: "buy",
        size: 1,
        limitPrice: 64000,
        cliOrdId: "né + &",
      },
    },
    headers: { "X-Trace": "one" },
  });
  await client.POST("/orders/status", { body: { cliOrdIds: ["a", "b"] } });
  return [...wire];
}

describe("one pipeline, with and without user middleware", () => {
  it("lists its stages in order, middleware one of them", () => {
    expect(STAGES).toEqual([
      "check",
      "cost",
      "middleware",
      "lane",
      "sign",
      "send",
      "receive",
      "interpret",
      "normalise",
    ]);
  });

  it("puts byte-identical signed requests on the wire", async () => {
    const without = await signedCalls([]);
    const seen: string[] = [];
    const passive: Middleware = {
      onRequest({ request }) {
        seen.push(`request ${request.method} ${new URL(request.url).pathname}`);
      },
      onResponse({ response }) {
        seen.push(`response ${response.status}`);
      },
    };
    // A middleware that hands back a copy of the request, as many do after reading it.
    const copying: Middleware = { onRequest: ({ request }) => new Request(request) };
    const withMiddleware = await signedCalls([passive, copying]);

    expect(seen).toEqual([
      "request POST /derivatives/api/v3/sendorder",
      "response 200",
      "request POST /derivatives/api/v3/orders/status",
      "response 200",
    ]);
    expect(without).toHaveLength(2);
    expect(withMiddleware).toEqual(without);
    // What they both sent is Kraken's signature over the arguments as sent.
    const [order, status] = without;
    const header = (w: Wire, name: string) =>
      w.rawHeaders[w.rawHeaders.findIndex((h) => h.toLowerCase() === name) + 1];
    expect(header(order!, "nonce")).toBe(NONCE);
    expect(header(order!, "authent")).toBe(
      expectedAuthent(order!.url!.slice(order!.url!.indexOf("?") + 1), NONCE, order!.url!.split("?")[0]!),
    );
    expect(status!.body).toBe("cliOrdIds=a&cliOrdIds=b");
    expect(header(status!, "authent")).toBe(expectedAuthent(status!.body, NONCE, status!.url!));
  });
});
