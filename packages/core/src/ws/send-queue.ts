import type { Clock, TimerHandle, Timers } from "../clock.js";
import { TokenBucket } from "../token-bucket.js";

/** The per-connection request rate of {@link SendQueue}. */
export interface SendRate {
  /** Frames allowed in any one second. Default 100 (Kraken Futures WebSocket v1's per-connection limit). */
  perSecond?: number;
  /** Frames that may leave at once after a quiet spell; at most `perSecond`. Default 10. Bucket mode only. */
  burst?: number;
  /**
   * `"bucket"` (default): the token bucket below, bursts of `burst`. `"sliding-window"`: at most
   * `perSecond` frames in any 1 000 ms, counted from the send times, so up to `perSecond` may leave at
   * once (Kraken Futures v1's own client counts its limit so; use it where a burst must not wait).
   */
  mode?: "bucket" | "sliding-window";
}

/** What the queue asks of its rate. */
interface Limiter {
  tryTake(): boolean;
  msUntilAvailable(): number;
}

/** At most `perSecond` takes in any window of 1 000 ms: a log of the last `perSecond` take times. */
class SlidingWindow implements Limiter {
  readonly #times: number[] = [];
  readonly #perSecond: number;
  readonly #now: () => number;

  constructor(perSecond: number, now: () => number) {
    this.#perSecond = Math.max(1, Math.floor(perSecond));
    this.#now = now;
  }

  tryTake(): boolean {
    const now = this.#now();
    while (this.#times.length > 0 && now - this.#times[0]! >= 1000) this.#times.shift();
    if (this.#times.length >= this.#perSecond) return false;
    this.#times.push(now);
    return true;
  }

  msUntilAvailable(): number {
    return Math.max(1, this.#times[0]! + 1000 - this.#now());
  }
}

/**
 * The frames of one socket, sent in the order given and never dropped, at most `perSecond` in any one
 * second: in the default mode, a token bucket of `burst` tokens refilled at `perSecond − burst` per second, so that no window
 * of one second holds more than `burst + (perSecond − burst) = perSecond` frames. A frame that must wait
 * waits behind the frames before it, however urgent.
 */
export class SendQueue {
  readonly #frames: { text: string; onSent: (() => void) | undefined }[] = [];
  #head = 0;
  readonly #bucket: Limiter;
  readonly #timers: Timers;
  readonly #write: (frame: string) => void;
  #timer: TimerHandle | undefined;
  #writable = false;
  #disposed = false;

  constructor(rate: SendRate, clock: Clock, timers: Timers, write: (frame: string) => void) {
    this.#timers = timers;
    this.#write = write;
    const perSecond = rate.perSecond ?? 100;
    if (rate.mode === "sliding-window") {
      if (!(perSecond >= 1)) throw new RangeError("send rate: need perSecond >= 1");
      this.#bucket = new SlidingWindow(perSecond, () => clock.now());
      return;
    }
    const burst = Math.min(rate.burst ?? 10, perSecond);
    if (!(perSecond > 0) || !(burst >= 1))
      throw new RangeError("send rate: need perSecond > 0 and burst >= 1");
    // With burst === perSecond the refill would be 0: keep a trickle rather than stopping for good.
    const refill = Math.max(perSecond - burst, perSecond / 100);
    this.#bucket = new TokenBucket({ capacity: burst, refillAmount: refill, refillIntervalMs: 1000 }, () =>
      clock.now(),
    );
  }

  /** Frames waiting. */
  get size(): number {
    return this.#frames.length - this.#head;
  }

  /** Queues a frame; it leaves as soon as the socket is writable and the rate allows; then `onSent` runs. */
  push(text: string, onSent?: () => void): void {
    if (this.#disposed) return;
    this.#frames.push({ text, onSent });
    this.#drain();
  }

  /** The socket opened: frames may leave. */
  start(): void {
    this.#writable = true;
    this.#drain();
  }

  /** The socket ended: waiting frames are dropped with it (requests are never resent on another socket). */
  dispose(): void {
    this.#disposed = true;
    this.#writable = false;
    this.#timers.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#frames.length = 0;
    this.#head = 0;
  }

  #drain(): void {
    if (!this.#writable || this.#timer !== undefined) return;
    while (this.size > 0) {
      if (!this.#bucket.tryTake()) {
        this.#timer = this.#timers.setTimeout(() => {
          this.#timer = undefined;
          this.#drain();
        }, this.#bucket.msUntilAvailable());
        return;
      }
      const frame = this.#frames[this.#head]!;
      this.#frames[this.#head] = undefined as never; // release it for the garbage collector
      this.#head++;
      this.#write(frame.text);
      frame.onSent?.();
      if (this.#disposed) return; // writing may end the socket
    }
    this.#frames.length = 0;
    this.#head = 0;
  }
}
