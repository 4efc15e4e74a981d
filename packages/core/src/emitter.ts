import type { Logger } from "./clock.js";

/**
 * Typed event listeners. A listener that throws is logged and skipped: a user's bug in one listener must
 * not break the connection or the other listeners.
 */
export class Emitter<Events> {
  readonly #listeners = new Map<keyof Events, Set<(payload: never) => void>>();
  readonly #log: Logger;

  constructor(log: Logger) {
    this.#log = log;
  }

  /** Listens to `event`; returns a function that removes the listener. */
  on<E extends keyof Events>(event: E, listener: (payload: Events[E]) => void): () => void {
    let set = this.#listeners.get(event);
    if (!set) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    const entry = listener as (payload: never) => void;
    set.add(entry);
    return () => {
      set.delete(entry);
    };
  }

  /** Whether anyone listens to `event` (so a hot path can skip building its payload). */
  has(event: keyof Events): boolean {
    return (this.#listeners.get(event)?.size ?? 0) > 0;
  }

  emit<E extends keyof Events>(event: E, payload: Events[E]): void {
    const set = this.#listeners.get(event);
    if (!set) return;
    for (const listener of set) {
      try {
        (listener as (p: Events[E]) => void)(payload);
      } catch (error) {
        this.#log.error?.(`a ${String(event)} listener threw`, { error: String(error) });
      }
    }
  }
}

/** Promises waiting for one outcome (a connection becoming ready), settled all at once. */
export class Waiters {
  #waiting: { resolve: () => void; reject: (error: unknown) => void }[] = [];

  /** A promise settled by the next {@link resolveAll} or {@link rejectAll}. */
  wait(): Promise<void> {
    return new Promise<void>((resolve, reject) => this.#waiting.push({ resolve, reject }));
  }

  resolveAll(): void {
    for (const waiter of this.#take()) waiter.resolve();
  }

  rejectAll(error: unknown): void {
    for (const waiter of this.#take()) waiter.reject(error);
  }

  #take() {
    const waiting = this.#waiting;
    this.#waiting = [];
    return waiting;
  }
}
