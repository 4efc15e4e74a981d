/**
 * The spec's rate-limit primitives live in `@kraken-futures/core`, where the meaning of `x-rate-limit`
 * and `x-rate-limit-pools` is defined once (and shared with the mock exchange). This client's own
 * policy on top of them (`"queue"`, `"fail"` or off, and the FIFO lane that keeps nonces in send order)
 * is `SendQueue`, in `send-queue.ts`. `operationCost` and `TokenBucket` stay exported from this package
 * for code that imported them here.
 *
 * @see https://docs.kraken.com/exchange/guides/futures/ratelimits
 */
export { operationCost, type RateLimitPool, type RateLimitRule, TokenBucket } from "@kraken-futures/core";
