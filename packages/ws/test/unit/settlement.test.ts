// Every subscription settles: `subscribed` resolves on Kraken's acknowledgement and rejects with a
// WsSubscriptionError naming the feed and Kraken's reason when the server refuses it.
import { describe, expect, it } from "vitest";
import { WsSubscriptionError } from "../../src/index.js";
import { FakeSocket, SECRET, settle, setup } from "./fakes.js";

/** A client with credentials whose first connection is open and has signed its challenge. */
async function privateClient() {
  const ctx = setup({ credentials: { apiKey: "key", apiSecret: SECRET } });
  return ctx;
}

describe("subscription settlement", () => {
  it("resolves a public subscription on `subscribed`, and a second one for the same products at once", async () => {
    const { client, socket } = setup();
    const ticker = client.subscribe("ticker", ["PF_XBTUSD"]);
    let settled = false;
    void ticker.subscribed.then(() => {
      settled = true;
    });
    socket().open();
    await settle();
    expect(settled).toBe(false);
    socket().receive({ event: "subscribed", feed: "ticker", product_ids: ["PF_XBTUSD"] });
    await expect(ticker.subscribed).resolves.toBeUndefined();
    // Already subscribed on this connection: nothing is sent, and it settles from the earlier ack.
    await expect(client.subscribe("ticker", ["PF_XBTUSD"]).subscribed).resolves.toBeUndefined();
    client.close();
  });

  it("rejects a private subscription refused with Kraken's alert (a wrong secret), naming the feed and reason", async () => {
    const { client, socket } = await privateClient();
    const fills = client.subscribe("fills");
    const iterator = fills[Symbol.asyncIterator]();
    const next = iterator.next();
    socket().open();
    socket().receive({ event: "challenge", message: "c-1" });
    await settle();
    expect(socket().sent[1]).toMatchObject({ event: "subscribe", feed: "fills" });
    socket().receive({ event: "alert", message: "Failed to subscribe to authenticated feed" });
    const error = await fills.subscribed.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WsSubscriptionError);
    expect(error).toMatchObject({ feed: "fills", reason: "Failed to subscribe to authenticated feed" });
    expect((error as Error).message).toMatch(/fills.*Failed to subscribe to authenticated feed/);
    // The iterator ends with the same error instead of waiting forever.
    await expect(next).rejects.toBe(error);
    client.close();
  });

  it("rejects on subscribed_failed and on an error answering the request, matched in order", async () => {
    const { client, socket } = setup();
    const book = client.subscribe("book", ["PF_XBTUSD"]);
    const trade = client.subscribe("trade", ["NOPE"]);
    const ticker = client.subscribe("ticker", ["PF_ETHUSD"]);
    socket().open();
    socket().receive({ event: "subscribed_failed", feed: "book" });
    socket().receive({ event: "error", message: "Invalid product id" });
    socket().receive({ event: "subscribed", feed: "ticker", product_ids: ["PF_ETHUSD"] });
    await expect(book.subscribed).rejects.toMatchObject({ feed: "book", reason: "subscribed_failed" });
    await expect(trade.subscribed).rejects.toMatchObject({ feed: "trade", reason: "Invalid product id" });
    await expect(ticker.subscribed).resolves.toBeUndefined();
    client.close();
  });

  it("a refusal for some products does not end an every-product subscription of the same feed", async () => {
    const { client, socket } = setup({ credentials: { apiKey: "key", apiSecret: SECRET } });
    const some = client.subscribe("fills", ["PF_XBTUSD"]);
    socket().open();
    socket().receive({ event: "challenge", message: "c-1" });
    await settle();
    const every = client.subscribe("fills");
    await settle();
    expect(socket().sent.filter((r) => r["event"] === "subscribe")).toHaveLength(2);
    socket().receive({ event: "subscribed_failed", feed: "fills" }); // answers the first request
    socket().receive({ event: "subscribed", feed: "fills" });
    await expect(some.subscribed).rejects.toMatchObject({ feed: "fills" });
    await expect(every.subscribed).resolves.toBeUndefined();
    client.close();
  });

  it("settles a multi-product subscription only when every product is acknowledged, one ack per product", async () => {
    const { client, socket } = setup();
    const both = client.subscribe("ticker", ["PF_XBTUSD", "PF_ETHUSD"]);
    const eth = client.subscribe("ticker", ["PF_ETHUSD"]);
    let settled = false;
    void both.subscribed.then(() => {
      settled = true;
    });
    socket().open();
    socket().receive({ event: "subscribed", feed: "ticker", product_ids: ["PF_XBTUSD"] });
    await settle();
    expect(settled).toBe(false);
    socket().receive({ event: "subscribed", feed: "ticker", product_ids: ["PF_ETHUSD"] });
    await expect(both.subscribed).resolves.toBeUndefined();
    await expect(eth.subscribed).resolves.toBeUndefined();
    client.close();
  });

  it("ignores the informational alert of a repeated subscription", async () => {
    const { client, socket } = setup();
    const ticker = client.subscribe("ticker", ["PF_XBTUSD"]);
    socket().open();
    socket().receive({ event: "alert", message: "Already subscribed to feed, re-requesting" });
    socket().receive({ event: "subscribed", feed: "ticker", product_ids: ["PF_XBTUSD"] });
    await expect(ticker.subscribed).resolves.toBeUndefined();
    client.close();
  });

  it("rejects private subscriptions when the challenge itself is refused (an unknown key)", async () => {
    const { client, socket, time } = await privateClient();
    const fills = client.subscribe("fills");
    const balances = client.balances();
    socket().open();
    socket().receive({ event: "error", message: "Invalid api key" });
    await expect(fills.subscribed).rejects.toMatchObject({ feed: "fills", reason: "Invalid api key" });
    await expect(balances.subscribed).rejects.toMatchObject({ feed: "balances", reason: "Invalid api key" });
    // Refused for good: no timeout, reconnect and new challenge with the same key.
    time.advance(30_000);
    expect(FakeSocket.instances).toHaveLength(1);
    expect(socket().sent).toEqual([{ event: "challenge", api_key: "key" }]);
    client.close();
  });

  it("rejects pending subscriptions when the client is closed, without unhandled rejections", async () => {
    const { client } = setup();
    const ticker = client.subscribe("ticker", ["PF_XBTUSD"]);
    client.subscribe("trade", ["PF_XBTUSD"]); // nobody awaits this one: must not be an unhandled rejection
    client.close();
    await expect(ticker.subscribed).rejects.toThrow(/closed/);
  });
});
