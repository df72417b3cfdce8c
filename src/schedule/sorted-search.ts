/** Index of the last value <= target in an ascending list, or -1. */
export function lastIndexAtOrBefore(sorted: readonly number[], target: number): number {
  let [low, high] = [0, sorted.length];
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! <= target) low = middle + 1;
    else high = middle;
  }
  return low - 1;
}
