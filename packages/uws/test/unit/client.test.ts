// The client on fake sockets (browser-style, as in a browser's global WebSocket) and a manual clock:
// a fresh token per socket, asset_class and cl_ord_id filled in, answers matched by req_id, the
// default timeout, and bounded iterators.
import { BufferOverflowError } from "@kraken-futures/core";
import { createFakeWebSockets, type FakeWebSocket, flush, ManualClock } from "@kraken-futures/core/testing";
import { describe, expect, it } from "vitest";
import { createUwsClient, DEFAULT_REQUEST_TIMEOUT_MS, UwsOutcomeUnknownError } from "../../src/index.js";

type Frame = { method: string; params?: Record<string, unknown>; req_id: number };

function setup() {
  const clock = new ManualClock(1_000_000);
  const fakes = createFakeWebSockets();
  let minted = 0;
  const client = createUwsClient({
    urls: { public: "ws://test/v2/public", private: "ws://test/v2/private" },
    WebSocket: fakes.WebSocket,
    clock,
    timers: clock,
    token: async () => `token-${++minted}`,
    newClOrdId: () => `cl-${minted}-${clock.now()}`,
    strict: true,
  });
  return { clock, fakes, client };
}

const frames = (socket: FakeWebSocket | undefined) => (socket?.sentJson() ?? []) as Frame[];
const ackAll = (socket: FakeWebSocket, method = "subscribe") => {
  for (const f of frames(socket))
    if (f.method === method) socket.receive({ method, success: true, req_id: f.req_id });
};

describe("the UWS client on fake sockets", () => {
  it("fetches a fresh token for every private socket and never reuses one", async () => {
    const { clock, fakes, client } = setup();
    void client.balances;
    await flush();
    const first = fakes.last!;
    first.accept();
    await flush();
    const sub1 = frames(first).find((f) => f.method === "subscribe")!;
    expect(sub1.params).toEqual({ channel: "balances", token: "token-1" }); // no asset_class: the spec has none
    first.serverClose(1011, "bye");
    await clock.advance(1_000);
    const second = fakes.last!;
    expect(second).not.toBe(first);
    second.accept();
    await flush();
    const sub2 = frames(second).find((f) => f.method === "subscribe")!;
    expect(sub2.params?.token).toBe("token-2");
    await client.close();
  });

  it("fills in asset_class and cl_ord_id and matches answers by req_id, in any order", async () => {
    const { fakes, client } = setup();
    const a = client.addOrder({
      order_type: "limit",
      side: "buy",
      order_qty: 1,
      symbol: "PF_XBTUSD",
      limit_price: 1,
    });
    const b = client.addOrder({
      order_type: "limit",
      side: "sell",
      order_qty: 1,
      symbol: "PF_XBTUSD",
      limit_price: 9,
      cl_ord_id: "mine",
    });
    await flush();
    const socket = fakes.sockets.find((s) => s.url.endsWith("/private"))!;
    socket.accept();
    await flush();
    ackAll(socket);
    await flush();
    const orders = frames(socket).filter((f) => f.method === "add_order");
    expect(orders).toHaveLength(2);
    expect(orders.map((o) => o.params?.asset_class)).toEqual(["derivatives", "derivatives"]);
    expect(orders[0]!.params?.cl_ord_id).toMatch(/^cl-/);
    expect(orders[1]!.params?.cl_ord_id).toBe("mine");
    const answer = (o: Frame, id: string) =>
      socket.receive({
        method: "add_order",
        success: true,
        req_id: o.req_id,
        result: { order_id: id, cl_ord_id: o.params?.cl_ord_id },
      });
    answer(orders[1]!, "second");
    answer(orders[0]!, "first");
    expect((await a).result?.order_id).toBe("first");
    expect((await b).result?.order_id).toBe("second");
    await client.close();
  });

  it(`gives up waiting after ${DEFAULT_REQUEST_TIMEOUT_MS} ms by default: outcome unknown, not resent`, async () => {
    const { clock, fakes, client } = setup();
    const call = client.cancelAll().catch((e: unknown) => e);
    await flush();
    const socket = fakes.last!;
    socket.accept();
    await flush();
    await clock.advance(DEFAULT_REQUEST_TIMEOUT_MS);
    const error = await call;
    expect(error).toBeInstanceOf(UwsOutcomeUnknownError);
    expect((error as UwsOutcomeUnknownError).reason).toBe("timeout");
    expect(frames(socket).filter((f) => f.method === "cancel_all")).toHaveLength(1);
    await client.close();
  });

  it("bounds each iterator: after its capacity it ends with BufferOverflowError, nothing dropped silently", async () => {
    const { fakes, client } = setup();
    const ticker = client.subscribe("ticker", { symbol: ["PF_XBTUSD"] }, { bufferCapacity: 2 });
    const iterator = ticker[Symbol.asyncIterator]();
    await flush();
    const socket = fakes.last!;
    socket.accept();
    await flush();
    ackAll(socket);
    for (let i = 0; i < 3; i++)
      socket.receive({ channel: "ticker", type: "update", data: [{ symbol: "PF_XBTUSD", last: i }] });
    socket.receive({ channel: "ticker", type: "update", data: [{ symbol: "PF_ETHUSD", last: 9 }] }); // not ours
    expect((await iterator.next()).value.data[0].last).toBe(0);
    expect((await iterator.next()).value.data[0].last).toBe(1);
    await expect(iterator.next()).rejects.toBeInstanceOf(BufferOverflowError);
    await client.close();
  });
});
