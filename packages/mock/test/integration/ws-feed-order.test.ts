/**
 * Issue 12, item 17: what the feeds say must be what a client can apply message by message. An edit is
 * one `edited_by_user` (no second `new_placed_order_by_user`), book deltas never cross the book in
 * between, and `balances_snapshot` carries the single-collateral cash values the seed lists.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_TEST_KEY } from "../../src/keys.js";
import { API, call, qs } from "./helpers.js";
import { type Message, schemaErrors, signChallengeIndependently, useWsMock } from "./ws-helpers.js";

const bed = useWsMock();

async function step(steps = 1): Promise<void> {
  bed.clock.advance(steps * bed.mock.exchange.stepMs);
  bed.mock.ws.tick();
  for (const c of bed.clients) await c.barrier();
}

async function subscribePrivate(feed: string) {
  const c = await bed.connect();
  const challenge = await c.challenge(DEFAULT_TEST_KEY.apiKey);
  c.send({
    event: "subscribe",
    feed,
    api_key: DEFAULT_TEST_KEY.apiKey,
    original_challenge: challenge,
    signed_challenge: signChallengeIndependently(challenge, DEFAULT_TEST_KEY.apiSecret),
  });
  await c.waitFor((m) => m.event === "subscribed" && m.feed === feed);
  return c;
}

/** Applies one product's snapshot and deltas one message at a time; counts the states with bid ≥ ask. */
function crossedStates(
  messages: readonly Message[],
  productId: string,
): { updates: number; crossed: number } {
  const bids = new Map<number, number>();
  const asks = new Map<number, number>();
  let updates = 0;
  let crossed = 0;
  for (const m of messages) {
    if (m.product_id !== productId) continue;
    if (m.feed === "book_snapshot") {
      for (const l of m.bids as { price: number; qty: number }[]) bids.set(l.price, l.qty);
      for (const l of m.asks as { price: number; qty: number }[]) asks.set(l.price, l.qty);
    } else if (m.feed === "book") {
      const side = m.side === "buy" ? bids : asks;
      if (m.qty === 0) side.delete(m.price as number);
      else side.set(m.price as number, m.qty as number);
      updates++;
      if (bids.size > 0 && asks.size > 0 && Math.max(...bids.keys()) >= Math.min(...asks.keys())) crossed++;
    }
  }
  return { updates, crossed };
}

describe("feeds a client can apply message by message (issue 12, item 17)", () => {
  it("book deltas never show a crossed book, applied one at a time", async () => {
    const c = await bed.connect();
    const products = ["PF_XBTUSD", "PI_XBTUSD", "PF_ETHUSD"];
    c.send({ event: "subscribe", feed: "book", product_ids: products });
    await c.waitFor((m) => m.feed === "book_snapshot" && m.product_id === "PF_ETHUSD");
    for (let i = 0; i < 60; i++) await step();
    for (const p of products) {
      const { updates, crossed } = crossedStates(c.messages, p);
      expect(updates, p).toBeGreaterThan(200);
      expect(crossed, p).toBe(0);
    }
  });

  it("an edit of a resting order is one edited_by_user message, not a new placement too", async () => {
    const c = await subscribePrivate("open_orders");
    const bid = bed.mock.exchange.books.get("PF_XBTUSD")!.bestSimulated("buy")!;
    const sent = await call(bed.mock.origin, `${API}/sendorder`, {
      method: "POST",
      query: qs({ orderType: "lmt", symbol: "PF_XBTUSD", side: "buy", size: 0.1, limitPrice: bid - 50 }),
    });
    const orderId = (sent.body.sendStatus as { order_id: string }).order_id;
    await c.barrier();
    const before = c.of("open_orders").length;
    const edited = await call(bed.mock.origin, `${API}/editorder`, {
      method: "POST",
      query: qs({ orderId, limitPrice: bid - 60, size: 0.2 }),
    });
    expect((edited.body.editStatus as { status: string }).status).toBe("edited");
    await step();
    const after = c.of("open_orders").slice(before);
    expect(after.map((m) => m.reason)).toEqual(["edited_by_user"]);
    expect(after[0]).toMatchObject({ order: { order_id: orderId, qty: 0.2, limit_price: bid - 60 } });
  });

  it("balances_snapshot carries futures_cash_value and futures_upnl_cash_value", async () => {
    const c = await subscribePrivate("balances");
    const snapshot = await c.waitFor((m) => m.feed === "balances_snapshot");
    expect(schemaErrors(snapshot)).toEqual([]);
    const xbt = bed.mock.exchange.account.inverseCollateral;
    const usd = bed.mock.exchange.usdPrice("XBT");
    expect(snapshot.futures_cash_value).toBeCloseTo(xbt * usd, 1);
    expect(snapshot.futures_upnl_cash_value).toBeCloseTo(xbt * usd, 1); // no position: no PnL
    // A position on the inverse account moves the second with its PnL; the delta carries it.
    await call(bed.mock.origin, `${API}/sendorder`, {
      method: "POST",
      query: qs({ orderType: "mkt", symbol: "PI_XBTUSD", side: "buy", size: 5_000 }),
    });
    for (let i = 0; i < 20; i++) await step();
    const deltas = c.of("balances");
    expect(deltas.some((m) => typeof m.futures_upnl_cash_value === "number")).toBe(true);
    for (const m of deltas) expect(schemaErrors(m)).toEqual([]);
  });
});
