/**
 * The History API's storage and paging: elements kept in their wire shape, ordered by (time, seq), cut
 * into pages with a `continuationToken`; and the number forms History and the account log write.
 */
import type { components } from "../generated/history.gen.js";
import type { Wire } from "../http/typed-handlers.js";
import { EngineError, type PricePoint } from "./types.js";

type Schemas = components["schemas"];

/**
 * The History API's JSON, as the generated types of its spec describe it (`history.gen.ts`) and as
 * it goes on the wire ({@link Wire}: decimals as the strings History sends). The recorder builds its
 * events in these shapes, so an event the spec does not describe fails `tsc`.
 */
export type HistoryOrderJson = Wire<Schemas["HistoryOrder"]>;
export type OrderEventJson = Wire<Schemas["OrderEvent"]>;
export type TriggerEventJson = Wire<Schemas["TriggerEvent"]>;
export type ExecutionJson = Wire<Schemas["Execution"]>;
/** One element of an order-event page (private or public). */
export type OrderEventElement = Wire<Schemas["OrderEventElement"]>;
export type TriggerEventElement = Wire<Schemas["TriggerEventElement"]>;
/** One element of an execution page (private or public). */
export type ExecutionEventElement = Wire<Schemas["ExecutionEventElement"]>;
export type PositionEventElement = Wire<Schemas["PositionEventElement"]>;
export type PriceEventElement = Wire<Schemas["PriceEventElement"]>;
/** One account-log entry (`/v3/account-log`'s `logs`). */
export type AccountLogJson = Wire<Schemas["AccountLogEntry"]>;

/** A decimal as the History API sends it: a plain decimal string, no exponent, no `-0`. */
export function dec(n: number): string {
  const s = n.toFixed(10).replace(/\.?0+$/, "");
  return s === "-0" || s === "" ? "0" : s;
}

/** A rounded JSON number for the account log (10 decimals, no `-0`). */
export function num(n: number): number {
  const r = Number(n.toFixed(10));
  return r === 0 ? 0 : r;
}

/** One stored element, ordered by `time` then `seq`; `json` (in its spec's shape `J`) is what the page lists. */
export interface Entry<J = unknown> {
  readonly time: number;
  readonly seq: number;
  readonly symbol: string;
  readonly json: J;
}

/** An order event with what the `opened`/`closed` filters look at. */
export interface OrderEntry extends Entry<OrderEventElement> {
  readonly phase: "opened" | "closed" | "other";
  /** The same event without account data, for the public market order events. */
  readonly publicJson: OrderEventElement;
}

/** A position update with what its filters look at. */
export interface PositionEntry extends Entry<PositionEventElement> {
  readonly change: "Open" | "Close" | "Increase" | "Decrease" | "Reverse" | "NoChange";
  readonly reason: "trades" | "funding_realization" | "settlement";
}

/** An account-log entry (its `json` is the wire form; `id` counts from 1). */
export interface LogEntry extends Entry<AccountLogJson> {
  readonly id: number;
  readonly info: string;
}

/** Paging arguments shared by the event endpoints. */
export interface PageRequest {
  readonly since?: number;
  readonly before?: number;
  readonly sort?: "asc" | "desc";
  readonly count?: number;
  readonly continuationToken?: string;
}

/** Page size when `count` is absent, and the cap Kraken applies without publishing it (ours: 1000). */
export const DEFAULT_PAGE = 500;
export const MAX_PAGE = 1_000;
/** Elements kept per list (the oldest are dropped beyond it). */
const KEPT = 50_000;

function token(e: { time: number; seq: number }): string {
  return btoa(`${e.time}/${e.seq}`);
}

function parseToken(raw: string): { time: number; seq: number } {
  let text: string;
  try {
    text = atob(raw);
  } catch {
    throw new EngineError("invalidArgument");
  }
  const m = /^(\d+)\/(\d+)$/.exec(text);
  if (!m) throw new EngineError("invalidArgument");
  return { time: Number(m[1]), seq: Number(m[2]) };
}

export const compare = (a: { time: number; seq: number }, b: { time: number; seq: number }) =>
  a.time - b.time || a.seq - b.seq;

/**
 * One page of `entries` (oldest first): those with `since <= time < before`, in `sort` order, after the
 * position `continuationToken` names, at most `count` of them. The token of the result names the last
 * element returned and is absent when nothing follows.
 */
export function pageOf<T extends { time: number; seq: number }>(
  entries: readonly T[],
  req: PageRequest,
): { items: T[]; continuationToken?: string } {
  const desc = (req.sort ?? "desc") === "desc";
  const count = Math.min(req.count ?? DEFAULT_PAGE, MAX_PAGE);
  const after = req.continuationToken === undefined ? undefined : parseToken(req.continuationToken);
  const inRange = (e: T) =>
    (req.since === undefined || e.time >= req.since) &&
    (req.before === undefined || e.time < req.before) &&
    (after === undefined || (desc ? compare(e, after) < 0 : compare(e, after) > 0));
  const items: T[] = [];
  let more = false;
  const n = entries.length;
  for (let k = 0; k < n; k++) {
    const e = entries[desc ? n - 1 - k : k]!;
    if (!inRange(e)) continue;
    if (items.length === count) {
      more = true;
      break;
    }
    items.push(e);
  }
  const last = items.at(-1);
  return more && last ? { items, continuationToken: token(last) } : { items };
}

/** A page of wire elements (`E`: the spec's element of the page). */
export interface Page<E> {
  readonly elements: readonly E[];
  readonly continuationToken?: string;
}
/** Appends in (time, seq) order (events arrive in order; a late one is moved into place) and trims. */
export function append<T extends Entry>(list: T[], entry: T): void {
  let i = list.length;
  while (i > 0 && compare(list[i - 1]!, entry) > 0) i--;
  list.splice(i, 0, entry);
  if (list.length > KEPT + 1_000) list.splice(0, list.length - KEPT);
}

/** The last price point at or before `time`. */
export function priceAt(points: readonly PricePoint[], time: number): PricePoint | undefined {
  let lo = 0;
  let hi = points.length - 1;
  let found: PricePoint | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (points[mid]!.time <= time) {
      found = points[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
