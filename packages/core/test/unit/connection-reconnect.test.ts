// Reconnects, backoff and keep-alive of the connection core, on fake sockets and the manual clock.
import { describe, expect, it } from "vitest";
import { ConnectionError } from "../../src/index.js";
import { type FakeWebSocket, flush } from "../../src/testing/index.js";
import { type Message, type V1Sub, v1Protocol } from "../support/protocols.js";
import { serveV1 } from "../support/servers.js";
import { type Harness, harness } from "../support/setup.js";

type H = Harness<Message, V1Sub, unknown>;

function make(options: Partial<Parameters<typeof harness<Message, V1Sub, unknown>>[0]> = {}): H {
  return harness<Message, V1Sub, unknown>({ protocol: v1Protocol(), ...options });
}

describe("reconnects", () => {
  it("an accept-then-close server gets at most 10 connections in any minute after the first few", async () => {
    const created: number[] = [];
    let h: H | undefined;
    h = make({
      onConnect: (socket: FakeWebSocket) => {
        const clock = h!.clock;
        created.push(clock.now());
        serveV1(socket);
        clock.setTimeout(() => socket.accept(), 5);
        // Accepts, acknowledges the subscription, then closes 20 ms later: 1008 and 1011 alternately.
        clock.setTimeout(() => socket.serverClose(created.length % 2 ? 1008 : 1011, "go away"), 25);
      },
    });
    h.connection.subscribe({ feed: "ticker", product: "PF_XBTUSD" });
    const start = h.clock.now();
    await h.clock.advance(10 * 60_000);
    expect(h.states).toContain("ready"); // each connection did get to ready before being dropped
    const afterFew = created.slice(5);
    let worst = 0;
    for (const t of afterFew)
      worst = Math.max(worst, afterFew.filter((u) => u >= t && u < t + 60_000).length);
    expect(worst).toBeLessThanOrEqual(10);
    // And over the ten minutes in all: nowhere near the 57-59 per 12 s of a reset-on-open backoff.
    expect(created.length).toBeLessThan(50);
    expect(created[0]).toBe(start);
    expect(h.reasons.every((r) => r.startsWith("closed by the server (code 10"))).toBe(true);
  });

  it("starts the backoff over only after the connection stayed ready for healthyAfterMs", async () => {
    const h = make({ reconnect: { random: () => 0, healthyAfterMs: 10_000 }, onConnect: (s) => serveV1(s) });
    const delays: number[] = [];
    h.connection.on("reconnecting", ({ delayMs }) => delays.push(delayMs));
    h.connection.subscribe({ feed: "ticker", product: "PF_XBTUSD" });
    const cycle = async (aliveMs: number) => {
      h.last().accept();
      await flush();
      expect(h.connection.state).toBe("ready");
      await h.clock.advance(aliveMs);
      h.last().serverClose(1011);
      await h.clock.advanceToNext();
    };
    await cycle(1000);
    await cycle(9_999); // ready, but not for long enough: the backoff keeps growing
    await cycle(5000);
    expect(delays).toEqual([125, 250, 500]);
    await cycle(10_000); // healthy: the next drop starts from the first delay
    expect(delays).toEqual([125, 250, 500, 125]);
  });

  it("stops after an HTTP 4xx answer to the upgrade, by default", async () => {
    const h = make();
    const ready = h.connection.connect();
    h.last().rejectUpgrade(404);
    await expect(ready).rejects.toMatchObject({ kind: "upgrade-refused", status: 404 });
    expect(h.connection.state).toBe("closed");
    const error = h.errors.at(-1) as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toContain("HTTP 404");
    expect(error.message).toContain("not reconnecting");
    await h.clock.advance(10 * 60_000);
    expect(h.sockets).toHaveLength(1);
    expect(h.clock.pending).toBe(0);
  });

  it("keeps trying after a 5xx, a 429, or a 4xx when retryOnUpgradeRefusal is set", async () => {
    for (const [status, retry] of [
      [503, false],
      [429, false],
      [404, true],
    ] as const) {
      const h = make({ reconnect: { retryOnUpgradeRefusal: retry } });
      h.connection.connect().catch(() => {});
      h.last().rejectUpgrade(status);
      expect(h.connection.state).toBe("reconnecting");
      expect(h.reasons[0]).toContain(`HTTP ${status}`);
      await h.clock.advanceToNext();
      expect(h.sockets).toHaveLength(2);
      h.connection.close();
    }
  });

  it("tells a refusal by the OS from a close by the server", async () => {
    const h = make();
    h.connection.subscribe({ feed: "ticker", product: "PF_XBTUSD" });
    h.last().refuse("connect ECONNREFUSED 127.0.0.1:9");
    expect(h.reasons[0]).toBe(
      "could not connect to wss://example.test/ws: connect ECONNREFUSED 127.0.0.1:9 (no WebSocket was opened)",
    );
    expect(h.reasons[0]).not.toContain("closed by the server");
    await h.clock.advanceToNext();
    h.last().accept();
    await flush();
    h.last().serverClose(1011, "internal error");
    expect(h.reasons[1]).toBe("closed by the server (code 1011: internal error)");
    await h.clock.advanceToNext();
    h.last().accept();
    h.last().serverClose(1006);
    expect(h.reasons[2]).toBe(
      "the connection to wss://example.test/ws dropped without a close frame (code 1006)",
    );
  });

  it("gives up after maxAttempts failed attempts in a row", async () => {
    const h = make({ reconnect: { maxAttempts: 3 } });
    const ready = h.connection.connect();
    for (let i = 0; i < 4; i++) {
      h.last().refuse();
      await h.clock.advanceToNext();
    }
    await expect(ready).rejects.toMatchObject({ kind: "refused" });
    expect(h.sockets).toHaveLength(4); // the first and three reconnects
    expect(h.connection.state).toBe("closed");
    expect(h.errors.at(-1)?.message).toMatch(/^gave up after 3 reconnect attempts \(could not connect/);
    expect(h.clock.pending).toBe(0);
  });

  it("drops a socket that does not open within connectTimeoutMs", async () => {
    const h = make({ connectTimeoutMs: 2000 });
    h.connection.connect().catch(() => {});
    await h.clock.advance(2000);
    expect(h.reasons).toEqual(["wss://example.test/ws did not open within 2000 ms"]);
    expect(h.sockets[0]!.closedByClient?.code).toBe(4000);
  });
});

describe("keep-alive", () => {
  it("pings every pingIntervalMs where the socket can, and reconnects after silenceTimeoutMs", async () => {
    const h = make({
      style: "node",
      keepAlive: { pingIntervalMs: 30_000, silenceTimeoutMs: 60_000 },
      onConnect: (s) => serveV1(s),
    });
    h.connection.subscribe({ feed: "ticker", product: "PF_XBTUSD" });
    const socket = h.last();
    socket.accept();
    await flush();
    await h.clock.advance(30_000);
    expect(socket.pings).toBe(1);
    socket.pong(); // a pong is a sign of life, dated by the next check (every 15 s: a quarter of 60 s)
    await h.clock.advance(30_000);
    expect(socket.pings).toBe(2);
    expect(h.connection.state).toBe("ready");
    // 60 s after the pong, but 45 s after the check that saw it: a live socket is never dropped early.
    await h.clock.advance(30_000);
    expect(h.connection.state).toBe("ready");
    // 75 s after the pong, within 1.5x the silence timeout: dropped.
    await h.clock.advance(15_000);
    expect(h.connection.state).toBe("reconnecting");
    expect(h.reasons[0]).toMatch(/^nothing arrived for 60000 ms/);
    expect(socket.closedByClient?.code).toBe(4000);
  });

  it("counts every message as a sign of life", async () => {
    const h = make({
      keepAlive: { pingIntervalMs: 10_000, silenceTimeoutMs: 20_000 },
      onConnect: (s) => serveV1(s),
    });
    h.connection.subscribe({ feed: "ticker", product: "PF_XBTUSD" });
    h.last().accept();
    for (let i = 0; i < 10; i++) {
      await h.clock.advance(15_000);
      h.last().receive({ feed: "heartbeat" });
    }
    expect(h.connection.state).toBe("ready");
    expect(h.sockets).toHaveLength(1);
  });
});
