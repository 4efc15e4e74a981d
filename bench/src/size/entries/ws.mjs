// What a browser app that watches an order book ships: the WebSocket client and its book.
import { createWsClient } from "@kraken-futures/ws";

export function watchBook() {
  const client = createWsClient({});
  return client.subscribe("book", ["PF_XBTUSD"]);
}
