/**
 * What the engine's parts (order entry, matching and settlement, triggers, the market walk) share of
 * the exchange: its public state, plus what stays private to the engine (the id stream, the margin
 * desk, the walk that prints public trades, and the event sink). The exchange builds one and hands it
 * to each part, so the parts are plain functions over it and the exchange's public surface stays as it
 * was.
 */
import type { Exchange } from "./exchange.js";
import type { MarginDesk } from "./margin-desk.js";
import type { MarketWalk } from "./market-walk.js";
import type { Rng } from "./random.js";
import type { ExchangeEvents } from "./types.js";

/** The exchange as its parts see it. */
export interface EngineContext {
  readonly ex: Exchange;
  /** Order, fill and trade ids (one stream, so a seed replays the same ids). */
  readonly ids: Rng;
  readonly desk: MarginDesk;
  readonly walk: MarketWalk;
  /** Emits an event of the exchange (its `emit` is protected; this is the engine's way in). */
  emit<K extends keyof ExchangeEvents>(event: K, payload: ExchangeEvents[K]): void;
}
