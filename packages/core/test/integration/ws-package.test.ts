// The connection core on the real `ws` package and loopback servers (no fakes): the node socket shape,
// an HTTP 4xx answer to the upgrade, a refusal by the OS, and maxPayload. Real timers; every wait is on
// an event, never a sleep.
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket, { WebSocketServer } from "ws";
import {
  type Connection,
  type ConnectionError,
  createConnection,
  type WebSocketConstructor,
} from "../../src/index.js";
import { type Message, type V1Sub, v1Protocol } from "../support/protocols.js";

const open: { close(): void }[] = [];
afterEach(() => {
  for (const thing of open.splice(0)) thing.close();
});

function connect(url: string, extra: object = {}): Connection<Message, V1Sub, unknown> {
  const connection = createConnection<Message, V1Sub, unknown>({
    url,
    protocol: v1Protocol(),
    WebSocket: WebSocket as unknown as WebSocketConstructor,
    strict: true,
    ...extra,
  });
  open.push(connection);
  return connection;
}

async function listening(server: Server | WebSocketServer): Promise<number> {
  if (!("address" in server) || server.address() === null) await once(server, "listening");
  return (server.address() as AddressInfo).port;
}

function nextEvent<T>(
  connection: Connection<Message, V1Sub, unknown>,
  event: "reconnecting" | "error",
): Promise<T> {
  return new Promise((resolve) => {
    const off = connection.on(event, (payload) => {
      off();
      resolve(payload as T);
    });
  });
}

describe("on the ws package", () => {
  it("subscribes, receives and settles against a real server", async () => {
    const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
    open.push(server);
    server.on("connection", (socket) => {
      socket.on("message", (data) => {
        const frame = JSON.parse(String(data)) as Message;
        socket.send(JSON.stringify({ event: "subscribed", feed: frame["feed"] }));
        socket.send(JSON.stringify({ feed: frame["feed"], product_id: "PF_XBTUSD", markPrice: 42 }));
      });
    });
    const port = await listening(server);
    const connection = connect(`ws://127.0.0.1:${port}`);
    const got = new Promise<Message>((resolve) =>
      connection.on("message", (m) => {
        if (m["markPrice"] !== undefined) resolve(m);
      }),
    );
    const ticker = connection.subscribe({ feed: "ticker", product: "PF_XBTUSD" });
    await expect(ticker.ready).resolves.toBeUndefined();
    expect(await got).toMatchObject({ markPrice: 42 });
    expect(connection.state).toBe("ready");
  });

  it("an HTTP 404 answer to the upgrade closes the connection for good, naming the status", async () => {
    const server = createServer((_req, res) => res.writeHead(404).end("no such path"));
    server.listen(0, "127.0.0.1");
    open.push(server);
    const port = await listening(server);
    const connection = connect(`ws://127.0.0.1:${port}/wrong`);
    await expect(connection.connect()).rejects.toMatchObject({ kind: "upgrade-refused", status: 404 });
    expect(connection.state).toBe("closed");
  });

  it("a port nobody listens on reads as a refusal, not as a close by the server", async () => {
    const server = createServer();
    server.listen(0, "127.0.0.1");
    const port = await listening(server);
    await new Promise((resolve) => server.close(resolve));
    const connection = connect(`ws://127.0.0.1:${port}`);
    const reconnecting = nextEvent<{ reason: string; error: ConnectionError }>(connection, "reconnecting");
    connection.connect().catch(() => {});
    const { reason, error } = await reconnecting;
    expect(error.kind).toBe("refused");
    expect(reason).toContain("ECONNREFUSED");
    expect(reason).not.toContain("closed by the server");
  });

  it("passes maxPayload to ws: a bigger frame ends the socket, described by its error, not as a server close", async () => {
    const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
    open.push(server);
    server.on("connection", (socket) => socket.send("x".repeat(2048)));
    const port = await listening(server);
    const connection = connect(`ws://127.0.0.1:${port}`, { maxPayload: 1024 });
    const reconnecting = nextEvent<{ reason: string; error: ConnectionError }>(connection, "reconnecting");
    connection.connect().catch(() => {});
    const { reason, error } = await reconnecting;
    // ws reports its own 1009 close as an abnormal one (1006), with the error text before it.
    expect(error.kind).toBe("closed");
    expect(reason).toContain("Max payload size exceeded");
    expect(reason).not.toContain("closed by the server");
  });
});
