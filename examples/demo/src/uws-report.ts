/**
 * The demo's Unified WebSocket part, against the same mock: a WebSocket token from the Spot REST subset
 * (`@kraken-futures/spot`), the `book` of `/v2/public` with its checksum verified, then an order placed,
 * amended and cancelled over `/v2/private`, each acknowledgement reported.
 */
import type { MockExchange } from "@kraken-futures/mock";
import type { createRestClient } from "@kraken-futures/rest";
import { createSpotClient } from "@kraken-futures/spot";
import { bookChecksum, bookLevels, DemoSocket } from "./uws-socket.js";

const SYMBOL = "PF_XBTUSD";

/**
 * Runs the UWS part against a running mock; `rest` (REST v3 on the same mock) confirms the outcome, as
 * one engine serves both; `say` receives each report line.
 */
export async function runUwsDemo(
  mock: MockExchange,
  rest: ReturnType<typeof createRestClient>,
  say: (line?: string) => void,
): Promise<void> {
  const spot = createSpotClient({ origin: mock.origin, credentials: mock.spotKeys[0]! });
  const { token, expires } = await spot.webSocketsToken();
  say(`Unified WebSocket: token from Spot REST GetWebSocketsToken (expires in ${expires} s)`);

  const pub = await DemoSocket.open(mock.uwsPublicUrl);
  const priv = await DemoSocket.open(mock.uwsPrivateUrl);
  try {
    const ack = await pub.call("subscribe", {
      channel: "book",
      asset_class: "derivatives",
      symbol: [SYMBOL],
      depth: 10,
    });
    if (ack.success !== true) throw new Error(`book subscribe refused: ${String(ack.error)}`);
    const snapshot = bookLevels(await pub.next((m) => m.channel === "book" && m.type === "snapshot"))[0]!;
    const computed = bookChecksum(snapshot.asks, snapshot.bids);
    say(
      `Book ${SYMBOL} (UWS, depth 10): best ${snapshot.bids[0]?.price} / ${snapshot.asks[0]?.price}; checksum ${snapshot.checksum} ${computed === snapshot.checksum ? "verified" : `MISMATCH (computed ${computed})`}`,
    );

    const limitPrice = Number(snapshot.bids[0]!.price) - 500;
    const order = {
      asset_class: "derivatives",
      order_type: "limit",
      side: "buy",
      order_qty: 0.01,
      symbol: SYMBOL,
      limit_price: limitPrice,
      cl_ord_id: "demo-uws-1",
      token,
    };
    const added = await priv.call("add_order", order);
    const orderId = (added.result as { order_id?: string } | undefined)?.order_id;
    say(
      `UWS add_order    buy 0.01 ${SYMBOL} @ ${limitPrice}: ${added.success ? `placed (order ${orderId})` : `refused: ${String(added.error)}`}`,
    );
    const amended = await priv.call("amend_order", {
      asset_class: "derivatives",
      order_id: orderId,
      order_qty: 0.02,
      limit_price: limitPrice - 100,
      token,
    });
    say(
      `UWS amend_order  to 0.02 @ ${limitPrice - 100}: ${amended.success ? "amended in place" : `refused: ${String(amended.error)}`}`,
    );
    const cancelled = await priv.call("cancel_order", {
      asset_class: "derivatives",
      order_id: [orderId],
      token,
    });
    say(`UWS cancel_order: ${cancelled.success ? "cancelled" : `refused: ${String(cancelled.error)}`}`);
    const { data: open } = await rest.GET("/openorders");
    say(`REST openorders after the UWS cancel: ${(open.openOrders ?? []).length}`);
  } finally {
    pub.close();
    priv.close();
  }
}
