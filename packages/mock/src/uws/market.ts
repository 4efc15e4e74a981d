/**
 * The data entries of the public UWS channels other than `book` (`ticker`, `trade`, `instrument`),
 * rendered from the same engine figures as REST v3 `tickers` and the v1 `ticker` feed.
 */
import type { Exchange, PublicTrade } from "../engine/exchange.js";
import type { InstrumentSpec } from "../engine/instruments.js";
import { contractTicker } from "../engine/public-data.js";
import { decimalsOf, num, priceDec, qtyDec, rfc3339 } from "./wire.js";

type Json = Record<string, unknown>;

/** How many trades a `trade` snapshot carries (the UWS trade page: the last 50). */
export const UWS_TRADE_SNAPSHOT_SIZE = 50;

/** One `ticker` entry of a symbol now. */
export function tickerEntry(exchange: Exchange, symbol: string): Json {
  const inst = exchange.instruments.get(symbol)!;
  const t = contractTicker(exchange, symbol);
  const n = (v: unknown) => (typeof v === "number" ? num(v) : undefined);
  const p = (v: unknown) => (typeof v === "number" ? priceDec(inst, v) : undefined);
  const q = (v: unknown) => (typeof v === "number" ? qtyDec(inst, v) : undefined);
  const last = Number(t.last);
  const open = Number(t.open24h);
  const vol = Number(t.vol24h);
  const volumeQuote = Number(t.volumeQuote);
  return {
    symbol,
    bid: p(t.bid),
    bid_qty: q(t.bidSize),
    ask: p(t.ask),
    ask_qty: q(t.askSize),
    last: p(t.last),
    volume: n(vol),
    vwap: vol > 0 && inst.kind === "linear" ? num(Number((volumeQuote / vol).toFixed(8))) : p(t.last),
    low: p(t.low24h),
    high: p(t.high24h),
    change: num(Number((last - open).toFixed(8))),
    change_pct: num(open > 0 ? Number((((last - open) / open) * 100).toFixed(2)) : 0),
    timestamp: rfc3339(exchange.clock.now()),
  };
}

/** One `trade` entry. */
export function tradeEntry(inst: InstrumentSpec, t: PublicTrade): Json {
  return {
    symbol: t.symbol,
    side: t.side,
    price: priceDec(inst, t.price),
    qty: qtyDec(inst, t.size),
    ord_type: "market",
    trade_id: t.tradeId,
    timestamp: rfc3339(t.time),
  };
}

/** The last {@link UWS_TRADE_SNAPSHOT_SIZE} trades of a symbol, oldest first. */
export function tradeSnapshotEntries(exchange: Exchange, symbol: string): Json[] {
  const inst = exchange.instruments.get(symbol)!;
  return (exchange.trades.get(symbol) ?? []).slice(-UWS_TRADE_SNAPSHOT_SIZE).map((t) => tradeEntry(inst, t));
}

/** The `instrument` data: the collateral assets and every listed contract with its trading rules. */
export function instrumentData(exchange: Exchange): Json {
  const pairs = [...exchange.instruments.values()].map((inst) => {
    const increment = 10 ** -inst.sizePrecision;
    return {
      symbol: inst.symbol,
      base: inst.base,
      quote: "USD",
      status: "online",
      marginable: true,
      has_index: true,
      qty_min: num(Number(increment.toFixed(inst.sizePrecision))),
      qty_increment: num(Number(increment.toFixed(inst.sizePrecision))),
      qty_precision: inst.sizePrecision,
      price_increment: num(inst.tickSize),
      price_precision: decimalsOf(inst.tickSize),
      margin_initial: num(inst.initialMarginRate),
      position_limit_long: num(inst.maxPositionSize),
      position_limit_short: num(inst.maxPositionSize),
    };
  });
  const assets = ["USD", "XBT", "ETH"].map((id) => ({
    id,
    status: "enabled",
    precision: id === "USD" ? 2 : 8,
  }));
  return { assets, pairs };
}
