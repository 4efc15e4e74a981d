/**
 * The offline demo: starts the mock exchange on loopback, runs the REST client against it (public data,
 * a signed balance call, an order placed, edited and cancelled), then the Unified WebSocket (a token
 * from Spot REST, the book with its checksum verified, an order placed, amended and cancelled over the
 * socket) and reports each step. Needs no network
 * and no account. It uses only the packages' public entry points, as a user's program would; `demo.ts`
 * (run by `pnpm demo`) prints the report.
 */
import { startMockExchange } from "@kraken-futures/mock";
import { createRestClient } from "@kraken-futures/rest";
import { runUwsDemo } from "./uws-report.js";

const SYMBOL = "PF_XBTUSD";

const fmt = (n: number | undefined, digits = 2) =>
  n === undefined
    ? "-"
    : n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

/**
 * Runs the demo against a fresh mock exchange and stops it afterwards.
 * @param say receives each line of the report (default `console.log`).
 */
export async function runDemo(say: (line?: string) => void = console.log): Promise<void> {
  const mock = await startMockExchange({ seed: 1 });
  try {
    const client = createRestClient({ origin: mock.origin, credentials: mock.keys[0]! });
    say(`Kraken Futures offline demo — mock exchange at ${mock.url}`);
    say("");

    const { data: instruments } = await client.GET("/instruments");
    const symbols = (instruments.instruments ?? []).map((i) => i.symbol);
    say(`Instruments (${symbols.length}): ${symbols.join(", ")}`);

    const { data: tickers } = await client.GET("/tickers");
    say("Tickers:");
    for (const t of tickers.tickers ?? []) {
      if ("markPrice" in t && t.markPrice !== undefined) {
        say(
          `  ${t.symbol.padEnd(18)} mark ${fmt(Number(t.markPrice)).padStart(12)}  bid ${fmt(Number(t.bid)).padStart(12)}  ask ${fmt(Number(t.ask)).padStart(12)}`,
        );
      }
    }

    const { data: book } = await client.GET("/orderbook", { params: { query: { symbol: SYMBOL } } });
    const bids = book.orderBook?.bids ?? [];
    const asks = book.orderBook?.asks ?? [];
    const bestBid = Number(bids[0]?.[0]);
    say(
      `Order book ${SYMBOL}: ${bids.length} bids, ${asks.length} asks; best ${fmt(bestBid)} / ${fmt(Number(asks[0]?.[0]))}`,
    );
    say("");

    const { data: accounts } = await client.GET("/accounts");
    const flex = accounts.accounts?.flex;
    say(
      `Signed call /accounts: flex wallet ${fmt(Number(flex?.balanceValue))} USD, available margin ${fmt(Number(flex?.availableMargin))} USD`,
    );

    const limitPrice = bestBid - 500;
    const { data: sent } = await client.POST("/sendorder", {
      params: {
        query: { orderType: "lmt", symbol: SYMBOL, side: "buy", size: 0.01, limitPrice, cliOrdId: "demo-1" },
      },
    });
    const orderId = sent.sendStatus?.order_id;
    say(`Placed   buy 0.01 ${SYMBOL} @ ${fmt(limitPrice)}: ${sent.sendStatus?.status} (order ${orderId})`);

    const { data: edited } = await client.POST("/editorder", {
      params: { query: { orderId, size: 0.02, limitPrice: limitPrice - 100 } },
    });
    say(`Edited   to 0.02 @ ${fmt(limitPrice - 100)}: ${edited.editStatus?.status}`);

    const { data: open } = await client.GET("/openorders");
    say(
      `Open orders: ${(open.openOrders ?? []).map((o) => `${o.side} ${o.unfilledSize} ${o.symbol} @ ${o.limitPrice}`).join("; ")}`,
    );

    const { data: cancelled } = await client.POST("/cancelorder", {
      params: { query: { order_id: orderId } },
    });
    say(`Cancelled: ${cancelled.cancelStatus?.status}`);
    const { data: after } = await client.GET("/openorders");
    say(`Open orders after cancel: ${(after.openOrders ?? []).length}`);
    say("");
    await runUwsDemo(mock, client, say);
    say("");
    say(`Done: ${mock.requests.length} requests, no network needed.`);
  } finally {
    await mock.stop();
  }
}
