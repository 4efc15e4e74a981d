/**
 * `level3` over raw WebSockets: on the public host with a token, a snapshot of the individual orders of
 * the top levels, then add / modify / delete events; every checksum verifies with the test's own CRC32
 * over the L3 guide's concatenation, every message validates against the UWS document, and an order
 * placed over `/v2/private` appears on level3 under its own id and leaves it when cancelled.
 */
import { describe, expect, it } from "vitest";
import type { ManualClock } from "../../src/engine/clock.js";
import {
  invalidMessages,
  ReplayedLevel3,
  restingBuy,
  TEST_TOKEN,
  UwsClient,
  useUwsMock,
} from "./uws-helpers.js";

const bed = useUwsMock();
const token = TEST_TOKEN;
const sub = (extra: Record<string, unknown> = {}) => ({
  channel: "level3",
  asset_class: "derivatives",
  symbol: ["PF_XBTUSD"],
  token,
  ...extra,
});

function run(steps: number): void {
  for (let i = 0; i < steps; i++) {
    // The test bed runs the mock on a manual clock.
    (bed.mock.exchange.clock as ManualClock).advance(1_000);
    bed.mock.uws.tick();
  }
}

const replayOf = (c: UwsClient) => {
  const replay = new ReplayedLevel3();
  for (const t of c.texts.filter((x) => JSON.parse(x).channel === "level3")) replay.apply(t);
  return replay;
};

describe("UWS level3", () => {
  it("snapshot then events, every checksum verified and every message valid", async () => {
    const pub = await UwsClient.open(bed.mock.uwsPublicUrl);
    try {
      expect(await pub.call("subscribe", sub({ depth: 10 }))).toMatchObject({
        success: true,
        result: { channel: "level3", symbol: "PF_XBTUSD", depth: 10 },
      });
      run(5);
      await pub.barrier();
      const replay = replayOf(pub);
      expect(pub.data("level3", "snapshot")).toHaveLength(1);
      expect(pub.data("level3", "update").length).toBeGreaterThan(0);
      expect(replay.checked).toBeGreaterThan(1);
      expect(replay.mismatches).toEqual([]);
      expect(new Set([...replay.bids.values()].map((o) => o.limit_price)).size).toBeLessThanOrEqual(10);
      expect(invalidMessages(pub)).toEqual([]);
    } finally {
      await pub.close();
    }
  });

  it("shows an order placed over the UWS under its id, and deletes it on cancel", async () => {
    const pub = await UwsClient.open(bed.mock.uwsPublicUrl);
    try {
      // The resting buy sits 300 below the bid: depth 100 keeps it in view.
      await pub.call("subscribe", sub({ depth: 100 }));
      const added = await bed.client.call("add_order", restingBuy(bed.mock));
      const orderId = (added.result as { order_id: string }).order_id;
      await pub.barrier();
      const adds = pub
        .data("level3", "update")
        .flatMap((m) => (m.data as { bids: { event: string; order_id: string }[] }[])[0]!.bids);
      expect(adds).toContainEqual(expect.objectContaining({ event: "add", order_id: orderId }));
      expect(
        await bed.client.call("cancel_order", { asset_class: "derivatives", order_id: [orderId], token }),
      ).toMatchObject({ success: true });
      await pub.barrier();
      const replay = replayOf(pub);
      expect(replay.bids.has(orderId)).toBe(false);
      expect(replay.mismatches).toEqual([]);
      expect(invalidMessages(pub)).toEqual([]);
    } finally {
      await pub.close();
    }
  });

  it("needs a token, takes the document's depths and refuses more than 200 symbols", async () => {
    const pub = await UwsClient.open(bed.mock.uwsPublicUrl);
    try {
      expect(await pub.call("subscribe", { ...sub(), token: undefined })).toMatchObject({
        success: false,
        error: "'params.token' is required",
      });
      expect(await pub.call("subscribe", sub({ depth: 25 }))).toMatchObject({
        success: false,
        error: "'params.depth' is not valid",
      });
      const many = Array.from({ length: 201 }, () => "PF_XBTUSD");
      expect(await pub.call("subscribe", sub({ symbol: many }))).toMatchObject({ success: true });
      expect(
        await pub.call("unsubscribe", { channel: "level3", symbol: ["PF_XBTUSD"], token }),
      ).toMatchObject({
        success: true,
        result: { channel: "level3", symbol: "PF_XBTUSD", depth: 10 },
      });
      expect(invalidMessages(pub)).toEqual([]);
    } finally {
      await pub.close();
    }
  });
});
