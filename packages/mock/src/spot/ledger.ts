/**
 * The account's ledger in Kraken Spot's REST form (`Ledgers`, `QueryLedgers`), read from the one account
 * log the engine keeps (History's `accountlog`, {@link HistoryRecorder.accountLog}): every Spot ledger
 * entry is one account-log entry, with the same booking id, execution, balances and fee.
 *
 * The mapping (the fields of a derivatives entry in Spot's REST form are not documented; see the
 * package README, "Spot REST"): the ledger id is the entry's `booking_uid`, `refid` its `execution`,
 * `time` its date in seconds; a position line (asset = the contract) is `aclass: "derivatives"` with the
 * contract's name as asset and the size change as amount; a collateral line is `aclass: "currency"`
 * with Kraken's asset code (`ZUSD`, `XXBT`), `amount` the change before the fee, `fee` the fee and
 * `balance` the new balance, so that balance = previous balance + amount - fee, as in Spot ledgers.
 */
import type { HistoryRecorder, LogEntry } from "../engine/history.js";
import type { components } from "../generated/spot.gen.js";
import type { Wire } from "../http/typed-handlers.js";

/** One ledger entry as `Ledgers` lists it (`LedgerEntry` of the Spot spec). */
export interface SpotLedgerEntry {
  readonly refid: string;
  readonly time: number;
  readonly type: string;
  readonly subtype: string;
  readonly aclass: string;
  readonly asset: string;
  readonly amount: string;
  readonly fee: string;
  readonly balance: string;
}

/** A ledger entry with its id and its place in the log. */
export interface KeyedLedgerEntry {
  readonly id: string;
  readonly entry: SpotLedgerEntry;
  readonly source: LogEntry;
}

/** Kraken's asset codes of the currencies Spot names with an X/Z prefix; others are upper-cased. */
const ASSET_CODES: Readonly<Record<string, string>> = {
  usd: "ZUSD",
  eur: "ZEUR",
  gbp: "ZGBP",
  xbt: "XXBT",
  eth: "XETH",
  ltc: "XLTC",
  xrp: "XXRP",
};

/** The account log's `info` as a Spot ledger `type`. */
const TYPES: Readonly<Record<string, string>> = {
  "futures trade": "trade",
  "funding rate change": "rollover",
  settlement: "settled",
};

/** Ledger entries of a page (`Ledgers` returns at most 50). */
export const LEDGER_PAGE = 50;

/** A decimal with 10 places, as Kraken writes XBT amounts; History rounds to the same 10 places. */
function d10(n: number): string {
  const s = n.toFixed(10);
  return /^-0\.0+$/.test(s) ? s.slice(1) : s;
}

const numberOf = (v: unknown): number => (typeof v === "number" ? v : 0);

/** The Spot form of one account-log entry. */
export function spotLedgerEntry(log: LogEntry): KeyedLedgerEntry {
  const j = log.json;
  const position = j.asset === j.contract;
  const oldBalance = numberOf(j.old_balance);
  const newBalance = numberOf(j.new_balance);
  const fee = numberOf(j.fee);
  const asset = String(j.asset);
  return {
    id: String(j.booking_uid),
    source: log,
    entry: {
      refid: String(j.execution ?? ""),
      time: log.time / 1000,
      type: TYPES[log.info] ?? "adjustment",
      subtype: "",
      aclass: position ? "derivatives" : "currency",
      asset: position ? asset.toUpperCase() : (ASSET_CODES[asset] ?? asset.toUpperCase()),
      amount: d10(newBalance - oldBalance + fee),
      fee: d10(fee),
      balance: d10(newBalance),
    },
  };
}

/** A page of `Ledgers`, as the spec's `GetLedgersResponse` types its `result` (amounts as text). */
export type LedgersPage = Wire<components["schemas"]["GetLedgersResponse"]["result"]>;

/** Filters of a `Ledgers` query, as the spec's `GetLedgersRequest` names them. */
export interface LedgerQuery {
  readonly asset?: string;
  readonly aclass?: string;
  readonly type?: string;
  readonly start?: number | string;
  readonly end?: number | string;
  readonly ofs?: number;
  readonly without_count?: boolean;
}

/** A ledger id that names no entry, given as `start` or `end`. */
export class UnknownLedgerId extends Error {}

/** Place of an entry for windows: entries are ordered by time, then by their log sequence. */
function cut(all: readonly KeyedLedgerEntry[], bound: number | string): { time: number; seq: number } {
  if (typeof bound === "number") return { time: bound * 1000, seq: Number.POSITIVE_INFINITY };
  const hit = all.find((e) => e.id === bound);
  if (!hit) throw new UnknownLedgerId(bound);
  return { time: hit.source.time, seq: hit.source.seq };
}

const after = (e: KeyedLedgerEntry, c: { time: number; seq: number }) =>
  e.source.time > c.time || (e.source.time === c.time && e.source.seq > c.seq);

/**
 * Answers a `Ledgers` query: the matching entries, newest first, 50 from `ofs`, with `count` unless
 * `without_count`. `start` is exclusive and `end` inclusive, each a Unix time in seconds or a ledger id.
 * `aclass` filters only when sent (the spec's default `currency` would hide every position line; see
 * the README). Throws {@link UnknownLedgerId} for a ledger id that names no entry.
 */
export function ledgersPage(recorder: HistoryRecorder, q: LedgerQuery): LedgersPage {
  const all = recorder.accountLog.map(spotLedgerEntry);
  const assets =
    q.asset === undefined || q.asset === "all"
      ? undefined
      : new Set(q.asset.split(",").map((a) => a.trim().toUpperCase()));
  const from = q.start === undefined ? undefined : cut(all, q.start);
  const to = q.end === undefined ? undefined : cut(all, q.end);
  const matching = all
    .filter(
      (e) =>
        (assets === undefined || assets.has(e.entry.asset)) &&
        (q.aclass === undefined || e.entry.aclass === q.aclass) &&
        (q.type === undefined || q.type === "all" || e.entry.type === q.type) &&
        (from === undefined || after(e, from)) &&
        (to === undefined || !after(e, to)),
    )
    .reverse();
  const ofs = q.ofs ?? 0;
  const ledger = Object.fromEntries(matching.slice(ofs, ofs + LEDGER_PAGE).map((e) => [e.id, e.entry]));
  return q.without_count === true ? { ledger } : { ledger, count: matching.length };
}

/** Answers `QueryLedgers`: the entries with the given ids (comma-separated); unknown ids are left out. */
export function ledgersById(recorder: HistoryRecorder, ids: string): Record<string, SpotLedgerEntry> {
  const wanted = new Set(ids.split(",").map((id) => id.trim()));
  const out: Record<string, SpotLedgerEntry> = {};
  for (const log of recorder.accountLog) {
    const e = spotLedgerEntry(log);
    if (wanted.has(e.id)) out[e.id] = e.entry;
  }
  return out;
}
