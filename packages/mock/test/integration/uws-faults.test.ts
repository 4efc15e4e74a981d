/**
 * UWS faults for clients to survive: a connection dropped mid-request, before or after the engine saw
 * it (the client cannot tell which; REST shows which happened), and an unknown-token refusal at
 * reconnect. Checksum corruption and the ledgers gap are covered with their channels.
 */
import { describe, expect, it, vi } from "vitest";
import { API, call } from "./helpers.js";
import { restingBuy as restingBuyAt, TEST_TOKEN, UwsClient, useUwsMock } from "./uws-helpers.js";

const bed = useUwsMock();
const token = TEST_TOKEN;

const order = () => restingBuyAt(bed.mock);
const openCount = async () =>
  ((await call(bed.mock.origin, `${API}/openorders`)).body.openOrders as unknown[]).length;
const closed = (c: UwsClient) =>
  vi.waitFor(
    () => {
      if (c.socket.readyState !== c.socket.CLOSED) throw new Error("still open");
    },
    { timeout: 3_000, interval: 5 },
  );

describe("UWS faults", () => {
  it("drop before the engine: the connection dies, no ack, no order", async () => {
    bed.mock.uws.faults.dropNextRequest = "before";
    bed.client.request("add_order", order());
    await closed(bed.client);
    expect(bed.client.messages.filter((m) => m.method === "add_order")).toEqual([]);
    expect(await openCount()).toBe(0);
    expect(bed.mock.uws.faults.dropNextRequest).toBeUndefined();
  });

  it("drop after the engine: the connection dies, no ack, but the order rests", async () => {
    bed.mock.uws.faults.dropNextRequest = "after";
    bed.client.request("add_order", order());
    await closed(bed.client);
    expect(bed.client.messages.filter((m) => m.method === "add_order")).toEqual([]);
    expect(await openCount()).toBe(1);
  });

  it("a token the store no longer knows is refused at reconnect with the store's error", async () => {
    await bed.client.call("subscribe", { channel: "balances", token });
    await bed.client.close();
    bed.tokens.tokens.delete(token);
    const again = await UwsClient.open(bed.mock.uwsPrivateUrl);
    expect(await again.call("subscribe", { channel: "balances", token })).toMatchObject({
      success: false,
      error: "EAccount:Invalid token (test authority)",
    });
    await again.close();
  });
});

describe("UWS delayed acks and bad frames", () => {
  it("holds acknowledgements while data flows, then releases them in order", async () => {
    bed.mock.uws.faults.holdAcks = true;
    const first = bed.client.request("add_order", order());
    const second = bed.client.request("subscribe", { channel: "balances", token });
    await vi.waitFor(() => {
      if (bed.client.data("balances", "snapshot").length === 0) throw new Error("no snapshot yet");
    });
    expect(bed.client.messages.filter((m) => m.req_id !== undefined)).toEqual([]);
    expect(await openCount()).toBe(1);
    bed.mock.uws.releaseAcks();
    const acks = await bed.client.acks(second);
    expect(bed.client.messages.filter((m) => m.req_id !== undefined).map((m) => m.req_id)).toEqual([
      first,
      second,
    ]);
    expect(acks[0]).toMatchObject({ success: true });
  });

  it("answers a frame that is not a JSON object with an error, and keeps the connection", async () => {
    bed.client.socket.send("{not json");
    await vi.waitFor(() => {
      if (!bed.client.messages.some((m) => m.method === "error")) throw new Error("no error yet");
    });
    expect(bed.client.messages.at(-1)).toMatchObject({ success: false, error: "Malformed request" });
    expect(await bed.client.call("ping")).toMatchObject({ method: "pong", success: true });
  });
});

describe("UWS silence, snapshot_too_large and the request limit", () => {
  it("silence: nothing arrives, not even protocol pongs, until it ends", async () => {
    bed.mock.uws.faults.silence = true;
    let pongs = 0;
    bed.client.socket.on("pong", () => pongs++);
    bed.client.socket.ping();
    bed.client.request("ping");
    // Once the server has handled the ping (and, before it, the protocol ping), end the silence.
    await vi.waitFor(() => {
      if (bed.mock.uws.requests.length === 0) throw new Error("not handled yet");
    });
    bed.mock.uws.faults.silence = false;
    const after = bed.client.request("ping");
    await bed.client.acks(after);
    expect(bed.client.messages.map((m) => m.req_id)).toEqual([after]);
    expect(pongs).toBe(0);
  });

  it("snapshot_too_large: empty lists, no time; a resubscription gets the real snapshot", async () => {
    bed.mock.uws.faults.positionsTooLarge = true;
    await bed.client.call("subscribe", { channel: "positions", asset_class: "derivatives", token });
    await bed.client.barrier();
    expect(bed.client.data("positions", "snapshot")[0]!.data).toEqual({
      futures: [],
      options: [],
      status: "snapshot_too_large",
    });
    await bed.client.call("unsubscribe", { channel: "positions", token });
    await bed.client.call("subscribe", { channel: "positions", asset_class: "derivatives", token });
    await bed.client.barrier();
    expect(bed.client.data("positions", "snapshot")[1]!.data).toHaveProperty("timestamp");
  });

  it("refuses requests over 100 per second of the exchange clock", async () => {
    for (let i = 0; i < 101; i++) bed.client.request("ping");
    await vi.waitFor(() => {
      if (!bed.client.messages.some((m) => m.error === "Exceeded msg rate"))
        throw new Error("no refusal yet");
    });
    expect(bed.client.messages.filter((m) => m.method === "pong")).toHaveLength(100);
  });
});
