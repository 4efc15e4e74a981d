// When to reconnect and how long to wait: jittered exponential backoff that resets only after a
// connection proved healthy, and what a failed socket tells about whether retrying can help.
import type { Timers } from "./types.js";

/** The reconnect settings, defaults applied. */
export interface ReconnectSettings {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxAttempts: number;
  readonly stableAfterMs: number;
  readonly retryRefusedUpgrade: boolean;
}

/** Fills in the defaults of `reconnect` (see `WsClientOptions.reconnect`). */
export function reconnectSettings(options: Partial<ReconnectSettings> = {}): ReconnectSettings {
  return {
    initialDelayMs: options.initialDelayMs ?? 250,
    maxDelayMs: options.maxDelayMs ?? 30_000,
    maxAttempts: options.maxAttempts ?? Number.POSITIVE_INFINITY,
    stableAfterMs: options.stableAfterMs ?? 10_000,
    retryRefusedUpgrade: options.retryRefusedUpgrade ?? false,
  };
}

/**
 * Counts failed connections in a row. The count resets only when a connection stayed ready for
 * `stableAfterMs` ({@link Backoff.ready}), not when a socket merely opens: a server that accepts and
 * then closes would otherwise be reconnected to every `initialDelayMs`, forever.
 */
export class Backoff {
  readonly #settings: ReconnectSettings;
  readonly #timers: Timers;
  readonly #random: () => number;
  #attempts = 0;
  #stableTimer: unknown;

  constructor(settings: ReconnectSettings, timers: Timers, random: () => number) {
    this.#settings = settings;
    this.#timers = timers;
    this.#random = random;
  }

  /** Failed connections since the last healthy one. */
  get attempts(): number {
    return this.#attempts;
  }

  /** A connection failed: the next attempt and its delay, or undefined when out of attempts. */
  failed(): { attempt: number; delayMs: number } | undefined {
    this.#timers.clearTimeout(this.#stableTimer);
    this.#attempts++;
    if (this.#attempts > this.#settings.maxAttempts) return undefined;
    const { initialDelayMs, maxDelayMs } = this.#settings;
    const base = Math.min(maxDelayMs, initialDelayMs * 2 ** Math.min(this.#attempts - 1, 30));
    // "Equal jitter": half fixed, half random, so clients that dropped together do not return together.
    return { attempt: this.#attempts, delayMs: Math.round(base / 2 + (this.#random() * base) / 2) };
  }

  /** A connection became ready: reset the count once it stays up for `stableAfterMs`. */
  ready(): void {
    this.#timers.clearTimeout(this.#stableTimer);
    this.#stableTimer = this.#timers.setTimeout(() => {
      this.#stableTimer = undefined;
      this.#attempts = 0;
    }, this.#settings.stableAfterMs);
  }

  /** Disarms the stability timer (the client closed). */
  stop(): void {
    this.#timers.clearTimeout(this.#stableTimer);
    this.#stableTimer = undefined;
  }
}

/** Why a socket ended, in words, and whether reconnecting can help. */
export interface SocketFailure {
  readonly reason: string;
  /** True when retrying cannot help (an upgrade refused with 4xx, unless retries were asked for). */
  readonly final: boolean;
}

const UPGRADE_STATUS = /Unexpected server response: (\d{3})/;

/**
 * Describes how a socket ended. `opened` tells a connection that never opened (refused by the OS, or an
 * upgrade answered with an HTTP status: `ws` reports "Unexpected server response: 404") from one that
 * was lost (1006: no close frame) or closed by the server with a code.
 */
export function describeFailure(
  opened: boolean,
  close: { code?: number; reason?: string },
  lastError: string | undefined,
  settings: { maxPayload: number; retryRefusedUpgrade: boolean },
): SocketFailure {
  if (!opened) {
    const status = lastError?.match(UPGRADE_STATUS)?.[1];
    if (status !== undefined) {
      const code = Number(status);
      const refused = code >= 400 && code < 500 && code !== 408 && code !== 429;
      return {
        reason: `the upgrade was answered with HTTP ${status}${refused ? " (check the origin and path)" : ""}`,
        final: refused && !settings.retryRefusedUpgrade,
      };
    }
    return {
      reason: `could not connect: ${lastError ?? `closed before opening (code ${close.code ?? "?"})`}`,
      final: false,
    };
  }
  const code = close.code;
  // `ws` reports a frame above its maxPayload as an error, then closes with 1009 (or 1006 if the server
  // does not answer the close).
  if (code === 1009 || (lastError !== undefined && /max payload/i.test(lastError))) {
    return { reason: `a frame exceeded maxPayload (${settings.maxPayload} bytes) (code 1009)`, final: false };
  }
  if (code === 1006 || code === undefined) {
    return { reason: `connection lost without a close frame (code ${code ?? "?"})`, final: false };
  }
  return {
    reason: `closed by the server (code ${code}${close.reason ? `: ${close.reason}` : ""})`,
    final: false,
  };
}
