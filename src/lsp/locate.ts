/**
 * What stands at a place in a file, in graph terms: a link, a label, a toctree entry, an include
 * or image path, a build-file list word; or just the document itself. Navigation, hover, rename
 * and references all start here.
 */
import type {Range} from '../diagnostic.js'
import type {Label, Term, XRef} from '../facts/types.js'
import {docnameJoin} from '../graph/paths.js'
import type {
  AssetRef,
  Graph,
  GraphDocument,
  LabelEntry,
  Located,
  ResolvedEntry,
  ResolvedMdLink,
  TermEntry
} from '../graph/types.js'
import type {ManifestEntry, ManifestList} from '../manifests/types.js'

export type Found =
  | {kind: 'doc'; graph: Graph; document: GraphDocument; xref: Located<XRef>; docname: string}
  | {kind: 'ref'; graph: Graph; xref: Located<XRef>; name: string}
  | {kind: 'term'; graph: Graph; xref: Located<XRef>; name: string}
  | {kind: 'label'; graph: Graph; document: GraphDocument; label: Located<Label>}
  | {kind: 'termDefinition'; graph: Graph; term: Located<Term>}
  | {kind: 'entry'; graph: Graph; resolved: ResolvedEntry; file: string}
  | {kind: 'asset'; graph: Graph; asset: AssetRef}
  | {kind: 'mdlink'; graph: Graph; document: GraphDocument; link: ResolvedMdLink}
  | {kind: 'manifest'; graph: Graph; list: ManifestList; entry: ManifestEntry}
  | {kind: 'document'; graph: Graph; document: GraphDocument}

function inside(range: Range, offset: number): boolean {
  return range.start.offset <= offset && offset <= range.end.offset
}

/** The most specific thing at `offset` of tree file `file`, in any of the graphs. */
export function locate(graphs: readonly Graph[], file: string, offset: number): Found | undefined {
  let whole: Found | undefined
  for (const graph of graphs) {
    for (const document of graph.documents.values()) {
      if (!document.files.includes(file)) continue
      for (const xref of document.xrefs) {
        if (xref.file !== file || !inside(xref.range, offset)) continue
        if (xref.kind === 'doc') {
          const docname = docnameJoin(document.docname, xref.target)
          return {kind: 'doc', graph, document, xref, docname}
        }
        if (xref.kind === 'ref' || xref.kind === 'numref') {
          return {kind: 'ref', graph, xref, name: xref.target}
        }
        if (xref.kind === 'term') return {kind: 'term', graph, xref, name: xref.target}
      }
      for (const link of document.mdlinks ?? []) {
        if (link.xref.file === file && inside(link.xref.range, offset)) {
          return {kind: 'mdlink', graph, document, link}
        }
      }
      for (const label of document.labels) {
        if (label.file === file && inside(label.range, offset)) {
          return {kind: 'label', graph, document, label}
        }
      }
      for (const term of document.terms) {
        if (term.file === file && inside(term.range, offset)) {
          return {kind: 'termDefinition', graph, term}
        }
      }
      for (const toctree of document.toctrees) {
        if (toctree.file !== file) continue
        for (const resolved of toctree.entries) {
          if (inside(resolved.entry.range, offset)) return {kind: 'entry', graph, resolved, file}
        }
      }
      for (const asset of [...document.includes, ...document.images, ...document.downloads]) {
        if (asset.file === file && inside(asset.range, offset)) return {kind: 'asset', graph, asset}
      }
      if (document.path === file) whole = {kind: 'document', graph, document}
    }
    for (const list of graph.manifests.lists) {
      if (list.kind === 'toctree') continue
      for (const entry of list.entries) {
        if (entry.file === file && inside(entry.range, offset)) {
          return {kind: 'manifest', graph, list, entry}
        }
      }
    }
  }
  return whole
}

/** The document a docname names in `graph`, if any. */
export function documentNamed(graph: Graph, docname: string): GraphDocument | undefined {
  return graph.documents.get(docname)
}

/** The document behind a place (`:doc:`, a toctree entry, a Markdown link to a document). */
export function targetDocument(found: Found): {graph: Graph; document: GraphDocument} | undefined {
  const {graph} = found
  const doc = (name: string | undefined) => {
    const document = name === undefined ? undefined : graph.documents.get(name)
    return document ? {graph, document} : undefined
  }
  switch (found.kind) {
    case 'doc':
      return doc(found.docname)
    case 'entry':
      return doc(found.resolved.docname)
    case 'mdlink':
      return found.link.status === 'doc' || found.link.status === 'anchor'
        ? doc(found.link.resolved)
        : undefined
    case 'document':
      return {graph, document: found.document}
    case 'asset':
    case 'manifest': {
      const file = found.kind === 'asset' ? found.asset.treePath : found.entry.path
      for (const document of graph.documents.values()) {
        if (document.path === file) return {graph, document}
      }
      return undefined
    }
    default:
      return undefined
  }
}

/** The label a place names or defines. */
export function targetLabel(found: Found): {name: string; entry?: LabelEntry} | undefined {
  const {graph} = found
  let name: string | undefined
  if (found.kind === 'ref') name = found.name
  else if (found.kind === 'label') name = found.label.name
  else if (found.kind === 'mdlink' && found.link.status === 'label') {
    name = found.link.xref.target.toLowerCase().replace(/\s+/g, ' ').trim()
  }
  if (name === undefined) return undefined
  const entry = graph.anonLabels.get(name)
  return entry ? {name, entry} : {name}
}

/** The glossary term a place names or defines. */
export function targetTerm(found: Found): {name: string; entry?: TermEntry} | undefined {
  const {graph} = found
  if (found.kind !== 'term' && found.kind !== 'termDefinition') return undefined
  const name = found.kind === 'term' ? found.name : found.term.term
  const entry = graph.terms.get(name) ?? graph.termsLower.get(name.toLowerCase())
  return {name, ...(entry ? {entry} : {})}
}
