// The client's timing rules with an injected clock, timers and WebSocket: no real time passes.
import { describe, expect, it } from "vitest";
import { FakeSocket, settle, setup } from "./fakes.js";

describe("client timing (injected clock and timers)", () => {
  it("builds the URL from the shared origin", () => {
    expect(setup({ origin: "https://futures.kraken.com/" }).client.url).toBe(
      "wss://futures.kraken.com/ws/v1",
    );
    expect(setup({ origin: "http://127.0.0.1:8080", path: "/ws/v1" }).client.url).toBe(
      "ws://127.0.0.1:8080/ws/v1",
    );
  });

  it("sends at most 100 requests per second and queues the rest in order", () => {
    FakeSocket.withPing = true;
    const { client, time, socket } = setup();
    client.subscribe("ticker", ["P0"]);
    socket().open();
    for (let i = 1; i < 250; i++) client.subscribe("ticker", [`P${i}`]);
    expect(socket().sent).toHaveLength(100);
    time.advance(999);
    expect(socket().sent).toHaveLength(100);
    time.advance(1);
    expect(socket().sent).toHaveLength(200);
    time.advance(1000);
    expect(socket().sent.map((r) => (r["product_ids"] as string[])[0])).toEqual(
      Array.from({ length: 250 }, (_, i) => `P${i}`),
    );
    client.close();
  });

  it("pings within the 60 s rule and reconnects when the connection falls silent", () => {
    FakeSocket.withPing = true;
    const { client, time, socket } = setup({
      keepAlive: { pingIntervalMs: 30_000, silenceTimeoutMs: 60_000 },
    });
    const reconnecting: unknown[] = [];
    client.on("reconnecting", (e) => reconnecting.push(e));
    client.subscribe("ticker", ["PF_XBTUSD"]);
    socket().open();
    time.advance(30_000);
    expect(socket().pings).toBe(1);
    socket().emit("message", { data: '{"feed":"heartbeat","time":1}' });
    time.advance(59_000);
    expect(reconnecting).toHaveLength(0);
    time.advance(30_000);
    expect(socket(0).closed).toBe(true);
    expect(reconnecting[0]).toMatchObject({ attempt: 1, reason: "silence" });
    client.close();
  });

  it("subscribes to the heartbeat feed where the socket cannot ping (browsers)", () => {
    FakeSocket.withPing = false;
    const { client, socket } = setup();
    client.subscribe("ticker", ["PF_XBTUSD"]);
    socket().open();
    expect(socket().sent).toContainEqual({ event: "subscribe", feed: "heartbeat" });
    client.close();
    FakeSocket.withPing = true;
  });

  it("backs off with jitter up to the cap and never gives up by default", () => {
    const { client, time, socket } = setup({ reconnect: { initialDelayMs: 100, maxDelayMs: 1000 } });
    const delays: number[] = [];
    client.on("reconnecting", (e) => delays.push(e.delayMs));
    client.subscribe("ticker", ["PF_XBTUSD"]);
    for (let i = 0; i < 30; i++) {
      socket().emit("close", { code: 1006 });
      time.advance(1000);
    }
    // random() = 0: half of 100, 200, 400, 800, then the 1000 cap.
    expect(delays.slice(0, 6)).toEqual([50, 100, 200, 400, 500, 500]);
    expect(FakeSocket.instances).toHaveLength(31);
    expect(client.state).toBe("connecting");
    client.close();
    expect(client.state).toBe("closed");
  });

  it("requests a new challenge on every connection and never reuses one", async () => {
    const secret = Buffer.alloc(64, 7).toString("base64");
    const { client, time, socket } = setup({ credentials: { apiKey: "key", apiSecret: secret } });
    client.subscribe("fills");
    for (const challenge of ["first-challenge", "second-challenge"]) {
      socket().open();
      expect(client.state).toBe("authenticating");
      expect(socket().sent).toEqual([{ event: "challenge", api_key: "key" }]);
      socket().emit("message", { data: JSON.stringify({ event: "challenge", message: challenge }) });
      await settle();
      expect(socket().sent[1]).toMatchObject({
        event: "subscribe",
        feed: "fills",
        original_challenge: challenge,
      });
      expect(client.state).toBe("ready");
      socket().emit("close", { code: 1006 });
      time.advance(1000);
    }
    client.close();
  });
});
