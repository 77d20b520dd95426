/** Index of the first item whose start is at or after `offset`, in items sorted by start (length if none). */
export function firstStartingAt<T>(items: ArrayLike<T>, offset: number, startOf: (item: T) => number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (startOf(items[mid] as T) < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
