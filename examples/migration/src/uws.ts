/**
 * The program of `v1v3.ts` on the Unified WebSocket (`@kraken-futures/uws`): one client, two sockets,
 * a Spot key instead of a Futures key. It watches the checksum-verified book, places a resting limit buy
 * (`add_order`), sees it in the orders view (`executions`), amends it in place (`amend_order`), cancels it
 * (`cancel_order`), opens a small position with a market buy and reads the position (`positions`) and
 * the flex wallet's margin (`margin`, section `multi_collateral`).
 */
import { createUwsClient, type Execution } from "@kraken-futures/uws";
import WebSocket from "ws";
import { type MigrationReport, ORDER, reporter, restingPrice, type SeenOrder } from "./report.js";
import { until } from "./wait.js";

/** Where and as whom the UWS program runs. */
export interface UwsOptions {
  /** Default `wss://uws.kraken.com/v2/public` and `/v2/private`; the mock's `uwsPublicUrl`/`uwsPrivateUrl`. */
  readonly urls?: { readonly public: string; readonly private: string };
  /** A Kraken **Spot** API key with WebSocket access: the client fetches a fresh token per socket with it. */
  readonly credentials: { readonly apiKey: string; readonly apiSecret: string };
  /** Where Spot REST is (`GetWebSocketsToken`). Default `https://api.kraken.com`; the mock's `origin`. */
  readonly spotOrigin?: string;
  /** Default `PF_XBTUSD`. */
  readonly symbol?: string;
  /** Receives each line of the report as it happens (default: nothing). */
  readonly say?: (line: string) => void;
}

const seen = (o: Execution): SeenOrder => ({
  orderId: o.order_id ?? "",
  qty: (o.order_qty ?? 0) - (o.cum_qty ?? 0),
  limitPrice: o.limit_price ?? 0,
});

/** Runs the program once; resolves with its report. Closes the client whatever happens. */
export async function runUws(options: UwsOptions): Promise<MigrationReport> {
  const symbol = options.symbol ?? "PF_XBTUSD";
  const { say, done } = reporter("uws", symbol, options.say);
  const client = createUwsClient({
    ...(options.urls ? { urls: options.urls } : {}),
    ...(options.spotOrigin ? { spotOrigin: options.spotOrigin } : {}),
    credentials: options.credentials,
    WebSocket: WebSocket as never,
  });
  try {
    // State first, as in v1v3.ts: each view subscribes its channel on first use; wait for its snapshot.
    const book = client.book(symbol, { depth: 10 });
    const { orders, positions, margin } = client;
    await until(
      "a verified book",
      (f) => book.on("synced", f),
      () => (book.synced && book.bids(1)[0] ? true : undefined),
    );
    await until(
      "the executions snapshot",
      (f) => orders.on("snapshot", f),
      () => (orders.synced ? true : undefined),
    );
    await until(
      "the positions snapshot",
      (f) => positions.on("update", f),
      () => (positions.synced ? true : undefined),
    );
    const bestBid = book.bids(1)[0]!.price;
    const bestAsk = book.asks(1)[0]!.price;
    say(`Book ${symbol} (checksum-verified): ${bestBid} / ${bestAsk}`);

    const limitPrice = restingPrice(bestBid);
    const ack = await client.addOrder({
      order_type: "limit",
      side: "buy",
      order_qty: ORDER.qty,
      symbol,
      limit_price: limitPrice,
      cl_ord_id: "migration-uws",
    });
    const orderId = ack.result?.order_id;
    if (!orderId) throw new Error("add_order: no order_id in the acknowledgement");
    const placed = await until(
      "the order on executions",
      (f) => orders.on("update", f),
      () => {
        const o = orders.get(orderId);
        return o ? seen(o) : undefined;
      },
    );
    say(`Placed   buy ${placed.qty} @ ${placed.limitPrice}: on executions as ${orderId}`);

    await client.amendOrder({
      order_id: orderId,
      order_qty: ORDER.amendedQty,
      limit_price: limitPrice - ORDER.amendStep,
    });
    const amended = await until(
      "the amend on executions",
      (f) => orders.on("update", f),
      () => {
        const o = orders.get(orderId);
        return o && o.order_qty === ORDER.amendedQty && o.limit_price === limitPrice - ORDER.amendStep
          ? seen(o)
          : undefined;
      },
    );
    say(`Amended  to ${amended.qty} @ ${amended.limitPrice}`);

    await client.cancelOrder({ order_id: [orderId] });
    await until(
      "the cancel on executions",
      (f) => orders.on("update", f),
      () => (orders.get(orderId) ? undefined : true),
    );
    const openAfterCancel = orders.all().filter((o) => o.symbol === symbol).length;
    say(`Cancelled: ${openAfterCancel} open ${symbol} orders left`);

    await client.addOrder({
      order_type: "market",
      side: "buy",
      order_qty: ORDER.marketQty,
      symbol,
      cl_ord_id: "migration-uws-mkt",
    });
    const positionSize = await until(
      "the position on positions",
      (f) => positions.on("update", f),
      () => {
        const size = positions.get(symbol)?.size;
        return size ? size : undefined;
      },
    );
    const availableMargin = await until(
      "the multi-collateral margin",
      (f) => margin.on("update", f),
      () => margin.state.multi_collateral?.available_margin,
    );
    say(`Position ${symbol} ${positionSize}; flex available margin ${availableMargin}`);
    return done({ bestBid, bestAsk, placed, amended, openAfterCancel, positionSize, availableMargin });
  } finally {
    await client.close();
  }
}
