/**
 * The Spot client: the core's HTTP pipeline (`@kraken-futures/core/http`) driven by the generated Spot operation
 * table (the `spot` call-counter pool, costs, retry safety), signed with Spot's `API-Sign`, with Spot's
 * `{error, result}` envelope read into typed errors.
 */
import {
  type CredentialsInput,
  nextNonce,
  parseSpotCredentials,
  type SpotCredentials,
} from "@kraken-futures/auth";
import type { ApiDescription, RateLimitPool } from "@kraken-futures/core";
import {
  type CallOptions,
  createHttpClient,
  type HttpClientOptions,
  type SendQueue,
} from "@kraken-futures/core/http";
import type { components, paths } from "./generated/spot.gen.js";
import { spotApi } from "./generated/spot.operations.gen.js";
import { walkLedgers } from "./ledgers.js";
import { spotRefusal } from "./responses.js";
import { spotSigner } from "./signer.js";

type Schemas = components["schemas"];
/** What a call sends besides the nonce, which the client draws and writes itself. */
type Args<Name extends keyof Schemas> = Omit<Schemas[Name], "nonce">;

/** Arguments of {@link SpotClient.webSocketsToken}: `otp` only when 2FA is set on the key. */
export type WebSocketsTokenArgs = Args<"GetWebSocketsTokenRequest">;
/** Filters of {@link SpotClient.ledgers}. */
export type LedgersQuery = Args<"GetLedgersRequest">;
/** Arguments of {@link SpotClient.queryLedgers}. */
export type QueryLedgersArgs = Args<"QueryLedgersRequest">;
/** Arguments of {@link SpotClient.tradeVolume}. */
export type TradeVolumeArgs = Args<"GetTradeVolumeRequest">;
/** The `result` of GetWebSocketsToken. */
export type WebSocketsToken = Schemas["GetWebSocketsTokenResponse"]["result"];
/** The `result` of Ledgers: one page of entries keyed by ledger id, and the total `count`. */
export type LedgersPage = Schemas["GetLedgersResponse"]["result"];
/** One ledger entry. */
export type LedgerEntry = Schemas["LedgerEntry"];
/** The `result` of TradeVolume. */
export type TradeVolume = Schemas["GetTradeVolumeResponse"]["result"];

/** Kraken's verification tiers, which set the call counter's maximum and decay. */
export type SpotTier = "starter" | "intermediate" | "pro";

/**
 * Options of {@link createSpotClient}: those of the core's pipeline (`HttpClientOptions` of
 * `@kraken-futures/core/http`: `origin`, `fetch`, `timeoutMs`, `retry`, `rateLimit`, `logger`, `nonce`,
 * `now`, `sleep`, …) with a Spot key instead of a Futures one.
 */
export interface SpotClientOptions extends Omit<HttpClientOptions, "checkParams"> {
  /**
   * A Kraken (Spot) API key: `SpotCredentials` from `parseSpotCredentials`, or `{ apiKey, apiSecret }`,
   * parsed here as a Spot key. A Futures `Credentials` does not compile and throws
   * `CredentialsKindError`. Without credentials every call throws `MissingCredentialsError`.
   */
  readonly credentials?: SpotCredentials | CredentialsInput;
  /**
   * The key's verification tier, which sets the client-side call counter: `"starter"` (default, the
   * strictest: 15, decaying 0.33/s), `"intermediate"` (20, 0.5/s) or `"pro"` (20, 1/s).
   */
  readonly tier?: SpotTier;
}

/** A typed client of the Kraken Spot REST calls the Unified WebSocket needs. */
export interface SpotClient {
  /** A token for the private Unified WebSocket (`POST /0/private/GetWebSocketsToken`, counter +1). */
  webSocketsToken(args?: WebSocketsTokenArgs, options?: CallOptions): Promise<WebSocketsToken>;
  /** One page (50) of ledger entries (`POST /0/private/Ledgers`, counter +2). */
  ledgers(query?: LedgersQuery, options?: CallOptions): Promise<LedgersPage>;
  /**
   * Every ledger entry matching `query`, page after page (`ofs` in steps of 50, each page counter +2),
   * newest first, each id once; see {@link walkLedgers}. For recovering a `ledgers` sequence gap, pass
   * `start`: the time or id of the last entry received.
   */
  ledgerEntries(query?: LedgersQuery, options?: CallOptions): AsyncGenerator<[string, LedgerEntry]>;
  /** Ledger entries by id, up to 20 (`POST /0/private/QueryLedgers`, counter +2). */
  queryLedgers(args: QueryLedgersArgs, options?: CallOptions): Promise<Record<string, LedgerEntry>>;
  /** 30-day volume and fees per pair (`POST /0/private/TradeVolume`, counter +1). */
  tradeVolume(args?: TradeVolumeArgs, options?: CallOptions): Promise<TradeVolume>;
  /** The operation table the client reads (with the chosen tier's pool). */
  readonly api: ApiDescription;
  /** The client's rate-limit queue, e.g. `queue.bucket("spot")?.available`. */
  readonly queue: SendQueue;
}

type TierBucket = Pick<RateLimitPool, "capacity" | "refillAmount" | "refillIntervalMs">;

/** The generated table with the `spot` pool of `tier`, whose bucket the spec states in `x-tiers`. */
function tierApi(tier: SpotTier): ApiDescription {
  const tiers = spotApi.pools.spot["x-tiers"] as Record<SpotTier, TierBucket>;
  const { capacity, refillAmount, refillIntervalMs } = tiers[tier];
  const pool = { ...spotApi.pools.spot, capacity, refillAmount, refillIntervalMs };
  return { ...spotApi, pools: { ...spotApi.pools, spot: pool } };
}

/**
 * Creates a client of the Kraken Spot REST calls a Unified WebSocket user needs: the WebSocket token,
 * ledger entries (to recover a `ledgers` sequence gap) and the trade volume with its fees (the
 * derivatives fee schedule since June 2026).
 *
 * Every call is a signed `POST` to `https://api.kraken.com/0/private/…` (change it with `origin`):
 * the body is `nonce=<nonce>&<arguments>` (JSON when an argument is a list of objects), the nonce is
 * drawn after the rate-limit wait (so send order is nonce order) and again on each retry, and
 * `API-Sign` covers the body as sent. Calls spend from the `spot` call counter of the chosen `tier`
 * and wait in a FIFO queue when it is full (`rateLimit: "queue"`, the default). All four calls are
 * retry-safe reads: network failures, 5xx answers and Kraken's rate-limit refusals are retried (2
 * retries by default). A 200 whose `error` holds an `E…` string throws: `AuthenticationError`
 * (invalid key, signature or nonce, permission denied, lockout), `RateLimitError` (rate limit,
 * throttled) or `SpotApiError` (anything else). `W…` warnings go to `logger.warn`.
 *
 * @see https://docs.kraken.com/exchange/guides/rest/authentication
 * @throws {CredentialsKindError} if `credentials` is a Futures `Credentials`.
 * @throws {CredentialsError} if the key pair is malformed.
 * @example
 * const spot = createSpotClient({ credentials: parseSpotCredentials({ apiKey, apiSecret }) });
 * const { token } = await spot.webSocketsToken();
 */
export function createSpotClient(options: SpotClientOptions = {}): SpotClient {
  const { credentials: input, tier = "starter", ...rest } = options;
  const credentials = input === undefined ? undefined : parseSpotCredentials(input);
  const api = tierApi(tier);
  // Spot arguments travel in the body, which the core's query/path checks do not cover.
  const core = createHttpClient<paths>(api, rest, {
    interpretSuccess: spotRefusal,
    signer: credentials ? spotSigner(credentials) : undefined,
    signerKey: credentials?.apiKey,
    nonce: nextNonce,
  });
  const post = async (path: keyof paths, body: object | undefined, callOptions: CallOptions | undefined) => {
    const { data } = await core.POST(path as never, { ...callOptions, body } as never);
    const { error, result } = data as { error?: unknown; result: unknown };
    if (Array.isArray(error) && error.length > 0)
      rest.logger?.warn?.(`POST ${path}: Kraken warnings`, { error });
    return result;
  };
  const ledgers = (query: LedgersQuery | undefined, o: CallOptions | undefined) =>
    post("/private/Ledgers", query, o) as Promise<LedgersPage>;
  return {
    webSocketsToken: (args, o) => post("/private/GetWebSocketsToken", args, o) as Promise<WebSocketsToken>,
    ledgers,
    ledgerEntries: (query, o) => walkLedgers(ledgers, query, o),
    queryLedgers: (args, o) => post("/private/QueryLedgers", args, o) as Promise<Record<string, LedgerEntry>>,
    tradeVolume: (args, o) => post("/private/TradeVolume", args, o) as Promise<TradeVolume>,
    api,
    queue: core.queue,
  };
}
