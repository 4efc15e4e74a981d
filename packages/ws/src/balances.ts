import type { BalancesSnapshot, BalancesUpdate } from "./generated/ws.gen.js";

/** The merged state of the `balances` feed: the snapshot with every later delta applied. */
export type BalancesState = Omit<BalancesSnapshot, "feed">;

/** What {@link BalancesView.applyDelta} did with a delta. */
export type BalancesDeltaResult =
  /** merged into the state */
  | "applied"
  /** `seq` <= the state's: it predates the snapshot, ignored */
  | "stale"
  /** `seq` is not the next one: a delta was lost, the view is unsynced until the next snapshot */
  | "gap"
  /** no snapshot since the start or the last gap: ignored */
  | "unsynced";

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * Deep merge into new prototype-free objects: objects merge key by key, anything else replaces, so `{}`
 * changes nothing. Prototype-free because the keys come from the network: a `__proto__` key is then an
 * ordinary property and cannot replace the state's prototype.
 */
function merge(target: Json, patch: Json): Json {
  const out: Json = Object.create(null);
  for (const key of Object.keys(target)) out[key] = target[key];
  for (const key of Object.keys(patch)) {
    const value = patch[key];
    const current = out[key];
    out[key] = isRecord(value) ? merge(isRecord(current) ? current : {}, value) : value;
  }
  return out;
}

/**
 * Merges `balances_snapshot` with the partial `balances` deltas that follow it. A delta carries only what
 * changed (the seed's delta is `holding: {USD: 5000}, futures: {}`), so parts and keys it leaves out keep
 * their value.
 *
 * Sequence rule, the book's: a delta with `seq` <= the state's is stale and ignored; one whose `seq` is
 * not the state's + 1 is a gap and unsyncs the view (the client then resubscribes for a fresh snapshot).
 * A snapshot with `seq` 0 (the seed's example carries 0 and its delta 83) gives no base to count from,
 * so the first delta after it sets the base.
 */
export class BalancesView {
  #state: BalancesState | undefined;
  #synced = false;
  #counting = false;

  /** The merged balances (the last good state while unsynced), or undefined before the first snapshot. */
  get state(): BalancesState | undefined {
    return this.#state;
  }

  /** True between a snapshot and the next gap or reset. */
  get synced(): boolean {
    return this.#synced;
  }

  /** Sequence number of the last message applied; -1 before the first snapshot. */
  get seq(): number {
    return this.#state?.seq ?? -1;
  }

  /** Replaces the state. */
  applySnapshot(snapshot: BalancesSnapshot): void {
    const { feed: _feed, ...state } = snapshot;
    this.#state = merge({}, state as unknown as Json) as unknown as BalancesState;
    this.#synced = true;
    this.#counting = typeof state.seq === "number" && state.seq > 0;
  }

  /** Merges a delta; see {@link BalancesDeltaResult}. */
  applyDelta(delta: BalancesUpdate): BalancesDeltaResult {
    const state = this.#state;
    if (!state || !this.#synced) return "unsynced";
    const seq = delta.seq;
    if (typeof seq !== "number" || seq <= state.seq) return "stale";
    if (this.#counting && seq !== state.seq + 1) {
      this.#synced = false;
      return "gap";
    }
    const { feed: _feed, ...patch } = delta;
    this.#state = merge(state as unknown as Json, patch as unknown as Json) as unknown as BalancesState;
    this.#counting = true;
    return "applied";
  }

  /** Marks the view unsynced, keeping the last good state (a disconnect or a resync: a snapshot follows). */
  invalidate(): void {
    this.#synced = false;
  }

  /** Forgets the state. */
  reset(): void {
    this.#state = undefined;
    this.#synced = false;
  }
}
