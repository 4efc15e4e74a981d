/**
 * Paging against the mock exchange: the iterators follow the mock's `continuationToken` (its own
 * encoding, opaque to the client) across more than three pages, with the same filters on every page,
 * and page the account log by entry id. The account's history is made through the Trading API first.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHistoryClient, type HistoryClient, pages, paginate } from "../../src/index.js";
import { credentials, type Harness, placeAndCancel, recordingFetch, startHarness } from "../fixtures/mock.js";

const ORDERS = 12; // 24 order events on PF_ETHUSD
const FILLS = 15; // 30 account-log entries (and 30 order events on PF_XBTUSD)

let h: Harness;
let client: HistoryClient;
let recorder: ReturnType<typeof recordingFetch>;
let sinceTrading: number;

beforeAll(async () => {
  h = await startHarness(11);
  sinceTrading = h.clock.now();
  await placeAndCancel(h, ORDERS);
  for (let i = 0; i < FILLS; i++) {
    const { data } = await h.trading.POST("/sendorder", {
      params: { query: { orderType: "mkt", symbol: "PF_XBTUSD", side: i % 2 ? "sell" : "buy", size: 0.01 } },
    });
    expect(data.sendStatus?.status).toBe("placed");
    h.clock.advance(1_000);
  }
  expect(h.mock.exchange.fills).toHaveLength(FILLS);
});
afterAll(() => h.mock.stop());

/** The requests the client sent since the test began, as URLs. */
let mark = 0;
const sentUrls = () => recorder.sent.slice(mark).map((r) => new URL(r.url));

beforeAll(() => {
  recorder = recordingFetch();
  client = createHistoryClient({ origin: h.mock.origin, credentials, retry: false, fetch: recorder.fetch });
});
const begin = () => {
  mark = recorder.sent.length;
  return h.history().length;
};

describe("continuation-token paging", () => {
  it("walks five pages of order events oldest first, sending back each token with the same filters", async () => {
    const { data: all } = await client.GET("/v2/orders", {
      params: { query: { count: 1000, sort: "asc", tradeable: "PF_ETHUSD" } },
    });
    expect(all.len).toBe(2 * ORDERS);
    expect(all.continuationToken).toBeUndefined();
    const before = begin();
    const seen: string[] = [];
    for await (const event of client.orderEvents({
      sort: "asc",
      count: 5,
      since: sinceTrading,
      tradeable: "PF_ETHUSD",
    })) {
      seen.push(event.uid);
    }
    expect(seen).toEqual(all.elements.map((e) => e.uid));
    const urls = sentUrls();
    expect(urls).toHaveLength(5);
    for (const [i, url] of urls.entries()) {
      expect(url.searchParams.get("sort")).toBe("asc");
      expect(url.searchParams.get("count")).toBe("5");
      expect(url.searchParams.get("since")).toBe(String(sinceTrading));
      expect(url.searchParams.get("tradeable")).toBe("PF_ETHUSD");
      expect(url.searchParams.has("continuation_token")).toBe(i > 0);
    }
    // Every page was signed and accepted by the exchange.
    const records = h.history().slice(before);
    expect(records.map((r) => [r.operationId, r.status, r.apiKey])).toEqual(
      Array(5).fill(["getOrderEventsV2", 200, credentials.apiKey]),
    );
  });

  it("yields whole pages with pages(), newest first by default, ending on the page without a token", async () => {
    begin();
    const lengths: number[] = [];
    const tokens: Array<string | undefined> = [];
    const times: number[] = [];
    for await (const page of pages(client, "/v2/orders", {
      params: { query: { count: 7, tradeable: "PF_ETHUSD" } },
    })) {
      lengths.push(page.len);
      tokens.push(page.continuationToken);
      times.push(...page.elements.map((e) => e.timestamp));
    }
    expect(lengths).toEqual([7, 7, 7, 3]);
    expect(tokens[3]).toBeUndefined();
    expect(tokens.slice(0, 3).every((t) => typeof t === "string" && t !== "")).toBe(true);
    expect(sentUrls().map((u) => u.searchParams.get("continuation_token"))).toEqual([
      null,
      ...tokens.slice(0, 3),
    ]);
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it("pages public market executions without signing", async () => {
    const before = begin();
    const trades = h.mock.exchange.trades.get("PF_XBTUSD")!;
    let n = 0;
    for await (const _ of paginate(client, "/v3/market/{tradeable}/executions", {
      params: { path: { tradeable: "PF_XBTUSD" }, query: { count: 40 } },
    })) {
      n++;
    }
    expect(n).toBe(trades.length);
    const records = h.history().slice(before);
    expect(records).toHaveLength(Math.ceil(trades.length / 40));
    expect(records.length).toBeGreaterThan(3);
    expect(records.every((r) => r.status === 200 && r.apiKey === undefined)).toBe(true);
    const sent = recorder.sent.slice(mark);
    expect(sent.every((r) => !r.headers.has("apikey") && !r.headers.has("authent"))).toBe(true);
  });

  it("stops asking for pages when the loop breaks", async () => {
    begin();
    let n = 0;
    for await (const _ of client.orderEvents({ count: 5 })) {
      if (++n === 7) break;
    }
    expect(sentUrls()).toHaveLength(2);
  });

  it("stops on abort: no page is asked for after the signal fires", async () => {
    begin();
    const controller = new AbortController();
    const seen: unknown[] = [];
    const walk = (async () => {
      for await (const event of client.orderEvents({ count: 5 }, { signal: controller.signal })) {
        seen.push(event);
        if (seen.length === 5) controller.abort(new Error("enough"));
      }
    })();
    await expect(walk).rejects.toThrow("enough");
    expect(seen).toHaveLength(5);
    expect(sentUrls()).toHaveLength(1);
  });
});

describe("account-log paging by id", () => {
  it("walks 30 entries newest first, 8 per page (cost 1 each), and stops when the ids run out", async () => {
    begin();
    const ids: number[] = [];
    for await (const entry of client.accountLog({ count: 8 })) ids.push(entry.id);
    expect(ids).toEqual(Array.from({ length: 2 * FILLS }, (_, i) => 2 * FILLS - i));
    expect(sentUrls().map((u) => u.searchParams.get("to"))).toEqual([null, "22", "14", "6"]);
  });

  it("walks oldest first with sort=asc inside a from/to range", async () => {
    begin();
    const ids: number[] = [];
    for await (const entry of client.accountLog({ sort: "asc", from: 3, to: 24, count: 10 })) {
      ids.push(entry.id);
    }
    expect(ids).toEqual(Array.from({ length: 22 }, (_, i) => 3 + i));
    expect(sentUrls().map((u) => u.searchParams.get("from"))).toEqual(["3", "13", "23"]);
  });
});
