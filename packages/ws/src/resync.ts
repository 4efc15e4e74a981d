// Shared by the book and balances views: waiting for a snapshot with a deadline that doubles on every
// retry, and calling listeners without letting one that throws break the connection.
import type { Logger, Timers } from "./types.js";

/** Longest wait for a snapshot, in ms. */
const MAX_WAIT_MS = 60_000;

/**
 * Waits for the snapshot of one (re)subscription. When `timeoutMs` passes without one, `onTimeout`
 * runs (the owner resubscribes and arms again); each retry doubles the wait, up to 60 s.
 */
export class SnapshotWatch {
  readonly #timers: Timers;
  readonly #timeoutMs: number;
  readonly #onTimeout: () => void;
  #timer: unknown;
  /** Resubscriptions since the last snapshot. */
  attempt = 0;

  constructor(timers: Timers, timeoutMs: number, onTimeout: () => void) {
    this.#timers = timers;
    this.#timeoutMs = timeoutMs;
    this.#onTimeout = onTimeout;
  }

  /** A (re)subscription was sent: wait for its snapshot. */
  arm(): void {
    this.stop();
    const wait = Math.min(MAX_WAIT_MS, this.#timeoutMs * 2 ** Math.max(0, this.attempt - 1));
    this.#timer = this.#timers.setTimeout(() => {
      this.#timer = undefined;
      this.#onTimeout();
    }, wait);
  }

  /** The snapshot came. */
  done(): void {
    this.stop();
    this.attempt = 0;
  }

  /** Stops waiting (the connection dropped, or the view closed). */
  stop(): void {
    if (this.#timer !== undefined) this.#timers.clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}

/** Calls every listener with `value`; one that throws is logged and the others still run. */
export function notifyAll<T>(
  listeners: Iterable<(value: T) => void>,
  value: T,
  log: Logger,
  what: string,
): void {
  for (const listener of listeners) {
    try {
      listener(value);
    } catch (error) {
      log.error?.(`a ${what} listener threw`, { error: String(error) });
    }
  }
}
