/**
 * The account's private data in Kraken's shapes (payload fields only): wallets, positions, fills,
 * open orders, order status, margin estimates and preferences. All derived from the same state the
 * order flow changes, so a fill shows up consistently in each of them.
 */
import { DEFAULT_HAIRCUT, HAIRCUTS } from "./accounts.js";
import type { Side } from "./book.js";
import { iso } from "./clock.js";
import type { Exchange } from "./exchange.js";
import { EngineError } from "./exchange.js";
import { type InstrumentSpec, roundDp } from "./instruments.js";
import { ordersMargin } from "./margin.js";
import type { Order } from "./orders.js";
import { FEE_SCHEDULE_UID } from "./public-data.js";
import { openOrderJson, orderStatusJson } from "./views.js";

const r8 = (n: number) => roundDp(n, 8);
const r2 = (n: number) => roundDp(n, 2);

/** `accounts`: the cash account, the `fi_xbtusd` margin account and the `flex` wallet. */
export function accounts(exchange: Exchange): Record<string, unknown> {
  const acc = exchange.account;
  const inv = exchange.margin("inverse");
  const lin = exchange.margin("linear");
  const invBalances: Record<string, number> = { xbt: r8(acc.inverseCollateral) };
  for (const p of acc.positions.values()) {
    if (exchange.instruments.get(p.symbol)?.kind === "inverse") invBalances[p.symbol] = p.size;
  }
  const pv = acc.inverseCollateral + inv.pnl;
  const currencies: Record<string, Record<string, number>> = {};
  let balanceValue = 0;
  for (const [currency, quantity] of Object.entries(acc.flex)) {
    const value = quantity * exchange.usdPrice(currency);
    const collateral = value * (1 - (HAIRCUTS[currency] ?? DEFAULT_HAIRCUT));
    balanceValue += value;
    currencies[currency] = {
      quantity: r8(quantity),
      value: r2(value),
      collateral: r2(collateral),
      available: r8(quantity),
    };
  }
  const collateralValue = exchange.flexCollateral();
  const marginEquity = collateralValue + lin.pnl;
  return {
    accounts: {
      cash: { type: "cashAccount", balances: { ...acc.cash } },
      fi_xbtusd: {
        type: "marginAccount",
        currency: "xbt",
        balances: invBalances,
        auxiliary: {
          af: r8(pv - inv.initialMarginWithOrders),
          funding: 0,
          pnl: r8(inv.pnl),
          pv: r8(pv),
          usd: 0,
        },
        marginRequirements: {
          im: r8(inv.initialMargin),
          mm: r8(inv.maintenanceMargin),
          lt: r8(inv.maintenanceMargin * 0.9),
          tt: r8(inv.maintenanceMargin * 0.6),
        },
        // Liquidation price estimates are not simulated; Kraken sends 0 for an account with no position.
        triggerEstimates: { im: 0, mm: 0, lt: 0, tt: 0 },
      },
      flex: {
        type: "multiCollateralMarginAccount",
        currencies,
        balanceValue: r2(balanceValue),
        portfolioValue: r2(balanceValue + lin.pnl),
        collateralValue: r2(collateralValue),
        initialMargin: r2(lin.initialMargin),
        initialMarginWithOrders: r2(lin.initialMarginWithOrders),
        maintenanceMargin: r2(lin.maintenanceMargin),
        pnl: r2(lin.pnl),
        unrealizedFunding: 0,
        totalUnrealized: r2(lin.pnl),
        totalUnrealizedAsMargin: r2(lin.pnl),
        marginEquity: r2(marginEquity),
        availableMargin: r2(marginEquity - lin.initialMarginWithOrders),
      },
    },
  };
}

/** `openpositions`. */
export function openPositions(exchange: Exchange): Record<string, unknown> {
  exchange.sync();
  const acc = exchange.account;
  return {
    openPositions: [...acc.positions.values()].map((p) => {
      const linear = exchange.instruments.get(p.symbol)?.kind === "linear";
      const out: Record<string, unknown> = {
        side: p.size > 0 ? "long" : "short",
        symbol: p.symbol,
        price: p.entryPrice,
        fillTime: iso(p.lastFillTime),
        size: Math.abs(p.size),
        unrealizedFunding: 0,
      };
      if (linear) {
        out.pnlCurrency = acc.pnlCurrency.get(p.symbol) ?? "USD";
        const lev = acc.leverage.get(p.symbol);
        if (lev) out.maxFixedLeverage = lev;
      }
      return out;
    }),
  };
}

/** `fills`: the last 100 fills, or the 100 before `lastFillTime`, newest first. */
export function fills(exchange: Exchange, lastFillTime?: string): Record<string, unknown> {
  exchange.sync();
  const before = lastFillTime === undefined ? Number.POSITIVE_INFINITY : Date.parse(lastFillTime);
  if (Number.isNaN(before)) throw new EngineError("invalidArgument");
  const page = exchange.fills
    .filter((f) => f.time < before)
    .slice(-100)
    .reverse();
  return {
    fills: page.map((f) => ({
      cliOrdId: f.cliOrdId,
      fillTime: iso(f.time),
      fillType: f.fillType,
      fill_id: f.fillId,
      order_id: f.orderId,
      price: f.price,
      side: f.side,
      size: f.size,
      symbol: f.symbol,
    })),
  };
}

/** `openorders`: open orders and open trigger orders. */
export function openOrders(exchange: Exchange): Record<string, unknown> {
  return { openOrders: exchange.openOrders().map(openOrderJson) };
}

/** `orders/status`: the named orders that are open or changed in the last 5 seconds. */
export function ordersStatus(
  exchange: Exchange,
  orderIds: readonly string[],
  cliOrdIds: readonly string[],
): Record<string, unknown> {
  const now = exchange.now();
  // Looked up in the order index (open and recently closed orders), never by scanning every order.
  const found = new Map<string, Order>();
  const keep = (o: Order | undefined) => {
    if (o && (o.state === "open" || now - o.lastUpdate <= 5_000)) found.set(o.orderId, o);
  };
  for (const id of orderIds) keep(exchange.orders.get(id));
  for (const cli of cliOrdIds) keep(exchange.orders.find(undefined, cli));
  return { orders: [...found.values()].map(orderStatusJson) };
}

/** `feeschedules/volumes`: the account's traded USD volume under the one fee schedule. */
export function feeScheduleVolumes(exchange: Exchange): Record<string, unknown> {
  exchange.sync();
  return { volumesByFeeSchedule: { [FEE_SCHEDULE_UID]: r2(exchange.account.volumeUsd) } };
}

/** `unwindqueue`: every position sits in the safest percentile; unwinding is not simulated. */
export function unwindQueue(exchange: Exchange): Record<string, unknown> {
  exchange.sync();
  return { queue: [...exchange.account.positions.keys()].map((symbol) => ({ symbol, percentile: 20 })) };
}

/** What `quantity` of an order at `price` would hold on its own (see `margin.ts`): 0 without a position. */
function standaloneMargin(
  exchange: Exchange,
  inst: InstrumentSpec,
  side: Side,
  quantity: number,
  price: number,
) {
  const claim = { instrument: inst, side, quantity, price, reference: exchange.markPrice(inst.symbol) };
  return ordersMargin(exchange.account, inst, 0, [claim], exchange.takerFee);
}

/** `initialmargin`: the margin an order would hold, priced at its limit price or the touch (see `margin.ts`). */
export function initialMargin(
  exchange: Exchange,
  q: { symbol: string; side: "buy" | "sell"; size: number; orderType: string; limitPrice?: number },
): Record<string, unknown> {
  exchange.sync();
  const inst = exchange.instruments.get(q.symbol.toUpperCase());
  if (!inst) return { error: "MARKET_NOT_FOUND" };
  const book = exchange.books.get(inst.symbol)!;
  const price = q.limitPrice ?? book.bestSimulated(q.side === "buy" ? "sell" : "buy")!;
  const im = standaloneMargin(exchange, inst, q.side, q.size, price);
  const liq =
    q.side === "buy"
      ? price * (1 - exchange.account.marginRate(inst) / 2)
      : price * (1 + exchange.account.marginRate(inst) / 2);
  return { initialMargin: r8(im), price, estimatedLiquidationThreshold: r2(liq) };
}

/** `initialmargin/maxordersize` (multi-collateral contracts only, as Kraken documents). */
export function maxOrderSize(
  exchange: Exchange,
  q: { symbol: string; orderType: string; limitPrice?: number },
): Record<string, unknown> {
  exchange.sync();
  const inst = exchange.instruments.get(q.symbol.toUpperCase());
  if (inst?.kind !== "linear") throw new EngineError("invalidArgument");
  const book = exchange.books.get(inst.symbol)!;
  const available = Math.max(0, exchange.availableMargin("linear"));
  const buyPrice = q.limitPrice ?? book.bestSimulated("sell")!;
  const sellPrice = q.limitPrice ?? book.bestSimulated("buy")!;
  // The margin rule is linear in the quantity for an order on its own, so one unit's margin scales.
  const size = (side: Side, p: number) =>
    Math.floor((available / standaloneMargin(exchange, inst, side, 1, p)) * 10 ** inst.sizePrecision) /
    10 ** inst.sizePrecision;
  return { buyPrice, sellPrice, maxBuySize: size("buy", buyPrice), maxSellSize: size("sell", sellPrice) };
}

/** `leveragepreferences` (GET). */
export function leveragePreferences(exchange: Exchange): Record<string, unknown> {
  return {
    leveragePreferences: [...exchange.account.leverage].map(([symbol, maxLeverage]) => ({
      symbol,
      maxLeverage,
    })),
  };
}

/** `leveragepreferences` (PUT): isolated margin with `maxLeverage`, cross margin without it. */
export function setLeveragePreference(exchange: Exchange, symbol: string, maxLeverage?: number): void {
  const inst = exchange.instruments.get(symbol.toUpperCase());
  if (inst?.kind !== "linear") throw new EngineError("invalidArgument");
  if (maxLeverage === undefined) exchange.account.leverage.delete(inst.symbol);
  else if (!(maxLeverage >= 1 && maxLeverage <= 50)) throw new EngineError("invalidArgument");
  else exchange.account.leverage.set(inst.symbol, maxLeverage);
  exchange.emitBalance();
}

/** `pnlpreferences` (GET). */
export function pnlPreferences(exchange: Exchange): Record<string, unknown> {
  return {
    preferences: [...exchange.account.pnlCurrency].map(([symbol, pnlCurrency]) => ({ symbol, pnlCurrency })),
  };
}

/** `pnlpreferences` (PUT). */
export function setPnlPreference(exchange: Exchange, symbol: string, currency: string): void {
  const inst = exchange.instruments.get(symbol.toUpperCase());
  if (inst?.kind !== "linear") throw new EngineError("invalidArgument");
  if (!["USD", "EUR", "BTC", "XBT", "ETH", "USDT", "USDC"].includes(currency.toUpperCase())) {
    throw new EngineError("invalidArgument");
  }
  exchange.account.pnlCurrency.set(inst.symbol, currency.toUpperCase());
}

/** `notifications`: a fixed notice that this is a simulation. */
export function notifications(exchange: Exchange): Record<string, unknown> {
  return {
    notifications: [
      {
        type: "general",
        priority: "low",
        note: "This is @kraken-futures/mock, an offline simulation of Kraken Futures. No real funds.",
        effectiveTime: iso(exchange.now()),
      },
    ],
  };
}
