/**
 * One session over raw WebSockets that uses every channel and every method of the UWS document, with
 * three assertions over all of it: every message the mock sent validates against the document's payload
 * schema (ajv over the bundled AsyncAPI), every `book` and `level3` checksum verifies with the test's own
 * CRC32, and the set of channels and methods exercised successfully is exactly the document's set (read
 * from `channels.*.x-uws`, so a channel added to the spec fails this test until it is served and used).
 * The token comes from the Spot REST subset, signed with the tests' own API-Sign (`spot-helpers.ts`).
 */
import { loadSpec } from "@kraken-futures/specs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ManualClock } from "../../src/engine/clock.js";
import type { MockExchange } from "../../src/start.js";
import { start } from "./helpers.js";
import { spot } from "./spot-helpers.js";
import {
  invalidMessages,
  type Message,
  ReplayedBook,
  ReplayedLevel3,
  restingBuy,
  SERVER_MESSAGE_KEYS,
  schemaKey,
  UwsClient,
} from "./uws-helpers.js";

/** A mock on a manual clock; its private client authenticates with a real token, signed by the tests. */
const bed = {} as { mock: MockExchange; client: UwsClient };
let token = "";
/** The public connection's own token (level3): a token belongs to the connection that holds it. */
let publicToken = "";
const issue = async () =>
  ((await spot(bed.mock.origin, "GetWebSocketsToken")).body.result as { token: string }).token;
beforeEach(async () => {
  ({ mock: bed.mock } = await start());
  token = await issue();
  publicToken = await issue();
  bed.client = await UwsClient.open(bed.mock.uwsPrivateUrl);
});
afterEach(async () => {
  await bed.client.close();
  await bed.mock.stop();
});
const derivatives = { asset_class: "derivatives" };

/** The document's channels and methods. */
const SPEC_NAMES = Object.values(
  (loadSpec("uws") as { channels: Record<string, { title: string; "x-uws"?: { kind: string } }> }).channels,
)
  .filter((c) => c["x-uws"]?.kind === "channel" || c["x-uws"]?.kind === "method")
  .map((c) => c.title)
  .sort();

/** What a client's successful acks and channel data prove was exercised. */
function exercised(c: UwsClient): Set<string> {
  const out = new Set<string>();
  for (const m of c.messages) {
    if (m.channel !== undefined) out.add(String(m.channel));
    else if (m.success === true) {
      const channel = (m.result as Message | undefined)?.channel;
      if (m.method === "subscribe" || m.method === "unsubscribe") out.add(String(channel));
      else out.add(m.method === "pong" ? "ping" : String(m.method));
    }
  }
  return out;
}

async function ok(c: UwsClient, method: string, params?: Message): Promise<Message> {
  const ack = await c.call(method, params);
  expect(ack, `${method} ${JSON.stringify(params)}`).toMatchObject({ success: true });
  return ack;
}

describe("UWS coverage", () => {
  it("exercises every channel and method of the document; every message valid, every checksum right", async () => {
    const clock = bed.mock.exchange.clock as ManualClock;
    const run = (steps: number) => {
      for (let i = 0; i < steps; i++) {
        clock.advance(1_000);
        bed.mock.uws.tick();
      }
    };
    const pub = await UwsClient.open(bed.mock.uwsPublicUrl);
    const idle = await UwsClient.open(bed.mock.uwsPublicUrl);
    const priv = bed.client;
    try {
      await ok(pub, "ping");
      for (const depth of [10, 25, 100, 500, 1000])
        await ok(pub, "subscribe", {
          channel: "book",
          ...derivatives,
          symbol: [depth === 10 ? "PF_XBTUSD" : "PF_ETHUSD"],
          depth,
        });
      await ok(pub, "subscribe", { channel: "ticker", ...derivatives, symbol: ["PF_XBTUSD"] });
      await ok(pub, "subscribe", { channel: "trade", ...derivatives, symbol: ["PF_XBTUSD"], snapshot: true });
      await ok(pub, "subscribe", { channel: "instrument", ...derivatives });
      await ok(pub, "subscribe", {
        channel: "level3",
        ...derivatives,
        symbol: ["PF_XBTUSD"],
        depth: 100,
        token: publicToken,
      });
      // A connection whose only subscription never updates gets heartbeats.
      await ok(idle, "subscribe", { channel: "instrument", ...derivatives });

      for (const channel of ["executions", "margin", "positions"])
        await ok(priv, "subscribe", { channel, ...derivatives, token });
      for (const channel of ["balances", "ledgers", "preferences"])
        await ok(priv, "subscribe", { channel, token });

      const order = restingBuy(bed.mock, { token });
      const added = await ok(priv, "add_order", order);
      const orderId = (added.result as { order_id: string }).order_id;
      await ok(priv, "amend_order", {
        ...derivatives,
        order_id: orderId,
        limit_price: (order.limit_price as number) - 10,
        token,
      });
      await ok(priv, "cancel_order", { ...derivatives, order_id: [orderId], token });
      const { order_type, side, order_qty, limit_price } = order;
      const one = { order_type, side, order_qty, limit_price };
      await ok(priv, "batch_add", {
        ...derivatives,
        symbol: "PF_XBTUSD",
        orders: [
          { ...one, cl_ord_id: "c1" },
          { ...one, cl_ord_id: "c2" },
        ],
        token,
      });
      await ok(priv, "batch_cancel", { ...derivatives, cl_ord_id: ["c1", "c2"], token });
      await ok(priv, "add_order", restingBuy(bed.mock, { token }));
      await ok(priv, "cancel_all", { ...derivatives, token });
      await ok(priv, "cancel_all_orders_after", { timeout: 60, token });
      await ok(priv, "cancel_all_orders_after", { timeout: 0, token });
      await ok(priv, "set_preference", {
        ...derivatives,
        leverage_mode: { symbol: "PF_XBTUSD", max_leverage: 10 },
        token,
      });
      // A fill moves executions, balances, margin, positions and ledgers.
      await ok(priv, "add_order", {
        ...derivatives,
        order_type: "market",
        side: "buy",
        order_qty: 0.01,
        symbol: "PF_XBTUSD",
        token,
      });
      await ok(priv, "add_order", {
        ...derivatives,
        order_type: "market",
        side: "sell",
        order_qty: 0.01,
        symbol: "PF_XBTUSD",
        token,
      });
      bed.mock.uws.setFuturesTrading("reduce_only");
      run(5);
      await Promise.all([pub.barrier(), idle.barrier(), priv.barrier()]);

      for (const channel of ["book", "ticker", "trade"])
        await ok(pub, "unsubscribe", { channel, ...derivatives, symbol: ["PF_XBTUSD"] });
      await ok(pub, "unsubscribe", { channel: "level3", symbol: ["PF_XBTUSD"], token: publicToken });
      await ok(pub, "unsubscribe", { channel: "instrument", ...derivatives });
      for (const channel of ["executions", "balances", "margin", "positions", "ledgers", "preferences"])
        await ok(priv, "unsubscribe", { channel, token });

      // 1. Every message of every connection validates against its schema in the document.
      const all = [pub, idle, priv];
      expect(all.flatMap((c) => invalidMessages(c))).toEqual([]);
      expect(all.flatMap((c) => c.malformed)).toEqual([]);
      // 2. Every checksum sent verifies with the test's own CRC32.
      const books = new Map<string, ReplayedBook>();
      const level3 = new ReplayedLevel3();
      for (const text of pub.texts) {
        const m = JSON.parse(text) as Message;
        if (m.channel === "level3") level3.apply(text);
        if (m.channel !== "book") continue;
        const symbol = (m.data as { symbol: string }[])[0]!.symbol;
        const depth = symbol === "PF_XBTUSD" ? 10 : 1000;
        if (!books.has(symbol)) books.set(symbol, new ReplayedBook(depth));
        books.get(symbol)!.apply(text);
      }
      const checked = [...books.values()].reduce((n, b) => n + b.checked, 0);
      expect(checked).toBe(pub.data("book").length);
      expect([...books.values()].flatMap((b) => b.mismatches)).toEqual([]);
      expect(level3.checked).toBe(pub.data("level3").length);
      expect(level3.mismatches).toEqual([]);
      // 3. Exactly the document's channels and methods were exercised.
      const used = new Set(all.flatMap((c) => [...exercised(c)]));
      expect([...used].sort()).toEqual(SPEC_NAMES);
      // And every server message schema of those channels was seen at least once.
      const kinds = new Set(all.flatMap((c) => c.messages.map(schemaKey)));
      // Every server message the document describes was sent, but for `instrument` updates: the mock's
      // contracts never change while it runs.
      expect(SERVER_MESSAGE_KEYS.filter((k) => !kinds.has(k))).toEqual(["instrument:update"]);
    } finally {
      await pub.close();
      await idle.close();
    }
  });
});
