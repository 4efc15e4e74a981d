import { describe, expect, it } from "vitest";
import { createHistoryClient, pages } from "../../src/index.js";

// No I/O: an injected fetch answers from a list of pages and records the URLs asked for.
function scripted(bodies: unknown[]) {
  const urls: URL[] = [];
  const fetch = async (request: Request) => {
    urls.push(new URL(request.url));
    const body = bodies[urls.length - 1];
    return new Response(JSON.stringify(body), { headers: { "content-type": "application/json" } });
  };
  return { urls, client: createHistoryClient({ origin: "http://history.test", fetch, retry: false }) };
}

const element = (i: number) => ({ uid: "", timestamp: String(i), event: { price: `${i}.5` } });

describe("pages()", () => {
  it("treats an empty-string token as the last page", async () => {
    const { urls, client } = scripted([
      { elements: [element(1)], len: 1, continuationToken: "dA==" },
      { elements: [element(2)], len: 1, continuationToken: "" },
    ]);
    const prices: unknown[] = [];
    for await (const event of client.markPrices("PF_XBTUSD")) prices.push(event.event.price);
    expect(prices).toEqual([1.5, 2.5]);
    expect(urls.map((u) => u.pathname)).toEqual(Array(2).fill("/api/history/v2/market/PF_XBTUSD/price"));
    expect(urls[1]!.searchParams.get("continuation_token")).toBe("dA==");
  });

  it("resumes from a token given in the query", async () => {
    const { urls, client } = scripted([{ elements: [], len: 0 }]);
    const walk = pages(client, "/v2/market/{tradeable}/orders", {
      params: { path: { tradeable: "PF_ETHUSD" }, query: { continuation_token: "cmVzdW1l", sort: "asc" } },
    });
    for await (const _ of walk);
    expect(urls[0]!.search).toBe("?continuation_token=cmVzdW1l&sort=asc");
  });

  // The mock exchange always advances its token, so a server that hands back the one it was sent is
  // scripted here.
  it("refuses to loop when the server hands back the token it was sent", async () => {
    const { urls, client } = scripted([{ elements: [], len: 0, continuationToken: "c2FtZQ==" }]);
    const walk = pages(client, "/v2/market/{tradeable}/price", {
      params: { path: { tradeable: "PF_XBTUSD" }, query: { continuation_token: "c2FtZQ==" } },
    });
    await expect(walk.next()).resolves.toMatchObject({ done: false });
    await expect(walk.next()).rejects.toMatchObject({
      name: "UnexpectedResponseError",
      message: expect.stringContaining("continuationToken did not advance"),
    });
    expect(urls).toHaveLength(1);
  });

  it("does not call at all when the signal has already fired", async () => {
    const { urls, client } = scripted([]);
    const walk = client.marketExecutions("PF_XBTUSD", {}, { signal: AbortSignal.abort(new Error("stop")) });
    await expect(walk.next()).rejects.toThrow("stop");
    expect(urls).toHaveLength(0);
  });
});
