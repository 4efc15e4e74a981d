/**
 * `margin`, `positions`, `ledgers` and `preferences`: rendered from the v1 `balances` and
 * `open_positions` figures (`ws/messages.ts`), so the UWS and WebSocket v1 show the same numbers for the
 * same account state.
 */
import type { Exchange } from "../engine/exchange.js";
import { balancesNow, positionsNow } from "../ws/messages.js";
import type { UwsConnection } from "./connection.js";
import { num, rfc3339 } from "./wire.js";

type Json = Record<string, unknown>;

/** Fields of a position without `with_margin`; `with_margin` adds the margin and risk figures. */
const BASE_FIELDS = ["entry_price", "mark_price", "index_price", "pnl", "unrealized_funding"] as const;
const MARGIN_FIELDS = [
  "liquidation_threshold",
  "effective_leverage",
  "return_on_equity",
  "initial_margin",
  "initial_margin_with_orders",
  "maintenance_margin",
] as const;

/** Every open position now as UWS `Position` entries (with the margin figures when asked). */
export function positionEntries(ex: Exchange, withMargin: boolean): Map<string, Json> {
  const out = new Map<string, Json>();
  for (const p of positionsNow(ex)) {
    const entry: Json = { symbol: p.instrument, size: num(p.balance as number) };
    for (const f of BASE_FIELDS) entry[f] = num(p[f] as number);
    if (withMargin) for (const f of MARGIN_FIELDS) entry[f] = num(p[f] as number);
    entry.pnl_currency = p.pnl_currency;
    out.set(p.instrument as string, entry);
  }
  return out;
}

/** A `positions` message: `futures` holds the given entries (no options are listed). */
export function positionsMessage(type: "snapshot" | "update", entries: readonly Json[], now: number): Json {
  return { channel: "positions", type, data: { futures: entries, options: [], timestamp: rfc3339(now) } };
}

/** What each position's entry reads as text, to tell which changed. */
export function positionTexts(entries: ReadonlyMap<string, Json>): Map<string, string> {
  return new Map([...entries].map(([s, e]) => [s, JSON.stringify(e)]));
}

/** The two `margin` messages: the multi-collateral (flex) wallet, then the single-collateral wallets. */
export function marginMessages(ex: Exchange): Json[] {
  const v1 = balancesNow(ex);
  const flex = v1.flex_futures as Record<string, unknown>;
  const multi: Json = {};
  for (const f of [
    "balance_value",
    "portfolio_value",
    "collateral_value",
    "initial_margin",
    "maintenance_margin",
    "pnl",
    "unrealized_funding",
    "margin_equity",
    "available_margin",
    "effective_leverage",
  ]) {
    if (typeof flex[f] === "number") multi[f] = num(flex[f] as number);
  }
  const single: Json = {};
  for (const [name, w] of Object.entries(v1.futures as Record<string, Record<string, unknown>>)) {
    const wallet: Json = {};
    for (const [k, v] of Object.entries(w)) wallet[k] = typeof v === "number" ? num(v) : v;
    single[name] = wallet;
  }
  return [
    { channel: "margin", type: "multi_collateral", data: multi },
    { channel: "margin", type: "single_collateral", data: single },
  ];
}

/** The futures trading permission the `preferences` channel reports. */
export type FuturesTrading = "enabled" | "reduce_only" | "disabled";

/** Sends the full margin state (two messages) to subscribers whose last state differs. */
export function publishMargin(ex: Exchange, conns: Iterable<UwsConnection>): void {
  const subscribers = [...conns].filter((c) => c.wants("margin"));
  if (subscribers.length === 0) return;
  const messages = marginMessages(ex);
  const text = JSON.stringify(messages);
  for (const c of subscribers) {
    if (c.marginText === text) continue;
    c.marginText = text;
    for (const m of messages) c.send(m);
  }
}

/** Sends each subscriber the positions that changed since its last message; a closed one with size 0. */
export function publishPositions(ex: Exchange, conns: Iterable<UwsConnection>, now: number): void {
  const cache = new Map<boolean, Map<string, Json>>();
  for (const c of conns) {
    if (!c.wants("positions")) continue;
    let entries = cache.get(c.positionsWithMargin);
    if (!entries) {
      entries = positionEntries(ex, c.positionsWithMargin);
      cache.set(c.positionsWithMargin, entries);
    }
    const texts = positionTexts(entries);
    const changed: Json[] = [];
    for (const [symbol, t] of texts)
      if (c.positionTexts.get(symbol) !== t) changed.push(entries.get(symbol)!);
    for (const symbol of c.positionTexts.keys()) if (!texts.has(symbol)) changed.push({ symbol, size: 0 });
    c.positionTexts = texts;
    if (changed.length > 0) c.send(positionsMessage("update", changed, now));
  }
}
