import type { Clock, TimerHandle, Timers } from "../clock.js";

interface ManualTimer {
  readonly id: number;
  readonly due: number;
  readonly callback: () => void;
  keepsAlive: boolean;
}

/**
 * A clock and timers that move only when told: for tests, with no sleeps and no real time. Time starts
 * at `startMs` (default 0). `advance(ms)` fires every timer that falls due on the way, each at its own
 * time, in order (timers a callback sets are fired too when they fall due in the same span), and lets
 * promise callbacks run after each one.
 *
 * @example
 * const clock = new ManualClock();
 * const connection = createConnection({ url, protocol, WebSocket, clock, timers: clock });
 * await clock.advance(10_000);
 * expect(clock.pending).toBe(0);
 */
export class ManualClock implements Clock, Timers {
  #now: number;
  #nextId = 1;
  readonly #timers = new Map<number, ManualTimer>();

  constructor(startMs = 0) {
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const id = this.#nextId++;
    const delay = Number.isFinite(ms) && ms > 0 ? ms : 0;
    this.#timers.set(id, { id, due: this.#now + delay, callback, keepsAlive: true });
    return id as unknown as TimerHandle;
  }

  clearTimeout(handle: TimerHandle | undefined): void {
    if (handle !== undefined) this.#timers.delete(handle as unknown as number);
  }

  keepAlive(handle: TimerHandle, keepsAlive: boolean): void {
    const timer = this.#timers.get(handle as unknown as number);
    if (timer) timer.keepsAlive = keepsAlive;
  }

  /** Timers armed and not yet fired or cleared. */
  get pending(): number {
    return this.#timers.size;
  }

  /** Armed timers that would keep a Node process alive. */
  get pendingKeepingAlive(): number {
    let n = 0;
    for (const timer of this.#timers.values()) if (timer.keepsAlive) n++;
    return n;
  }

  /** When the next timer falls due, or `undefined` when none is armed. */
  get nextDue(): number | undefined {
    return this.#next()?.due;
  }

  /** Moves time forward by `ms`, firing the timers that fall due on the way. */
  async advance(ms: number): Promise<void> {
    const until = this.#now + ms;
    for (;;) {
      const timer = this.#next();
      if (!timer || timer.due > until) break;
      this.#timers.delete(timer.id);
      this.#now = Math.max(this.#now, timer.due);
      timer.callback();
      await flush();
    }
    this.#now = until;
    await flush();
  }

  /** Moves time to the next timer and fires it (and any due at the same moment); false when none is armed. */
  async advanceToNext(): Promise<boolean> {
    const due = this.nextDue;
    if (due === undefined) return false;
    await this.advance(due - this.#now);
    return true;
  }

  #next(): ManualTimer | undefined {
    let best: ManualTimer | undefined;
    for (const timer of this.#timers.values()) {
      if (!best || timer.due < best.due || (timer.due === best.due && timer.id < best.id)) best = timer;
    }
    return best;
  }
}

/** Lets pending promise callbacks run: `turns` rounds of the microtask queue (default 50). No real time passes. */
export async function flush(turns = 50): Promise<void> {
  for (let i = 0; i < turns; i++) await Promise.resolve();
}
