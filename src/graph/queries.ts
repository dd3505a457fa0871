/** Small read-only queries over the graph that several rules share. */
import type {XRef, XRefKind} from '../facts/types.js'
import type {Graph, GraphDocument, Located, ResolvedEntry, ResolvedToctree} from './types.js'

/** One resolved entry of a valid toctree, with where it lives. */
export interface EntryInToctree {
  document: GraphDocument
  toctree: ResolvedToctree
  resolved: ResolvedEntry
}

/** Every entry of every toctree Sphinx accepted (an option error drops the whole directive). */
export function* toctreeEntries(graph: Graph): Generator<EntryInToctree> {
  for (const document of graph.documents.values()) {
    for (const toctree of document.toctrees) {
      if (!toctree.toctree.valid) continue
      for (const resolved of toctree.entries) yield {document, toctree, resolved}
    }
  }
}

/** Every live (not `!`-disabled) cross-reference of the given kinds. */
export function* liveXrefs(
  graph: Graph,
  kinds: readonly XRefKind[]
): Generator<{document: GraphDocument; xref: Located<XRef>}> {
  for (const document of graph.documents.values()) {
    for (const xref of document.xrefs) {
      if (!xref.disabled && kinds.includes(xref.kind)) yield {document, xref}
    }
  }
}
