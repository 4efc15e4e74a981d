// The connection core driven by a UWS-like protocol: a token fetched for every connection, req_id acks,
// an application-level ping. The same core as the v1-like tests, no protocol-specific code in it.
import { describe, expect, it } from "vitest";
import { ConnectionError, RequestError, SubscriptionError } from "../../src/index.js";
import { flush } from "../../src/testing/index.js";
import { type Message, type UwsSub, uwsProtocol } from "../support/protocols.js";
import { serveUws, type UwsServerOptions } from "../support/servers.js";
import { harness } from "../support/setup.js";

function uws(server: UwsServerOptions = {}, extra: object = {}) {
  const tokens: string[] = [];
  let fetches = 0;
  const h = harness<Message, UwsSub, string>({
    protocol: uwsProtocol(async () => {
      const token = `token-${++fetches}`;
      tokens.push(token);
      return token;
    }),
    onConnect: (socket) => serveUws(socket, server),
    ...extra,
  });
  return { ...h, tokens };
}

const sentOf = (frames: unknown[]) => frames as Message[];

describe("connection core with a UWS-like protocol", () => {
  it("fetches a fresh token for every connection and never reuses one", async () => {
    const h = uws();
    const executions = h.connection.subscribe({ channel: "executions", private: true });
    const book = h.connection.subscribe({ channel: "book", symbol: "PF_XBTUSD" });
    h.last().accept();
    await flush();
    await expect(executions.ready).resolves.toBeUndefined();
    await expect(book.ready).resolves.toBeUndefined();
    expect(h.connection.state).toBe("ready");
    for (let i = 0; i < 3; i++) {
      h.last().serverClose(1001);
      await h.clock.advanceToNext();
      h.last().accept();
      await flush();
    }
    expect(h.tokens).toEqual(["token-1", "token-2", "token-3", "token-4"]);
    const used = h.sockets.map((s) =>
      sentOf(s.sentJson()).find((f) => (f["params"] as Message)["channel"] === "executions"),
    );
    expect(used.map((f) => (f!["params"] as Message)["token"])).toEqual(h.tokens);
    // Every socket restored both subscriptions; public ones carry no token.
    for (const socket of h.sockets) {
      const subs = sentOf(socket.sentJson()).filter((f) => f["method"] === "subscribe");
      expect(subs.map((f) => (f["params"] as Message)["channel"]).sort()).toEqual(["book", "executions"]);
      expect(subs.find((f) => (f["params"] as Message)["channel"] === "book")!["params"]).not.toHaveProperty(
        "token",
      );
    }
  });

  it("matches acknowledgements by req_id, unique over the connection's life", async () => {
    const h = uws();
    const a = h.connection.subscribe({ channel: "ticker", symbol: "PF_XBTUSD" });
    const b = h.connection.subscribe({ channel: "ticker", symbol: "PF_ETHUSD" });
    h.last().accept();
    await flush();
    await Promise.all([a.ready, b.ready]);
    h.last().serverClose(1011);
    await h.clock.advanceToNext();
    h.last().accept();
    await flush();
    const ids = h.sockets.flatMap((s) => sentOf(s.sentJson()).map((f) => f["req_id"]));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("rejects a refused subscription with the channel and Kraken's error string", async () => {
    const h = uws({ refuse: { margin: "Already subscribed to margin channel" } });
    const margin = h.connection.subscribe({ channel: "margin", private: true });
    h.last().accept();
    await flush();
    await expect(margin.ready).rejects.toBeInstanceOf(SubscriptionError);
    await expect(margin.ready).rejects.toMatchObject({
      channel: "margin",
      reason: "Already subscribed to margin channel",
      message: "subscription to margin refused: Already subscribed to margin channel",
    });
  });

  it("request() resolves with the answer of its req_id, with the socket's token", async () => {
    const h = uws();
    await Promise.all([h.connection.connect(), (async () => h.last().accept())()]);
    const answer = await h.connection.request(
      ({ requestId, auth }) => ({
        method: "add_order",
        params: { symbol: "PF_XBTUSD", token: auth },
        req_id: requestId,
      }),
      { method: "add_order", auth: true },
    );
    expect(answer).toMatchObject({ method: "add_order", success: true, result: { token: "token-1" } });
    expect(h.connection.state).toBe("ready");
    expect(h.states.slice(-2)).toEqual(["authenticating", "ready"]);
  });

  it("a request in flight when the socket drops rejects as lost, is never resent, and a refusal is a RequestError", async () => {
    const h = uws({ ignore: ["add_order"] });
    const ready = h.connection.connect();
    h.last().accept();
    await ready;
    const order = h.connection.request(({ requestId }) => ({ method: "add_order", req_id: requestId }), {
      method: "add_order",
    });
    await flush();
    h.last().serverClose(1006);
    await expect(order).rejects.toMatchObject({ kind: "lost", name: "ConnectionError" });
    await h.clock.advanceToNext();
    h.last().accept();
    await flush();
    expect(sentOf(h.last().sentJson()).some((f) => f["method"] === "add_order")).toBe(false);

    const refusing = uws({ refuse: {} });
    refusing.connection.connect().catch(() => {});
    refusing.last().accept();
    await flush();
    refusing.last().onSend = (text) => {
      const frame = JSON.parse(text) as Message;
      queueMicrotask(() =>
        refusing.last().receive({
          method: frame["method"],
          req_id: frame["req_id"],
          success: false,
          error: "EOrder:Insufficient margin",
        }),
      );
    };
    const refused = refusing.connection.request(
      ({ requestId }) => ({ method: "add_order", req_id: requestId }),
      {
        method: "add_order",
      },
    );
    await expect(refused).rejects.toBeInstanceOf(RequestError);
    await expect(refused).rejects.toMatchObject({
      method: "add_order",
      reason: "EOrder:Insufficient margin",
    });
  });

  it("a request that is still queued when the socket drops rejects as unsent; none is sent when not ready", async () => {
    const h = uws({}, { rate: { perSecond: 1, burst: 1 } });
    const ready = h.connection.connect();
    h.last().accept();
    await ready;
    const build = ({ requestId }: { requestId: number }) => ({ method: "cancel_order", req_id: requestId });
    const first = h.connection.request(build, { method: "cancel_order" });
    const second = h.connection.request(build, { method: "cancel_order" });
    await flush();
    h.last().serverClose(1011);
    await expect(first).resolves.toMatchObject({ success: true });
    await expect(second).rejects.toMatchObject({ kind: "unsent" });
    await expect(h.connection.request(build, { method: "cancel_order" })).rejects.toBeInstanceOf(
      ConnectionError,
    );
  });

  it("keeps the socket alive with the protocol's ping frame where the socket cannot ping", async () => {
    const h = uws({}, { keepAlive: { pingIntervalMs: 5000, silenceTimeoutMs: 30_000 } });
    h.connection.connect().catch(() => {});
    h.last().accept();
    await flush();
    await h.clock.advance(60_000);
    const pings = sentOf(h.last().sentJson()).filter((f) => f["method"] === "ping");
    expect(pings.length).toBe(12);
    expect(h.connection.state).toBe("ready"); // the pongs were signs of life
    expect(h.sockets).toHaveLength(1);
  });

  it("close() while the token is being fetched leaves no timer armed", async () => {
    let release: (token: string) => void = () => {};
    const h = harness<Message, UwsSub, string>({
      protocol: uwsProtocol(() => new Promise<string>((resolve) => (release = resolve))),
      onConnect: (socket) => serveUws(socket),
    });
    const executions = h.connection.subscribe({ channel: "executions", private: true });
    h.last().accept();
    await flush();
    expect(h.connection.state).toBe("authenticating");
    h.connection.close();
    release("late-token");
    await flush();
    expect(h.clock.pending).toBe(0);
    await expect(executions.ready).rejects.toMatchObject({ kind: "client-closed" });
    expect(h.last().sent.some((f) => f.includes("late-token"))).toBe(false);
  });

  it("a token that cannot be fetched for a request drops the socket, reconnects and rejects the request", async () => {
    let calls = 0;
    const h = harness<Message, UwsSub, string>({
      protocol: uwsProtocol(async () => {
        calls++;
        throw new Error("GetWebSocketsToken: EAPI:Invalid key");
      }),
      onConnect: (socket) => serveUws(socket),
    });
    const ready = h.connection.connect();
    h.last().accept();
    await ready;
    const order = h.connection.request(
      ({ requestId, auth }) => ({ method: "add_order", token: auth, req_id: requestId }),
      {
        method: "add_order",
        auth: true,
      },
    );
    await expect(order).rejects.toMatchObject({ kind: "auth", name: "ConnectionError" });
    await expect(order).rejects.toThrow("authentication failed: GetWebSocketsToken: EAPI:Invalid key");
    expect(calls).toBe(1);
    expect(h.connection.state).toBe("reconnecting");
    expect(h.states.slice(-3)).toEqual(["ready", "authenticating", "reconnecting"]);
    expect(sentOf(h.sockets[0]!.sentJson()).some((f) => f["method"] === "add_order")).toBe(false);
  });
});
