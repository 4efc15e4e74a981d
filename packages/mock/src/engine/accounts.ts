import type { Side } from "./book.js";
import type { InstrumentSpec } from "./instruments.js";

/** An open position; `size` is signed (negative = short). */
export interface Position {
  readonly symbol: string;
  size: number;
  /** Average entry price (volume-weighted for linear, harmonic for inverse contracts). */
  entryPrice: number;
  /** Time of the last fill that changed the position (epoch ms). */
  lastFillTime: number;
}

/** Starting balances of the simulated account. */
export interface StartingBalances {
  /** XBT posted as collateral in the `fi_xbtusd` margin account (inverse contracts). Default 1. */
  readonly inverseCollateralXbt?: number;
  /** Multi-collateral wallet quantities by currency. Default `{ USD: 10000, XBT: 0.1, EUR: 5000 }`. */
  readonly flex?: Readonly<Record<string, number>>;
  /** Cash (spot-like) account balances, lower-case currencies. Default `{ xbt: 0.5, usd: 1000 }`. */
  readonly cash?: Readonly<Record<string, number>>;
}

/** Collateral haircut per flex currency: the share of its value that does not count as margin. */
export const HAIRCUTS: Readonly<Record<string, number>> = {
  USD: 0,
  USDT: 0,
  USDC: 0,
  EUR: 0.02,
  XBT: 0.02,
  ETH: 0.03,
};

/** Haircut of a currency the table does not list: it counts at 90 %. */
export const DEFAULT_HAIRCUT = 0.1;

/** EUR is not walked; its rate is fixed because nothing trades against it here. */
export const EURUSD = 1.08;

/** The account's money and positions, and the arithmetic of fills and margin on them. */
export class AccountBook {
  readonly cash: Record<string, number>;
  /** XBT in the fi_xbtusd margin account. */
  inverseCollateral: number;
  readonly flex: Record<string, number>;
  readonly positions = new Map<string, Position>();
  /** Max leverage by symbol (isolated margin); absent = cross margin at the instrument's rate. */
  readonly leverage = new Map<string, number>();
  /** PnL currency preference by symbol (`USD`, `BTC`, ...). */
  readonly pnlCurrency = new Map<string, string>();
  /** Traded USD notional (feeds `feeschedules/volumes`). */
  volumeUsd = 0;

  constructor(start: StartingBalances = {}) {
    this.cash = { xbt: 0.5, usd: 1000, ...start.cash };
    this.inverseCollateral = start.inverseCollateralXbt ?? 1;
    this.flex = { USD: 10_000, XBT: 0.1, EUR: 5_000, ...start.flex };
  }

  /** Signed position size of a symbol (0 when flat). */
  positionSize(symbol: string): number {
    return this.positions.get(symbol)?.size ?? 0;
  }

  /** Initial-margin rate of a linear symbol: 1 / max leverage when isolated, else the instrument's. */
  marginRate(instrument: InstrumentSpec): number {
    const lev = this.leverage.get(instrument.symbol);
    return lev ? 1 / lev : instrument.initialMarginRate;
  }

  /**
   * Applies a fill: fee, realized PnL and the position's new size and entry price.
   * @returns the fee charged, in the account's margin currency (XBT for inverse, USD for linear).
   */
  applyFill(
    instrument: InstrumentSpec,
    side: Side,
    quantity: number,
    price: number,
    feeRate: number,
    time: number,
    usdPrice: (currency: string) => number,
  ): number {
    const signed = side === "buy" ? quantity : -quantity;
    const pos = this.positions.get(instrument.symbol) ?? {
      symbol: instrument.symbol,
      size: 0,
      entryPrice: price,
      lastFillTime: time,
    };
    const inverse = instrument.kind === "inverse";
    const fee = inverse ? (quantity / price) * feeRate : quantity * price * feeRate;
    let realized = 0;
    if (pos.size === 0 || Math.sign(pos.size) === Math.sign(signed)) {
      const a = Math.abs(pos.size);
      pos.entryPrice = inverse
        ? (a + quantity) / (a / pos.entryPrice + quantity / price)
        : (a * pos.entryPrice + quantity * price) / (a + quantity);
      pos.size += signed;
    } else {
      const closing = Math.min(quantity, Math.abs(pos.size));
      const dir = Math.sign(pos.size);
      realized = inverse
        ? dir * closing * (1 / pos.entryPrice - 1 / price)
        : dir * closing * (price - pos.entryPrice);
      pos.size += signed;
      if (Math.abs(pos.size) < 1e-12) pos.size = 0;
      // A fill larger than the position flips it: the rest opens at the fill price.
      if (Math.sign(pos.size) === Math.sign(signed)) pos.entryPrice = price;
    }
    pos.lastFillTime = time;
    if (pos.size === 0) this.positions.delete(instrument.symbol);
    else this.positions.set(instrument.symbol, pos);

    if (inverse) {
      this.inverseCollateral += realized - fee;
    } else {
      this.flex.USD = (this.flex.USD ?? 0) - fee;
      const pref = this.pnlCurrency.get(instrument.symbol);
      const currency = pref === "BTC" ? "XBT" : (pref ?? "USD");
      this.flex[currency] = (this.flex[currency] ?? 0) + realized / usdPrice(currency);
    }
    this.volumeUsd += inverse ? quantity : quantity * price;
    return fee;
  }
}
