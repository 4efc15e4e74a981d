/**
 * What the Charts API (`/api/charts/v1`) reports: OHLC candles of a market built from its public
 * trades (`trade`), its mark price (`mark`) or its index (`spot`) at every market step, and a
 * liquidity-pool statistic drawn from the seed. Pure: no I/O, no timers.
 */

import { EngineError, type Exchange } from "./exchange.js";
import { dec } from "./history-pages.js";
import { Rng } from "./random.js";

export const TICK_TYPES = ["mark", "spot", "trade"] as const;
export type TickType = (typeof TICK_TYPES)[number];

const MINUTE = 60_000;
/** Candle widths in milliseconds, by resolution name. */
export const RESOLUTIONS: Readonly<Record<string, number>> = {
  "1m": MINUTE,
  "5m": 5 * MINUTE,
  "15m": 15 * MINUTE,
  "30m": 30 * MINUTE,
  "1h": 60 * MINUTE,
  "4h": 240 * MINUTE,
  "12h": 720 * MINUTE,
  "1d": 1_440 * MINUTE,
  "1w": 10_080 * MINUTE,
};

/** Most candles in one response (what a public client measured). */
export const MAX_CANDLES = 2_000;
/** Weekly candles start on Monday 00:00 UTC; the epoch was a Thursday. */
const MONDAY = 4 * 1_440 * MINUTE;

/** Start of the candle of width `width` that holds `t`. */
export function candleStart(t: number, width: number): number {
  const offset = width === RESOLUTIONS["1w"] ? MONDAY : 0;
  return Math.floor((t - offset) / width) * width + offset;
}

/** The market symbols with candles (every listed contract, for every tick type). */
export function chartSymbols(exchange: Exchange): string[] {
  return [...exchange.instruments.keys()].sort();
}

/** The contract a chart symbol names (case-insensitive), or `notFound`. */
export function chartSymbol(exchange: Exchange, symbol: string): string {
  const s = symbol.toUpperCase();
  if (!exchange.instruments.has(s)) throw new EngineError("notFound");
  return s;
}

interface Tick {
  readonly time: number;
  readonly price: number;
  readonly size: number;
}

function ticksOf(exchange: Exchange, tickType: TickType, symbol: string): Tick[] {
  exchange.sync();
  if (tickType === "trade")
    return (exchange.trades.get(symbol) ?? []).map((t) => ({ time: t.time, price: t.price, size: t.size }));
  return (exchange.prices.get(symbol) ?? []).map((p) => ({
    time: p.time,
    price: tickType === "mark" ? p.mark : p.index,
    size: 0,
  }));
}

/** A candle as the Charts API sends it: time in epoch ms, decimals as strings. */
export interface CandleJson {
  time: number;
  open: string;
  high: string;
  low: string;
  close: string;
  volume: string;
}

/**
 * Candles of `symbol` for a tick type and resolution, oldest first: those starting within
 * [`fromSec`, `toSec`] (default: from the oldest kept tick to now), each built from all its ticks. With
 * `fromSec`, the first of them; without, the most recent. A bucket
 * without ticks after the first one repeats the previous close with volume 0. At most `count` (and
 * {@link MAX_CANDLES}) candles; `more_candles` says whether the range holds more.
 */
export function candles(
  exchange: Exchange,
  tickType: TickType,
  symbol: string,
  resolution: string,
  range: { fromSec?: number; toSec?: number; count?: number },
): { candles: CandleJson[]; more_candles: boolean } {
  const width = RESOLUTIONS[resolution];
  if (width === undefined) throw new EngineError("invalidArgument");
  const ticks = ticksOf(exchange, tickType, symbol);
  const to = range.toSec === undefined ? exchange.now() : range.toSec * 1_000;
  const from = range.fromSec === undefined ? Number.NEGATIVE_INFINITY : range.fromSec * 1_000;
  const all: CandleJson[] = [];
  let current:
    | { time: number; open: number; high: number; low: number; close: number; volume: number }
    | undefined;
  const flush = () => {
    if (!current) return;
    const { time, open, high, low, close, volume } = current;
    all.push({
      time,
      open: dec(open),
      high: dec(high),
      low: dec(low),
      close: dec(close),
      volume: dec(volume),
    });
  };
  for (const tick of ticks) {
    const start = candleStart(tick.time, width);
    if (current && start === current.time) {
      current.high = Math.max(current.high, tick.price);
      current.low = Math.min(current.low, tick.price);
      current.close = tick.price;
      current.volume += tick.size;
      continue;
    }
    if (current) {
      flush();
      // Buckets without ticks carry the last close forward.
      for (let t = current.time + width; t < start; t += width) {
        const c = current.close;
        all.push({ time: t, open: dec(c), high: dec(c), low: dec(c), close: dec(c), volume: "0" });
      }
    }
    current = {
      time: start,
      open: tick.price,
      high: tick.price,
      low: tick.price,
      close: tick.price,
      volume: tick.size,
    };
  }
  flush();
  const inRange = all.filter((c) => c.time >= from && c.time <= to);
  const limit = Math.min(range.count ?? MAX_CANDLES, MAX_CANDLES);
  const picked =
    range.fromSec === undefined
      ? inRange.slice(Math.max(0, inRange.length - limit))
      : inRange.slice(0, limit);
  return { candles: picked, more_candles: inRange.length > picked.length };
}

/** Interval widths (seconds) the liquidity-pool statistic accepts. */
export const POOL_INTERVALS = [60, 300, 900, 1800, 3600, 14400, 43200, 86400, 604800] as const;

/**
 * The liquidity pool's USD value per `interval` bucket from `sinceSec` to `toSec` (default now):
 * a seeded walk around 48 million, reproducible for a seed and bucket. At most {@link MAX_CANDLES} buckets.
 */
export function liquidityPool(
  exchange: Exchange,
  sinceSec: number,
  intervalSec: number,
  toSec?: number,
): { timestamp: number[]; more: boolean; data: number[] } {
  const to = toSec ?? Math.floor(exchange.now() / 1_000);
  const timestamp: number[] = [];
  const data: number[] = [];
  let t = Math.ceil(sinceSec / intervalSec) * intervalSec;
  for (; t <= to && timestamp.length < MAX_CANDLES; t += intervalSec) {
    const rng = new Rng((exchange.seed ^ Math.imul(t / intervalSec, 0x27d4eb2d) ^ intervalSec) >>> 0);
    timestamp.push(t);
    data.push(
      Math.round((48_000_000 + 1_500_000 * Math.sin(t / 86_400) + 250_000 * rng.normal()) * 100) / 100,
    );
  }
  return { timestamp, more: t <= to, data };
}
