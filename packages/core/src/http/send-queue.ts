/**
 * The FIFO lane every signed call passes through: wait for the call's cost in the pool's bucket, then
 * (holding the lane) draw the nonce, sign and hand the request to the transport, then release the lane.
 *
 * Why one lane: Kraken remembers the highest nonce per key and refuses lower ones
 * (`nonceBelowThreshold`). A limiter that lets a later call overtake an earlier one after both drew
 * nonces sends them out of order. Drawing the nonce after the wait, while holding the lane, makes send
 * order and nonce order the same. Holding it through signing costs microseconds per call, far below
 * what the budget allows (500 cost units per 10 s).
 */
import type { RateLimitPool } from "../cost.js";
import { TokenBucket } from "../token-bucket.js";
import { RateLimitError, type RequestTarget } from "./errors.js";

/**
 * What the client does when a call's cost is not available: `"queue"` waits (FIFO) until it is,
 * `"fail"` throws a {@link RateLimitError} with `source: "client"` before sending, `false` does not
 * count at all (Kraken's own `apiLimitExceeded` still surfaces as a {@link RateLimitError}).
 */
export type RateLimitPolicy = "queue" | "fail" | false;

/** Sleeps `ms` milliseconds; rejects with `signal.reason` if the signal aborts first. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/**
 * The default {@link Sleep}: a timer. It keeps the process alive, on purpose: something always waits
 * on it (a call in its retry backoff or in the rate-limit queue), and a script whose only pending work
 * is that call must not exit in the middle of it (issue 12). It is cleared when the wait is aborted.
 */
export const timerSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });

/** Options of {@link SendQueue}. */
export interface SendQueueOptions {
  /** The pools of the API, keyed by name (`derivatives`). */
  readonly pools: Readonly<Record<string, RateLimitPool>>;
  /** Default `"queue"`. */
  readonly policy?: RateLimitPolicy;
  /** Clock of the buckets; default `Date.now`. */
  readonly now?: () => number;
  /** Default {@link timerSleep}. */
  readonly sleep?: Sleep;
}

/**
 * Releases the lane when called (again does nothing). `settle()` is called once the answer, or the
 * failure, of the call is in.
 */
export interface Release {
  (): void;
  /**
   * Corrects the bucket for the refill the server may have lost while the call was in flight.
   *
   * Why: Kraken counts a call when it receives it, the client when it sends it. If the bucket had
   * little room below its capacity, the server's bucket sat at capacity for part of the flight and
   * wasted that refill, while the client's counted it. After a slow first call (a cold connection, a
   * TLS handshake) the client would believe it has a few tokens more than the server, and a call
   * that waited for exactly its cost is refused with `apiLimitExceeded`. The debit is
   * `min(cost, rate × time in flight − room below capacity at the spend)`, an upper bound of the loss.
   */
  settle(): void;
}

const noop = () => {};

function waitFor(previous: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return previous;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    previous.then(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    });
  });
}

/** A FIFO lane plus one {@link TokenBucket} per pool. One per client. */
export class SendQueue {
  readonly policy: RateLimitPolicy;
  readonly #buckets = new Map<string, TokenBucket>();
  readonly #sleep: Sleep;
  readonly #now: () => number;
  #tail: Promise<void> = Promise.resolve();
  /** Calls that entered the lane (waiting or holding it) and have not released it yet. */
  #inLane = 0;

  constructor(options: SendQueueOptions) {
    this.policy = options.policy ?? "queue";
    this.#sleep = options.sleep ?? timerSleep;
    this.#now = options.now ?? Date.now;
    for (const [name, pool] of Object.entries(options.pools)) {
      this.#buckets.set(name, new TokenBucket(pool, options.now));
    }
  }

  /** The bucket of a pool, for inspection (`bucket("derivatives").available`). */
  bucket(pool: string): TokenBucket | undefined {
    return this.#buckets.get(pool);
  }

  /**
   * Waits for this call's turn and its cost, then returns the function that releases the lane; call
   * it as soon as the request is handed to the transport.
   *
   * @throws {RateLimitError} under the `"fail"` policy when the cost is not available, or when the cost
   * exceeds the pool's capacity.
   * @throws the signal's reason if it aborts while waiting (the lane is not held afterwards).
   */
  async enter(
    pool: string | undefined,
    cost: number,
    target: RequestTarget,
    signal?: AbortSignal,
  ): Promise<Release> {
    const previous = this.#tail;
    const release = this.#slot();
    try {
      await waitFor(previous, signal);
    } catch (error) {
      // Keep the chain intact: this slot passes as soon as the previous one is released.
      previous.then(release);
      throw error;
    }
    try {
      await this.#pay(pool, cost, target, signal, release);
    } catch (error) {
      release();
      throw error;
    }
    return release;
  }

  /**
   * The same as {@link enter} without waiting, for the common case: when the lane is free and the cost
   * is available now (or not counted), takes both and returns the release at once. Otherwise returns
   * `undefined` and takes nothing; the caller then awaits {@link enter}. Saves the promise hops of a
   * wait that would not wait.
   */
  tryEnter(pool: string | undefined, cost: number): Release | undefined {
    if (this.#inLane > 0) return undefined;
    const bucket = this.#counted(pool, cost);
    const room = bucket ? bucket.pool.capacity - bucket.available : 0;
    if (bucket && !bucket.tryTake(cost)) return undefined;
    const release = this.#slot();
    if (bucket) this.#recordSpend(release, bucket, cost, room);
    return release;
  }

  /** The bucket a call spends from, or undefined when nothing is counted. */
  #counted(pool: string | undefined, cost: number): TokenBucket | undefined {
    if (this.policy === false || pool === undefined || cost <= 0) return undefined;
    return this.#buckets.get(pool);
  }

  /** Arms `release.settle` for a spend of `cost` made now, with `room` tokens below capacity before it. */
  #recordSpend(release: Release, bucket: TokenBucket, cost: number, room: number): void {
    const at = this.#now();
    const ratePerMs = bucket.pool.refillAmount / bucket.pool.refillIntervalMs;
    let settled = false;
    release.settle = () => {
      if (settled) return;
      settled = true;
      const lost = Math.min(cost, (this.#now() - at) * ratePerMs - room);
      if (lost > 0) bucket.debit(lost);
    };
  }

  /** Queues a new slot at the tail of the lane; the returned release opens it (once). */
  #slot(): Release {
    let open!: () => void;
    this.#tail = new Promise<void>((resolve) => {
      open = resolve;
    });
    this.#inLane++;
    let released = false;
    const release = () => {
      if (!released) {
        released = true;
        this.#inLane--;
        open();
      }
    };
    return Object.assign(release, { settle: noop });
  }

  async #pay(
    pool: string | undefined,
    cost: number,
    target: RequestTarget,
    signal: AbortSignal | undefined,
    release: Release,
  ) {
    const bucket = this.#counted(pool, cost);
    if (!bucket) return;
    for (;;) {
      const room = bucket.pool.capacity - bucket.available;
      if (bucket.tryTake(cost)) {
        this.#recordSpend(release, bucket, cost, room);
        return;
      }
      const wait = bucket.msUntilAvailable(cost);
      if (this.policy === "fail" || wait === Number.POSITIVE_INFINITY) {
        throw new RateLimitError(
          { error: "apiLimitExceeded" },
          {
            target,
            source: "client",
            retryAfterMs: Number.isFinite(wait) ? wait : undefined,
          },
        );
      }
      await this.#sleep(wait, signal);
    }
  }
}
