/**
 * The Trading v3 client: the shared core typed by the generated Trading `paths` and driven by the
 * generated Trading operation table.
 */
import { type ApiClient, type ApiClientOptions, createApiClient } from "./client.js";
import type { paths } from "./generated/trading.gen.js";
import { tradingApi } from "./generated/trading.operations.gen.js";

/** Options of {@link createRestClient}; see {@link ApiClientOptions} for each field and its default. */
export type RestClientOptions = ApiClientOptions;

/** A typed client of the Kraken Futures Trading v3 API (`/derivatives/api/v3`). */
export type RestClient = ApiClient<paths>;

/**
 * Creates a client of the Kraken Futures Trading v3 HTTP API.
 *
 * Defaults: origin `https://futures.kraken.com`, no credentials (public calls only), keep-alive
 * node:http on Node and global `fetch` elsewhere, 10 s timeout, 2 retries of retry-safe reads, a
 * queueing client-side budget of 500 cost units per 10 s, no logging, no response validation.
 *
 * @see https://docs.kraken.com/api/docs/futures-api/trading/
 * @example
 * const client = createRestClient({ credentials: { apiKey, apiSecret } });
 * const { data } = await client.GET("/unwindqueue");
 */
export function createRestClient(options: RestClientOptions = {}): RestClient {
  return createApiClient<paths>(tradingApi, options);
}
