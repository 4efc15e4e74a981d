import type { Rng } from "./random.js";

/** Starting index prices; the seed moves them by up to ±5 % so runs with different seeds differ. */
const START_PRICES = { XBT: 60_000, ETH: 3_000 } as const;

/** An index (spot) price that follows a seeded geometric random walk. */
export interface IndexState {
  readonly base: "XBT" | "ETH";
  /** Index symbol as Kraken lists it in tickers (`in_xbtusd`). */
  readonly symbol: string;
  price: number;
  /** Per-step volatility of the log price. */
  readonly volatility: number;
}

/** Creates the indices of the simulated market. */
export function createIndices(rng: Rng): Map<"XBT" | "ETH", IndexState> {
  const out = new Map<"XBT" | "ETH", IndexState>();
  for (const base of ["XBT", "ETH"] as const) {
    out.set(base, {
      base,
      symbol: `in_${base.toLowerCase()}usd`,
      price: START_PRICES[base] * (0.95 + 0.1 * rng.next()),
      volatility: base === "XBT" ? 0.0004 : 0.0006,
    });
  }
  return out;
}

/** Moves an index one step along its walk. */
export function stepIndex(index: IndexState, rng: Rng): void {
  index.price *= Math.exp(index.volatility * rng.normal());
}
