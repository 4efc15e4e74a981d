/**
 * Kraken's cost-based rate limits, as the spec states them: the `x-rate-limit` extension on each
 * operation and the root `x-rate-limit-pools`. Their meaning is defined here once, so every reader
 * counts the same way: the REST clients (to stay inside the budget) and the mock exchange (to enforce
 * it server-side). The buckets themselves are `TokenBucket` (token-bucket.ts).
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
