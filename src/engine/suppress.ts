/** Inline suppressions: `.. doclint-disable-next-line id` (RST), `<!-- … -->` (Markdown). */
import type {Suppression} from '../facts/types.js'
import type {Graph} from '../graph/types.js'

const byGraph = new WeakMap<Graph, Map<string, Suppression[]>>()

function suppressionsOf(graph: Graph): Map<string, Suppression[]> {
  let map = byGraph.get(graph)
  if (map) return map
  map = new Map()
  // Every file read (documents and included files) can carry suppressions.
  for (const [file, facts] of graph.files) {
    if (facts.suppressions.length > 0) map.set(file, facts.suppressions)
  }
  byGraph.set(graph, map)
  return map
}

/** Whether a finding of `ruleId` at `file:line` is silenced by a comment on the line before. */
export function isSuppressed(graph: Graph, ruleId: string, file: string, line: number): boolean {
  const list = suppressionsOf(graph).get(file)
  if (!list) return false
  return list.some(
    (suppression) =>
      suppression.appliesTo === line &&
      (suppression.rules.length === 0 || suppression.rules.includes(ruleId))
  )
}
