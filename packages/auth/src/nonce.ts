/** Options of {@link createNonceSource}. */
export interface NonceSourceOptions {
  /** The clock, in milliseconds since the epoch. Default `Date.now`. Tests inject their own. */
  readonly now?: () => number;
}

/** Nonces drawn per millisecond before the source borrows from the next millisecond. */
const PER_MILLISECOND = 1000;

/**
 * Creates a source of Kraken Futures nonces: strictly increasing integers written as decimal strings.
 *
 * Format: `milliseconds × 1000 + counter`, 16 digits today (`1616492376594000`), the counter counting
 * the nonces drawn within the same millisecond. Why this format:
 * - Kraken only needs "a continuously incrementing integer"; its docs suggest the time in milliseconds,
 *   which repeats when two requests leave in the same millisecond (`nonceDuplicate`). The counter gives
 *   1,000 distinct nonces per millisecond while the value keeps following the clock, so a restarted
 *   process starts above the nonces of the previous one.
 * - It stays below 2^53 until the year 2255, so it is exact as a JavaScript number.
 * - If more than 1,000 are drawn in one millisecond, or the clock goes backwards (NTP step), the
 *   source keeps counting up from its last nonce instead of repeating or going down.
 *
 * Each source is strictly increasing on its own and, since JavaScript runs one call at a time, across
 * any number of concurrent async callers. Two sources (or two processes, or worker threads) drawing
 * nonces for the same key can still collide: share one source, {@link nextNonce}, per key.
 *
 * Warning: Kraken remembers the highest nonce seen per API key and rejects smaller ones
 * (`nonceBelowThreshold`). A key used with these 16-digit nonces will reject a tool that sends
 * 13-digit millisecond nonces with the same key; create a separate key for such a tool.
 *
 * @see https://docs.kraken.com/exchange/guides/futures/rest (Authentication: Nonce)
 * @returns a function that returns the next nonce each time it is called.
 */
export function createNonceSource(options: NonceSourceOptions = {}): () => string {
  const now = options.now ?? Date.now;
  let last = 0;
  return () => {
    const millis = Math.floor(now());
    const fromClock = Number.isFinite(millis) ? millis * PER_MILLISECOND : 0;
    last = fromClock > last ? fromClock : last + 1;
    return String(last);
  };
}

// Kept on globalThis under a registered symbol so that two copies of this package in one bundle or
// node_modules tree (two versions pulled in by rest and ws) still share one source.
const SHARED = Symbol.for("@kraken-futures/auth.nonceSource");

/**
 * The next nonce of the one source shared by every client in this JavaScript realm (also across
 * duplicate copies of this package), so that two clients holding the same key never send the same or
 * a decreasing nonce. See {@link createNonceSource} for the format and the warning about switching tools
 * on one key.
 */
export function nextNonce(): string {
  const registry = globalThis as { [SHARED]?: () => string };
  registry[SHARED] ??= createNonceSource();
  return registry[SHARED]();
}
