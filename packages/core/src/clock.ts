/** A source of the current time in milliseconds since the epoch, injectable so tests control time. */
export interface Clock {
  now(): number;
}

/** An opaque handle of a timer made by {@link Timers.setTimeout}. */
export interface TimerHandle {
  /** Brand: handles come only from a `Timers`. */
  readonly __timer: unique symbol;
}

/**
 * Timer functions, injectable so that tests control time (see `ManualClock` in
 * `@kraken-futures/core/testing`).
 *
 * Keeping the process alive: a new timer keeps a Node process alive, like the global `setTimeout`. The
 * rule of the SDK: a timer may stop keeping the process alive (`keepAlive(handle, false)`) **only while
 * nothing awaits it** — a background ping or a cache expiry, never the retry delay of a call somebody is
 * awaiting, or the process would exit in the middle of that call with no output. Whoever starts awaiting
 * an unreferenced timer's outcome sets it back with `keepAlive(handle, true)`.
 */
export interface Timers {
  /** Calls `callback` once after `ms` milliseconds. The timer keeps the process alive until it fires or is cleared. */
  setTimeout(callback: () => void, ms: number): TimerHandle;
  /** Cancels a timer; `undefined` and timers that already fired are ignored. */
  clearTimeout(handle: TimerHandle | undefined): void;
  /**
   * Whether the timer keeps the process alive (Node's `ref()`/`unref()`; a no-op where timers never hold a
   * process, as in browsers). Pass `false` only while nothing awaits the timer.
   */
  keepAlive(handle: TimerHandle, keepsAlive: boolean): void;
}

/** Where the SDK writes what it does. Every method is optional; messages and fields never contain secrets. */
export interface Logger {
  debug?(message: string, fields?: Record<string, unknown>): void;
  info?(message: string, fields?: Record<string, unknown>): void;
  warn?(message: string, fields?: Record<string, unknown>): void;
  error?(message: string, fields?: Record<string, unknown>): void;
}

/** The real clock: `Date.now()`. */
export const systemClock: Clock = { now: () => Date.now() };

interface RefCounted {
  ref?(): unknown;
  unref?(): unknown;
}

/** The real timers: the global `setTimeout`/`clearTimeout`, with `ref()`/`unref()` where the runtime has them. */
export const systemTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms) as unknown as TimerHandle,
  clearTimeout: (handle) => {
    if (handle !== undefined) clearTimeout(handle as unknown as ReturnType<typeof setTimeout>);
  },
  keepAlive: (handle, keepsAlive) => {
    // Node and Bun return objects with ref/unref; browsers and Deno's numbers have neither.
    const timer = handle as unknown as RefCounted;
    if (typeof timer !== "object" || timer === null) return;
    if (keepsAlive) timer.ref?.();
    else timer.unref?.();
  },
};

/** A logger that writes nothing: the default of every client. */
export const silentLogger: Logger = /* @__PURE__ */ Object.freeze({});
