// The generated Unified WebSocket types (src/generated/uws.gen.ts) refuse what Kraken refuses, at
// compile time: checked by `pnpm typecheck` (tsc over test/), like the other packages' type tests.
import { describe, expectTypeOf, it } from "vitest";
import {
  type UwsAck,
  type UwsData,
  type UwsMethodAcks,
  type UwsMethodRequests,
  type UwsSubscribeRequests,
  uwsChannels,
  uwsMethods,
} from "../../src/generated/uws.gen.js";

const token = "G38a1tGFzqGiUCmnegBcm8d4nfP3tytiNQz6tkCBYXY";

describe("UWS requests are typed from the spec", () => {
  it("refuses a wrong method, a missing required param and asset_class on ledgers", () => {
    const book: UwsSubscribeRequests["book"] = {
      method: "subscribe",
      params: { channel: "book", asset_class: "derivatives", symbol: ["PF_XBTUSD"], depth: 25 },
    };
    const cancel: UwsMethodRequests["cancel_all"] = {
      // @ts-expect-error: the method of a cancel_all request is cancel_all
      method: "cancel_order",
      params: { asset_class: "derivatives", token },
    };
    const missing: UwsSubscribeRequests["ticker"] = {
      method: "subscribe",
      // @ts-expect-error: asset_class is required on ticker
      params: { channel: "ticker", symbol: ["PF_XBTUSD"] },
    };
    const ledgers: UwsSubscribeRequests["ledgers"] = {
      method: "subscribe",
      // @ts-expect-error: ledgers refuses asset_class
      params: { channel: "ledgers", token, asset_class: "derivatives" },
    };
    const margin: UwsSubscribeRequests["margin"] = {
      method: "subscribe",
      // @ts-expect-error: margin takes only derivatives
      params: { channel: "margin", asset_class: "spot", token },
    };
    const depth: UwsSubscribeRequests["book"] = {
      method: "subscribe",
      // @ts-expect-error: 20 is not a book depth
      params: { channel: "book", asset_class: "derivatives", symbol: ["PF_XBTUSD"], depth: 20 },
    };
    // asset_class is an open enum: a value Kraken adds later can be sent.
    const future: UwsMethodRequests["cancel_all"] = {
      method: "cancel_all",
      params: { asset_class: "options", token },
    };
    expectTypeOf([book, cancel, missing, ledgers, margin, depth, future]).toBeArray();
  });

  it("discriminates acknowledgements by method and data by channel and type", () => {
    const count = (ack: UwsAck) => (ack.method === "cancel_all" ? ack.result?.count : undefined);
    expectTypeOf(count).returns.toEqualTypeOf<number | undefined>();
    const sequence = (message: UwsData) => (message.channel === "ledgers" ? message.sequence : undefined);
    expectTypeOf(sequence).returns.toEqualTypeOf<number | undefined>();
    expectTypeOf<UwsMethodAcks["ping"]["method"]>().toEqualTypeOf<"pong">();
  });

  it("tables say who answers what and where each channel lives", () => {
    expectTypeOf(uwsMethods.add_order.replyMethod).toEqualTypeOf<"add_order">();
    expectTypeOf(uwsChannels.level3.token).toEqualTypeOf<true>();
    expectTypeOf(uwsChannels.margin.perConnection).toEqualTypeOf<1>();
    expectTypeOf(uwsChannels.heartbeat.subscribe).toEqualTypeOf<null>();
  });
});
