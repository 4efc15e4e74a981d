/**
 * The program on the APIs Kraken switches off on 1 March 2027: REST Trading v3 for orders
 * (`@kraken-futures/rest`) and WebSocket v1 for state (`@kraken-futures/ws`). It watches the book,
 * places a resting limit buy, sees it on `open_orders`, edits it, cancels it, opens a small position with
 * a market buy and reads the position (`open_positions`) and the flex wallet's margin (`balances`).
 * `uws.ts` is the same program on the Unified WebSocket; docs/migrating-to-uws.md sets them side by side.
 */
import { createRestClient } from "@kraken-futures/rest";
import { type components, createWsClient, type FeedMessages } from "@kraken-futures/ws";
import WebSocket from "ws";
import { type MigrationReport, ORDER, reporter, restingPrice, type SeenOrder } from "./report.js";
import { until } from "./wait.js";

type OpenOrder = components["schemas"]["OpenOrder"];
type Position = components["schemas"]["Position"];

/** Where and as whom the v1/v3 program runs. */
export interface V1V3Options {
  /** Origin of the REST and WebSocket v1 APIs, e.g. `https://futures.kraken.com` or the mock's `origin`. */
  readonly origin: string;
  /** A Kraken **Futures** API key (REST `Authent` and the WebSocket challenge). */
  readonly credentials: { readonly apiKey: string; readonly apiSecret: string };
  /** Default `PF_XBTUSD`. */
  readonly symbol?: string;
  /** Receives each line of the report as it happens (default: nothing). */
  readonly say?: (line: string) => void;
}

/** Open orders as the `open_orders` feed describes them: the snapshot replaces, updates merge or remove. */
class OpenOrders {
  readonly orders = new Map<string, OpenOrder>();
  apply(message: FeedMessages["open_orders"]): void {
    if (message.feed === "open_orders_snapshot") {
      this.orders.clear();
      for (const o of message.orders) this.orders.set(o.order_id, o);
    } else if (message.is_cancel) {
      const id = message.order?.order_id ?? message.order_id;
      if (id) this.orders.delete(id);
    } else if (message.order) {
      this.orders.set(message.order.order_id, message.order);
    }
  }
}

const seen = (o: OpenOrder): SeenOrder => ({
  orderId: o.order_id,
  qty: o.qty - o.filled,
  limitPrice: o.limit_price ?? 0,
});

/** Runs the program once; resolves with its report. Closes its connection whatever happens. */
export async function runV1V3(options: V1V3Options): Promise<MigrationReport> {
  const symbol = options.symbol ?? "PF_XBTUSD";
  const { say, done } = reporter("v1v3", symbol, options.say);
  const rest = createRestClient({ origin: options.origin, credentials: options.credentials });
  const ws = createWsClient({ origin: options.origin, credentials: options.credentials, WebSocket });
  try {
    // State first: every stream subscribed and snapshotted before the first order, so nothing is missed.
    const book = ws.book(symbol);
    const open = new OpenOrders();
    const ordersFeed = ws.subscribe("open_orders");
    ordersFeed.on((m) => open.apply(m));
    let positions: readonly Position[] = [];
    const positionsFeed = ws.subscribe("open_positions");
    positionsFeed.on((m) => {
      positions = m.positions;
    });
    const balances = ws.balances();
    await Promise.all([
      book.subscribed,
      ordersFeed.subscribed,
      positionsFeed.subscribed,
      balances.subscribed,
    ]);
    await until(
      "a synced book",
      (f) => book.onUpdate(f),
      () => (book.synced && book.bids(1)[0] ? true : undefined),
    );
    const bestBid = book.bids(1)[0]!.price;
    const bestAsk = book.asks(1)[0]!.price;
    say(`Book ${symbol} (seq-checked): ${bestBid} / ${bestAsk}`);

    const limitPrice = restingPrice(bestBid);
    const { data: sent } = await rest.POST("/sendorder", {
      params: {
        query: {
          orderType: "lmt",
          symbol,
          side: "buy",
          size: ORDER.qty,
          limitPrice,
          cliOrdId: "migration-v1v3",
        },
      },
    });
    const orderId = sent.sendStatus?.order_id;
    if (sent.sendStatus?.status !== "placed" || !orderId)
      throw new Error(`sendorder: ${sent.sendStatus?.status}`);
    const placed = await until(
      "the order on open_orders",
      (f) => ordersFeed.on(f),
      () => {
        const o = open.orders.get(orderId);
        return o ? seen(o) : undefined;
      },
    );
    say(`Placed   buy ${placed.qty} @ ${placed.limitPrice}: on open_orders as ${orderId}`);

    const { data: edited } = await rest.POST("/editorder", {
      params: { query: { orderId, size: ORDER.amendedQty, limitPrice: limitPrice - ORDER.amendStep } },
    });
    if (edited.editStatus?.status !== "edited") throw new Error(`editorder: ${edited.editStatus?.status}`);
    const amended = await until(
      "the edit on open_orders",
      (f) => ordersFeed.on(f),
      () => {
        const o = open.orders.get(orderId);
        return o && o.qty === ORDER.amendedQty ? seen(o) : undefined;
      },
    );
    say(`Edited   to ${amended.qty} @ ${amended.limitPrice}`);

    const { data: cancelled } = await rest.POST("/cancelorder", { params: { query: { order_id: orderId } } });
    if (cancelled.cancelStatus?.status !== "cancelled")
      throw new Error(`cancelorder: ${cancelled.cancelStatus?.status}`);
    await until(
      "the cancel on open_orders",
      (f) => ordersFeed.on(f),
      () => (open.orders.has(orderId) ? undefined : true),
    );
    const openAfterCancel = [...open.orders.values()].filter((o) => o.instrument === symbol).length;
    say(`Cancelled: ${openAfterCancel} open ${symbol} orders left`);

    await rest.POST("/sendorder", {
      params: {
        query: {
          orderType: "mkt",
          symbol,
          side: "buy",
          size: ORDER.marketQty,
          cliOrdId: "migration-v1v3-mkt",
        },
      },
    });
    const positionSize = await until(
      "the position on open_positions",
      (f) => positionsFeed.on(f),
      () => {
        const p = positions.find((x) => x.instrument === symbol);
        return p && p.balance !== 0 ? p.balance : undefined;
      },
    );
    const availableMargin = await until(
      "the flex wallet on balances",
      (f) => balances.onUpdate(f),
      () => balances.state?.flex_futures.available_margin,
    );
    say(`Position ${symbol} ${positionSize}; flex available margin ${availableMargin}`);
    return done({ bestBid, bestAsk, placed, amended, openAfterCancel, positionSize, availableMargin });
  } finally {
    ws.close();
  }
}
