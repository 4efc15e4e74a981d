/**
 * Paging through History with `continuationToken`: a walk of more than three pages returns every event
 * exactly once, in order, for both sorts, and honours since/before; the last page carries no token.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ManualClock } from "../../src/engine/clock.js";
import type { MockExchange } from "../../src/start.js";
import { call, qs, start } from "./helpers.js";
import { open, schemaErrors, signed, TRADING } from "./history-helpers.js";

let mock: MockExchange;
let clock: ManualClock;
const ORDERS = 12;

beforeAll(async () => {
  ({ mock, clock } = await start({ seed: 11 }));
  mock.exchange.sync();
  const bid = mock.exchange.books.get("PF_ETHUSD")!.bestSimulated("buy")!;
  // Each order gives two events (placed, cancelled), spread over time so since/before can cut them.
  for (let i = 0; i < ORDERS; i++) {
    const sent = await call(mock.origin, `${TRADING}/sendorder`, {
      method: "POST",
      query: qs({
        orderType: "post",
        symbol: "PF_ETHUSD",
        side: "buy",
        size: 0.1,
        limitPrice: Math.round(bid * 0.9),
      }),
    });
    const id = (sent.body.sendStatus as { order_id: string }).order_id;
    clock.advance(1_000);
    await call(mock.origin, `${TRADING}/cancelorder`, { method: "POST", query: qs({ order_id: id }) });
    clock.advance(1_000);
  }
});
afterAll(() => mock.stop());

type Page = { len: number; elements: { uid: string; timestamp: number }[]; continuationToken?: string };

/** Walks every page of `path` with `query`, following the token; returns the pages. */
async function walk(
  fetchPage: (
    query: Record<string, string | number | undefined>,
  ) => Promise<{ status: number; json: unknown }>,
  operationId: string,
  query: Record<string, string | number | undefined>,
): Promise<Page[]> {
  const pages: Page[] = [];
  let token: string | undefined;
  do {
    const r = await fetchPage({ ...query, continuation_token: token });
    expect(r.status).toBe(200);
    expect(schemaErrors("history", operationId, r.json)).toEqual([]);
    const page = r.json as Page;
    pages.push(page);
    token = page.continuationToken;
    expect(pages.length).toBeLessThan(100);
  } while (token !== undefined);
  return pages;
}

describe("History paging", () => {
  it("walks the account's order events 5 at a time, newest first: more than 3 pages, each event once", async () => {
    const all = (await signed(mock.origin, "/v2/orders", { count: 1000 })).json as Page;
    expect(all.len).toBe(2 * ORDERS);
    expect(all.continuationToken).toBeUndefined();
    const pages = await walk((q) => signed(mock.origin, "/v2/orders", q), "getOrderEventsV2", { count: 5 });
    expect(pages.length).toBe(Math.ceil((2 * ORDERS) / 5));
    expect(pages.length).toBeGreaterThan(3);
    expect(pages.slice(0, -1).every((p) => p.len === 5 && p.continuationToken !== undefined)).toBe(true);
    expect(pages.at(-1)!.continuationToken).toBeUndefined();
    const walked = pages.flatMap((p) => p.elements.map((e) => e.uid));
    expect(walked).toEqual(all.elements.map((e) => e.uid));
    expect(new Set(walked).size).toBe(walked.length);
  });

  it("walks oldest first with sort=asc, and within since/before only", async () => {
    const asc = await walk((q) => signed(mock.origin, "/v2/orders", q), "getOrderEventsV2", {
      count: 4,
      sort: "asc",
    });
    const times = asc.flatMap((p) => p.elements.map((e) => e.timestamp));
    expect(times.length).toBe(2 * ORDERS);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const since = times[4]!;
    const before = times[15]!;
    const cut = await walk((q) => signed(mock.origin, "/v2/orders", q), "getOrderEventsV2", {
      count: 3,
      sort: "asc",
      since,
      before,
    });
    expect(cut.length).toBeGreaterThan(3);
    const cutTimes = cut.flatMap((p) => p.elements.map((e) => e.timestamp));
    expect(cutTimes).toEqual(times.filter((t) => t >= since && t < before));
  });

  it("walks a market's public mark prices, 60 a page", async () => {
    const pages = await walk(
      (q) => open(mock.origin, "/v2/market/PF_XBTUSD/price", q),
      "getPublicPriceEventsV2",
      {
        count: 60,
      },
    );
    const points = mock.exchange.prices.get("PF_XBTUSD")!;
    expect(pages.length).toBe(Math.ceil(points.length / 60));
    expect(pages.length).toBeGreaterThan(3);
    expect(pages.flatMap((p) => p.elements.map((e) => e.timestamp))).toEqual(
      points.map((p) => p.time).reverse(),
    );
  });
});
