import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { BalancesView } from "../../src/balances.js";
import type { BalancesSnapshot, BalancesUpdate } from "../../src/generated/ws.gen.js";

const spec = parse(
  readFileSync(
    join(dirname(fileURLToPath(import.meta.url)), "../../../../specs/asyncapi/ws/asyncapi.yaml"),
    "utf8",
  ),
);
const seedSnapshot = spec.components.messages.balancesSnapshot.examples[0].payload as BalancesSnapshot;
const seedDelta = spec.components.messages.balances.examples[0].payload as BalancesUpdate;

describe("BalancesView", () => {
  it("merges the seed's partial delta into the seed's snapshot", () => {
    const view = new BalancesView();
    view.applySnapshot(structuredClone(seedSnapshot));
    expect(view.applyDelta({ ...structuredClone(seedDelta), holding: { USD: 4200.5 } })).toBe("applied");
    const state = view.state!;
    expect(state.holding["USD"]).toBe(4200.5);
    expect(state.holding["XBT"]).toBe(0.1285407184); // untouched by the delta
    expect(Object.keys(state.futures)).toEqual(["F-ETH:EUR", "F-XBT:USD"]); // `futures: {}` changes nothing
    expect(state.flex_futures.cross?.balance_value).toBe(9963.66);
    expect(state.seq).toBe(83);
  });

  it("merges nested partial wallets key by key", () => {
    const view = new BalancesView();
    view.applySnapshot(structuredClone(seedSnapshot));
    view.applyDelta({
      feed: "balances",
      account: "a",
      timestamp: 2,
      seq: 1,
      flex_futures: { cross: { pnl: 12 }, currencies: { USD: { quantity: 7 } } },
    });
    expect(view.state!.flex_futures.cross).toMatchObject({ pnl: 12, balance_value: 9963.66 });
    expect(view.state!.flex_futures.currencies?.["USD"]).toMatchObject({ quantity: 7, haircut: 0 });
    expect(view.state!.flex_futures.currencies?.["USDT"]).toBeDefined();
  });

  it("ignores deltas before a snapshot and stale deltas", () => {
    const view = new BalancesView();
    expect(view.applyDelta(structuredClone(seedDelta))).toBe("unsynced");
    view.applySnapshot({ ...structuredClone(seedSnapshot), seq: 100 });
    expect(view.applyDelta(structuredClone(seedDelta))).toBe("stale"); // seq 83 <= 100
    expect(view.state!.holding["USD"]).toBe(5000);
  });
});

describe("BalancesView sequence and safety", () => {
  const snapshot = (seq: number): BalancesSnapshot =>
    ({ ...structuredClone(seedSnapshot), seq }) as BalancesSnapshot;
  const delta = (seq: number, usd: number): BalancesUpdate =>
    ({ feed: "balances", account: "a", timestamp: 2, seq, holding: { USD: usd } }) as BalancesUpdate;

  it("reports a seq gap (1 -> 3) and leaves the state as it was", () => {
    const view = new BalancesView();
    view.applySnapshot(snapshot(1));
    expect(view.applyDelta(delta(2, 10))).toBe("applied");
    expect(view.applyDelta(delta(4, 20))).toBe("gap");
    expect(view.state!.holding["USD"]).toBe(10);
    expect(view.synced).toBe(false);
    expect(view.applyDelta(delta(5, 30))).toBe("unsynced"); // ignored until the next snapshot
    view.applySnapshot(snapshot(7));
    expect(view.applyDelta(delta(8, 40))).toBe("applied");
  });

  it("takes the first delta after a snapshot with seq 0 as the base (the seed's snapshot carries 0)", () => {
    const view = new BalancesView();
    view.applySnapshot(snapshot(0));
    expect(view.applyDelta(delta(83, 10))).toBe("applied");
    expect(view.applyDelta(delta(85, 10))).toBe("gap");
  });

  it("merges a delta with __proto__ into prototype-free objects", () => {
    const view = new BalancesView();
    view.applySnapshot(snapshot(1));
    const hostile = JSON.parse(
      '{"feed":"balances","account":"a","timestamp":2,"seq":2,"holding":{"__proto__":{"polluted":1}},"__proto__":{"evil":true}}',
    );
    expect(view.applyDelta(hostile)).toBe("applied");
    const state = view.state as unknown as Record<string, Record<string, unknown>>;
    expect(Object.getPrototypeOf(state)).toBeNull();
    expect(Object.getPrototypeOf(state["holding"])).toBeNull();
    expect(state["holding"]!["polluted"]).toBeUndefined();
    expect(state["evil"]).toBeUndefined();
    expect(state["holding"]!["USD"]).toBe(5000);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });
});
