/**
 * The account's one ledger: every fill books its entries here (the position first, then each balance
 * it changed, with fee and realized PnL), in the wire form of History's `/v3/account-log`. History's
 * account log and CSV export, WebSocket v1's `account_log` feed and the Spot `Ledgers` routes all read
 * these same entries, so they show the same ids, account names and figures.
 */
import { iso } from "./clock.js";
import { type AccountLogJson, append, dec, type LogEntry, num } from "./history-pages.js";
import { Rng } from "./random.js";
import type { Fill } from "./types.js";

/** What the ledger reads of the exchange (the exchange itself; a narrow view keeps the import one-way). */
export interface LedgerSource {
  readonly seed: number;
  readonly account: {
    readonly flex: Readonly<Record<string, number>>;
    readonly inverseCollateral: number;
    readonly positions: ReadonlyMap<
      string,
      { readonly symbol: string; readonly size: number; readonly entryPrice: number }
    >;
  };
  readonly instruments: ReadonlyMap<string, { readonly kind: string }>;
  markPrice(symbol: string): number;
  usdPrice(currency: string): number;
}

/** A position as the ledger last saw it. */
export interface LedgerPosition {
  readonly size: number;
  readonly entry: number;
}

/** What one fill booked: its entries, the position before and after, and the realized PnL (USD). */
export interface Booking {
  readonly fillId: string;
  readonly entries: readonly LogEntry[];
  readonly old: LedgerPosition;
  readonly next: LedgerPosition;
  readonly realized: number;
}

const NO_POSITION: LedgerPosition = { size: 0, entry: 0 };

/** An account-log entry's fields before it is booked (the ledger adds its id, date and booking uid). */
type LogFields = Omit<AccountLogJson, "id" | "date" | "booking_uid">;
/** The fields every entry of one fill shares (each entry adds its asset; a fill always names its contract). */
type CommonFields = Omit<LogFields, "asset"> & { readonly contract: string };

/** The account's ledger. The exchange books each fill into it before any listener hears of the fill. */
export class AccountLedger {
  /** Every entry, oldest first (`id` counts from 1). */
  readonly entries: LogEntry[] = [];
  /** What the latest fill booked (listeners of the exchange's `fill` event read it). */
  lastBooking: Booking | undefined;

  readonly #source: LedgerSource;
  readonly #ids: Rng;
  #nextId = 1;
  #flex: Record<string, number>;
  #inverse: number;
  readonly #positions = new Map<string, LedgerPosition>();
  /** The entries of the fill being booked. */
  #booked: LogEntry[] = [];

  constructor(source: LedgerSource) {
    this.#source = source;
    this.#ids = new Rng((source.seed ^ 0x1ed9e7) >>> 0);
    this.#flex = { ...source.account.flex };
    this.#inverse = source.account.inverseCollateral;
    for (const p of source.account.positions.values())
      this.#positions.set(p.symbol, { size: p.size, entry: p.entryPrice });
  }

  /** The booking of `fillId` when it is the latest one. */
  bookingOf(fillId: string): Booking | undefined {
    return this.lastBooking?.fillId === fillId ? this.lastBooking : undefined;
  }

  /** Books a fill (called by the exchange after the account has been updated). */
  book(fill: Fill): Booking {
    const s = this.#source;
    const old = this.#positions.get(fill.symbol) ?? NO_POSITION;
    const pos = s.account.positions.get(fill.symbol);
    const next = pos ? { size: pos.size, entry: pos.entryPrice } : NO_POSITION;
    this.#booked = [];
    const inverse = s.instruments.get(fill.symbol)?.kind === "inverse";
    const common: CommonFields = {
      contract: fill.symbol.toLowerCase(),
      margin_account: inverse ? "f-xbt:usd" : "flex",
      info: "futures trade",
      execution: fill.fillId,
      trade_price: num(fill.price),
      mark_price: num(s.markPrice(fill.symbol)),
      funding_rate: null,
      realized_funding: null,
      collateral: null,
      conversion_spread_percentage: null,
      liquidation_fee: null,
    };
    this.#log(fill, {
      ...common,
      asset: common.contract,
      old_balance: num(old.size),
      new_balance: num(next.size),
      old_average_entry_price: old.size === 0 ? null : num(old.entry),
      new_average_entry_price: next.size === 0 ? null : num(next.entry),
      fee: null,
      realized_pnl: null,
    });
    const realized = inverse ? this.#inverseEntries(fill, common) : this.#flexEntries(fill, common);
    if (next.size === 0) this.#positions.delete(fill.symbol);
    else this.#positions.set(fill.symbol, next);
    this.lastBooking = { fillId: fill.fillId, entries: this.#booked, old, next, realized };
    return this.lastBooking;
  }

  /** The XBT collateral entry of an inverse fill; returns its realized PnL. */
  #inverseEntries(fill: Fill, common: CommonFields): number {
    const now = this.#source.account.inverseCollateral;
    const realized = now - this.#inverse + fill.fee;
    this.#log(fill, {
      ...common,
      asset: "xbt",
      collateral: "xbt",
      old_balance: num(this.#inverse),
      new_balance: num(now),
      fee: num(fill.fee),
      realized_pnl: num(realized),
    });
    this.#inverse = now;
    return realized;
  }

  /** One entry per flex currency a linear fill changed (USD always: the fee); returns realized PnL in USD. */
  #flexEntries(fill: Fill, common: CommonFields): number {
    const flex = this.#source.account.flex;
    let realized = 0;
    for (const [currency, now] of Object.entries(flex)) {
      const was = this.#flex[currency] ?? 0;
      const isFeeCurrency = currency === "USD";
      if (now === was && !isFeeCurrency) continue;
      const pnl = isFeeCurrency ? now - was + fill.fee : now - was;
      realized += pnl * this.#source.usdPrice(currency);
      this.#log(fill, {
        ...common,
        asset: currency.toLowerCase(),
        collateral: currency.toLowerCase(),
        old_balance: num(was),
        new_balance: num(now),
        fee: isFeeCurrency ? num(fill.fee) : null,
        realized_pnl: num(pnl),
      });
    }
    this.#flex = { ...flex };
    return realized;
  }

  #log(fill: Fill, fields: LogFields): void {
    const id = this.#nextId++;
    const entry: LogEntry = {
      time: fill.time,
      seq: id,
      id,
      info: String(fields.info),
      symbol: fill.symbol,
      json: { id, date: iso(fill.time), booking_uid: this.#ids.uuid(), ...fields },
    };
    append(this.entries, entry);
    this.#booked.push(entry);
  }
}

/** The CSV export of the account log, newest first, with the columns of Kraken's account-log export. */
export function accountLogCsv(entries: readonly LogEntry[]): string {
  const header = [
    "uid",
    "dateTime",
    "account",
    "type",
    "symbol",
    "contract",
    "change",
    "new balance",
    "new average entry price",
    "trade price",
    "mark price",
    "funding rate",
    "realized pnl",
    "fee",
    "realized funding",
    "collateral",
    "execution",
    "conversion spread percentage",
    "liquidation fee",
  ];
  const cell = (v: unknown) => {
    if (v === null || v === undefined) return "";
    const s = typeof v === "number" ? dec(v) : String(v);
    return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  const rows = [...entries].reverse().map((e) => {
    const j = e.json;
    const change =
      typeof j.new_balance === "number" && typeof j.old_balance === "number"
        ? j.new_balance - j.old_balance
        : null;
    return [
      j.booking_uid,
      iso(e.time).slice(0, 19).replace("T", " "),
      j.margin_account,
      j.info,
      j.asset,
      j.contract,
      change,
      j.new_balance,
      j.new_average_entry_price,
      j.trade_price,
      j.mark_price,
      j.funding_rate,
      j.realized_pnl,
      j.fee,
      j.realized_funding,
      j.collateral,
      j.execution,
      j.conversion_spread_percentage,
      j.liquidation_fee,
    ]
      .map(cell)
      .join(",");
  });
  return `${[header.join(","), ...rows].join("\n")}\n`;
}
