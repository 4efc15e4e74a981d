// The connection core driven by a v1-like protocol (challenge authentication, acks by feed).
import { describe, expect, it } from "vitest";
import { ConnectionError, SubscriptionError } from "../../src/index.js";
import { flush } from "../../src/testing/index.js";
import { type Message, type V1Sub, v1Protocol } from "../support/protocols.js";
import { serveV1, type V1ServerOptions } from "../support/servers.js";
import { harness } from "../support/setup.js";

function v1(
  server: V1ServerOptions = {},
  extra: Parameters<typeof harness<Message, V1Sub, unknown>>[0] | object = {},
) {
  return harness({
    protocol: v1Protocol(),
    onConnect: (socket) => serveV1(socket, server),
    ...extra,
  } as Parameters<typeof harness>[0]) as ReturnType<typeof harness<Message, V1Sub, never>>;
}

describe("connection core with a v1-like protocol", () => {
  it("connects, authenticates once per socket and settles each subscription's promise", async () => {
    const h = v1();
    const ticker = h.connection.subscribe({ feed: "ticker", product: "PF_XBTUSD" });
    const fills = h.connection.subscribe({ feed: "fills", private: true });
    const ready = h.connection.connect();
    h.last().accept();
    await flush();
    await ready;
    await expect(ticker.ready).resolves.toBeUndefined();
    await expect(fills.ready).resolves.toBeUndefined();
    expect(h.states).toEqual(["idle", "connecting", "open", "authenticating", "ready"]);
    const sent = h.last().sentJson() as Message[];
    expect(sent.map((f) => f["event"])).toEqual(["subscribe", "challenge", "subscribe"]);
    const challenge = String(sent[2]!["original_challenge"]);
    expect(challenge).toMatch(/^challenge-\d+$/);
    expect(sent[2]).toMatchObject({ feed: "fills", signed_challenge: `signed(${challenge})` });
  });

  it("restores every subscription after a reconnect, private ones with a fresh challenge", async () => {
    const h = v1();
    h.connection.subscribe({ feed: "ticker", product: "PF_XBTUSD" });
    const fills = h.connection.subscribe({ feed: "fills", private: true });
    h.last().accept();
    await flush();
    await fills.ready;
    const firstChallenge = (h.last().sentJson() as Message[]).find((f) => f["feed"] === "fills")![
      "original_challenge"
    ];
    h.last().serverClose(1011, "restart");
    expect(h.connection.state).toBe("reconnecting");
    expect(h.reasons).toEqual(["closed by the server (code 1011: restart)"]);
    await h.clock.advanceToNext();
    expect(h.sockets).toHaveLength(2);
    const second = h.last();
    second.accept();
    await flush();
    expect(h.connection.state).toBe("ready");
    const sent = second.sentJson() as Message[];
    expect(sent.filter((f) => f["event"] === "subscribe").map((f) => f["feed"])).toEqual(["ticker", "fills"]);
    // The first socket's challenge is never reused: the second socket asked for its own.
    const secondChallenge = sent.find((f) => f["feed"] === "fills")!["original_challenge"];
    expect(secondChallenge).toMatch(/^challenge-\d+$/);
    expect(secondChallenge).not.toBe(firstChallenge);
    expect(sent.filter((f) => f["event"] === "challenge")).toHaveLength(1);
    expect(h.sockets[0]!.sent.length).toBe(3);
  });

  it("rejects a refused subscription with a SubscriptionError naming the feed and the server's reason", async () => {
    const h = v1({ refuse: { fills: "Invalid api key" } });
    const fills = h.connection.subscribe({ feed: "fills", private: true });
    const ticker = h.connection.subscribe({ feed: "ticker", product: "PF_XBTUSD" });
    h.last().accept();
    await flush();
    const error = await fills.ready.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SubscriptionError);
    expect(error).toMatchObject({ channel: "fills", reason: "Invalid api key", name: "SubscriptionError" });
    await expect(ticker.ready).resolves.toBeUndefined();
    expect(h.errors).toContain(error);
    // A refused subscription is not re-sent on the next socket.
    h.last().serverClose(1001);
    await h.clock.advanceToNext();
    h.last().accept();
    await flush();
    const feeds = (h.last().sentJson() as Message[])
      .filter((f) => f["event"] === "subscribe")
      .map((f) => f["feed"]);
    expect(feeds).toEqual(["ticker"]);
  });

  it("rejects a subscription the server never acknowledges, after ackTimeoutMs", async () => {
    const h = harness<Message, V1Sub, unknown>({ protocol: v1Protocol(), ackTimeoutMs: 5000 });
    const ticker = h.connection.subscribe({ feed: "ticker", product: "PF_XBTUSD" });
    h.last().accept();
    await flush();
    await h.clock.advance(4999);
    let settled = false;
    ticker.ready
      .then(
        () => {},
        () => {},
      )
      .finally(() => {
        settled = true;
      });
    await flush();
    expect(settled).toBe(false);
    await h.clock.advance(1);
    await expect(ticker.ready).rejects.toMatchObject({
      channel: "ticker",
      reason: "no acknowledgement within 5000 ms",
    });
  });

  it("ignores every event of a socket that is no longer the current one", async () => {
    const h = v1();
    const messages: Message[] = [];
    h.connection.on("message", (m) => messages.push(m));
    h.connection.subscribe({ feed: "ticker", product: "PF_XBTUSD" });
    const first = h.last();
    first.accept();
    await flush();
    first.serverClose(1006);
    await h.clock.advanceToNext();
    const second = h.last();
    expect(h.connection.state).toBe("connecting");
    const before = { states: [...h.states], messages: messages.length, errors: h.errors.length };
    // The stale socket comes back to life: it opens, talks and closes again.
    first.readyState = 1;
    first.accept();
    first.receive({ feed: "ticker", product_id: "PF_XBTUSD", markPrice: 1 });
    first.receive("not json");
    first.serverClose(1011);
    await flush();
    expect(h.states).toEqual(before.states);
    expect(messages).toHaveLength(before.messages);
    expect(h.errors).toHaveLength(before.errors);
    expect(h.connection.state).toBe("connecting");
    second.accept();
    await flush();
    expect(h.connection.state).toBe("ready");
    second.receive({ feed: "ticker", product_id: "PF_XBTUSD", markPrice: 2 });
    expect(messages.at(-1)).toMatchObject({ markPrice: 2 });
  });

  it("close() while the challenge is pending leaves no timer armed and rejects what waited", async () => {
    const h = v1({ silentChallenge: true });
    const fills = h.connection.subscribe({ feed: "fills", private: true });
    const ready = h.connection.connect();
    h.last().accept();
    await flush();
    expect(h.connection.state).toBe("authenticating");
    expect(h.clock.pending).toBeGreaterThan(0); // the challenge timeout, keep-alive, ack timers
    h.connection.close();
    await flush();
    expect(h.clock.pending).toBe(0);
    await expect(ready).rejects.toBeInstanceOf(ConnectionError);
    await expect(fills.ready).rejects.toMatchObject({ kind: "client-closed" });
    expect(h.last().closedByClient).toMatchObject({ code: 1000 });
    expect(h.states.at(-1)).toBe("closed");
    await h.clock.advance(60_000);
    expect(h.sockets).toHaveLength(1);
  });

  it("close() while connecting or reconnecting leaves no timer armed either", async () => {
    const connecting = v1();
    connecting.connection.connect().catch(() => {});
    connecting.connection.close();
    expect(connecting.clock.pending).toBe(0);

    const reconnecting = v1();
    reconnecting.connection.connect().catch(() => {});
    reconnecting.last().refuse();
    expect(reconnecting.connection.state).toBe("reconnecting");
    reconnecting.connection.close();
    expect(reconnecting.clock.pending).toBe(0);
  });

  it("an unanswered challenge times out, drops the socket and reconnects", async () => {
    const h = harness<Message, V1Sub, unknown>({
      protocol: v1Protocol({ authTimeoutMs: 3000 }),
      onConnect: (socket) => serveV1(socket, { silentChallenge: true }),
    });
    h.connection.subscribe({ feed: "fills", private: true });
    h.last().accept();
    await flush();
    await h.clock.advance(3000);
    expect(h.connection.state).toBe("reconnecting");
    expect(h.errors.map((e) => e.message)).toContain("the server's challenge: no answer within 3000 ms");
    expect(h.last().closedByClient?.code).toBe(4000);
  });

  it("passes maxPayload to the constructor, and nothing when it is not set", () => {
    const capped = v1({}, { maxPayload: 1 << 20 });
    capped.connection.connect().catch(() => {});
    expect(capped.last().options).toEqual({ maxPayload: 1 << 20 });
    const plain = v1();
    plain.connection.connect().catch(() => {});
    expect(plain.last().options).toBeUndefined();
  });

  it("a private subscription on a ready public connection authenticates then, once for the socket", async () => {
    const h = v1();
    h.connection.subscribe({ feed: "ticker", product: "PF_XBTUSD" });
    h.last().accept();
    await flush();
    expect(h.connection.state).toBe("ready");
    const fills = h.connection.subscribe({ feed: "fills", private: true });
    await flush();
    await expect(fills.ready).resolves.toBeUndefined();
    const orders = h.connection.subscribe({ feed: "open_orders", private: true });
    await flush();
    await expect(orders.ready).resolves.toBeUndefined();
    expect(h.states.slice(-3)).toEqual(["ready", "authenticating", "ready"]);
    const events = (h.last().sentJson() as Message[]).map((f) => `${f["event"]}:${f["feed"] ?? ""}`);
    expect(events).toEqual(["subscribe:ticker", "challenge:", "subscribe:fills", "subscribe:open_orders"]);
  });

  it("a subscription asked for during authentication is sent on that socket too", async () => {
    const h = v1();
    h.connection.subscribe({ feed: "fills", private: true });
    h.last().accept();
    expect(h.connection.state).toBe("authenticating");
    const orders = h.connection.subscribe({ feed: "open_orders", private: true });
    const trade = h.connection.subscribe({ feed: "trade", product: "PF_XBTUSD" });
    await flush();
    await Promise.all([orders.ready, trade.ready]);
    expect(h.connection.state).toBe("ready");
    const feeds = (h.last().sentJson() as Message[])
      .filter((f) => f["event"] === "subscribe")
      .map((f) => f["feed"]);
    expect(feeds.sort()).toEqual(["fills", "open_orders", "trade"]);
  });

  it("shares one wire subscription between handles and unsubscribes when the last one leaves", async () => {
    const h = v1();
    const a = h.connection.subscribe({ feed: "ticker", product: "PF_XBTUSD" });
    const b = h.connection.subscribe({ feed: "ticker", product: "PF_XBTUSD" });
    h.last().accept();
    await flush();
    await Promise.all([a.ready, b.ready]);
    a.unsubscribe();
    a.unsubscribe(); // twice is once
    expect((h.last().sentJson() as Message[]).map((f) => f["event"])).toEqual(["subscribe"]);
    b.unsubscribe();
    await flush();
    expect((h.last().sentJson() as Message[]).map((f) => f["event"])).toEqual(["subscribe", "unsubscribe"]);
    h.last().serverClose(1011);
    await h.clock.advanceToNext();
    h.last().accept();
    await flush();
    expect(h.last().sent).toEqual([]); // nothing wanted, nothing restored
  });

  it("drops a malformed frame with an error event and carries on", async () => {
    const h = v1();
    const messages: Message[] = [];
    h.connection.on("message", (m) => messages.push(m));
    h.connection.subscribe({ feed: "ticker", product: "PF_XBTUSD" });
    h.last().accept();
    await flush();
    h.last().receive("{not json");
    h.last().receive({ feed: "ticker", markPrice: 3 });
    expect(h.errors.at(-1)?.message).toBe("a frame could not be decoded and was dropped");
    expect(h.connection.state).toBe("ready");
    expect(messages.at(-1)).toMatchObject({ markPrice: 3 });
  });
});
