/**
 * A stand-in for uws-book's `UwsBookView` (`src/book/view.ts`), with the contract's signatures, so that
 * `client.book()` works before the verified book lands: snapshot, updates (`qty` 0 deletes), truncation
 * to the depth. It does NOT verify checksums (the JSON decoder loses the exact text they hash). The
 * integrator replaces the import in `book-wiring.ts` with `./book/view.js` and deletes this file.
 */
import { Listeners } from "./emitter.js";

/** One level: number for use, exact text for the checksum. */
export interface UwsLevel {
  readonly price: number;
  readonly qty: number;
  readonly priceText: string;
  readonly qtyText: string;
}

/** An event of a book view. */
export interface BookEvent {
  readonly symbol: string;
  readonly reason?: string;
}

/** Options of a book view (the contract's). */
export interface BookViewOptions {
  readonly symbol: string;
  readonly depth: 10 | 25 | 100 | 500 | 1000;
  /** Asks the client for a fresh snapshot. */
  readonly resubscribe: () => void;
}

type Side = Map<number, UwsLevel>;

/** One symbol's book (minimal stand-in; see the file comment). */
export class UwsBookView {
  readonly symbol: string;
  readonly depth: number;
  readonly #bids: Side = new Map();
  readonly #asks: Side = new Map();
  readonly #events = new Listeners<Record<"resync" | "mismatch" | "synced" | "failed", BookEvent>>();
  #synced = false;

  constructor(options: BookViewOptions) {
    this.symbol = options.symbol;
    this.depth = options.depth;
  }

  get synced(): boolean {
    return this.#synced;
  }

  bids(): readonly UwsLevel[] {
    return sorted(this.#bids, -1);
  }

  asks(): readonly UwsLevel[] {
    return sorted(this.#asks, 1);
  }

  on(event: "resync" | "mismatch" | "synced" | "failed", listener: (e: BookEvent) => void): () => void {
    return this.#events.on(event, listener);
  }

  apply(entry: { bids: readonly UwsLevel[]; asks: readonly UwsLevel[] }, type: "snapshot" | "update"): void {
    if (type === "snapshot") {
      this.#bids.clear();
      this.#asks.clear();
    } else if (!this.#synced) return;
    merge(this.#bids, entry.bids, this.depth, -1);
    merge(this.#asks, entry.asks, this.depth, 1);
    if (type === "snapshot") {
      this.#synced = true;
      this.#events.emit("synced", { symbol: this.symbol });
    }
  }

  /** The socket changed: wait for the next snapshot. */
  reset(): void {
    this.#synced = false;
  }
}

function sorted(side: Side, direction: 1 | -1): UwsLevel[] {
  return [...side.values()].sort((a, b) => direction * (a.price - b.price));
}

function merge(side: Side, levels: readonly UwsLevel[], depth: number, direction: 1 | -1): void {
  for (const l of levels) {
    if (l.qty === 0) side.delete(l.price);
    else side.set(l.price, l);
  }
  if (side.size <= depth) return;
  for (const l of sorted(side, direction).slice(depth)) side.delete(l.price);
}

/** Levels of a JSON-decoded book entry, with texts from the numbers (not the wire: see the file comment). */
export function levelsOf(levels: unknown): UwsLevel[] {
  if (!Array.isArray(levels)) return [];
  return levels.map((l: { price: unknown; qty: unknown; priceText?: string; qtyText?: string }) => ({
    price: Number(l.price),
    qty: Number(l.qty),
    priceText: l.priceText ?? String(l.price),
    qtyText: l.qtyText ?? String(l.qty),
  }));
}
