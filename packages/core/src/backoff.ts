/** Options of {@link Backoff}; every delay in milliseconds. */
export interface BackoffOptions {
  /** Base delay of the first attempt. Default 250. */
  initialDelayMs?: number;
  /** Largest base delay. Default 30 000. */
  maxDelayMs?: number;
  /** Growth of the base delay per attempt. Default 2. */
  multiplier?: number;
  /** Random numbers in [0, 1) for the jitter. Default `Math.random`. */
  random?: () => number;
}

/**
 * Jittered exponential backoff. Attempt `n` (from 1) has the base delay
 * `min(maxDelayMs, initialDelayMs × multiplier^(n−1))` and waits a delay drawn uniformly from
 * `[base / 2, base]` ("equal jitter"): never less than half the base, so a fleet that dropped together does
 * not return together, and never a zero delay that would make a reconnect storm.
 *
 * It only grows: whoever owns it decides when the connection proved healthy and calls {@link reset}.
 */
export class Backoff {
  readonly #initial: number;
  readonly #max: number;
  readonly #multiplier: number;
  readonly #random: () => number;
  #attempts = 0;

  constructor(options: BackoffOptions = {}) {
    this.#initial = options.initialDelayMs ?? 250;
    this.#max = options.maxDelayMs ?? 30_000;
    this.#multiplier = options.multiplier ?? 2;
    this.#random = options.random ?? Math.random;
    if (!(this.#initial > 0) || !(this.#max >= this.#initial) || !(this.#multiplier >= 1)) {
      throw new RangeError("Backoff: need 0 < initialDelayMs <= maxDelayMs and multiplier >= 1");
    }
  }

  /** Attempts counted since the last reset. */
  get attempts(): number {
    return this.#attempts;
  }

  /** Counts one more attempt and returns how long to wait before it, in ms. */
  next(): number {
    this.#attempts++;
    const exponent = Math.min(this.#attempts - 1, 64);
    const base = Math.min(this.#max, this.#initial * this.#multiplier ** exponent);
    return Math.round(base / 2 + (this.#random() * base) / 2);
  }

  /** Starts over from the first delay. */
  reset(): void {
    this.#attempts = 0;
  }
}
