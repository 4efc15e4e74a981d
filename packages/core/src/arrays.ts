/**
 * In-place insertion and removal for the sorted level arrays of the order books (ws and uws), which
 * apply one of these per level change on every message of a busy feed. `splice` allocates the array of
 * what it removed on every call, about 50 ns; a short tail is shifted by hand instead (about 1.5 ns an
 * element), and a long one, where memmove wins, still goes through `splice` (measured on Node 20:
 * crossover near 20 elements).
 */

/** Tails up to this many elements are shifted by hand. */
const HAND_SHIFT_MAX = 16;

/** Inserts `value` at `index` (0..length), shifting the tail right by one. */
export function insertAt<T>(array: T[], index: number, value: T): void {
  if (array.length - index > HAND_SHIFT_MAX) {
    array.splice(index, 0, value);
    return;
  }
  array.push(value);
  for (let j = array.length - 1; j > index; j--) array[j] = array[j - 1]!;
  array[index] = value;
}

/** Removes the element at `index` (0..length-1), shifting the tail left by one. */
export function removeAt<T>(array: T[], index: number): void {
  const last = array.length - 1;
  if (last - index > HAND_SHIFT_MAX) {
    array.splice(index, 1);
    return;
  }
  for (let j = index; j < last; j++) array[j] = array[j + 1]!;
  array.pop();
}
