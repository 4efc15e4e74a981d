/**
 * The account's margin as the engine uses it: claims of open orders (see `margin.ts` for the rule),
 * their per-instrument totals cached between changes, available margin, and the check every new,
 * edited or triggered order passes. Holds no state of its own beyond that cache.
 */
import { type AccountBook, DEFAULT_HAIRCUT, HAIRCUTS } from "./accounts.js";
import type { OrderBook } from "./book.js";
import type { InstrumentSpec } from "./instruments.js";
import {
  fillCost,
  type MarginClaim,
  type MarginSummary,
  marginSummary,
  NO_ORDERS,
  notionalMargin,
  type OrderTotals,
  withClaims,
} from "./margin.js";
import type { OrderIndex } from "./order-index.js";
import {
  isTrigger,
  type Order,
  offsetLimitPrice,
  protectionPrice,
  remaining,
  triggerPrice,
} from "./orders.js";

/**
 * Available margin an order must leave (USD or XBT): a hair above zero, so that the rounding of the
 * fills that follow cannot take it below.
 */
const MARGIN_SLACK = 1e-7;

/** What the desk reads from the exchange. */
export interface MarginDeskHost {
  readonly account: AccountBook;
  readonly instruments: ReadonlyMap<string, InstrumentSpec>;
  readonly books: ReadonlyMap<string, OrderBook>;
  readonly orders: OrderIndex;
  readonly takerFee: number;
  markPrice(symbol: string): number;
  usdPrice(currency: string): number;
}

export class MarginDesk {
  /** Cached {@link OrderTotals} by symbol; see {@link totals}. */
  readonly #totals = new Map<string, OrderTotals>();

  constructor(readonly host: MarginDeskHost) {}

  /**
   * An order's claim on margin for its remaining quantity: executed at its limit price (a `mkt`
   * order at its protection price, a trigger without a limit at its trigger price), valued against
   * the mark (a trigger order: against its trigger price, where the mark will be when it fires).
   */
  claim(o: Order): MarginClaim {
    const h = this.host;
    const inst = h.instruments.get(o.symbol)!;
    const reference = isTrigger(o.type) ? triggerPrice(o) : h.markPrice(o.symbol);
    let price = o.limitPrice ?? reference;
    if (o.limitPrice === null && o.limitOffset) price = offsetLimitPrice(o, reference, inst.tickSize);
    if (o.limitPrice === null && o.type === "mkt") {
      const best = h.books.get(o.symbol)!.bestSimulated(o.side === "buy" ? "sell" : "buy");
      price = protectionPrice(o.side, best ?? reference, inst.tickSize);
    }
    return { instrument: inst, side: o.side, quantity: remaining(o), price, reference };
  }

  /** Margin of the inverse account (XBT) or of the flex wallet (USD), as if `extra` claims were open too. */
  summary(kind: "inverse" | "linear", extra: readonly MarginClaim[] = []): MarginSummary {
    const h = this.host;
    const totals = (inst: InstrumentSpec) => {
      const mine = extra.filter((c) => c.instrument === inst);
      const base = this.totals(inst);
      return mine.length === 0 ? base : withClaims(base, mine, h.takerFee);
    };
    return marginSummary(h.account, kind, h.instruments, (s) => h.markPrice(s), totals);
  }

  /** Available margin (XBT in fi_xbtusd, USD in flex), as if `extra` claims were open too. */
  available(kind: "inverse" | "linear", extra: readonly MarginClaim[] = []): number {
    const m = this.summary(kind, extra);
    const collateral = kind === "inverse" ? this.host.account.inverseCollateral : this.flexCollateral();
    return collateral + m.pnl - m.initialMarginWithOrders;
  }

  /** Collateral value of the flex wallet in USD (after haircuts). */
  flexCollateral(): number {
    let total = 0;
    for (const [currency, qty] of Object.entries(this.host.account.flex)) {
      total += qty * this.host.usdPrice(currency) * (1 - (HAIRCUTS[currency] ?? DEFAULT_HAIRCUT));
    }
    return total;
  }

  /**
   * The summed claims of an instrument's open orders, cached until one of its orders changes or the
   * market steps (marks and trailing stops move), so a margin check costs the same with 5 or 5,000
   * open orders.
   */
  totals(inst: InstrumentSpec): OrderTotals {
    let totals = this.#totals.get(inst.symbol);
    if (totals === undefined) {
      const claims = [...this.host.orders.openOf(inst.symbol)].map((o) => this.claim(o));
      totals = withClaims(NO_ORDERS, claims, this.host.takerFee);
      this.#totals.set(inst.symbol, totals);
    }
    return totals;
  }

  /** A new open order was indexed: its claim joins the cached totals (the same sum, in the same order). */
  added(order: Order): void {
    const cached = this.#totals.get(order.symbol);
    if (cached) this.#totals.set(order.symbol, withClaims(cached, [this.claim(order)], this.host.takerFee));
  }

  /** An order of `symbol` changed or closed: its instrument's totals are stale. */
  touched(symbol: string): void {
    this.#totals.delete(symbol);
  }

  /** The market stepped: every cached total is stale. */
  stepped(): void {
    this.#totals.clear();
  }

  /** Can the margin carry a new order (not yet indexed)? See {@link fits}. */
  placementFits(order: Order): boolean {
    const kind = this.host.instruments.get(order.symbol)!.kind;
    return this.fits(order, this.available(kind), this.available(kind, [this.claim(order)]));
  }

  /**
   * The margin check of placement, edit and triggered orders: available margin with the order must
   * stay above zero, or not fall (an edit that frees margin). An account already below zero (the
   * market moved) may still place an order that only closes its position, when filling it at its
   * price costs less than the margin it frees.
   */
  fits(order: Order, before: number, after: number): boolean {
    if (after >= MARGIN_SLACK || after >= before) return true;
    if (before >= 0) return false;
    const h = this.host;
    const pos = h.account.positionSize(order.symbol);
    const closesOnly = pos !== 0 && pos > 0 !== (order.side === "buy") && remaining(order) <= Math.abs(pos);
    const inst = h.instruments.get(order.symbol)!;
    const freed = notionalMargin(h.account, inst, remaining(order), h.markPrice(order.symbol));
    return closesOnly && fillCost(this.claim(order), h.takerFee) <= freed;
  }
}
