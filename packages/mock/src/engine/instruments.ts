/**
 * The listed contracts of the simulated exchange. Kraken has two families, and the engine accounts for
 * them differently:
 * - inverse (`PI_`, `FI_`): a contract is worth 1 USD, margined and settled in XBT in the `fi_xbtusd`
 *   margin account;
 * - linear multi-collateral (`PF_`): a contract is one unit of the base asset, margined in USD from the
 *   `flex` wallet.
 */
export type ContractKind = "inverse" | "linear";

export interface InstrumentSpec {
  readonly symbol: string;
  readonly kind: ContractKind;
  /** Kraken's instrument `type`. */
  readonly type: "futures_inverse" | "flexible_futures";
  /** Underlying index symbol (`rr_xbtusd`, `in_ethusd` style names as Kraken lists them). */
  readonly underlying: string;
  readonly base: "XBT" | "ETH";
  readonly pair: string;
  /** Kraken's ticker `tag`. */
  readonly tag: "perpetual" | "quarter";
  readonly tickSize: number;
  readonly contractSize: number;
  /** Decimal places allowed in an order size (Kraken's `contractValueTradePrecision`). */
  readonly sizePrecision: number;
  readonly perpetual: boolean;
  /** Expiry of a fixed-maturity contract, epoch ms. */
  readonly lastTradingTime?: number;
  /** Basis of the contract over its index (a fixed-maturity contract trades at a premium). */
  readonly basis: number;
  /** Initial-margin rate at the first margin level (maintenance is half of it). */
  readonly initialMarginRate: number;
  readonly maxPositionSize: number;
  /** Size of one simulated-liquidity unit, so that book sizes look like the real market's. */
  readonly lotSize: number;
}

/** The last Friday of the quarter month after `fromMs`, 16:00 UTC (Kraken's quarterly expiry). */
export function nextQuarterlyExpiry(fromMs: number): number {
  const from = new Date(fromMs);
  let year = from.getUTCFullYear();
  let month = from.getUTCMonth();
  for (let i = 0; i < 8; i++) {
    if (month % 3 === 2) {
      const last = new Date(Date.UTC(year, month + 1, 0, 16));
      while (last.getUTCDay() !== 5) last.setUTCDate(last.getUTCDate() - 1);
      // A contract that expires within a week has already been rolled on the real exchange.
      if (last.getTime() - fromMs > 7 * 86_400_000) return last.getTime();
    }
    month += 1;
    if (month === 12) {
      month = 0;
      year += 1;
    }
  }
  throw new Error("unreachable: a quarter month comes within 8 months");
}

/** `FI_XBTUSD_260327` style suffix. */
function yymmdd(ms: number): string {
  return new Date(ms).toISOString().slice(2, 10).replaceAll("-", "");
}

/**
 * The instruments listed at `startMs`: PI_XBTUSD, PF_XBTUSD, PF_ETHUSD and FI_XBTUSD_<next quarterly
 * expiry>.
 */
export function listInstruments(startMs: number): InstrumentSpec[] {
  const expiry = nextQuarterlyExpiry(startMs);
  const inverse = {
    kind: "inverse",
    type: "futures_inverse",
    underlying: "rr_xbtusd",
    base: "XBT",
    pair: "XBT:USD",
    tickSize: 0.5,
    contractSize: 1,
    sizePrecision: 0,
    initialMarginRate: 0.02,
    maxPositionSize: 1_000_000,
    lotSize: 1000,
  } as const;
  return [
    { ...inverse, symbol: "PI_XBTUSD", tag: "perpetual", perpetual: true, basis: 0 },
    {
      ...inverse,
      symbol: `FI_XBTUSD_${yymmdd(expiry)}`,
      tag: "quarter",
      perpetual: false,
      lastTradingTime: expiry,
      basis: 0.004,
    },
    {
      symbol: "PF_XBTUSD",
      kind: "linear",
      type: "flexible_futures",
      underlying: "rr_xbtusd",
      base: "XBT",
      pair: "XBT:USD",
      tag: "perpetual",
      tickSize: 1,
      contractSize: 1,
      sizePrecision: 4,
      perpetual: true,
      basis: 0,
      initialMarginRate: 0.02,
      maxPositionSize: 1_000,
      lotSize: 0.05,
    },
    {
      symbol: "PF_ETHUSD",
      kind: "linear",
      type: "flexible_futures",
      underlying: "rr_ethusd",
      base: "ETH",
      pair: "ETH:USD",
      tag: "perpetual",
      tickSize: 0.1,
      contractSize: 1,
      sizePrecision: 3,
      perpetual: true,
      basis: 0,
      initialMarginRate: 0.02,
      maxPositionSize: 10_000,
      lotSize: 1,
    },
  ];
}

/** Rounds to a multiple of `step`, avoiding binary-fraction noise (0.1 + 0.2). */
export function roundTo(value: number, step: number): number {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 2);
  return Number((Math.round(value / step) * step).toFixed(decimals));
}

/** Rounds to `decimals` places. */
export function roundDp(value: number, decimals: number): number {
  return Number(value.toFixed(decimals));
}

/** True when `value` is a whole multiple of `step` (within float noise). */
export function isMultipleOf(value: number, step: number): boolean {
  return Math.abs(value / step - Math.round(value / step)) < 1e-9;
}
