/**
 * `rst_prolog` / `rst_epilog`: Sphinx pastes them into every reStructuredText document, so their
 * links are resolved (and warned about: `unknown document`, `undefined label`) once per document.
 * doclint checks them where they are written, in conf.py, once for every way they resolve: a
 * `:doc:` target is relative to the document's folder, so once per folder; every other link
 * resolves the same in every document, so once.
 */
import type {DocFacts, LinkTarget, XRef} from '../facts/types.js'
import type {SphinxProject} from '../project/types.js'
import {shiftFacts} from './include-clip.js'
import type {GraphDocument, Located} from './types.js'

/** What the prolog and epilog add to each document that gets them. */
export interface PrologParts {
  targets: Located<LinkTarget>[]
  xrefs: Located<XRef>[]
}

/**
 * The link targets and links of rst_prolog and rst_epilog, placed in conf.py: a line of the
 * text is the line of the assignment plus its line in the text less one (exact for the usual
 * `rst_prolog = """` literal).
 */
export function prologParts(
  project: SphinxProject,
  factsOf: (text: string) => DocFacts
): PrologParts {
  const parts: PrologParts = {targets: [], xrefs: []}
  const file = project.confPath ?? ''
  for (const [name, text] of [
    ['rst_prolog', project.rstProlog],
    ['rst_epilog', project.rstEpilog]
  ] as const) {
    if (!text) continue
    const at = project.prologAt?.[name]
    const line = Math.max(1, at?.line ?? 1)
    const facts = at?.exact
      ? shiftFacts(factsOf(text), {text, line, column: 1, offset: 0})
      : placedAt(factsOf(text), line)
    for (const target of facts.linkTargets) parts.targets.push({...target, file})
    for (const xref of facts.xrefs) parts.xrefs.push({...xref, file})
  }
  return parts
}

/** Give each reStructuredText document the prolog's links it resolves its own way. */
export function attachPrologLinks(
  documents: readonly GraphDocument[],
  xrefs: readonly Located<XRef>[],
  readsRst: (parser: string) => boolean
): void {
  if (xrefs.length === 0) return
  const folders = new Set<string>()
  let first = true
  for (const document of documents) {
    if (!readsRst(document.parser)) continue
    const slash = document.docname.lastIndexOf('/')
    const folder = slash < 0 ? '' : document.docname.slice(0, slash)
    const newFolder = !folders.has(folder)
    folders.add(folder)
    for (const xref of xrefs) {
      if (xref.kind === 'doc' ? newFolder : first) document.xrefs.push({...xref})
    }
    first = false
  }
}

/** Facts with every position at the start of `line` (a text whose lines are not conf.py's). */
function placedAt(facts: DocFacts, line: number): DocFacts {
  const point = {line, column: 1, offset: 0}
  const place = <T extends {range: {start: unknown; end: unknown}}>(item: T): T => ({
    ...item,
    range: {start: point, end: point},
    ...('blockLine' in item ? {blockLine: line} : {})
  })
  return {...facts, linkTargets: facts.linkTargets.map(place), xrefs: facts.xrefs.map(place)}
}
