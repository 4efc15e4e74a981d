// The client against hostile loopback servers (the `ws` package) and the mock exchange's faults: real
// sockets, bounded real time.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { KrakenFuturesError } from "@kraken-futures/auth";
import { DEFAULT_TEST_KEY, startMockExchange } from "@kraken-futures/mock";
import { afterEach, describe, expect, it, vi } from "vitest";
import WebSocket, { WebSocketServer } from "ws";
import { createWsClient, type WsClient, WsSubscriptionError } from "../../src/index.js";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
const waitFor = <T>(check: () => T, timeout = 5000) => vi.waitFor(check, { timeout, interval: 5 });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function track(client: WsClient): WsClient {
  cleanups.push(() => client.close());
  return client;
}

/** A loopback HTTP server with a WebSocket endpoint; `onConnection` plays the hostile server. */
async function loopback(onConnection?: (socket: WebSocket) => void) {
  const server: Server = createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ noServer: true });
  let upgrades = 0;
  server.on("upgrade", (req, socket, head) => {
    upgrades++;
    if (req.url !== "/ws/v1") {
      socket.end("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => onConnection?.(ws));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { origin, upgrades: () => upgrades };
}

describe("hostile servers", () => {
  it("a server that accepts and closes after 20 ms gets a backoff that keeps growing (no storm)", async () => {
    const server = await loopback((ws) => {
      ws.on("message", (data) => {
        const request = JSON.parse(String(data));
        ws.send(
          JSON.stringify({ event: "subscribed", feed: request.feed, product_ids: request.product_ids }),
        );
      });
      setTimeout(() => ws.close(1011, "bye"), 20);
    });
    const client = track(
      createWsClient({
        WebSocket,
        origin: server.origin,
        reconnect: { initialDelayMs: 50, maxDelayMs: 400 },
        random: () => 0.5,
      }),
    );
    client.subscribe("ticker", ["PF_XBTUSD"]);
    await sleep(2_500);
    // Delays 37.5, 75, 150, then 300 ms each (3/4 of 50, 100, 200, 400), plus ~25 ms per connection:
    // about 10 connections in 2.5 s, fewer on a slow machine. Before the fix the backoff restarted after
    // every open: 42 connections.
    console.log(`accept-then-close: ${server.upgrades()} connections in 2.5 s`);
    expect(server.upgrades()).toBeLessThanOrEqual(12);
  });

  it("an upgrade answered with HTTP 404 (a wrong path) is not retried", async () => {
    const server = await loopback();
    const errors: KrakenFuturesError[] = [];
    const client = track(
      createWsClient({ WebSocket, origin: server.origin, path: "/wrong", reconnect: { initialDelayMs: 5 } }),
    );
    client.on("error", (e) => errors.push(e));
    const ticker = client.subscribe("ticker", ["PF_XBTUSD"]);
    await expect(ticker.subscribed).rejects.toThrow(/HTTP 404/);
    await sleep(200);
    expect(server.upgrades()).toBe(1);
    expect(client.state).toBe("closed");
    expect(errors.some((e) => /HTTP 404/.test(e.message))).toBe(true);
  });

  it("a refused connection is described as such, not as a close by the server", async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise((resolve) => server.close(resolve));
    const client = track(
      createWsClient({ WebSocket, origin: `http://127.0.0.1:${port}`, reconnect: { initialDelayMs: 1000 } }),
    );
    const reasons: string[] = [];
    client.on("reconnecting", (e) => reasons.push(e.reason));
    client.on("error", () => {});
    client.subscribe("ticker", ["PF_XBTUSD"]);
    await waitFor(() => expect(reasons).toHaveLength(1));
    expect(reasons[0]).toMatch(/^could not connect: .*ECONNREFUSED/);
  });

  it("refuses a frame larger than maxPayload at the socket, with an error naming the option", async () => {
    const server = await loopback((ws) => {
      ws.send(JSON.stringify({ feed: "heartbeat", time: 1, pad: "x".repeat(4096) }));
    });
    const errors: KrakenFuturesError[] = [];
    const client = track(
      createWsClient({
        WebSocket,
        origin: server.origin,
        maxPayload: 1024,
        reconnect: { initialDelayMs: 1000 },
      }),
    );
    client.on("error", (e) => errors.push(e));
    const reasons: string[] = [];
    client.on("reconnecting", (e) => reasons.push(e.reason));
    const seen: unknown[] = [];
    client.subscribe("heartbeat").on((m) => seen.push(m));
    await waitFor(() => expect(reasons).toHaveLength(1));
    expect(reasons[0]).toMatch(/maxPayload \(1024 bytes\)/);
    expect(seen).toEqual([]);
  });
});

describe("mock exchange faults", () => {
  it("a private subscription with a wrong secret settles with Kraken's reason", async () => {
    const mock = await startMockExchange();
    cleanups.push(() => mock.stop());
    const wrong = { apiKey: DEFAULT_TEST_KEY.apiKey, apiSecret: Buffer.alloc(64, 1).toString("base64") };
    const client = track(createWsClient({ WebSocket, origin: mock.origin, credentials: wrong }));
    client.on("error", () => {});
    const fills = client.subscribe("fills");
    const error = await fills.subscribed.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WsSubscriptionError);
    expect(error).toMatchObject({ feed: "fills", reason: "Failed to subscribe to authenticated feed" });
    const ticker = client.subscribe("ticker", ["PF_XBTUSD"]);
    await expect(ticker.subscribed).resolves.toBeUndefined();
  });
});
