import type { BalancesSnapshot, BalancesUpdate } from "./generated/ws.gen.js";

/** The merged state of the `balances` feed: the snapshot with every later delta applied. */
export type BalancesState = Omit<BalancesSnapshot, "feed">;

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => v !== null && typeof v === "object" && !Array.isArray(v);

/** Deep merge: objects merge key by key, anything else replaces. `{}` therefore changes nothing. */
function merge(target: Json, patch: Json): Json {
  const out: Json = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    const current = out[key];
    out[key] = isRecord(value) && isRecord(current) ? merge(current, value) : value;
  }
  return out;
}

/**
 * Merges `balances_snapshot` with the partial `balances` deltas that follow it. A delta carries only what
 * changed (the seed's delta is `holding: {USD: 5000}, futures: {}`), so parts and keys it leaves out keep
 * their value. Deltas with `seq` <= the state's are ignored (they predate the snapshot).
 */
export class BalancesView {
  #state: BalancesState | undefined;

  /** The merged balances, or undefined before the first snapshot. */
  get state(): BalancesState | undefined {
    return this.#state;
  }

  /** Replaces the state. */
  applySnapshot(snapshot: BalancesSnapshot): void {
    const { feed: _feed, ...state } = snapshot;
    this.#state = state;
  }

  /** Merges a delta; returns false when it was ignored (no snapshot yet, or stale). */
  applyDelta(delta: BalancesUpdate): boolean {
    const state = this.#state;
    if (!state || typeof delta.seq !== "number" || delta.seq <= state.seq) return false;
    const { feed: _feed, ...patch } = delta;
    this.#state = merge(state as unknown as Json, patch as unknown as Json) as unknown as BalancesState;
    return true;
  }

  /** Forgets the state (a disconnect: the next snapshot replaces it). */
  reset(): void {
    this.#state = undefined;
  }
}
