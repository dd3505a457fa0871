/** "Did you mean" candidates: only names close enough to be a likely typo. */
import {distance} from 'fastest-levenshtein'

/**
 * Work one check may spend on suggestions, in candidates looked at (1 each) and edit distances
 * computed ({@link DISTANCE_COST} each). Each broken name is compared with every candidate, so a
 * hostile tree (5,000 documents and 20,000 broken links to names like theirs: 100 million
 * comparisons, 14 s) would pay for it; real trees spend well under 1% of it. Past the budget the
 * remaining findings come without suggestions, in the same order every run.
 */
export const SUGGESTION_BUDGET = 20_000_000
const DISTANCE_COST = 20

/** What is left of a check's suggestion budget; shared by every rule of one graph. */
export interface SuggestionBudget {
  left: number
}

/**
 * Candidates within a small edit distance of `name`, closest first (ties by name), at most
 * `limit`. With a `budget`, the work is charged to it, and nothing is suggested once it is spent.
 */
export function closest(
  name: string,
  candidates: Iterable<string>,
  limit = 3,
  budget?: SuggestionBudget
): string[] {
  if (name === '' || (budget && budget.left <= 0)) return []
  // One edit for very short names; a swapped pair of letters (two edits) from five characters up.
  const allowed = name.length < 5 ? 1 : Math.min(3, Math.max(2, Math.floor(name.length / 4)))
  const found: [string, number][] = []
  const lower = name.toLowerCase()
  let spent = 0
  for (const candidate of candidates) {
    spent++
    if (candidate === name) continue
    if (Math.abs(candidate.length - name.length) > allowed) continue
    spent += DISTANCE_COST
    const cost = candidate.toLowerCase() === lower ? 0.5 : distance(lower, candidate.toLowerCase())
    if (cost <= allowed) found.push([candidate, cost])
  }
  if (budget) budget.left -= spent
  found.sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
  return found.slice(0, limit).map(([candidate]) => candidate)
}

/**
 * `closest` over a fixed candidate set, remembered per name (many findings name the same
 * target), charged to `budget`.
 */
export function suggester(
  candidates: () => Iterable<string>,
  budget: SuggestionBudget
): (name: string) => string[] {
  const known = new Map<string, string[]>()
  return (name) => {
    let found = known.get(name)
    if (found === undefined) {
      found = closest(name, candidates(), 3, budget)
      if (known.size >= 10_000) known.clear()
      known.set(name, found)
    }
    return found
  }
}
