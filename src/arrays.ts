/**
 * Array helpers safe for hostile sizes: `push(...items)` and `splice(at, n, ...items)` pass every
 * item as an argument, and a few hundred thousand arguments overflow V8's stack (a 600,000-line
 * file added by a patch, a document with 300,000 broken links).
 */

/** Append every item of `items` to `target`. */
export function pushAll<T>(target: T[], items: readonly T[]): T[] {
  for (const item of items) target.push(item)
  return target
}

/** `target.splice(start, deleteCount, ...items)` for any number of items (in place). */
export function spliceAll<T>(
  target: T[],
  start: number,
  deleteCount: number,
  items: readonly T[]
): void {
  const tail = target.slice(start + deleteCount)
  target.length = start
  pushAll(target, items)
  pushAll(target, tail)
}

/**
 * The index of the last element of ascending `sorted` that is at most `value` (0 when none is):
 * which line of a table of line starts holds an offset. Binary search, O(log n).
 */
export function lastAtOrBefore(sorted: ArrayLike<number>, value: number): number {
  let lo = 0
  let hi = sorted.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if ((sorted[mid] ?? 0) <= value) lo = mid
    else hi = mid - 1
  }
  return lo
}
