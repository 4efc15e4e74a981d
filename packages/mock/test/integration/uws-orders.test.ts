/**
 * UWS order entry over raw WebSockets, checked against REST v3 with the tests' own Futures signer: an
 * order added over the UWS is listed by `openorders`, amended in place, and removed by its UWS cancel;
 * batches are all-or-nothing; refusals carry an error and change nothing; every message validates.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_TEST_KEY } from "../../src/keys.js";
import { API, call } from "./helpers.js";
import {
  invalidMessages,
  restingBuy as restingBuyAt,
  TEST_TOKEN,
  UwsClient,
  useUwsMock,
} from "./uws-helpers.js";
import { RawClient, signChallengeIndependently } from "./ws-helpers.js";

const bed = useUwsMock();
const token = TEST_TOKEN;

type OpenOrder = { order_id: string; limitPrice: number; unfilledSize: number; cliOrdId: string | null };
const openOrders = async () =>
  (await call(bed.mock.origin, `${API}/openorders`)).body.openOrders as OpenOrder[];

const restingBuy = (extra: Record<string, unknown> = {}) => restingBuyAt(bed.mock, extra);

describe("UWS order entry is the engine's order entry", () => {
  it("add_order appears in REST openorders; amend_order changes it in place; cancel_order removes it", async () => {
    await bed.client.call("subscribe", { channel: "executions", asset_class: "derivatives", token });
    const added = await bed.client.call("add_order", restingBuy({ cl_ord_id: "uws-1" }));
    expect(added).toMatchObject({ method: "add_order", success: true, result: { cl_ord_id: "uws-1" } });
    const orderId = (added.result as { order_id: string }).order_id;
    expect(orderId).toMatch(/^[0-9a-f-]{36}$/);
    const listed = (await openOrders()).find((o) => o.order_id === orderId);
    expect(listed).toMatchObject({ cliOrdId: "uws-1", unfilledSize: 0.01 });

    const newPrice = listed!.limitPrice - 10;
    const amended = await bed.client.call("amend_order", {
      asset_class: "derivatives",
      order_id: orderId,
      limit_price: newPrice,
      token,
    });
    expect(amended).toMatchObject({ success: true, result: { order_id: orderId } });
    expect((await openOrders()).find((o) => o.order_id === orderId)!.limitPrice).toBe(newPrice);

    const cancelled = await bed.client.call("cancel_order", {
      asset_class: "derivatives",
      order_id: [orderId],
      token,
    });
    expect(cancelled).toMatchObject({ method: "cancel_order", success: true, result: { order_id: orderId } });
    expect((await openOrders()).some((o) => o.order_id === orderId)).toBe(false);

    await bed.client.barrier();
    const execs = bed.client
      .data("executions", "update")
      .flatMap((m) => m.data as { exec_type: string; order_id: string }[]);
    expect(execs.filter((e) => e.order_id === orderId).map((e) => e.exec_type)).toEqual([
      "new",
      "amended",
      "canceled",
    ]);
    expect(execs.some((e) => e.exec_type === "pending_new")).toBe(false);
    expect(invalidMessages(bed.client)).toEqual([]);
  });

  it("an order placed over REST is in the executions snapshot and cancels over the UWS by cl_ord_id", async () => {
    const price = restingBuy().limit_price as number;
    const sent = await call(bed.mock.origin, `${API}/sendorder`, {
      method: "POST",
      query: `orderType=lmt&symbol=PF_XBTUSD&side=buy&size=0.01&limitPrice=${price}&cliOrdId=rest-1`,
    });
    expect(sent.body.result).toBe("success");
    await bed.client.call("subscribe", { channel: "executions", asset_class: "derivatives", token });
    await bed.client.barrier();
    const [snap] = bed.client.data("executions", "snapshot");
    expect(
      (snap!.data as { cl_ord_id?: string; exec_type: string }[]).find((e) => e.cl_ord_id === "rest-1"),
    ).toMatchObject({
      exec_type: "new",
      order_status: "new",
    });
    const acks = await bed.client.acks(
      bed.client.request("cancel_order", {
        asset_class: "derivatives",
        cl_ord_id: ["rest-1", "nope"],
        token,
      }),
      2,
    );
    expect(acks.map((a) => a.success)).toEqual([true, false]);
    expect(acks[1]).toMatchObject({ error: "Order not found" });
    expect(await openOrders()).toEqual([]);
    expect(invalidMessages(bed.client)).toEqual([]);
  });

  it("a market order fills: executions streams the trade and balances moves", async () => {
    await bed.client.call("subscribe", { channel: "executions", asset_class: "derivatives", token });
    await bed.client.call("subscribe", { channel: "balances", token });
    const a = await bed.client.call("add_order", {
      asset_class: "derivatives",
      order_type: "market",
      side: "buy",
      order_qty: 0.01,
      symbol: "PF_XBTUSD",
      token,
    });
    expect(a.success).toBe(true);
    await bed.client.barrier();
    const execs = bed.client
      .data("executions", "update")
      .flatMap((m) => m.data as { exec_type: string; order_status: string }[]);
    expect(execs.some((e) => e.exec_type === "trade")).toBe(true);
    expect(execs.at(-1)).toMatchObject({ exec_type: "filled", order_status: "filled" });
    expect(bed.client.data("balances", "snapshot")).toHaveLength(1);
    expect(bed.client.data("balances", "update").length).toBeGreaterThan(0);
    expect(invalidMessages(bed.client)).toEqual([]);
  });
});

describe("UWS executions options", () => {
  it("order_status: false streams new and canceled but not amended", async () => {
    await bed.client.call("subscribe", {
      channel: "executions",
      asset_class: "derivatives",
      order_status: false,
      token,
    });
    const added = await bed.client.call("add_order", restingBuy());
    const orderId = (added.result as { order_id: string }).order_id;
    const price = (restingBuy().limit_price as number) - 10;
    await bed.client.call("amend_order", {
      asset_class: "derivatives",
      order_id: orderId,
      limit_price: price,
      token,
    });
    await bed.client.call("cancel_order", { asset_class: "derivatives", order_id: [orderId], token });
    await bed.client.barrier();
    const kinds = bed.client
      .data("executions", "update")
      .flatMap((m) => (m.data as { exec_type: string }[]).map((e) => e.exec_type));
    expect(kinds).toEqual(["new", "canceled"]);
  });
});

describe("UWS and WebSocket v1 see one order", () => {
  it("an order added over the UWS is announced on v1 open_orders, and its UWS cancel there too", async () => {
    const v1 = await RawClient.open(bed.mock.wsUrl);
    const challenge = await v1.challenge(DEFAULT_TEST_KEY.apiKey);
    v1.send({
      event: "subscribe",
      feed: "open_orders",
      api_key: DEFAULT_TEST_KEY.apiKey,
      original_challenge: challenge,
      signed_challenge: signChallengeIndependently(challenge, DEFAULT_TEST_KEY.apiSecret),
    });
    await v1.waitFor((m) => m.feed === "open_orders_snapshot");
    const added = await bed.client.call("add_order", restingBuy({ cl_ord_id: "both-1" }));
    const orderId = (added.result as { order_id: string }).order_id;
    const placed = await v1.waitFor((m) => m.feed === "open_orders" && m.is_cancel === false);
    expect((placed.order as { order_id: string }).order_id).toBe(orderId);
    await bed.client.call("cancel_order", { asset_class: "derivatives", cl_ord_id: ["both-1"], token });
    const gone = await v1.waitFor((m) => m.feed === "open_orders" && m.is_cancel === true);
    expect(gone.order_id).toBe(orderId);
    await v1.close();
  });
});

describe("UWS batches and account-wide methods", () => {
  it("batch_add is all or nothing: one bad order places none; a good batch places all", async () => {
    const { order_type, side, order_qty, limit_price } = restingBuy();
    const good = { order_type, side, order_qty, limit_price };
    const bad = await bed.client.call("batch_add", {
      asset_class: "derivatives",
      symbol: "PF_XBTUSD",
      orders: [good, { ...good, order_qty: "lots" }],
      token,
    });
    expect(bad).toMatchObject({ success: false, error: "'params.orders[1].order_qty' is not valid" });
    expect(await openOrders()).toEqual([]);
    const one = await bed.client.call("batch_add", {
      asset_class: "derivatives",
      symbol: "PF_XBTUSD",
      orders: [good],
      token,
    });
    expect(one).toMatchObject({ success: false, error: "'params.orders' must hold 2 to 15 orders" });
    const ok = await bed.client.call("batch_add", {
      asset_class: "derivatives",
      symbol: "PF_XBTUSD",
      orders: [
        { ...good, cl_ord_id: "b1" },
        { ...good, cl_ord_id: "b2" },
      ],
      token,
    });
    expect(ok.success).toBe(true);
    expect((await openOrders()).map((o) => o.cliOrdId).sort()).toEqual(["b1", "b2"]);

    const single = await bed.client.call("batch_cancel", {
      asset_class: "derivatives",
      cl_ord_id: ["b1"],
      token,
    });
    expect(single).toMatchObject({ success: false });
    const both = await bed.client.call("batch_cancel", {
      asset_class: "derivatives",
      cl_ord_id: ["b1", "b2"],
      token,
    });
    expect(both).toMatchObject({ success: true, result: { count: 2 } });
    expect(await openOrders()).toEqual([]);
    expect(invalidMessages(bed.client)).toEqual([]);
  });

  it("cancel_all counts what it cancelled; cancel_all_orders_after arms the engine's switch", async () => {
    await bed.client.call("add_order", restingBuy());
    await bed.client.call("add_order", restingBuy());
    const all = await bed.client.call("cancel_all", { asset_class: "derivatives", token });
    expect(all).toMatchObject({ success: true, result: { count: 2 } });
    const dms = await bed.client.call("cancel_all_orders_after", { timeout: 60, token });
    expect(dms).toMatchObject({ success: true });
    expect(bed.mock.exchange.deadManSwitchAt).toBe(bed.mock.exchange.clock.now() + 60_000);
    expect(invalidMessages(bed.client)).toEqual([]);
  });

  it("refuses without changing anything: bad token, no token, order_userref, public host, deadline", async () => {
    const cases = [
      [restingBuy({ token: "stale" }), "EAccount:Invalid token (test authority)"],
      [restingBuy({ token: undefined }), "'params.token' is required"],
      [restingBuy({ order_userref: 1 }), "'params.order_userref' is not valid for derivatives"],
      [
        restingBuy({ deadline: new Date(bed.mock.exchange.clock.now() + 120_000).toISOString() }),
        "'params.deadline' must be 500 ms to 60 s ahead",
      ],
      [restingBuy({ limit_price: undefined }), "'params.limit_price' is required"],
    ] as const;
    for (const [params, error] of cases) {
      expect(await bed.client.call("add_order", params)).toMatchObject({
        method: "add_order",
        success: false,
        error,
      });
    }
    const pub = await UwsClient.open(bed.mock.uwsPublicUrl);
    expect(await pub.call("add_order", restingBuy())).toMatchObject({
      success: false,
      error: "Channel add_order is not served on this endpoint",
    });
    await pub.close();
    expect(await openOrders()).toEqual([]);
    expect(invalidMessages(bed.client)).toEqual([]);
  });

  it("a private subscription holds its token until the connection closes", async () => {
    await bed.client.call("subscribe", { channel: "balances", token });
    expect(bed.tokens.held.get(token)).toBe(1);
    await bed.client.close();
    await expect.poll(() => bed.tokens.held.get(token)).toBe(0);
  });
});
