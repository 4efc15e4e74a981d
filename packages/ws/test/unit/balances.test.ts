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
    expect(view.applyDelta({ ...structuredClone(seedDelta), holding: { USD: 4200.5 } })).toBe(true);
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
    expect(view.applyDelta(structuredClone(seedDelta))).toBe(false);
    view.applySnapshot({ ...structuredClone(seedSnapshot), seq: 100 });
    expect(view.applyDelta(structuredClone(seedDelta))).toBe(false); // seq 83 <= 100
    expect(view.state!.holding["USD"]).toBe(5000);
  });
});
