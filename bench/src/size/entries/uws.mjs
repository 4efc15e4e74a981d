// What a browser app that trades over the Unified WebSocket ships: the client (both sockets, typed
// methods with their spec checks, outcome reconciliation, subscriptions) and a verified book view,
// with a token the app gets from its own backend (no Spot signing in the browser).
import { createUwsClient } from "@kraken-futures/uws";

export function trade(/** @type {() => Promise<string>} */ token) {
  const client = createUwsClient({ token });
  const book = client.book("PF_XBTUSD", { depth: 10 });
  return {
    client,
    book,
    order: () => client.addOrder({ order_type: "market", side: "buy", order_qty: 1, symbol: "PF_XBTUSD" }),
  };
}
