/** "Did you mean" candidates: only names close enough to be a likely typo. */
import {distance} from 'fastest-levenshtein'

/** Candidates within a small edit distance of `name`, closest first (ties by name), at most 3. */
export function closest(name: string, candidates: Iterable<string>, limit = 3): string[] {
  if (name === '') return []
  // One edit for very short names; a swapped pair of letters (two edits) from five characters up.
  const budget = name.length < 5 ? 1 : Math.min(3, Math.max(2, Math.floor(name.length / 4)))
  const found: [string, number][] = []
  const lower = name.toLowerCase()
  for (const candidate of candidates) {
    if (candidate === name) continue
    if (Math.abs(candidate.length - name.length) > budget) continue
    const cost = candidate.toLowerCase() === lower ? 0.5 : distance(lower, candidate.toLowerCase())
    if (cost <= budget) found.push([candidate, cost])
  }
  found.sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
  return found.slice(0, limit).map(([candidate]) => candidate)
}
