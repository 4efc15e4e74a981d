/**
 * Time as the exchange sees it. Everything time-dependent (the market's random walk, the dead man's
 * switch, trigger checks, rate-limit refills, timestamps in responses) reads this clock, so tests drive
 * time by hand instead of waiting on timers.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

/** The wall clock (`Date.now`). Default of `startMockExchange` and the CLI. */
export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told to: for tests and reproducible runs. */
export interface ManualClock extends Clock {
  /** Moves time forward by `ms` milliseconds (negative values are refused: time never goes back). */
  advance(ms: number): void;
  /** Sets the time; refuses to go back. */
  set(ms: number): void;
}

/**
 * Creates a {@link ManualClock}.
 * @param start epoch milliseconds to start at (default 2026-01-02T00:00:00.000Z, a fixed instant so
 *   that ids, timestamps and the FI_ contract's maturity are reproducible).
 */
export function manualClock(start = Date.UTC(2026, 0, 2)): ManualClock {
  let t = start;
  return {
    now: () => t,
    advance(ms) {
      if (!(ms >= 0)) throw new RangeError(`advance(${ms}): time only moves forward`);
      t += ms;
    },
    set(ms) {
      if (!(ms >= t)) throw new RangeError(`set(${ms}): time only moves forward (now ${t})`);
      t = ms;
    },
  };
}

/** ISO 8601 with milliseconds, as Kraken prints `serverTime`. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
