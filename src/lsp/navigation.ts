/** Go to definition, find references and hover, from the graph of the last check. */
import {WHOLE_FILE, type Range} from '../diagnostic.js'
import {docnameJoin} from '../graph/paths.js'
import type {Graph, GraphDocument} from '../graph/types.js'
import {locate, targetDocument, targetLabel, targetTerm, type Found} from './locate.js'

/** A place in the tree: tree-relative file and range. */
export interface Place {
  file: string
  range: Range
}

function documentPlace(document: GraphDocument): Place {
  return document.title && document.title.file === document.path
    ? {file: document.path, range: document.title.range}
    : {file: document.path, range: WHOLE_FILE}
}

/** Where what stands at `offset` of `file` is defined. */
export function definition(graphs: readonly Graph[], file: string, offset: number): Place[] {
  const found = locate(graphs, file, offset)
  if (!found || found.kind === 'document') return []
  const label = targetLabel(found)
  if (label)
    return label.entry ? [{file: label.entry.label.file, range: label.entry.label.range}] : []
  const term = targetTerm(found)
  if (term) return term.entry ? [{file: term.entry.term.file, range: term.entry.term.range}] : []
  const document = targetDocument(found)
  if (document) return [documentPlace(document.document)]
  if (found.kind === 'asset' && found.asset.treePath && found.asset.status === 'ok') {
    return [{file: found.asset.treePath, range: WHOLE_FILE}]
  }
  if (found.kind === 'manifest') return [{file: found.entry.path, range: WHOLE_FILE}]
  return []
}

/** Every place that names the document `docname` of `graph`. */
export function documentReferences(graph: Graph, target: GraphDocument): Place[] {
  const places: Place[] = []
  for (const document of graph.documents.values()) {
    for (const xref of document.xrefs) {
      if (xref.kind === 'doc' && docnameJoin(document.docname, xref.target) === target.docname) {
        places.push({file: xref.file, range: xref.range})
      }
    }
    for (const toctree of document.toctrees) {
      for (const resolved of toctree.entries) {
        const named =
          resolved.docname === target.docname || resolved.matches?.includes(target.docname)
        if (named) places.push({file: toctree.file, range: resolved.entry.range})
      }
    }
    for (const link of document.mdlinks ?? []) {
      if ((link.status === 'doc' || link.status === 'anchor') && link.resolved === target.docname) {
        places.push({file: link.xref.file, range: link.xref.range})
      }
    }
    for (const asset of document.includes) {
      if (asset.treePath === target.path) places.push({file: asset.file, range: asset.range})
    }
  }
  for (const list of graph.manifests.lists) {
    if (list.kind === 'toctree') continue
    for (const entry of list.entries) {
      if (entry.path === target.path) places.push({file: entry.file, range: entry.range})
    }
  }
  return places
}

/** Every place that names label `name` (its definitions too, when asked). */
export function labelReferences(graph: Graph, name: string, declarations: boolean): Place[] {
  const places: Place[] = []
  for (const document of graph.documents.values()) {
    if (declarations) {
      for (const label of document.labels) {
        if (label.name === name && !label.anchorOnly)
          places.push({file: label.file, range: label.range})
      }
    }
    for (const xref of document.xrefs) {
      if ((xref.kind === 'ref' || xref.kind === 'numref') && xref.target === name) {
        places.push({file: xref.file, range: xref.range})
      }
    }
    for (const link of document.mdlinks ?? []) {
      if (link.status === 'label' && link.xref.target.toLowerCase() === name) {
        places.push({file: link.xref.file, range: link.xref.range})
      }
    }
  }
  return places
}

function termReferences(graph: Graph, name: string, declarations: boolean): Place[] {
  const lower = name.toLowerCase()
  const places: Place[] = []
  for (const document of graph.documents.values()) {
    if (declarations) {
      for (const term of document.terms) {
        if (term.term.toLowerCase() === lower) places.push({file: term.file, range: term.range})
      }
    }
    for (const xref of document.xrefs) {
      if (xref.kind === 'term' && xref.target.toLowerCase() === lower) {
        places.push({file: xref.file, range: xref.range})
      }
    }
  }
  return places
}

/** Who names what stands at `offset` of `file` (a label, a term, or a document). */
export function references(
  graphs: readonly Graph[],
  file: string,
  offset: number,
  declarations: boolean
): Place[] {
  const found = locate(graphs, file, offset)
  if (!found) return []
  const label = targetLabel(found)
  if (label) return unique(labelReferences(found.graph, label.name, declarations))
  const term = targetTerm(found)
  if (term) return unique(termReferences(found.graph, term.name, declarations))
  const document = targetDocument(found)
  if (!document) return []
  const places = documentReferences(document.graph, document.document)
  if (declarations) places.unshift(documentPlace(document.document))
  return unique(places)
}

function unique(places: Place[]): Place[] {
  const seen = new Set<string>()
  return places.filter((place) => {
    const key = `${place.file}\u0000${place.range.start.offset}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

function where(file: string, range: Range): string {
  return `${file}:${range.start.line}`
}

/** Markdown for a hover: the target's title and location. */
export function hover(graphs: readonly Graph[], file: string, offset: number): string | undefined {
  const found = locate(graphs, file, offset)
  if (!found || found.kind === 'document') return undefined
  return describe(found)
}

function describe(found: Found): string | undefined {
  const label = targetLabel(found)
  if (label) {
    if (!label.entry) return `label \`${label.name}\`: **not defined**`
    const {label: defined, docname} = label.entry
    const title = defined.title ?? '(no title: `:ref:` needs an explicit title)'
    return `**${title}**\n\nlabel \`${label.name}\` in \`${docname}\` (${where(defined.file, defined.range)})`
  }
  const term = targetTerm(found)
  if (term) {
    if (!term.entry) return `term \`${term.name}\`: **not in any glossary**`
    return `**${term.entry.term.term}**\n\nglossary term in \`${term.entry.docname}\` (${where(term.entry.term.file, term.entry.term.range)})`
  }
  const document = targetDocument(found)
  if (document) {
    const {document: doc} = document
    return `**${doc.title?.text ?? '(untitled)'}**\n\ndocument \`${doc.docname}\` (${doc.path})`
  }
  if (found.kind === 'asset') {
    const {asset} = found
    return `\`${asset.target}\` → ${asset.treePath ?? asset.srcPath} (${asset.status})`
  }
  if (found.kind === 'manifest') {
    return `\`${found.entry.word}\` in ${found.list.variable} → ${found.entry.path}`
  }
  if (found.kind === 'doc') return `document \`${found.docname}\`: **not found**`
  if (found.kind === 'entry')
    return `toctree entry \`${found.resolved.entry.ref}\` (${found.resolved.status})`
  return undefined
}
