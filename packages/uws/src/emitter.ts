import type { Logger } from "@kraken-futures/core";

/** Typed listeners; a listener that throws is logged and skipped, so it cannot break the client. */
export class Listeners<Events> {
  readonly #sets = new Map<keyof Events, Set<(payload: never) => void>>();
  readonly #log: Logger | undefined;

  constructor(log?: Logger) {
    this.#log = log;
  }

  /** Listens to `event`; returns the function that removes the listener. */
  on<E extends keyof Events>(event: E, listener: (payload: Events[E]) => void): () => void {
    let set = this.#sets.get(event);
    if (!set) {
      set = new Set();
      this.#sets.set(event, set);
    }
    const entry = listener as (payload: never) => void;
    set.add(entry);
    return () => set.delete(entry);
  }

  emit<E extends keyof Events>(event: E, payload: Events[E]): void {
    const set = this.#sets.get(event);
    if (!set) return;
    for (const listener of set) {
      try {
        (listener as (p: Events[E]) => void)(payload);
      } catch (error) {
        this.#log?.error?.(`a ${String(event)} listener threw`, { error: String(error) });
      }
    }
  }

  clear(): void {
    this.#sets.clear();
  }
}
