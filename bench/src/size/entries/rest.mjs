// What a browser app that places signed orders ships: the REST client, with signing (auth) pulled in.
import { createRestClient } from "@kraken-futures/rest";

/** @param {{ apiKey: string, apiSecret: string }} credentials */
export function placeOrder(credentials) {
  const client = createRestClient({ credentials });
  return client.POST("/sendorder", {
    params: { query: { orderType: "lmt", symbol: "PF_XBTUSD", side: "buy", size: 1, limitPrice: 50000 } },
  });
}
