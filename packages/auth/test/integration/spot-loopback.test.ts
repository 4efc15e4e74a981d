// spotSignedRequest against an in-process HTTP server on loopback that verifies API-Sign as Kraken
// does: over the raw body bytes it received, with the nonce read from that body, by its own
// node:crypto code (not src/, not test/reference.ts).
import { createHash, createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PostDataInput, parseSpotCredentials, spotSignedRequest } from "../../src/index.js";
import { SPOT_VECTORS } from "../reference.js";

const { secret } = SPOT_VECTORS.published;
const API_KEY = "loopback-spot-key";
const credentials = parseSpotCredentials({ apiKey: API_KEY, apiSecret: secret });

type Verdict = { verified: boolean; apiKey: string; type: string; nonce: string; fields: string[][] };

let server: Server;
let origin: string;
const seenNonces: bigint[] = [];

beforeAll(async () => {
  server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const fields = raw
      .toString("utf8")
      .split("&")
      .map((pair) => pair.split("=").map(decodeURIComponent));
    const nonce = fields.find(([key]) => key === "nonce")?.[1] ?? "";
    const digest = createHash("sha256")
      .update(Buffer.concat([Buffer.from(nonce), raw]))
      .digest();
    const expected = createHmac("sha512", Buffer.from(secret, "base64"))
      .update(Buffer.concat([Buffer.from(request.url ?? ""), digest]))
      .digest("base64");
    seenNonces.push(BigInt(nonce || "0"));
    const verdict: Verdict = {
      verified: request.method === "POST" && request.headers["api-sign"] === expected,
      apiKey: String(request.headers["api-key"]),
      type: String(request.headers["content-type"]),
      nonce,
      fields,
    };
    response.setHeader("content-type", "application/json");
    response.end(JSON.stringify({ error: [], result: verdict }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function send(uriPath: string, params?: PostDataInput): Promise<Verdict> {
  const { body, headers } = await spotSignedRequest({ credentials, uriPath, ...(params ? { params } : {}) });
  const response = await fetch(origin + uriPath, { method: "POST", headers, body });
  return ((await response.json()) as { result: Verdict }).result;
}

describe("spotSignedRequest on the wire", () => {
  it("the server verifies the token request's API-Sign over the bytes it received", async () => {
    const verdict = await send("/0/private/GetWebSocketsToken");
    expect(verdict).toMatchObject({
      verified: true,
      apiKey: API_KEY,
      type: "application/x-www-form-urlencoded",
    });
    expect(verdict.fields).toEqual([["nonce", verdict.nonce]]);
  });

  it("and a ledger query whose arguments need percent-encoding", async () => {
    const verdict = await send("/0/private/Ledgers", {
      asset: "XXBT,ZUSD",
      start: 1764640000,
      type: "trade",
    });
    expect(verdict.verified).toBe(true);
    expect(verdict.fields).toEqual([
      ["nonce", verdict.nonce],
      ["asset", "XXBT,ZUSD"],
      ["start", "1764640000"],
      ["type", "trade"],
    ]);
  });

  it("concurrent calls carry distinct nonces, each verified", async () => {
    const before = seenNonces.length;
    const verdicts = await Promise.all(
      Array.from({ length: 20 }, (_, i) => send("/0/private/QueryLedgers", { id: `L${i}` })),
    );
    expect(verdicts.every((v) => v.verified)).toBe(true);
    const nonces = verdicts.map((v) => BigInt(v.nonce));
    expect(new Set(nonces).size).toBe(20);
    expect(seenNonces.length - before).toBe(20);
  });

  it("(control) the server refuses a signature made for another path", async () => {
    const { body, headers } = await spotSignedRequest({ credentials, uriPath: "/0/private/Ledgers" });
    const response = await fetch(`${origin}/0/private/QueryLedgers`, { method: "POST", headers, body });
    expect(((await response.json()) as { result: Verdict }).result.verified).toBe(false);
  });
});
