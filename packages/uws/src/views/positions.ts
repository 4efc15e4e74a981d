import { Listeners } from "../emitter.js";
import type { components, PositionsSnapshot, PositionsUpdate } from "../generated/uws.gen.js";

/** One position. */
export type Position = components["schemas"]["Position"];

/**
 * The open positions, by symbol: the one snapshot of a subscription replaces them, each update carries
 * only the positions it changes, and `size` 0 removes one. A snapshot marked `snapshot_too_large` holds
 * nothing: the view is not synced and asks for a new subscription (Kraken: "Resubscribe to request the
 * snapshot again").
 */
export class PositionsView {
  readonly #positions = new Map<string, Position>();
  readonly #events = new Listeners<{ update: readonly Position[]; resubscribe: { reason: string } }>();
  readonly #resubscribe: () => void;
  #synced = false;

  constructor(resubscribe: () => void) {
    this.#resubscribe = resubscribe;
  }

  /** True once a complete snapshot arrived (and none too large since). */
  get synced(): boolean {
    return this.#synced;
  }

  all(): Position[] {
    return [...this.#positions.values()];
  }

  get(symbol: string): Position | undefined {
    return this.#positions.get(symbol);
  }

  on<E extends "update" | "resubscribe">(
    event: E,
    listener: (payload: E extends "update" ? readonly Position[] : { reason: string }) => void,
  ): () => void {
    return this.#events.on(event, listener as never);
  }

  /** The socket changed: the next snapshot is the truth. */
  reset(): void {
    this.#synced = false;
  }

  apply(message: PositionsSnapshot | PositionsUpdate): void {
    const { data } = message;
    if (data.status === "snapshot_too_large") {
      this.#synced = false;
      this.#events.emit("resubscribe", { reason: "snapshot_too_large" });
      this.#resubscribe();
      return;
    }
    const changed = [...(data.futures ?? []), ...(data.options ?? [])];
    if (message.type === "snapshot") {
      this.#positions.clear();
      this.#synced = true;
    }
    for (const p of changed) {
      const key = p.symbol ?? "";
      if (Number(p.size) === 0) this.#positions.delete(key);
      else this.#positions.set(key, message.type === "snapshot" ? p : { ...this.#positions.get(key), ...p });
    }
    this.#events.emit("update", changed);
  }
}
