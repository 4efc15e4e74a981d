// What the Kraken Futures v1 client needs of the core beyond the basics: one message acknowledging
// several subscriptions, subscriptions without an acknowledgement deadline, a refused authentication that
// refuses the private subscriptions but keeps the socket, and a resubscription for a fresh snapshot.
import { describe, expect, it } from "vitest";
import {
  type AckMatch,
  type ConnectionError,
  type PendingRequest,
  SubscriptionError,
} from "../../src/index.js";
import { flush } from "../../src/testing/index.js";
import { type Message, type V1Sub, v1Protocol } from "../support/protocols.js";
import { harness } from "../support/setup.js";

/** The v1-like protocol whose `subscribed` acknowledges every pending subscribe of the products it echoes. */
function echoingV1() {
  const base = v1Protocol();
  return {
    ...base,
    matchAck(message: Message, pending: readonly PendingRequest<V1Sub>[]): readonly AckMatch[] | undefined {
      if (message["event"] !== "subscribed") return base.matchAck?.(message, pending) as undefined;
      const echoed = message["product_ids"] as string[];
      return pending
        .filter((p) => p.kind === "subscribe" && echoed.includes(p.subscription?.product ?? ""))
        .map((p) => ({ id: p.id, ok: true }));
    },
  };
}

describe("connection core: what v1 needs", () => {
  it("settles several subscriptions from one message when matchAck returns a list", async () => {
    const h = harness<Message, V1Sub, unknown>({ protocol: echoingV1() });
    const a = h.connection.subscribe({ feed: "ticker", product: "A" });
    const b = h.connection.subscribe({ feed: "ticker", product: "B" });
    h.last().accept();
    await flush();
    h.last().receive({ event: "subscribed", feed: "ticker", product_ids: ["A", "B"] });
    await expect(a.ready).resolves.toBeUndefined();
    await expect(b.ready).resolves.toBeUndefined();
    h.connection.close();
  });

  it("with ackTimeoutMs Infinity a subscription waits for its acknowledgement as long as the socket lives", async () => {
    const h = harness<Message, V1Sub, unknown>({ protocol: v1Protocol(), ackTimeoutMs: Infinity });
    const ticker = h.connection.subscribe({ feed: "ticker", product: "A" });
    let settled = false;
    void ticker.ready.finally(() => {
      settled = true;
    });
    h.last().accept();
    await flush();
    await h.clock.advance(50_000); // five times the default deadline, within the silence timeout
    expect(settled).toBe(false);
    h.last().receive({ event: "subscribed", feed: "ticker" });
    await expect(ticker.ready).resolves.toBeUndefined();
    h.connection.close();
    expect(h.clock.pending).toBe(0);
  });
});

/** The v1-like protocol whose challenge may be refused with an `error` event, as Kraken does. */
function refusingV1() {
  const base = v1Protocol();
  return {
    ...base,
    async authenticate(scope: Parameters<NonNullable<typeof base.authenticate>>[0]) {
      scope.send({ event: "challenge", api_key: "key" });
      const answer = await scope.waitFor(
        (m) => m["event"] === "challenge" || m["event"] === "error",
        10_000,
        "the challenge",
      );
      if (answer["event"] === "error") throw new SubscriptionError("challenge", String(answer["message"]));
      return { original_challenge: String(answer["message"]), signed_challenge: "s" };
    },
  };
}

describe("connection core: refused credentials and resubscriptions", () => {
  it("refuses the private subscriptions when the credentials are refused, and keeps the socket", async () => {
    const h = harness<Message, V1Sub, unknown>({ protocol: refusingV1() });
    const fills = h.connection.subscribe({ feed: "fills", private: true });
    const balances = h.connection.subscribe({ feed: "balances", private: true });
    const ticker = h.connection.subscribe({ feed: "ticker", product: "A" });
    h.last().accept();
    await flush();
    h.last().receive({ event: "error", message: "Invalid api key" });
    await flush();
    await expect(fills.ready).rejects.toMatchObject({ channel: "fills", reason: "Invalid api key" });
    await expect(balances.ready).rejects.toMatchObject({ channel: "balances", reason: "Invalid api key" });
    expect(h.connection.state).toBe("ready");
    h.last().receive({ event: "subscribed", feed: "ticker" });
    await expect(ticker.ready).resolves.toBeUndefined();
    // A later private subscription on this socket is refused the same way; the socket stays.
    const more = h.connection.subscribe({ feed: "open_orders", private: true });
    await flush();
    await expect(more.ready).rejects.toMatchObject({ channel: "open_orders", reason: "Invalid api key" });
    await h.clock.advance(30_000);
    expect(h.sockets).toHaveLength(1);
    expect(h.states).not.toContain("reconnecting");
    expect((h.last().sentJson() as Message[]).filter((f) => f["event"] === "challenge")).toHaveLength(1);
    h.connection.close();
  });

  it("resubscribe(key) sends unsubscribe then subscribe on the current socket, and nothing before it was sent", async () => {
    const h = harness<Message, V1Sub, unknown>({ protocol: v1Protocol() });
    const book = h.connection.subscribe({ feed: "book", product: "A" });
    expect(h.connection.resubscribe(book.key)).toBe(false); // no socket yet
    h.last().accept();
    await flush();
    h.last().receive({ event: "subscribed", feed: "book" });
    await book.ready;
    expect(h.connection.resubscribe(book.key)).toBe(true);
    expect((h.last().sentJson() as Message[]).map((f) => f["event"])).toEqual([
      "subscribe",
      "unsubscribe",
      "subscribe",
    ]);
    expect(h.connection.resubscribe("nothing:here")).toBe(false);
    h.connection.close();
  });
});

describe("connection core: the socket's own words", () => {
  it("keeps what the socket reported in ConnectionError.detail, for a protocol to word its reasons", async () => {
    const h = harness<Message, V1Sub, unknown>({ protocol: v1Protocol() });
    const errors: ConnectionError[] = [];
    h.connection.on("reconnecting", ({ error }) => errors.push(error));
    h.connection.subscribe({ feed: "ticker", product: "A" });
    h.last().refuse("connect ECONNREFUSED 127.0.0.1:9");
    expect(errors[0]).toMatchObject({ kind: "refused", detail: "connect ECONNREFUSED 127.0.0.1:9" });
    await h.clock.advanceToNext();
    h.last().accept();
    h.last().serverClose(1011, "bye");
    expect(errors[1]).toMatchObject({ kind: "closed", code: 1011, detail: undefined });
    h.connection.close();
  });
});

describe("connection core: socket errors and public-only readiness", () => {
  it("reports each socket error with reportSocketErrors, and is ready at once without private subscriptions", () => {
    const h = harness<Message, V1Sub, unknown>({ protocol: v1Protocol(), reportSocketErrors: true });
    h.connection.subscribe({ feed: "ticker", product: "A" });
    h.last().accept();
    expect(h.connection.state).toBe("ready"); // nothing to await: no microtask between open and ready
    h.last().refuse("boom");
    expect(h.errors.map((e) => e.message)).toContain("WebSocket error on wss://example.test/ws: boom");
    h.connection.close();
  });
});

describe("connection core: the data path", () => {
  it("does not call matchAck for a message isAnswer rejects", async () => {
    const base = v1Protocol();
    let calls = 0;
    const protocol = {
      ...base,
      isAnswer: (m: Message) => typeof m["event"] === "string",
      matchAck: (m: Message, pending: readonly PendingRequest<V1Sub>[]) => {
        calls++;
        return base.matchAck?.(m, pending);
      },
    };
    const h = harness<Message, V1Sub, unknown>({ protocol });
    const book = h.connection.subscribe({ feed: "book", product: "A" });
    h.last().accept();
    for (let seq = 1; seq <= 100; seq++) h.last().receive({ feed: "book", product_id: "A", seq });
    expect(calls).toBe(0);
    h.last().receive({ event: "subscribed", feed: "book" });
    await expect(book.ready).resolves.toBeUndefined();
    expect(calls).toBe(1);
    h.connection.close();
  });
});
