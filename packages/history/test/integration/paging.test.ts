import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHistoryClient, type HistoryClient, pages, paginate } from "../../src/index.js";
import { type Exchange, MARKET, startExchange } from "../fixtures/exchange.js";

let exchange: Exchange;
let client: HistoryClient;
beforeEach(async () => {
  exchange = await startExchange({ events: 45, logEntries: 120 });
  client = createHistoryClient({ origin: exchange.origin, credentials: exchange.credentials, retry: false });
});
afterEach(async () => {
  await exchange.stop();
});

describe("continuation-token paging", () => {
  it("walks five pages of order events, sending back each token with the same filters", async () => {
    const seen: number[] = [];
    for await (const event of client.orderEvents({ sort: "asc", count: 10, since: 1_769_600_000_000 })) {
      seen.push(event.timestamp);
    }
    expect(seen).toHaveLength(45);
    expect(seen.every((t, i) => i === 0 || t > seen[i - 1]!)).toBe(true);
    expect(exchange.received).toHaveLength(5);
    for (const [i, request] of exchange.received.entries()) {
      expect(request.query.get("sort")).toBe("asc");
      expect(request.query.get("since")).toBe("1769600000000");
      expect(request.query.has("continuation_token")).toBe(i > 0);
      expect(request.authentOk).toBe(true);
    }
  });

  it("yields whole pages with pages(), newest first by default, and ends on the page without a token", async () => {
    const lengths: number[] = [];
    const tokens: Array<string | undefined> = [];
    for await (const page of pages(client, "/v2/executions", { params: { query: { count: 12 } } })) {
      lengths.push(page.len);
      tokens.push(page.continuationToken);
    }
    expect(lengths).toEqual([12, 12, 12, 9]);
    expect(tokens[3]).toBeUndefined();
    expect(exchange.received.slice(1).map((r) => r.query.get("continuation_token"))).toEqual(
      tokens.slice(0, 3),
    );
  });

  it("pages public market history without signing", async () => {
    let n = 0;
    for await (const _ of paginate(client, "/v3/market/{tradeable}/executions", {
      params: { path: { tradeable: MARKET }, query: { count: 8 } },
    })) {
      n++;
    }
    expect(n).toBe(45);
    expect(exchange.received).toHaveLength(6);
    expect(exchange.received.every((r) => r.authentOk === undefined)).toBe(true);
  });

  it("stops asking for pages when the loop breaks", async () => {
    let n = 0;
    for await (const _ of client.triggerEvents({ count: 10 })) {
      if (++n === 15) break;
    }
    expect(exchange.received).toHaveLength(2);
  });

  it("stops on abort: no page is asked for after the signal fires", async () => {
    const controller = new AbortController();
    const seen: unknown[] = [];
    const walk = (async () => {
      for await (const event of client.positionEvents({ count: 10 }, { signal: controller.signal })) {
        seen.push(event);
        if (seen.length === 10) controller.abort(new Error("enough"));
      }
    })();
    await expect(walk).rejects.toThrow("enough");
    expect(seen).toHaveLength(10);
    expect(exchange.received).toHaveLength(1);
  });

  it("refuses to loop when the server hands back the token it was sent", async () => {
    exchange.override("getPublicPriceEvents", () => ({
      body: JSON.stringify({ elements: [], len: 0, continuationToken: "c2FtZQ==" }),
    }));
    const walk = pages(client, "/v2/market/{tradeable}/price", {
      params: { path: { tradeable: MARKET }, query: { continuation_token: "c2FtZQ==" } },
    });
    await expect(walk.next()).resolves.toMatchObject({ done: false });
    await expect(walk.next()).rejects.toThrow("continuationToken did not advance");
    expect(exchange.received).toHaveLength(1);
  });
});

describe("account-log paging by id", () => {
  it("walks 120 entries newest first, 25 per page (cost 1 each), then stops on the empty page", async () => {
    const ids: number[] = [];
    for await (const entry of client.accountLog({ count: 25 })) ids.push(entry.id);
    expect(ids).toEqual(Array.from({ length: 120 }, (_, i) => 120 - i));
    expect(exchange.received.map((r) => r.query.get("to"))).toEqual([null, "95", "70", "45", "20"]);
    expect(exchange.received.every((r) => r.cost === 1)).toBe(true);
  });

  it("walks oldest first with sort=asc inside a from/to range", async () => {
    const ids: number[] = [];
    for await (const entry of client.accountLog({ sort: "asc", from: 11, to: 60, count: 20 })) {
      ids.push(entry.id);
    }
    expect(ids).toEqual(Array.from({ length: 50 }, (_, i) => 11 + i));
    expect(exchange.received).toHaveLength(3);
  });
});
