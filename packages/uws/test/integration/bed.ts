/**
 * The test bed of the client's integration tests: the mock exchange on loopback (wall clock), a UWS
 * client on it with the `ws` package, a token provider that mints a fresh token per socket from the
 * mock's token store (the Spot REST path is tested on its own: its call counter allows 15 tokens, not the
 * hundreds a reconnect storm needs), and the mock's engine to count orders by `cl_ord_id`.
 */
import { DEFAULT_SPOT_TEST_KEY, type MockExchange, startMockExchange } from "@kraken-futures/mock";
import { createSpotClient } from "@kraken-futures/spot";
import WebSocket from "ws";
import { createUwsClient, type UwsClient, type UwsClientOptions } from "../../src/index.js";

export interface Bed {
  readonly mock: MockExchange;
  readonly client: UwsClient;
  /** Tokens handed out, in order. */
  readonly tokens: string[];
}

/** Starts a mock and a client on it; `options` override the client's. */
export async function startBed(
  options: Partial<UwsClientOptions> | ((mock: MockExchange) => Partial<UwsClientOptions>) = {},
): Promise<Bed> {
  const mock = await startMockExchange({ seed: 1 });
  const extra = typeof options === "function" ? options(mock) : options;
  const spot = createSpotClient({ origin: mock.origin, credentials: DEFAULT_SPOT_TEST_KEY });
  const first = (await spot.webSocketsToken()).token;
  const verdict = mock.tokens.validate(first);
  if (!verdict.ok) throw new Error("the mock refused its own token");
  const owner = { account: verdict.account, apiKey: verdict.apiKey };
  const tokens: string[] = [];
  const client = createUwsClient({
    urls: { public: mock.uwsPublicUrl, private: mock.uwsPrivateUrl },
    WebSocket: WebSocket as never,
    token: async () => {
      const { token } = mock.tokens.issue(owner);
      tokens.push(token);
      return token;
    },
    reconnect: { initialDelayMs: 5, maxDelayMs: 20 },
    strict: true,
    ...extra,
  });
  return { mock, client, tokens };
}

export async function stopBed(bed: Bed | undefined): Promise<void> {
  if (!bed) return;
  await bed.client.close();
  await bed.mock.stop();
}

/** add_order params of a limit buy resting 300 below PF_XBTUSD's best bid (it never fills). */
export function restingBuy(mock: MockExchange, extra: Record<string, unknown> = {}) {
  mock.exchange.sync();
  const bid = mock.exchange.books.get("PF_XBTUSD")?.bestSimulated("buy") ?? 50_000;
  return {
    order_type: "limit" as const,
    side: "buy" as const,
    order_qty: 0.01,
    symbol: "PF_XBTUSD",
    limit_price: Math.round(bid - 300),
    ...extra,
  };
}

/** Open orders of the engine with this `cl_ord_id` (the mock counts orders by it). */
export function openWith(mock: MockExchange, clOrdId: string): number {
  let n = 0;
  for (const o of mock.exchange.orders.open()) if (o.cliOrdId === clOrdId) n++;
  return n;
}

/** One order of a batch_add: a resting buy without `symbol` (the batch names it once). */
export function batchOrder(mock: MockExchange, extra: Record<string, unknown> = {}) {
  const { symbol: _symbol, ...order } = restingBuy(mock, extra);
  return order;
}
