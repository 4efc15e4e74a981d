/**
 * The margin rule of the simulated account: what positions and open orders hold, and whether a new or
 * edited order fits. Pure arithmetic over the account's positions and the orders' claims.
 *
 * The rule (stated in the package README with its evidence):
 * - A position holds initial margin at the mark price.
 * - An open order is valued at the worse of its limit price and the reference price (the mark for an
 *   order that can execute now, the trigger price for a trigger order): the price that makes its
 *   notional margin larger (the higher one for linear contracts, the lower one for inverse contracts,
 *   whose margin is `contracts / price`).
 * - On top, an order holds what filling it at its limit price would lose against that reference
 *   (buying above the mark, selling below it) and the taker fee at the worse price, so a fill can
 *   never take available margin below what the order already held.
 * - Orders are netted against the position per side: the part of one side's orders that only closes
 *   the position holds no notional margin (it frees the position's), the rest does, at the worst price
 *   of that side.
 */
import type { AccountBook } from "./accounts.js";
import type { Side } from "./book.js";
import type { InstrumentSpec } from "./instruments.js";

/** Margin figures of one margin account or of the flex wallet. */
export interface MarginSummary {
  /** Unrealized PnL (XBT for the inverse account, USD for flex). */
  pnl: number;
  initialMargin: number;
  initialMarginWithOrders: number;
  maintenanceMargin: number;
}

/** An open order's claim on margin: which instrument, how much, at what price, against what reference. */
export interface MarginClaim {
  readonly instrument: InstrumentSpec;
  readonly side: Side;
  readonly quantity: number;
  /** The price it executes at: the limit price, the `mkt` protection price, a trigger's limit. */
  readonly price: number;
  /** What a fill is valued against: the mark, or a trigger order's trigger price. */
  readonly reference: number;
}

/** The price of a claim its notional margin is taken at: the worse of price and reference. */
export function worsePrice(kind: InstrumentSpec["kind"], price: number, reference: number): number {
  return kind === "inverse" ? Math.min(price, reference) : Math.max(price, reference);
}

/** Notional initial margin of `quantity` at `price` (XBT for inverse, USD for linear contracts). */
export function notionalMargin(
  account: AccountBook,
  inst: InstrumentSpec,
  quantity: number,
  price: number,
): number {
  return inst.kind === "inverse"
    ? (quantity / price) * inst.initialMarginRate
    : quantity * price * account.marginRate(inst);
}

/** What filling a claim at its price would lose against its reference, plus the taker fee. */
export function fillCost(claim: MarginClaim, takerFee: number): number {
  const { instrument, side, quantity: q, price, reference } = claim;
  const worse = worsePrice(instrument.kind, price, reference);
  if (instrument.kind === "inverse") {
    const loss = side === "buy" ? q * (1 / reference - 1 / price) : q * (1 / price - 1 / reference);
    return Math.max(0, loss) + (q / worse) * takerFee;
  }
  const loss = side === "buy" ? q * (price - reference) : q * (reference - price);
  return Math.max(0, loss) + q * worse * takerFee;
}

/** One side of one instrument's open orders, summed: what {@link marginOfTotals} needs. */
export interface SideTotals {
  readonly quantity: number;
  /** Sum of the orders' {@link fillCost}. */
  readonly cost: number;
  /** The side's worst {@link worsePrice} (highest for linear, lowest for inverse); undefined when empty. */
  readonly worst: number | undefined;
}

/** Both sides of one instrument's open orders. */
export interface OrderTotals {
  readonly buy: SideTotals;
  readonly sell: SideTotals;
}

export const NO_ORDERS: OrderTotals = {
  buy: { quantity: 0, cost: 0, worst: undefined },
  sell: { quantity: 0, cost: 0, worst: undefined },
};

/** `totals` with `claims` (of the same instrument) added. */
export function withClaims(
  totals: OrderTotals,
  claims: readonly MarginClaim[],
  takerFee: number,
): OrderTotals {
  let { buy, sell } = totals;
  for (const c of claims) {
    const side = c.side === "buy" ? buy : sell;
    const w = worsePrice(c.instrument.kind, c.price, c.reference);
    const worse =
      side.worst === undefined || (c.instrument.kind === "inverse" ? w < side.worst : w > side.worst);
    const next: SideTotals = {
      quantity: side.quantity + c.quantity,
      cost: side.cost + fillCost(c, takerFee),
      worst: worse ? w : side.worst,
    };
    if (c.side === "buy") buy = next;
    else sell = next;
  }
  return { buy, sell };
}

/**
 * What one instrument's open orders hold: per side, the fill cost of every order plus the notional
 * margin of the quantity beyond what closes the position, at the side's worst price.
 */
export function marginOfTotals(
  account: AccountBook,
  inst: InstrumentSpec,
  position: number,
  totals: OrderTotals,
): number {
  let total = 0;
  for (const side of ["buy", "sell"] as const) {
    const t = totals[side];
    total += t.cost;
    const closing = side === "buy" ? Math.max(0, -position) : Math.max(0, position);
    const adding = t.quantity - closing;
    if (adding > 0 && t.worst !== undefined) total += notionalMargin(account, inst, adding, t.worst);
  }
  return total;
}

/** {@link marginOfTotals} of a list of claims (all of `inst`). */
export function ordersMargin(
  account: AccountBook,
  inst: InstrumentSpec,
  position: number,
  claims: readonly MarginClaim[],
  takerFee: number,
): number {
  return marginOfTotals(account, inst, position, withClaims(NO_ORDERS, claims, takerFee));
}

/**
 * Margin of the inverse (`fi_xbtusd`) or linear (flex) family: positions at the mark price, open
 * orders by {@link marginOfTotals} of each instrument's `totals`.
 */
export function marginSummary(
  account: AccountBook,
  kind: "inverse" | "linear",
  instruments: ReadonlyMap<string, InstrumentSpec>,
  markPrice: (symbol: string) => number,
  totals: (inst: InstrumentSpec) => OrderTotals,
): MarginSummary {
  let pnl = 0;
  let im = 0;
  for (const pos of account.positions.values()) {
    const inst = instruments.get(pos.symbol);
    if (!inst || inst.kind !== kind) continue;
    const mark = markPrice(pos.symbol);
    const a = Math.abs(pos.size);
    pnl +=
      kind === "inverse"
        ? Math.sign(pos.size) * a * (1 / pos.entryPrice - 1 / mark)
        : pos.size * (mark - pos.entryPrice);
    im += notionalMargin(account, inst, a, mark);
  }
  let imOrders = 0;
  for (const inst of instruments.values()) {
    if (inst.kind !== kind) continue;
    imOrders += marginOfTotals(account, inst, account.positionSize(inst.symbol), totals(inst));
  }
  return { pnl, initialMargin: im, initialMarginWithOrders: im + imOrders, maintenanceMargin: im / 2 };
}
