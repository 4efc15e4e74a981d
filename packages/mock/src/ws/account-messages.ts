/**
 * The WebSocket v1 `open_positions` and `balances` messages, rendered from engine state with the
 * AsyncAPI document's field names (the Unified WebSocket's account channels reuse them). Both read
 * state through engine methods that catch the market up, so they must not run inside an engine event
 * listener (the publisher calls them after the event).
 */
import { accounts } from "../engine/account-views.js";
import { HAIRCUTS } from "../engine/accounts.js";
import type { Exchange } from "../engine/exchange.js";
import { roundDp } from "../engine/instruments.js";
import { notionalMargin, ordersMargin } from "../engine/margin.js";

type Json = Record<string, unknown>;

const r8 = (n: number) => roundDp(n, 8);

/** The `positions` of open_positions, from the same figures as HTTP `openpositions` and `accounts`. */
export function positionsNow(exchange: Exchange): Json[] {
  exchange.sync();
  const acc = exchange.account;
  const view = accounts(exchange).accounts as Record<string, Record<string, unknown>>;
  const flex = view.flex as Record<string, number>;
  const inverseAux = view.fi_xbtusd!.auxiliary as Record<string, number>;
  const out: Json[] = [];
  for (const p of acc.positions.values()) {
    const inst = exchange.instruments.get(p.symbol);
    if (!inst) continue;
    const mark = exchange.markPrice(p.symbol);
    const a = Math.abs(p.size);
    const inverse = inst.kind === "inverse";
    const pnl = inverse
      ? Math.sign(p.size) * a * (1 / p.entryPrice - 1 / mark)
      : p.size * (mark - p.entryPrice);
    const im = notionalMargin(acc, inst, a, mark);
    // The same rule as the account's initialMarginWithOrders (see engine/margin.ts).
    const claims = [...exchange.orders.openOf(p.symbol)].map((o) => exchange.claim(o));
    const imOrders = ordersMargin(acc, inst, p.size, claims, exchange.takerFee);
    const equity = inverse ? inverseAux.pv! : flex.marginEquity!;
    const notional = inverse ? a / mark : a * mark;
    // Liquidation when the loss eats the collateral down to maintenance margin (a rough, linear estimate).
    const room = equity - im / 2;
    const threshold = inverse ? mark : p.size > 0 ? Math.max(0, mark - room / a) : mark + room / a;
    out.push({
      instrument: p.symbol,
      balance: p.size,
      entry_price: r8(p.entryPrice),
      mark_price: mark,
      index_price: roundDp(exchange.indexPrice(p.symbol), 2),
      pnl: r8(pnl),
      liquidation_threshold: roundDp(threshold, 2),
      return_on_equity: im > 0 ? r8(pnl / im) : 0,
      unrealized_funding: 0,
      effective_leverage: equity > 0 ? r8(notional / equity) : 0,
      initial_margin: r8(im),
      initial_margin_with_orders: r8(im + imOrders),
      maintenance_margin: r8(im / 2),
      pnl_currency: inverse ? "XBT" : (acc.pnlCurrency.get(p.symbol) ?? "USD"),
    });
  }
  return out;
}

/**
 * The balances feed's full state (`holding`, `futures`, `flex_futures`), mapped from the HTTP
 * `accounts` view so both surfaces show the same numbers.
 */
export function balancesNow(exchange: Exchange): Json {
  const view = accounts(exchange).accounts as Record<string, Record<string, unknown>>;
  const cash = view.cash!.balances as Record<string, number>;
  const fi = view.fi_xbtusd!;
  const aux = fi.auxiliary as Record<string, number>;
  const req = fi.marginRequirements as Record<string, number>;
  const flex = view.flex as Record<string, number>;
  const flexCurrencies = view.flex!.currencies as Record<string, Record<string, number>>;
  const holding: Record<string, number> = {};
  for (const [currency, qty] of Object.entries(cash)) holding[currency.toUpperCase()] = qty;
  const currencies: Record<string, Json> = {};
  for (const [currency, c] of Object.entries(flexCurrencies)) {
    currencies[currency] = {
      quantity: c.quantity,
      value: c.value,
      collateral_value: c.collateral,
      available: c.available,
      haircut: HAIRCUTS[currency] ?? 0.1,
      conversion_spread: 0,
    };
  }
  const isolated: Record<string, Json> = {};
  for (const symbol of exchange.account.leverage.keys()) {
    isolated[symbol] = {
      initial_margin: 0,
      initial_margin_without_orders: 0,
      maintenance_margin: 0,
      pnl: 0,
      unrealized_funding: 0,
      total_unrealized: 0,
      total_unrealized_as_margin: 0,
    };
  }
  const figures = {
    balance_value: flex.balanceValue,
    portfolio_value: flex.portfolioValue,
    collateral_value: flex.collateralValue,
    initial_margin: flex.initialMarginWithOrders,
    initial_margin_without_orders: flex.initialMargin,
    maintenance_margin: flex.maintenanceMargin,
    pnl: flex.pnl,
    unrealized_funding: flex.unrealizedFunding,
    total_unrealized: flex.totalUnrealized,
    total_unrealized_as_margin: flex.totalUnrealizedAsMargin,
    margin_equity: flex.marginEquity,
    available_margin: flex.availableMargin,
  };
  const notional = [...exchange.account.positions.values()]
    .filter((p) => exchange.instruments.get(p.symbol)?.kind === "linear")
    .reduce((s, p) => s + Math.abs(p.size) * exchange.markPrice(p.symbol), 0);
  const leverage = flex.marginEquity! > 0 ? r8(notional / flex.marginEquity!) : 0;
  // The seed: "Cash value sum total of the single collateral wallets in USD" (with unrealized PnL for
  // the second). The one single-collateral wallet here is F-XBT:USD, valued at the XBT index.
  const xbtUsd = exchange.usdPrice("XBT");
  const xbt = (fi.balances as Record<string, number>).xbt!;
  return {
    futures_cash_value: roundDp(xbt * xbtUsd, 2),
    futures_upnl_cash_value: roundDp((xbt + aux.pnl!) * xbtUsd, 2),
    holding,
    futures: {
      "F-XBT:USD": {
        name: "F-XBT:USD",
        pair: "XBT/USD",
        unit: "XBT",
        portfolio_value: aux.pv,
        balance: (fi.balances as Record<string, number>).xbt,
        maintenance_margin: req.mm,
        initial_margin: req.im,
        available: aux.af,
        unrealized_funding: aux.funding,
        pnl: aux.pnl,
      },
    },
    flex_futures: {
      currencies,
      ...figures,
      effective_leverage: leverage,
      total_position_size: r8(notional),
      isolated,
      cross: { ...figures, effective_leverage: leverage },
    },
  };
}

/**
 * What changed from `before` to `after`, recursively: changed leaves, and objects reduced to their
 * changed keys. `holding` and `futures` are always present, as in the seed's delta (`futures: {}`).
 * Undefined when nothing changed.
 */
export function balancesDelta(before: Json, after: Json): Json | undefined {
  const diff = (a: unknown, b: unknown): unknown => {
    const isObj = (v: unknown): v is Json => v !== null && typeof v === "object" && !Array.isArray(v);
    if (isObj(a) && isObj(b)) {
      const out: Json = {};
      for (const [k, v] of Object.entries(b)) {
        const d = diff(a[k], v);
        if (d !== undefined) out[k] = d;
      }
      return Object.keys(out).length > 0 ? out : undefined;
    }
    return Object.is(a, b) ? undefined : b;
  };
  const changed = diff(before, after) as Json | undefined;
  if (changed === undefined) return undefined;
  return { holding: {}, futures: {}, ...changed };
}
