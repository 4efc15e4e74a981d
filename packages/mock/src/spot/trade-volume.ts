/**
 * `TradeVolume` from the engine: the account's traded USD volume (the figure Futures
 * `feeschedules/volumes` reports) and, per requested contract, its taker (`fees`) and maker
 * (`fees_maker`) fee at that volume, read from the one fee schedule the engine charges
 * ({@link feeSchedules}, fees in percent). A pair the mock does not list is `EQuery:Unknown asset pair`.
 */
import type { Exchange } from "../engine/exchange.js";
import { feeSchedules } from "../engine/public-data.js";
import type { components } from "../generated/spot.gen.js";
import type { Wire } from "../http/typed-handlers.js";

type Schemas = components["schemas"];

/** `TradeVolume`'s `result`, as the spec's `GetTradeVolumeResponse` types it (decimals as text). */
export type TradeVolumeResult = Wire<Schemas["GetTradeVolumeResponse"]["result"]>;

type TradeVolumeRequest = Schemas["GetTradeVolumeRequest"];

/** Kraken's refusal of a pair it does not know. */
export const UNKNOWN_PAIR = "EQuery:Unknown asset pair";

/** A refusal a handler throws with Kraken's Spot error string. */
export class SpotRefusal extends Error {
  constructor(readonly error: string) {
    super(error);
  }
}

interface Tier {
  readonly usdVolume: number;
  readonly makerFee: number;
  readonly takerFee: number;
}

/** A percentage or volume as Spot writes decimals: a plain string, at least 4 places. */
function pct(n: number): string {
  const s = n.toFixed(8).replace(/0{1,4}$/, "");
  return s;
}

/** `FeeTierInfo` of one side of the schedule at `volume`. */
function tierInfo(
  tiers: readonly Tier[],
  volume: number,
  side: "makerFee" | "takerFee",
): Wire<Schemas["FeeTierInfo"]> {
  let at = 0;
  for (let i = 0; i < tiers.length; i++) if (volume >= tiers[i]!.usdVolume) at = i;
  const fees = tiers.map((t) => t[side]);
  const next = tiers[at + 1];
  return {
    fee: pct(tiers[at]![side]),
    minfee: pct(Math.min(...fees)),
    maxfee: pct(Math.max(...fees)),
    nextfee: next ? pct(next[side]) : null,
    nextvolume: next ? pct(next.usdVolume) : null,
    tiervolume: pct(tiers[at]!.usdVolume),
  };
}

/** The pairs a request names: a comma-separated string, or `{asset, aclass}` objects (keyed by asset). */
function pairNames(pair: TradeVolumeRequest["pair"]): string[] {
  if (pair === undefined) return [];
  if (typeof pair === "string") return pair.split(",").map((p) => p.trim());
  return pair.map((p) => p.asset);
}

/** Answers `TradeVolume` for `pair` (optional) and `fee_schedule`. */
export function tradeVolume(
  exchange: Exchange,
  pair: TradeVolumeRequest["pair"],
  withSchedule: boolean,
): TradeVolumeResult {
  exchange.sync();
  const schedule = (feeSchedules(exchange).feeSchedules as { tiers: Tier[] }[])[0]!;
  const volume = exchange.account.volumeUsd;
  const names = pairNames(pair);
  for (const name of names)
    if (!exchange.instruments.has(name.toUpperCase())) throw new SpotRefusal(UNKNOWN_PAIR);
  const out = { currency: "ZUSD", volume: volume.toFixed(4) };
  if (names.length === 0) return out;
  const each = <T>(f: () => T) => Object.fromEntries(names.map((n) => [n, f()]));
  return {
    ...out,
    fees: each(() => tierInfo(schedule.tiers, volume, "takerFee")),
    fees_maker: each(() => tierInfo(schedule.tiers, volume, "makerFee")),
    ...(withSchedule && { schedules: each(() => ({ tiers: schedule.tiers })) }),
  };
}
