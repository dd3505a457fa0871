/**
 * Labels and terms: the global tables Sphinx's std domain fills (§6), read in sorted docname
 * order, and the labels `sphinx.ext.autosectionlabel` makes of section titles.
 */
import {normalizeName} from '../facts/inline-text.js'
import type {PyValue, SphinxProject} from '../project/types.js'
import {comparePython} from './toctrees.js'
import type {Graph, GraphDocument, LabelDuplicate, LabelEntry, TermEntry} from './types.js'

/**
 * The labels `sphinx.ext.autosectionlabel` makes (`register_sections_as_label`): each section's
 * title source, normalised, or `docname:title` with `autosectionlabel_prefix_document`; sections
 * as deep as `autosectionlabel_maxdepth` or deeper (0: top level) are skipped.
 */
export function sectionLabelsOf(
  project: SphinxProject,
  documents: Map<string, GraphDocument>,
  enabled: readonly string[]
): Pick<Graph, 'sectionLabels'> {
  if (!enabled.includes('sphinx.ext.autosectionlabel')) return {}
  const prefix = truthy(project.conf.get('autosectionlabel_prefix_document'))
  const maxdepth = project.conf.get('autosectionlabel_maxdepth')
  const depthLimit = typeof maxdepth === 'number' && maxdepth > 0 ? maxdepth : undefined
  const names = new Set<string>()
  for (const [docname, document] of documents) {
    for (const target of document.linkTargets) {
      if (target.kind !== 'implicit') continue
      if (depthLimit !== undefined && (target.depth ?? 0) >= depthLimit) continue
      const title = target.rawTitle ?? target.name
      names.add(normalizeName(prefix ? `${docname}:${title}` : title))
    }
  }
  return {sectionLabels: names}
}

function truthy(value: PyValue | undefined): boolean {
  if (value === undefined || value === null || value === false || value === 0 || value === '')
    return false
  if (Array.isArray(value)) return value.length > 0
  if (typeof value === 'object')
    return value.kind === 'tuple' ? value.items.length > 0 : value.entries.length > 0
  return true
}

export function labelTables(documents: Map<string, GraphDocument>): {
  labels: Map<string, LabelEntry>
  anonLabels: Map<string, LabelEntry>
  labelDuplicates: LabelDuplicate[]
} {
  const labels = new Map<string, LabelEntry>()
  const anonLabels = new Map<string, LabelEntry>()
  const labelDuplicates: LabelDuplicate[] = []
  const seeded = new Map<string, string>([
    ['genindex', 'genindex'],
    ['modindex', 'py-modindex'],
    ['search', 'search']
  ])
  // Sphinx reads documents in sorted docname order; only titled labels count as earlier (§6.3).
  const order = [...documents.keys()].sort(comparePython)
  for (const docname of order) {
    const document = documents.get(docname)
    if (!document) continue
    for (const label of document.labels) {
      if (label.duplicateInFile || label.anchorOnly) continue
      const earlier = labels.get(label.name)
      const seed = seeded.get(label.name)
      if (earlier) {
        labelDuplicates.push({
          docname,
          label,
          other: {docname: earlier.docname, label: earlier.label}
        })
      } else if (seed !== undefined) {
        labelDuplicates.push({docname, label, other: {docname: seed}})
      }
      const entry = {docname, label}
      anonLabels.set(label.name, entry)
      // An untitled later definition leaves the earlier titled one in the table (std.py process_doc).
      if (label.titled || label.uncertain) labels.set(label.name, entry)
    }
  }
  return {labels, anonLabels, labelDuplicates}
}

export function termTables(documents: Map<string, GraphDocument>): {
  terms: Map<string, TermEntry>
  termsLower: Map<string, TermEntry>
} {
  const terms = new Map<string, TermEntry>()
  const termsLower = new Map<string, TermEntry>()
  for (const [docname, document] of documents) {
    for (const term of document.terms) {
      if (!terms.has(term.term)) terms.set(term.term, {docname, term})
      const lower = term.term.toLowerCase()
      if (!termsLower.has(lower)) termsLower.set(lower, {docname, term})
    }
  }
  return {terms, termsLower}
}
