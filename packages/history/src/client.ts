/**
 * The History client: the core's HTTP pipeline (`@kraken-futures/core/http`) typed by the generated History `paths`
 * and driven by the generated History operation table (signing, the `history` pool, costs by `count`,
 * retry safety, numeric fields), plus paging iterators.
 */
import { type Credentials, type CredentialsInput, futuresSigning } from "@kraken-futures/auth";
import {
  type ApiClient,
  type CallOptions,
  createHttpClient,
  type HttpClientOptions,
} from "@kraken-futures/core/http";
import type { paths } from "./generated/history.gen.js";
import { historyApi } from "./generated/history.operations.gen.js";
import {
  type AccountLogEntry,
  type AccountLogQuery,
  accountLogEntries,
  type ElementOf,
  type PageablePath,
  type PageInit,
  paginate,
} from "./paginate.js";
import { historyFailure } from "./responses.js";

/**
 * Options of {@link createHistoryClient}: the same as the Trading client's (the core's
 * `HttpClientOptions` and Futures `credentials`). Defaults: origin `https://futures.kraken.com` (the base path `/api/history`
 * comes from the spec), no credentials (public market history only), keep-alive node:http on Node and
 * global `fetch` elsewhere, `timeoutMs` 10,000, `retry` `{ retries: 2, baseDelayMs: 200, maxDelayMs: 5000 }`
 * (every History operation is a retry-safe read), `rateLimit` `"queue"` (the `history` pool: 100 tokens,
 * +100 per 10 minutes), no logger.
 */
export interface HistoryClientOptions extends HttpClientOptions {
  /**
   * Futures API key pair, for the account's history. Parsed once at creation; a malformed secret
   * throws a `CredentialsError` here. Without credentials, signed operations throw
   * `MissingCredentialsError`.
   */
  readonly credentials?: Credentials | CredentialsInput;
}

type Query<P extends PageablePath> = Omit<
  NonNullable<NonNullable<PageInit<P>["params"]>["query"]>,
  "continuation_token"
> & { continuation_token?: string };

/** A typed client of the Kraken Futures History API (`/api/history`). */
export interface HistoryClient extends ApiClient<paths> {
  /** The account's order events (`GET /v2/orders`, 1 token per page), every page. */
  orderEvents(query?: Query<"/v2/orders">, options?: CallOptions): AsyncGenerator<ElementOf<"/v2/orders">>;
  /** The account's trigger-order events (`GET /v2/triggers`, 1 token per page), every page. */
  triggerEvents(
    query?: Query<"/v2/triggers">,
    options?: CallOptions,
  ): AsyncGenerator<ElementOf<"/v2/triggers">>;
  /** The account's executions (`GET /v2/executions`, 1 token per page), every page. */
  executionEvents(
    query?: Query<"/v2/executions">,
    options?: CallOptions,
  ): AsyncGenerator<ElementOf<"/v2/executions">>;
  /** The account's position updates (`GET /v3/positions`, 1 token per page, assumed), every page. */
  positionEvents(
    query?: Query<"/v3/positions">,
    options?: CallOptions,
  ): AsyncGenerator<ElementOf<"/v3/positions">>;
  /** Public executions of one market (`GET /v3/market/{tradeable}/executions`, free), every page. */
  marketExecutions(
    tradeable: string,
    query?: Query<"/v3/market/{tradeable}/executions">,
    options?: CallOptions,
  ): AsyncGenerator<ElementOf<"/v3/market/{tradeable}/executions">>;
  /** Public order events of one market (`GET /v2/market/{tradeable}/orders`, free), every page. */
  marketOrderEvents(
    tradeable: string,
    query?: Query<"/v2/market/{tradeable}/orders">,
    options?: CallOptions,
  ): AsyncGenerator<ElementOf<"/v2/market/{tradeable}/orders">>;
  /** Mark-price changes of one market (`GET /v2/market/{tradeable}/price`, free), every page. */
  markPrices(
    tradeable: string,
    query?: Query<"/v2/market/{tradeable}/price">,
    options?: CallOptions,
  ): AsyncGenerator<ElementOf<"/v2/market/{tradeable}/price">>;
  /** Account-log entries (`GET /v3/account-log`, 1 to 10 tokens per page by `count`), paged by id. */
  accountLog(query?: AccountLogQuery, options?: CallOptions): AsyncGenerator<AccountLogEntry>;
  /**
   * The account log as CSV text (`GET /v2/accountlogcsv`, 6 tokens), header row first.
   * @param query `conversion_details: true` adds the conversion columns.
   */
  accountLogCsv(query?: { conversion_details?: boolean }, options?: CallOptions): Promise<string>;
}

/**
 * Creates a client of the Kraken Futures History API: typed `GET` calls for every operation of the
 * spec, and iterators that walk every page.
 *
 * Private calls are signed with the full request path (`/api/history/v2/orders`, never `/v2/orders`)
 * and spend tokens from the separate `history` pool (100, refilled by 100 every 10 minutes): orders,
 * triggers, executions and positions 1 per page, the account log 1 to 10 by `count` (3 by default),
 * the CSV export 6. Calls beyond the budget wait in a FIFO queue (`rateLimit: "queue"`, the default).
 *
 * @see https://docs.kraken.com/api/docs/futures-api/history/
 * @example
 * const history = createHistoryClient({ credentials: { apiKey, apiSecret } });
 * for await (const event of history.executionEvents({ since: Date.now() - 86_400_000, sort: "asc" })) {
 *   console.log(event.event.Execution?.execution.price);
 * }
 */
export function createHistoryClient(options: HistoryClientOptions = {}): HistoryClient {
  // Refusals are read by the core through the hook, not middleware: calls stay on the fast path.
  const { credentials, ...rest } = options;
  const core = createHttpClient<paths>(historyApi, rest, {
    interpretError: historyFailure,
    ...futuresSigning(credentials),
  });
  const all = <P extends PageablePath>(path: P, init: object) => paginate(core, path, init as PageInit<P>);
  const market = (tradeable: string, query: object | undefined, options: CallOptions | undefined) => ({
    ...options,
    params: { path: { tradeable }, query },
  });
  return {
    ...core,
    orderEvents: (query, options) => all("/v2/orders", { ...options, params: { query } }),
    triggerEvents: (query, options) => all("/v2/triggers", { ...options, params: { query } }),
    executionEvents: (query, options) => all("/v2/executions", { ...options, params: { query } }),
    positionEvents: (query, options) => all("/v3/positions", { ...options, params: { query } }),
    marketExecutions: (tradeable, query, options) =>
      all("/v3/market/{tradeable}/executions", market(tradeable, query, options)),
    marketOrderEvents: (tradeable, query, options) =>
      all("/v2/market/{tradeable}/orders", market(tradeable, query, options)),
    markPrices: (tradeable, query, options) =>
      all("/v2/market/{tradeable}/price", market(tradeable, query, options)),
    accountLog: (query, options) => accountLogEntries(core, query, options),
    async accountLogCsv(query, options) {
      // The core hands over the body as text: the table says `responseType: "text"` for this operation.
      const { data } = await core.GET("/v2/accountlogcsv", { ...options, params: { query } });
      return data as string;
    },
  };
}
