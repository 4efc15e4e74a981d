import type { AddressInfo } from "node:net";
import type { ApiDescription } from "@kraken-futures/core";
import type { StartingBalances } from "./engine/accounts.js";
import { type Clock, systemClock } from "./engine/clock.js";
import { Exchange } from "./engine/exchange.js";
import { tradingApi } from "./generated/trading.operations.gen.js";
import { tradingServer } from "./generated/trading.server.gen.js";
import { type ApiKeyPair, nonceWindowOf } from "./http/authent.js";
import { FaultInjector } from "./http/faults.js";
import { buildRoutes } from "./http/routes.js";
import { createMockServer, type RequestRecord } from "./http/server.js";
import { createSurfaces } from "./http/surface.js";
import { DEFAULT_SPOT_TEST_KEY, DEFAULT_TEST_KEY } from "./keys.js";
import { TOKEN_LIFETIME_MS, TokenStore } from "./spot/tokens.js";
import { type MockUwsOptions, MockUwsServer } from "./uws/server.js";
import { spotTokenAuthority } from "./uws/spot-tokens.js";
import { type MockWsOptions, MockWsServer } from "./ws/server.js";

/** Options of {@link startMockExchange}. */
export interface MockExchangeOptions {
  /** Interface to listen on. Default `127.0.0.1` (loopback only). */
  host?: string;
  /** Port. Default 0 (a free port chosen by the OS; read it from the result). */
  port?: number;
  /** Seed of the simulated market, liquidity and ids. Default 1. */
  seed?: number;
  /** Accepted key pairs. Default `[DEFAULT_TEST_KEY]`. All keys trade the same account. */
  keys?: readonly ApiKeyPair[];
  /**
   * Accepted Kraken (Spot) key pairs, for the Spot REST paths (`/0/private/…`). Default
   * `[DEFAULT_SPOT_TEST_KEY]`. They open the same account as `keys`; a Futures key is refused there.
   */
  spotKeys?: readonly ApiKeyPair[];
  /** Time source of the market, timestamps, dead man's switch and rate limits. Default the wall clock. */
  clock?: Clock;
  /** Milliseconds between market steps. Default 1000. */
  stepMs?: number;
  /**
   * Hours of market history to backfill at start: mark and index prices (Charts `mark`/`spot` candles,
   * History market prices) and public trades (`trade` candles, trade history, public executions), drawn
   * from the seed. Default 0: five minutes of warm-up only. At most 48 hours at the default `stepMs`.
   */
  backfillHours?: number;
  /** Starting balances of the account. */
  balances?: StartingBalances;
  /**
   * The Trading operation table to serve (an `ApiDescription`, as `@kraken-futures/rest` exports
   * `tradingApi`). Default: the table generated from the bundled Trading spec.
   */
  spec?: ApiDescription;
  /**
   * How long, in ms of `clock`, a key's nonce may arrive after a higher one and still be accepted:
   * Kraken "tolerates nonces that are out of order for a brief period of time" without saying how
   * brief. Default `DEFAULT_NONCE_WINDOW_MS`, 50 (a guess: see the README). `0` is strict: every
   * nonce must be above all the key sent before, as a client that keeps its order must manage.
   */
  nonceWindowMs?: number;
  /**
   * Lifetime of an unused WebSocket token (`GetWebSocketsToken`'s `expires`), in ms of `clock`. Default
   * `TOKEN_LIFETIME_MS`, 900 000 (Kraken's 15 minutes). Shorten it to see an expired token at reconnect
   * without moving a clock 15 minutes (CLI `--token-lifetime-ms`).
   */
  tokenLifetimeMs?: number;
  /** The WebSocket side: path, heartbeat and ticker intervals, request limit, pump. See {@link MockWsOptions}. */
  ws?: MockWsOptions;
  /** The Unified WebSocket side: paths, heartbeat, token store, request limit. See {@link MockUwsOptions}. */
  uws?: MockUwsOptions;
}

/** A running mock exchange. */
export interface MockExchange {
  /** Base URL of the Trading API, e.g. `http://127.0.0.1:53123/derivatives/api/v3`. */
  readonly url: string;
  /** Origin to give a client, e.g. `http://127.0.0.1:53123` (the WebSocket client takes it too). */
  readonly origin: string;
  /** URL of the WebSocket v1 API on the same port, e.g. `ws://127.0.0.1:53123/ws/v1`. */
  readonly wsUrl: string;
  /**
   * How long, in ms of `clock`, a key's nonce may arrive after a higher one and still be accepted:
   * Kraken "tolerates nonces that are out of order for a brief period of time" without saying how
   * brief. Default `DEFAULT_NONCE_WINDOW_MS`, 50 (a guess: see the README). `0` is strict: every
   * nonce must be above all the key sent before, as a client that keeps its order must manage.
   */
  nonceWindowMs?: number;
  /** The WebSocket side: connections, faults, `tick()`, `notify()`. */
  readonly ws: MockWsServer;
  /** URL of the UWS public endpoint, e.g. `ws://127.0.0.1:53123/v2/public`. */
  readonly uwsPublicUrl: string;
  /** URL of the UWS private endpoint, e.g. `ws://127.0.0.1:53123/v2/private`. */
  readonly uwsPrivateUrl: string;
  /** The Unified WebSocket side: connections, faults, `tick()`. */
  readonly uws: MockUwsServer;
  readonly port: number;
  /** The key pairs it accepts. */
  readonly keys: readonly ApiKeyPair[];
  /** The Spot key pairs it accepts on `/0/private/…` (`API-Key`/`API-Sign`). */
  readonly spotKeys: readonly ApiKeyPair[];
  /** Base URL of the Spot REST subset, e.g. `http://127.0.0.1:53123/0` (a Spot client's origin is `origin`). */
  readonly spotUrl: string;
  /** The WebSocket tokens `GetWebSocketsToken` issued: `validate`, `hold`, `release`. */
  readonly tokens: TokenStore;
  /** The engine: orders, fills, positions, balances and books, for inspection (and events for feeds). */
  readonly exchange: Exchange;
  /** Fault injection for the next requests. */
  readonly faults: FaultInjector;
  /** The requests handled so far (the last 1000). */
  readonly requests: readonly RequestRecord[];
  /** Closes the server, drops open connections (WebSocket ones too) and cancels pending delayed answers. */
  stop(): Promise<void>;
}

/**
 * Starts an offline Kraken Futures exchange on loopback: the Trading v3 HTTP API as the spec describes
 * it, History, Charts, the Kraken Spot REST subset (`/0/private/…`: WebSocket tokens, ledgers, trade
 * volume), the WebSocket v1 API (upgrade on `/ws/v1`) and the Unified WebSocket (`/v2/public`,
 * `/v2/private`, authenticated with the Spot subset's tokens), backed by one in-memory market.
 *
 * @example
 * const mock = await startMockExchange({ seed: 1 });
 * const res = await fetch(`${mock.url}/tickers`);
 * await mock.stop();
 */
export async function startMockExchange(options: MockExchangeOptions = {}): Promise<MockExchange> {
  const nonceWindowMs = nonceWindowOf(options.nonceWindowMs);
  const table = buildRoutes(options.spec ?? tradingApi, options.spec ? {} : tradingServer);
  const exchange = new Exchange({
    seed: options.seed ?? 1,
    clock: options.clock ?? systemClock,
    stepMs: options.stepMs,
    backfillHours: options.backfillHours,
    balances: options.balances,
  });
  const keys = options.keys ?? [DEFAULT_TEST_KEY];
  const faults = new FaultInjector();
  const log: RequestRecord[] = [];
  const spotKeys = options.spotKeys ?? [DEFAULT_SPOT_TEST_KEY];
  const tokenLifetimeMs = options.tokenLifetimeMs ?? TOKEN_LIFETIME_MS;
  if (!Number.isInteger(tokenLifetimeMs) || tokenLifetimeMs < 1_000)
    throw new RangeError(
      `tokenLifetimeMs must be an integer of at least 1000 (expires is in seconds), got ${tokenLifetimeMs}`,
    );
  const tokens = new TokenStore(exchange.clock, { lifetimeMs: tokenLifetimeMs });
  const surfaces = createSurfaces(exchange, table, {}, { keys: spotKeys, tokens });
  const { server, close } = createMockServer({ table, surfaces, exchange, keys, faults, log, nonceWindowMs });
  // Feeds stream by themselves on the wall clock; a test's own clock moves only when the test says so.
  const ws = new MockWsServer(exchange, keys, {
    ...options.ws,
    pump: options.ws?.pump ?? (options.clock === undefined || options.clock === systemClock),
  });
  const uws = new MockUwsServer(exchange, {
    tokens: spotTokenAuthority(tokens),
    ...options.uws,
    pump:
      options.uws?.pump ?? options.ws?.pump ?? (options.clock === undefined || options.clock === systemClock),
  });
  server.on("upgrade", (req, socket, head) => {
    if (!ws.handleUpgrade(req, socket, head) && !uws.handleUpgrade(req, socket, head))
      socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n");
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  return {
    url: origin + table.basePath,
    origin,
    wsUrl: `${origin.replace(/^http/, "ws")}${ws.path}`,
    ws,
    uwsPublicUrl: `${origin.replace(/^http/, "ws")}${uws.publicPath}`,
    uwsPrivateUrl: `${origin.replace(/^http/, "ws")}${uws.privatePath}`,
    uws,
    port,
    keys,
    spotKeys,
    spotUrl: origin + (surfaces.find((s) => s.name === "spot")?.table.basePath ?? ""),
    tokens,
    exchange,
    faults,
    requests: log,
    stop: async () => {
      await ws.close();
      await uws.close();
      await close();
    },
  };
}
