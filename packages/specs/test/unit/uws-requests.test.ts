// What the UWS request schemas accept and refuse (the rules Kraken's pages state), and the checksums
// the book and level3 examples carry.
import { describe, expect, it } from "vitest";
import { crc32, levelChecksum } from "./uws-checksum.js";
import { doc, type Json, validPayload } from "./uws-document.js";

describe("UWS request schemas say what Kraken accepts and refuses", () => {
  const token = "t";
  const subscribe = (schema: string, p: Json) => validPayload(schema, { method: "subscribe", params: p });

  it("asset_class is an open enum where required, and refused on ledgers", () => {
    const book = { channel: "book", symbol: ["PF_XBTUSD"] };
    expect(subscribe("BookSubscribeRequest", book)).not.toEqual([]); // required
    expect(subscribe("BookSubscribeRequest", { ...book, asset_class: "derivatives" })).toEqual([]);
    expect(subscribe("BookSubscribeRequest", { ...book, asset_class: "spot" })).toEqual([]);
    expect(subscribe("BookSubscribeRequest", { ...book, asset_class: "options_2028" })).toEqual([]);
    const ledgers = { channel: "ledgers", token };
    expect(subscribe("LedgersSubscribeRequest", ledgers)).toEqual([]);
    expect(subscribe("LedgersSubscribeRequest", { ...ledgers, asset_class: "derivatives" })).not.toEqual([]);
    expect(
      validPayload("LedgersUnsubscribeRequest", {
        method: "unsubscribe",
        params: { ...ledgers, asset_class: "derivatives" },
      }),
    ).not.toEqual([]);
  });

  it("margin refuses snapshot and non-derivatives; positions refuses snapshot with with_margin", () => {
    const margin = { channel: "margin", asset_class: "derivatives", token };
    expect(subscribe("MarginSubscribeRequest", margin)).toEqual([]);
    expect(subscribe("MarginSubscribeRequest", { ...margin, snapshot: true })).not.toEqual([]);
    expect(subscribe("MarginSubscribeRequest", { ...margin, asset_class: "spot" })).not.toEqual([]);
    const positions = { channel: "positions", asset_class: "derivatives", token };
    expect(subscribe("PositionsSubscribeRequest", { ...positions, with_margin: true })).toEqual([]);
    expect(
      subscribe("PositionsSubscribeRequest", { ...positions, with_margin: true, snapshot: false }),
    ).not.toEqual([]);
  });

  it("set_preference needs max_leverage as a number or an explicit null", () => {
    const request = (leverage_mode: Json) => ({
      method: "set_preference",
      params: { asset_class: "derivatives", token, leverage_mode },
    });
    expect(validPayload("SetPreferenceRequest", request({ symbol: "PF_XBTUSD", max_leverage: 5 }))).toEqual(
      [],
    );
    expect(
      validPayload("SetPreferenceRequest", request({ symbol: "PF_XBTUSD", max_leverage: null })),
    ).toEqual([]);
    expect(validPayload("SetPreferenceRequest", request({ symbol: "PF_XBTUSD" }))).not.toEqual([]);
    expect(
      validPayload("SetPreferenceRequest", request({ symbol: "PF_XBTUSD", max_leverage: "5" })),
    ).not.toEqual([]);
  });

  it("batches hold 2 to 15 orders; cancel_order takes one kind of id", () => {
    const order = { order_type: "limit", side: "buy", order_qty: 1, limit_price: 1 };
    const batch = (n: number) => ({
      method: "batch_add",
      params: { asset_class: "derivatives", symbol: "PF_XBTUSD", token, orders: Array(n).fill(order) },
    });
    expect(validPayload("BatchAddRequest", batch(2))).toEqual([]);
    expect(validPayload("BatchAddRequest", batch(1))).not.toEqual([]);
    expect(validPayload("BatchAddRequest", batch(16))).not.toEqual([]);
    const cancel = (ids: Json) => ({
      method: "cancel_order",
      params: { asset_class: "derivatives", token, ...ids },
    });
    expect(validPayload("CancelOrderRequest", cancel({ order_id: ["a"] }))).toEqual([]);
    expect(validPayload("CancelOrderRequest", cancel({ order_id: ["a"], cl_ord_id: ["b"] }))).not.toEqual([]);
    expect(validPayload("CancelOrderRequest", cancel({}))).not.toEqual([]);
  });
});

describe("UWS book and level3 examples carry the checksum of their levels", () => {
  const payload = (message: string) => doc.components.messages[message].examples[0].payload.data[0];
  type Level = [unknown, unknown];
  const book = (side: Json[]): Level[] => side.map((l) => [l.price, l.qty]);
  const orders = (side: Json[]): Level[] => side.map((o) => [o.limit_price, o.order_qty]);

  it("computes Kraken's own illustration (452852100000 → 2099347975)", () => {
    expect(crc32("452852100000")).toBe(2099347975);
    // The wire text counts: the quantity 0.00100000 hashes as 100000, the number 0.001 as 1.
    expect(levelChecksum([["45285.2", "0.00100000"]], [])).toBe(2099347975);
    expect(levelChecksum([[45285.2, 0.001]], [])).not.toBe(2099347975);
  });

  it("book snapshot, and the update applied to it", () => {
    const snap = payload("bookSnapshot");
    expect(levelChecksum(book(snap.asks), book(snap.bids))).toBe(snap.checksum);
    const update = payload("bookUpdate");
    const apply = (levels: Json[], changes: Json[], ascending: boolean) => {
      const byPrice = new Map(levels.map((l) => [l.price, l]));
      for (const c of changes) c.qty === 0 ? byPrice.delete(c.price) : byPrice.set(c.price, c);
      return [...byPrice.values()].sort((a, b) => (ascending ? a.price - b.price : b.price - a.price));
    };
    const asks = apply(snap.asks, update.asks, true);
    const bids = apply(snap.bids, update.bids, false);
    expect(levelChecksum(book(asks), book(bids))).toBe(update.checksum);
  });

  it("level3 snapshot, and the delete applied to it", () => {
    const snap = payload("level3Snapshot");
    expect(levelChecksum(orders(snap.asks), orders(snap.bids))).toBe(snap.checksum);
    const update = payload("level3Update");
    const deleted = new Set(update.asks.map((o: Json) => o.order_id));
    const asks = snap.asks.filter((o: Json) => !deleted.has(o.order_id));
    expect(levelChecksum(orders(asks), orders(snap.bids))).toBe(update.checksum);
  });
});
