/**
 * One engine, one ledger, seen through every API at once. An order added over the UWS is listed by REST
 * v3 `openorders`, the WS v1 `open_orders` feed and UWS `executions` under one id; its fill moves UWS
 * `balances`, `margin`, `positions` and `ledgers` to the figures of the v1 `balances` and
 * `open_positions` feeds and of History's account log, to 6 decimals. All clients are raw (the tests'
 * own signing), none of the SDK's.
 */
import { describe, expect, it } from "vitest";
import type { ManualClock } from "../../src/engine/clock.js";
import { DEFAULT_TEST_KEY } from "../../src/keys.js";
import { API, call } from "./helpers.js";
import { signed } from "./history-helpers.js";
import { invalidMessages, type Message, restingBuy, TEST_TOKEN, useUwsMock } from "./uws-helpers.js";
import { RawClient, signChallengeIndependently } from "./ws-helpers.js";

const bed = useUwsMock();
const token = TEST_TOKEN;

async function v1Client(feeds: string[]): Promise<RawClient> {
  const v1 = await RawClient.open(bed.mock.wsUrl);
  for (const feed of feeds) {
    const challenge = await v1.challenge(DEFAULT_TEST_KEY.apiKey);
    v1.send({
      event: "subscribe",
      feed,
      api_key: DEFAULT_TEST_KEY.apiKey,
      original_challenge: challenge,
      signed_challenge: signChallengeIndependently(challenge, DEFAULT_TEST_KEY.apiSecret),
    });
    await v1.waitFor((m) => m.event === "subscribed" && m.feed === feed, `${feed} subscribed`);
  }
  return v1;
}

/** The v1 balances snapshot with its partial deltas applied. */
function mergedV1Balances(v1: RawClient): Message {
  const isObj = (v: unknown): v is Message => v !== null && typeof v === "object" && !Array.isArray(v);
  const merge = (a: Message, b: Message): Message => {
    const out: Message = { ...a };
    for (const [k, v] of Object.entries(b))
      out[k] = isObj(v) && isObj(out[k]) ? merge(out[k] as Message, v) : v;
    return out;
  };
  return v1.of("balances").reduce(merge, v1.of("balances_snapshot")[0]!);
}

type Holding = { asset: string; wallet_id: string; balance: number };
const usdFlex = (entries: Holding[]) => entries.find((e) => e.asset === "USD" && e.wallet_id === "flex");

describe("UWS, REST v3, WS v1 and History agree", () => {
  it("an order added over the UWS is one order everywhere, and its fill moves every view alike", async () => {
    const uws = bed.client;
    const v1 = await v1Client(["open_orders", "balances", "open_positions"]);
    try {
      for (const channel of ["executions", "margin", "positions"])
        await uws.call("subscribe", { channel, asset_class: "derivatives", token });
      for (const channel of ["balances", "ledgers"]) await uws.call("subscribe", { channel, token });

      // The order, over the UWS.
      const added = await uws.call("add_order", restingBuy(bed.mock, { cl_ord_id: "cross-1" }));
      const orderId = (added.result as { order_id: string }).order_id;
      await uws.barrier();
      await v1.barrier();
      const rest = (await call(bed.mock.origin, `${API}/openorders`)).body.openOrders as Message[];
      expect(rest.map((o) => [o.order_id, o.cliOrdId])).toEqual([[orderId, "cross-1"]]);
      const v1Order = v1
        .of("open_orders")
        .find((m) => (m.order as Message | undefined)?.order_id === orderId);
      expect(v1Order).toMatchObject({ is_cancel: false, order: { cli_ord_id: "cross-1", qty: 0.01 } });
      const execs = uws.data("executions", "update").flatMap((m) => m.data as Message[]);
      expect(execs).toContainEqual(
        expect.objectContaining({ order_id: orderId, exec_type: "new", cl_ord_id: "cross-1" }),
      );

      // Its fill: a third party takes it at its limit, on a frozen market.
      const fill = bed.mock.exchange.takeResting(orderId)!;
      expect(fill).toBeDefined();
      (bed.mock.exchange.clock as ManualClock).advance(1);
      bed.mock.uws.tick();
      bed.mock.ws.tick();
      await uws.barrier();
      await v1.barrier();
      expect(uws.data("executions", "update").flatMap((m) => m.data as Message[])).toContainEqual(
        expect.objectContaining({ order_id: orderId, exec_type: "filled" }),
      );

      // Balances: UWS balances and ledgers, v1 balances and History's account log hold one USD figure.
      const v1Flex = mergedV1Balances(v1).flex_futures as {
        currencies: { USD: { quantity: number } };
        available_margin: number;
      };
      const uwsBalance = usdFlex(uws.data("balances", "update").flatMap((m) => m.data as Holding[]))!;
      const uwsLedger = usdFlex(uws.data("ledgers").flatMap((m) => m.data as Holding[]))!;
      const log = (await signed(bed.mock.origin, "/v3/account-log")).json as {
        logs: { asset: string; new_balance: number; fee: number | null }[];
      };
      const historyUsd = log.logs.find((l) => l.asset === "usd")!;
      const figure = v1Flex.currencies.USD.quantity;
      expect(figure).not.toBe(10_000); // the maker fee moved it
      for (const other of [uwsBalance.balance, uwsLedger.balance, historyUsd.new_balance])
        expect(other).toBeCloseTo(figure, 6);
      expect(historyUsd.fee).toBeCloseTo(fill.fee, 6);

      // Margin: the UWS multi-collateral section is v1's flex_futures.
      const multi = uws.data("margin", "multi_collateral").at(-1)!.data as { available_margin: number };
      expect(multi.available_margin).toBeCloseTo(v1Flex.available_margin, 6);

      // Positions: the UWS positions update and v1 open_positions show the same long.
      const uwsPos = uws
        .data("positions", "update")
        .flatMap(
          (m) => (m.data as { futures: { symbol: string; size: number; entry_price: number }[] }).futures,
        )
        .filter((p) => p.symbol === "PF_XBTUSD")
        .at(-1)!;
      const v1Pos = (
        v1.of("open_positions").at(-1)!.positions as {
          instrument: string;
          balance: number;
          entry_price: number;
        }[]
      ).find((p) => p.instrument === "PF_XBTUSD")!;
      expect(uwsPos.size).toBeCloseTo(v1Pos.balance, 6);
      expect(uwsPos.size).toBeCloseTo(0.01, 6);
      expect(uwsPos.entry_price).toBeCloseTo(v1Pos.entry_price, 6);

      expect(invalidMessages(uws)).toEqual([]);
    } finally {
      await v1.close();
    }
  });
});
