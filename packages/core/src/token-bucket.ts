/** The shape of a token bucket: the same fields as a pool of the spec's `x-rate-limit-pools`. */
export interface TokenBucketShape {
  /** Tokens the bucket holds when full (and at the start): the largest burst. */
  readonly capacity: number;
  /** Tokens added every `refillIntervalMs`, continuously (not in steps). */
  readonly refillAmount: number;
  readonly refillIntervalMs: number;
}

/** Slack for floating-point refill arithmetic: a bucket 1e-9 short of the cost still pays. */
const EPSILON = 1e-9;

/**
 * A token bucket: starts full at `capacity` and refills continuously at `refillAmount / refillIntervalMs`
 * per millisecond, never above `capacity`. Over any interval of `t` ms it lets at most
 * `capacity + t × refillAmount / refillIntervalMs` tokens through.
 *
 * This is the home of the concept (issue 13): the WebSocket send queue uses it, and the REST cost pools
 * (today `@kraken-futures/specs`' own copy with the same API) are meant to move onto it: generic in the
 * shape, so `new TokenBucket(pool)` keeps a spec pool's type in `bucket.pool`.
 *
 * @example
 * const bucket = new TokenBucket({ capacity: 500, refillAmount: 500, refillIntervalMs: 10_000 });
 * bucket.tryTake(10); // true: 490 left
 */
export class TokenBucket<P extends TokenBucketShape = TokenBucketShape> {
  /** The bucket's shape, as given. */
  readonly pool: P;
  readonly #now: () => number;
  readonly #perMs: number;
  #tokens: number;
  #at: number;

  /**
   * @param pool capacity and refill rate (a spec pool fits).
   * @param now the clock in milliseconds; default `Date.now`.
   */
  constructor(pool: P, now: () => number = Date.now) {
    if (!(pool.capacity > 0) || !(pool.refillAmount > 0) || !(pool.refillIntervalMs > 0)) {
      throw new RangeError("TokenBucket: capacity, refillAmount and refillIntervalMs must be positive");
    }
    this.pool = pool;
    this.#now = now;
    this.#perMs = pool.refillAmount / pool.refillIntervalMs;
    this.#tokens = pool.capacity;
    this.#at = now();
  }

  /** Tokens available now (fractional while refilling). */
  get available(): number {
    this.#refill();
    return this.#tokens;
  }

  /** Takes `cost` tokens (default 1) if the bucket holds them; returns whether it did. */
  tryTake(cost = 1): boolean {
    if (cost <= 0) return true;
    this.#refill();
    if (this.#tokens + EPSILON < cost) return false;
    this.#tokens = Math.max(0, this.#tokens - cost);
    return true;
  }

  /** Removes `tokens` as a correction; may leave the bucket below zero, so later takes wait longer. */
  debit(tokens: number): void {
    if (!(tokens > 0)) return;
    this.#refill();
    this.#tokens -= tokens;
  }

  /** Milliseconds until `cost` tokens (default 1) are available: 0 if now, at least 1 otherwise, `Infinity` if never. */
  msUntilAvailable(cost = 1): number {
    this.#refill();
    if (this.#tokens + EPSILON >= cost) return 0;
    if (cost > this.pool.capacity) return Number.POSITIVE_INFINITY;
    return Math.max(1, Math.ceil((cost - this.#tokens) / this.#perMs));
  }

  #refill(): void {
    const t = this.#now();
    // A clock that steps back refills nothing rather than draining the bucket.
    if (t > this.#at) {
      this.#tokens = Math.min(this.pool.capacity, this.#tokens + (t - this.#at) * this.#perMs);
      this.#at = t;
    }
  }
}
