/**
 * Kraken's cost-based rate limits, as the spec states them: the `x-rate-limit` extension on each
 * operation and the root `x-rate-limit-pools`. The extensions' meaning lives here, next to the documents
 * that carry them, so every reader counts the same way: the REST clients (to stay inside the budget)
 * and the mock exchange (to enforce it server-side).
 *
 * Browser-safe: no Node built-ins (unlike this package's main entry, which reads the bundled files).
 *
 * @see https://docs.kraken.com/exchange/guides/futures/ratelimits
 */

/** A token bucket declared in the spec's root `x-rate-limit-pools`. */
export interface RateLimitPool {
  /** What the pool covers, from the spec. */
  readonly description?: string;
  /** Tokens the bucket holds when full. */
  readonly capacity: number;
  /** Tokens added back over `refillIntervalMs`, continuously. */
  readonly refillAmount: number;
  readonly refillIntervalMs: number;
  /** Vendor extensions the spec adds to a pool (Spot's `x-tiers`, `x-source`), kept as written. */
  readonly [extension: `x-${string}`]: unknown;
}

/** An operation's `x-rate-limit` extension. */
export interface RateLimitRule {
  /** Pool the cost is spent from; absent for public operations (cost 0). */
  readonly pool?: string;
  /** Base cost of one call. */
  readonly cost: number;
  /** Cost when the named parameter is sent (replaces `cost`). */
  readonly costIfPresent?: Readonly<Record<string, number>>;
  /** Added per instruction of a batch (`batchorder`). */
  readonly costPerBatchItem?: number;
  /** Cost tiered by a count parameter (history account log). */
  readonly costByCount?: {
    readonly param: string;
    readonly default: number;
    readonly tiers: ReadonlyArray<{ readonly max: number; readonly cost: number }>;
  };
  /** False where Kraken's table has no entry and the cost is the spec's assumption. */
  readonly costDocumented?: boolean;
}

/** How many instructions a batchorder `json` argument holds (an object, or its JSON text). */
function batchSize(json: unknown): number {
  let document = json;
  if (typeof document === "string") {
    try {
      document = JSON.parse(document);
    } catch {
      return 0;
    }
  }
  const list = (document as { batchOrder?: unknown } | null | undefined)?.batchOrder;
  return Array.isArray(list) ? list.length : 0;
}

/**
 * The cost of one call of an operation with these arguments:
 * - `cost`, the base;
 * - `costIfPresent[param]` instead when that argument is sent (fills with `lastFillTime`: 25);
 * - plus `costPerBatchItem` per instruction of `json.batchOrder` (batchorder: 9 + 1 per instruction);
 * - `costByCount`: the cost of the first tier whose `max` is at least the count argument (or its
 *   `default` when absent); above every tier, the last tier's cost.
 *
 * @param params the arguments as sent (query or form body), undefined ones ignored.
 */
export function operationCost(rule: RateLimitRule, params: Readonly<Record<string, unknown>>): number {
  let cost = rule.cost;
  if (rule.costIfPresent) {
    const present = Object.entries(rule.costIfPresent).filter(([name]) => params[name] !== undefined);
    // Two such arguments at once: the dearest rule applies.
    if (present.length > 0) cost = Math.max(...present.map(([, ifPresent]) => ifPresent));
  }
  if (rule.costByCount) {
    const { param, tiers } = rule.costByCount;
    const raw = params[param];
    const count = raw === undefined ? rule.costByCount.default : Number(raw);
    const tier = tiers.find((t) => count <= t.max) ?? tiers[tiers.length - 1];
    if (tier) cost = tier.cost;
  }
  if (rule.costPerBatchItem) cost += rule.costPerBatchItem * batchSize(params["json"]);
  return cost;
}

/** Slack for floating-point refill arithmetic: a bucket 1e-9 short of the cost still pays. */
const EPSILON = 1e-9;

/**
 * A token bucket of one pool: starts full at `capacity`, refills continuously at
 * `refillAmount / refillIntervalMs` per millisecond, never above `capacity`.
 *
 * @example
 * const bucket = new TokenBucket({ capacity: 500, refillAmount: 500, refillIntervalMs: 10_000 });
 * bucket.tryTake(10); // true: 490 left
 */
export class TokenBucket {
  readonly pool: RateLimitPool;
  readonly #now: () => number;
  readonly #ratePerMs: number;
  #tokens: number;
  #last: number;

  /**
   * @param pool the pool from the spec's `x-rate-limit-pools`.
   * @param now the clock in milliseconds; default `Date.now`. Tests inject a fake one.
   */
  constructor(pool: RateLimitPool, now: () => number = Date.now) {
    this.pool = pool;
    this.#now = now;
    this.#ratePerMs = pool.refillAmount / pool.refillIntervalMs;
    this.#tokens = pool.capacity;
    this.#last = now();
  }

  #refill(): void {
    const t = this.#now();
    // A clock that steps back refills nothing rather than draining the bucket.
    if (t > this.#last) {
      this.#tokens = Math.min(this.pool.capacity, this.#tokens + (t - this.#last) * this.#ratePerMs);
      this.#last = t;
    }
  }

  /** Tokens available now (fractional while refilling). */
  get available(): number {
    this.#refill();
    return this.#tokens;
  }

  /** Takes `cost` tokens if the bucket holds them; returns whether it did. A cost of 0 always passes. */
  tryTake(cost: number): boolean {
    if (cost <= 0) return true;
    this.#refill();
    if (this.#tokens + EPSILON < cost) return false;
    this.#tokens = Math.max(0, this.#tokens - cost);
    return true;
  }

  /**
   * Removes `tokens` as a correction (the REST client's `SendQueue` does, in `settle`). Unlike a spend
   * it may leave the bucket below zero, so later calls wait for the refill that pays it back.
   */
  debit(tokens: number): void {
    if (!(tokens > 0)) return;
    this.#refill();
    this.#tokens -= tokens;
  }

  /**
   * Milliseconds until `cost` tokens are available (0 if they are now), rounded up to a whole
   * millisecond; `Infinity` when `cost` exceeds the capacity and can never be paid.
   */
  msUntilAvailable(cost: number): number {
    this.#refill();
    if (this.#tokens + EPSILON >= cost) return 0;
    if (cost > this.pool.capacity) return Number.POSITIVE_INFINITY;
    return Math.max(1, Math.ceil((cost - this.#tokens) / this.#ratePerMs));
  }
}
