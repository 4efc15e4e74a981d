// Small statistics helpers shared by every benchmark. Medians, not means: one GC pause or one
// scheduler hiccup on a 2-core machine moves a mean but not a median.

/** @param {number[]} values @returns {number} */
export function median(values) {
  return quantile(values, 0.5);
}

/** @param {number[]} values @param {number} q in [0, 1] @returns {number} */
export function quantile(values, q) {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
}

/** @param {number} value @param {number} digits @returns {number} */
export function round(value, digits = 2) {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/**
 * The order in which contenders run in round `r`: a rotation, so that each one runs first, second
 * and third equally often and none always inherits the warm caches (or the GC debt) of another.
 * @template T @param {T[]} items @param {number} r @returns {T[]}
 */
export function rotation(items, r) {
  const shift = r % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}
