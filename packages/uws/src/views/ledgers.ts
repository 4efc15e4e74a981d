import type { LedgerEntry as SpotLedgerEntry } from "@kraken-futures/spot";
import { Listeners } from "../emitter.js";
import type { components, LedgersUpdate } from "../generated/uws.gen.js";

/** One ledger entry of the `ledgers` channel. */
export type LedgerEntry = components["schemas"]["LedgerEntry"];

/** Fetches, from Spot REST `Ledgers`, the entries after `start` (Unix seconds): what a gap lost. */
export type LedgerRecovery = (start: number | undefined) => Promise<readonly [string, SpotLedgerEntry][]>;

/** A gap in the `sequence` of one connection, and what recovering it brought. */
export interface LedgerGap {
  /** The sequence number expected. */
  readonly expected: number;
  /** The one received. */
  readonly received: number;
  /** The entries Spot REST returned for the time since the last entry (oldest first), or the failure. */
  readonly recovered: readonly [string, SpotLedgerEntry][] | undefined;
  readonly error?: unknown;
}

/**
 * The ledger stream, with its consistency model: no snapshot, a per-connection `sequence` that grows by
 * one per update. A jump means updates were lost: the view reports a `gap` and recovers the entries
 * since the last one it has from Spot REST `Ledgers` ("use the REST Ledgers endpoint to recover missed
 * entries"). The sequence starts over on every connection, so each new socket resets it.
 */
export class LedgersView {
  readonly #entries: LedgerEntry[] = [];
  readonly #events = new Listeners<{ entry: LedgerEntry; gap: LedgerGap }>();
  readonly #recover: LedgerRecovery | undefined;
  readonly #max: number;
  #last: number | undefined;
  #lastTime: string | undefined;
  #gaps = 0;

  /** `max` entries are kept (default 1 000, oldest dropped first). */
  constructor(recover: LedgerRecovery | undefined, max = 1_000) {
    this.#recover = recover;
    this.#max = max;
  }

  /** The entries received, oldest first (at most `max`). */
  all(): readonly LedgerEntry[] {
    return this.#entries;
  }

  /** Gaps seen so far. */
  get gaps(): number {
    return this.#gaps;
  }

  on<E extends "entry" | "gap">(
    event: E,
    listener: (payload: E extends "entry" ? LedgerEntry : LedgerGap) => void,
  ): () => void {
    return this.#events.on(event, listener as never);
  }

  /** A new socket: its sequence starts over. */
  reset(): void {
    this.#last = undefined;
  }

  apply(message: LedgersUpdate): void {
    const { sequence } = message;
    const expected = this.#last === undefined ? undefined : this.#last + 1;
    const since = this.#lastTime;
    this.#last = sequence;
    for (const e of message.data) {
      this.#entries.push(e);
      if (e.timestamp) this.#lastTime = e.timestamp;
      this.#events.emit("entry", e);
    }
    if (this.#entries.length > this.#max) this.#entries.splice(0, this.#entries.length - this.#max);
    if (expected !== undefined && sequence !== expected) void this.#repair(expected, sequence, since);
  }

  async #repair(expected: number, received: number, since: string | undefined): Promise<void> {
    this.#gaps++;
    if (!this.#recover) {
      this.#events.emit("gap", { expected, received, recovered: undefined });
      return;
    }
    const start = since === undefined ? undefined : Math.floor(Date.parse(since) / 1000) - 1;
    try {
      const recovered = await this.#recover(start);
      this.#events.emit("gap", { expected, received, recovered: [...recovered].reverse() });
    } catch (error) {
      this.#events.emit("gap", { expected, received, recovered: undefined, error });
    }
  }
}

/** The default recovery: every Spot `Ledgers` entry after `start`, through the Spot client's walk. */
export function spotLedgerRecovery(
  entries: (query: { start?: number }) => AsyncIterable<[string, SpotLedgerEntry]>,
): LedgerRecovery {
  return async (start) => {
    const out: [string, SpotLedgerEntry][] = [];
    for await (const pair of entries(start === undefined ? {} : { start })) out.push(pair);
    return out;
  };
}
