/**
 * Binary search in an ascending array, as Python's `bisect` and NumPy's `searchsorted`.
 * @packageDocumentation
 */

/**
 * Number of elements of the ascending array `sorted` that are `< x`: the leftmost insertion
 * point of `x` (NumPy `searchsorted(sorted, x, side="left")`, Python `bisect_left`).
 * @param sorted ascending numbers
 * @param x the value to place
 * @example bisectLeft([1, 2, 2, 3], 2) // 1
 */
export function bisectLeft(sorted: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Number of elements of the ascending array `sorted` that are `<= x`: the rightmost insertion
 * point of `x` (NumPy `searchsorted(sorted, x, side="right")`, Python `bisect_right`).
 * @param sorted ascending numbers
 * @param x the value to place
 * @example bisectRight([1, 2, 2, 3], 2) // 3
 */
export function bisectRight(sorted: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
