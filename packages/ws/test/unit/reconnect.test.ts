// The reconnect policy with an injected clock: the backoff resets only after a connection proved
// healthy, a refused upgrade (HTTP 4xx) is final by default, close reasons say what happened, and
// close() leaves no timer armed.
import { describe, expect, it } from "vitest";
import { FakeSocket, SECRET, setup } from "./fakes.js";

describe("reconnect policy", () => {
  it("does not reset the backoff for a server that accepts and then closes (no reconnect storm)", () => {
    const { client, time, socket } = setup({ random: () => 0.5 });
    const opened: number[] = [];
    client.subscribe("ticker", ["PF_XBTUSD"]);
    // Accept, acknowledge, close with 1011 after 20 ms: forever.
    let serving = 0;
    const serve = () => {
      while (serving < FakeSocket.instances.length) {
        const s = socket(serving++);
        opened.push(time.now);
        s.open();
        s.receive({ event: "subscribed", feed: "ticker", product_ids: ["PF_XBTUSD"] });
        time.timers.setTimeout(() => s.emit("close", { code: 1011 }), 20);
      }
    };
    for (let ms = 0; ms < 180_000; ms += 10) {
      serve();
      time.advance(10);
    }
    const inMinute = (from: number) => opened.filter((t) => t >= from && t < from + 60_000).length;
    console.log(
      `accept-then-close (simulated): ${inMinute(0)} connections in minute 1, ${inMinute(60_000)} in minute 2, ${inMinute(120_000)} in minute 3`,
    );
    // Defaults: 250 ms doubling to 30 s. Before the first minute is over the delay is at its cap.
    expect(inMinute(60_000)).toBeLessThanOrEqual(3);
    expect(inMinute(120_000)).toBeLessThanOrEqual(3);
    client.close();
  });

  it("resets the backoff once a connection stayed ready for `stableAfterMs`", () => {
    const { client, time, socket } = setup({ reconnect: { initialDelayMs: 100, stableAfterMs: 5_000 } });
    const delays: number[] = [];
    client.on("reconnecting", (e) => delays.push(e.delayMs));
    client.subscribe("ticker", ["PF_XBTUSD"]);
    for (let i = 0; i < 4; i++) {
      socket().open();
      time.advance(10);
      socket().emit("close", { code: 1011 });
      time.advance(2_000);
    }
    socket().open();
    time.advance(5_000); // healthy
    socket().emit("close", { code: 1011 });
    expect(delays).toEqual([50, 100, 200, 400, 50]);
    client.close();
  });

  it("gives up on an upgrade answered with HTTP 4xx (a wrong URL) unless told to retry", () => {
    const { client, time, socket } = setup();
    const errors: Error[] = [];
    client.on("error", (e) => errors.push(e));
    const ticker = client.subscribe("ticker", ["PF_XBTUSD"]);
    socket().emit("error", { message: "Unexpected server response: 404" });
    socket().emit("close", { code: 1006 });
    time.advance(600_000);
    expect(FakeSocket.instances).toHaveLength(1);
    expect(client.state).toBe("closed");
    expect(errors.at(-1)?.message).toMatch(/HTTP 404/);
    void ticker.subscribed.catch(() => {});

    const retrying = setup({ reconnect: { retryRefusedUpgrade: true } });
    retrying.client.subscribe("ticker", ["PF_XBTUSD"]);
    retrying.socket().emit("error", { message: "Unexpected server response: 404" });
    retrying.socket().emit("close", { code: 1006 });
    retrying.time.advance(1_000);
    expect(FakeSocket.instances).toHaveLength(2);
    retrying.client.close();
  });

  it("retries an upgrade answered with 429 or 5xx", () => {
    for (const status of [429, 503]) {
      const { client, time } = setup();
      client.subscribe("ticker", ["PF_XBTUSD"]);
      FakeSocket.instances[0]!.emit("error", { message: `Unexpected server response: ${status}` });
      FakeSocket.instances[0]!.emit("close", { code: 1006 });
      time.advance(1_000);
      expect(FakeSocket.instances).toHaveLength(2);
      client.close();
    }
  });

  it("describes what happened instead of 'closed by the server (code 1006)'", () => {
    const { client, time, socket } = setup();
    const reasons: string[] = [];
    client.on("reconnecting", (e) => reasons.push(e.reason));
    client.subscribe("ticker", ["PF_XBTUSD"]);
    socket().emit("error", { message: "connect ECONNREFUSED 127.0.0.1:9" });
    socket().emit("close", { code: 1006 });
    time.advance(1_000);
    socket().open();
    socket().emit("close", { code: 1006 });
    time.advance(1_000);
    socket().open();
    socket().emit("close", { code: 1011, reason: "internal" });
    expect(reasons).toEqual([
      "could not connect: connect ECONNREFUSED 127.0.0.1:9",
      "connection lost without a close frame (code 1006)",
      "closed by the server (code 1011: internal)",
    ]);
    client.close();
  });

  it("leaves no timer armed when closed while a challenge is pending", () => {
    const { client, time, socket } = setup({ credentials: { apiKey: "key", apiSecret: SECRET } });
    client.subscribe("fills");
    socket().open();
    expect(socket().sent).toEqual([{ event: "challenge", api_key: "key" }]);
    client.close();
    expect(time.pending).toBe(0);
  });
});
