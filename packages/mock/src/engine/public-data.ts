/**
 * Public market data derived from the exchange's state, in Kraken's shapes (payload fields only; the
 * HTTP layer adds `result` and `serverTime`).
 */
import type { components } from "../generated/trading.gen.js";
import type { Wire } from "../http/typed-handlers.js";
import { iso } from "./clock.js";
import type { Exchange, PublicTrade } from "./exchange.js";
import { EngineError } from "./exchange.js";
import type { InstrumentSpec } from "./instruments.js";
import { roundDp } from "./instruments.js";
import { Rng } from "./random.js";

const DAY_MS = 86_400_000;

/** The fee schedule every instrument uses (Kraken's `mainfees` tiers; fees in percent). */
export const FEE_SCHEDULE_UID = "d46c2190-81e3-4370-a333-424f24387829";

/** `feeschedules`: the tiers, with the first tier matching the engine's maker/taker rates. */
export function feeSchedules(exchange: Exchange): Record<string, unknown> {
  const base = [
    [0, 1, 1],
    [100_000, 0.75, 0.8],
    [1_000_000, 0.625, 0.6],
    [5_000_000, 0.5, 0.5],
    [10_000_000, 0.375, 0.4],
  ] as const;
  return {
    feeSchedules: [
      {
        name: "mainfees",
        uid: FEE_SCHEDULE_UID,
        tiers: base.map(([usdVolume, m, t]) => ({
          makerFee: roundDp(exchange.makerFee * 100 * m, 6),
          takerFee: roundDp(exchange.takerFee * 100 * t, 6),
          usdVolume,
        })),
      },
    ],
  };
}

/** `instruments`: the listed contracts with their margin schedules. */
export function instruments(exchange: Exchange): Record<string, unknown> {
  const list = [...exchange.instruments.values()].map((inst) => instrumentJson(inst));
  return { instruments: list };
}

function instrumentJson(inst: InstrumentSpec): Record<string, unknown> {
  const levels = [1, 2, 3, 5].map((k, i) =>
    inst.kind === "inverse"
      ? {
          contracts: [0, 500_000, 1_000_000, 3_000_000][i],
          initialMargin: inst.initialMarginRate * k,
          maintenanceMargin: (inst.initialMarginRate * k) / 2,
        }
      : {
          numNonContractUnits: [0, 500_000, 2_000_000, 5_000_000][i],
          initialMargin: inst.initialMarginRate * k,
          maintenanceMargin: (inst.initialMarginRate * k) / 2,
        },
  );
  const out: Record<string, unknown> = {
    symbol: inst.symbol,
    type: inst.type,
    underlying: inst.underlying,
    tickSize: inst.tickSize,
    contractSize: inst.contractSize,
    tradeable: true,
    impactMidSize: inst.kind === "inverse" ? 1 : 1,
    maxPositionSize: inst.maxPositionSize,
    openingDate: "2022-01-01T00:00:00.000Z",
    marginLevels: levels,
    fundingRateCoefficient: inst.perpetual ? 8 : undefined,
    maxRelativeFundingRate: inst.perpetual ? 0.001 : undefined,
    isin: inst.kind === "inverse" ? "GB00J62YGL67" : undefined,
    contractValueTradePrecision: inst.sizePrecision,
    postOnly: false,
    feeScheduleUid: FEE_SCHEDULE_UID,
    retailMarginLevels: [levels[0]],
    category: inst.kind === "linear" ? "Layer 1" : "",
    tags: [],
    base: inst.kind === "linear" ? inst.base : undefined,
    quote: inst.kind === "linear" ? "USD" : undefined,
    pair: inst.pair,
  };
  if (inst.lastTradingTime !== undefined) out.lastTradingTime = iso(inst.lastTradingTime);
  return JSON.parse(JSON.stringify(out));
}

/** Trades of the last 24 h before `now`. */
function lastDay(trades: readonly PublicTrade[], now: number): PublicTrade[] {
  const from = now - DAY_MS;
  let i = trades.length;
  while (i > 0 && trades[i - 1]!.time > from) i--;
  return trades.slice(i);
}

/** The funding rate (relative, per hour) implied by the book's premium over the index. */
function relativeFundingRate(exchange: Exchange, symbol: string): number {
  const book = exchange.books.get(symbol)!;
  const premium = (book.mid() - exchange.indexPrice(symbol)) / exchange.indexPrice(symbol);
  return roundDp(premium / 8, 12);
}

/** A contract's ticker as the Trading spec types it, on the wire. */
export type ContractTicker = Wire<components["schemas"]["ContractTickerJson"]>;

/** Ticker of one contract (`ContractTickerJson`). */
export function contractTicker(exchange: Exchange, symbol: string): ContractTicker {
  const now = exchange.now();
  const inst = exchange.instruments.get(symbol.toUpperCase());
  if (!inst) throw new EngineError("notFound");
  const book = exchange.books.get(inst.symbol)!;
  const levels = book.levels();
  const trades = exchange.trades.get(inst.symbol)!;
  const day = lastDay(trades, now);
  const last = trades.at(-1);
  const open24h = day[0]?.price ?? exchange.markPrice(inst.symbol);
  const lastPrice = last?.price ?? exchange.markPrice(inst.symbol);
  const vol = day.reduce((s, t) => s + t.size, 0);
  const volumeQuote = day.reduce((s, t) => s + (inst.kind === "inverse" ? t.size : t.size * t.price), 0);
  const position = Math.abs(exchange.account.positionSize(inst.symbol));
  const ticker = {
    symbol: inst.symbol,
    last: lastPrice,
    lastTime: iso(last?.time ?? now),
    tag: inst.tag,
    pair: inst.pair,
    markPrice: exchange.markPrice(inst.symbol),
    bid: levels.bids[0]?.[0],
    bidSize: levels.bids[0]?.[1],
    ask: levels.asks[0]?.[0],
    askSize: levels.asks[0]?.[1],
    vol24h: roundDp(vol, 8),
    volumeQuote: roundDp(volumeQuote, 2),
    openInterest: roundDp(position + 50 * inst.lotSize, inst.sizePrecision),
    open24h,
    high24h: day.length ? Math.max(...day.map((t) => t.price)) : lastPrice,
    low24h: day.length ? Math.min(...day.map((t) => t.price)) : lastPrice,
    lastSize: last?.size ?? 0,
    indexPrice: roundDp(exchange.indexPrice(inst.symbol), 2),
    change24h: roundDp(((lastPrice - open24h) / open24h) * 100, 6),
    suspended: false,
    postOnly: false,
  } satisfies ContractTicker;
  if (!inst.perpetual) return ticker;
  const rel = relativeFundingRate(exchange, inst.symbol);
  const fundingRate =
    inst.kind === "inverse"
      ? roundDp(rel / exchange.indexPrice(inst.symbol), 18)
      : roundDp(rel * exchange.indexPrice(inst.symbol), 10);
  return { ...ticker, fundingRate, fundingRatePrediction: fundingRate };
}

/** `tickers`: every contract, then the indices (`in_xbtusd`, `rr_xbtusd`, ...), as Kraken lists them. */
export function tickers(exchange: Exchange): Record<string, unknown> {
  const now = exchange.now();
  const list: Record<string, unknown>[] = [...exchange.instruments.keys()].map((s) =>
    contractTicker(exchange, s),
  );
  for (const index of exchange.indices.values()) {
    const lower = index.base.toLowerCase();
    list.push({ symbol: `in_${lower}usd`, last: roundDp(index.price, 2), lastTime: iso(now) });
    list.push({
      symbol: `rr_${lower}usd`,
      last: roundDp(index.price, 2),
      lastTime: iso(now - (now % 3_600_000)),
    });
  }
  return { tickers: list };
}

/** `orderbook`: the non-cumulative book of one contract. */
export function orderBook(exchange: Exchange, symbol: string): Record<string, unknown> {
  exchange.sync();
  const book = exchange.books.get(symbol.toUpperCase());
  if (!book) throw new EngineError("invalidArgument");
  return { orderBook: book.levels() };
}

/**
 * `history`: the 100 most recent public trades of a contract (PI_XBTUSD when no symbol is given), or
 * the 100 before `lastTime`.
 */
export function tradeHistory(
  exchange: Exchange,
  symbol = "PI_XBTUSD",
  lastTime?: string,
): Record<string, unknown> {
  exchange.sync();
  const trades = exchange.trades.get(symbol.toUpperCase());
  if (!trades) throw new EngineError("invalidArgument");
  const before = lastTime === undefined ? Number.POSITIVE_INFINITY : Date.parse(lastTime);
  if (Number.isNaN(before)) throw new EngineError("invalidArgument");
  const page = trades
    .filter((t) => t.time < before)
    .slice(-100)
    .reverse();
  const inverse = exchange.instruments.get(symbol.toUpperCase())?.kind === "inverse";
  return {
    history: page.map((t) => ({
      // Trade-reporting fields Kraken sends and does not explain: the notional is the trade's USD value.
      execution_venue: null,
      instrument_identification_type: null,
      isin: null,
      notional_amount: roundDp(inverse ? t.size : t.size * t.price, 8),
      notional_currency: "USD",
      price: t.price,
      price_currency: "USD",
      price_notation: "MONE",
      publication_time: iso(t.time),
      publication_venue: null,
      to_be_cleared: false,
      transaction_identification_code: null,
      side: t.side,
      size: String(t.size),
      time: iso(t.time),
      trade_id: t.tradeId,
      type: "fill",
      uid: t.uid,
    })),
  };
}

/** One entry of `instruments/status`. Dislocation and extreme volatility are not simulated. */
export function instrumentStatus(exchange: Exchange, symbol: string): Record<string, unknown> {
  const inst = exchange.instruments.get(symbol.toUpperCase());
  if (!inst) throw new EngineError("notFound");
  return {
    tradeable: inst.symbol,
    isExperiencingDislocation: false,
    priceDislocationDirection: null,
    isExperiencingExtremeVolatility: false,
    extremeVolatilityInitialMarginMultiplier: 1,
  };
}

/** `instruments/status`. */
export function instrumentStatusList(exchange: Exchange): Record<string, unknown> {
  return { instrumentStatus: [...exchange.instruments.keys()].map((s) => instrumentStatus(exchange, s)) };
}

/**
 * `v4/historicalfundingrates`: hourly rates of a perpetual over the last 7 days. Each hour's rate is
 * drawn from a generator seeded by (seed, symbol, hour), so a page is the same however often it is read.
 */
export function historicalFundingRates(exchange: Exchange, symbol: string): Record<string, unknown> {
  const now = exchange.now();
  const inst = exchange.instruments.get(symbol.toUpperCase());
  if (!inst?.perpetual) throw new EngineError("invalidArgument");
  const hour = 3_600_000;
  const last = now - (now % hour);
  const rates: Record<string, unknown>[] = [];
  let salt = 0;
  for (const c of inst.symbol) salt = (salt * 31 + c.charCodeAt(0)) >>> 0;
  for (let t = last - 7 * 24 * hour; t <= last; t += hour) {
    const rng = new Rng((exchange.seed ^ salt ^ (t / hour)) >>> 0);
    const relative = roundDp(0.00001 * rng.normal(), 12);
    const price = exchange.indexPrice(inst.symbol);
    rates.push({
      fundingRate: inst.kind === "inverse" ? roundDp(relative / price, 18) : roundDp(relative * price, 10),
      relativeFundingRate: relative,
      timestamp: iso(t),
    });
  }
  return { rates };
}
