import type { AddressInfo } from "node:net";
import { loadSpec } from "@kraken-futures/specs";
import type { StartingBalances } from "./engine/accounts.js";
import { type Clock, systemClock } from "./engine/clock.js";
import { Exchange } from "./engine/exchange.js";
import { type ApiKeyPair, nonceWindowOf } from "./http/authent.js";
import { FaultInjector } from "./http/faults.js";
import { createMockServer, type RequestRecord } from "./http/server.js";
import { buildRoutes } from "./http/spec-routes.js";
import { DEFAULT_TEST_KEY } from "./keys.js";
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
  /** Time source of the market, timestamps, dead man's switch and rate limits. Default the wall clock. */
  clock?: Clock;
  /** Milliseconds between market steps. Default 1000. */
  stepMs?: number;
  /** Starting balances of the account. */
  balances?: StartingBalances;
  /** The OpenAPI document to serve. Default `loadSpec("trading")` from `@kraken-futures/specs`. */
  spec?: Record<string, unknown>;
  /**
   * How long, in ms of `clock`, a key's nonce may arrive after a higher one and still be accepted:
   * Kraken "tolerates nonces that are out of order for a brief period of time" without saying how
   * brief. Default `DEFAULT_NONCE_WINDOW_MS`, 50 (a guess: see the README). `0` is strict: every
   * nonce must be above all the key sent before, as a client that keeps its order must manage.
   */
  nonceWindowMs?: number;
  /** The WebSocket side: path, heartbeat and ticker intervals, request limit, pump. See {@link MockWsOptions}. */
  ws?: MockWsOptions;
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
  readonly port: number;
  /** The key pairs it accepts. */
  readonly keys: readonly ApiKeyPair[];
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
 * it and the WebSocket v1 API (upgrade on `/ws/v1`), backed by one in-memory market.
 *
 * @example
 * const mock = await startMockExchange({ seed: 1 });
 * const res = await fetch(`${mock.url}/tickers`);
 * await mock.stop();
 */
export async function startMockExchange(options: MockExchangeOptions = {}): Promise<MockExchange> {
  const nonceWindowMs = nonceWindowOf(options.nonceWindowMs);
  const table = buildRoutes(options.spec ?? loadSpec("trading"));
  const exchange = new Exchange({
    seed: options.seed ?? 1,
    clock: options.clock ?? systemClock,
    stepMs: options.stepMs,
    balances: options.balances,
  });
  const keys = options.keys ?? [DEFAULT_TEST_KEY];
  const faults = new FaultInjector();
  const log: RequestRecord[] = [];
  const { server, close } = createMockServer({ table, exchange, keys, faults, log, nonceWindowMs });
  // Feeds stream by themselves on the wall clock; a test's own clock moves only when the test says so.
  const ws = new MockWsServer(exchange, keys, {
    ...options.ws,
    pump: options.ws?.pump ?? (options.clock === undefined || options.clock === systemClock),
  });
  server.on("upgrade", (req, socket, head) => {
    if (!ws.handleUpgrade(req, socket, head))
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
    port,
    keys,
    exchange,
    faults,
    requests: log,
    stop: async () => {
      await ws.close();
      await close();
    },
  };
}
