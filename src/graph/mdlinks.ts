/**
 * Resolve Markdown links (`mdlink` XRefs) as MyST 0.18's `MystReferenceResolver` does on Sphinx
 * 5.3 (myst_parser/sphinx_ext/myst_refs.py), first match wins:
 *  1. `myst_heading_anchors` set and a `#` in the target: `<path>#<anchor>` against the heading
 *     anchors, path relative to the current document (empty: this document), not lower-cased;
 *  2. the target lower-cased among std labels (heading anchors are labels named
 *     `<source path>#<slug>` too); a link with text may use untitled labels (`anonlabels`);
 *  3. a document (`docname_join`, then with a source suffix stripped);
 *  4. std objects: a glossary term whose exact text is the lower-cased target (5.3 keeps case).
 * Before that, at read time, an existing local file that is not a source file is a download.
 * Everything is relative to the *document*, also for links inside included files.
 */
import type {XRef} from '../facts/types.js'
import {lookupExternal, lookupInvLink, type Lookup} from '../intersphinx/resolve.js'
import type {IntersphinxState} from '../intersphinx/types.js'
import {docnameJoin, join, normpath} from './paths.js'
import type {
  GraphDocument,
  LabelEntry,
  Located,
  MdLinkStatus,
  ResolvedMdLink,
  TermEntry
} from './types.js'

/** A Markdown link noted while reading, with MyST's read-time file check still running. */
export interface PendingLink {
  xref: Located<XRef>
  /** srcdir-relative path the destination names as a file (absolute when it leaves the tree). */
  srcPath?: string
  /** Tree path of that file, when inside the tree. */
  treePath?: string
  /** Whether that file exists. */
  isFile?: Promise<boolean>
}

/** What {@link resolveMdLinks} needs from the graph being built. */
export interface MdLinkInput {
  documents: Map<string, GraphDocument>
  pending: Map<string, PendingLink[]>
  labels: Map<string, LabelEntry>
  anonLabels: Map<string, LabelEntry>
  /** Glossary terms by exact text. */
  terms: Map<string, TermEntry>
  generated: ReadonlySet<string>
  suffixes: readonly string[]
  /**
   * Domain objects (autodoc's Python API, …) may exist that doclint cannot see: dotted names
   * (`pkg.mod.Class`) then resolve in MyST's `resolve_any_xref` step as far as doclint knows.
   */
  domainObjects?: boolean
  /** `inv:` links are MyST 1.0's inventory links (doclint's Sphinx 8 mode), not plain names. */
  mystInvLinks?: boolean
  /** Loaded intersphinx inventories: MyST's last step asks them (`reftype` `any`). */
  intersphinx?: IntersphinxState
  /** A tree path relative to the Sphinx source folder (`doc2path(docname, base=False)`). */
  srcPathOf(treePath: string): string
}

/** `key:name`: a prefix without `/` before the colon, then a name (no URL: no `//`). */
const PREFIXED_NAME = /^[A-Za-z_][\w.-]*:(?!\/\/)[^\s/]/

/** A Python dotted name (`pkg.mod.Class`), which a domain may define. */
const DOTTED_NAME = /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+$/

/** Python's `os.path.splitext` extension of a path's last component (`''` for `.hidden`). */
export function splitext(path: string): [string, string] {
  const slash = path.lastIndexOf('/')
  const dot = path.lastIndexOf('.')
  if (dot <= slash + 1) return [path, '']
  // a name made only of leading dots has no extension
  if (/^\.+$/.test(path.slice(slash + 1, dot + 1))) return [path, '']
  return [path.slice(0, dot), path.slice(dot)]
}

/** Fill `document.mdlinks` of every document that has Markdown links. */
export async function resolveMdLinks(input: MdLinkInput): Promise<void> {
  const {documents, suffixes} = input
  // Heading anchors: std labels `<doc source path>#<slug>` of the document that reads them.
  const anchors = new Map<string, string>()
  for (const [docname, document] of documents) {
    const source = input.srcPathOf(document.path)
    for (const label of document.labels) {
      if (label.anchorOnly) anchors.set(`${source}#${label.name}`, docname)
    }
  }
  const isDoc = (docname: string): boolean => documents.has(docname)
  const docOf = (joined: string): string | undefined => {
    if (isDoc(joined)) return joined
    const [stem, ext] = splitext(joined)
    return ext !== '' && suffixes.includes(ext) && isDoc(stem) ? stem : undefined
  }
  const stripSuffix = (name: string): string => {
    const [stem, ext] = splitext(name)
    return ext !== '' && suffixes.includes(ext) ? stem : name
  }

  for (const [docname, links] of input.pending) {
    const document = documents.get(docname)
    if (!document) continue
    const source = input.srcPathOf(document.path)
    const resolved: ResolvedMdLink[] = []
    for (const link of links) {
      const {xref} = link
      const target = xref.target
      const done = (status: MdLinkStatus, extra: Omit<ResolvedMdLink, 'xref' | 'status'> = {}) =>
        resolved.push({xref, status, ...extra})
      // MyST 1.0 and later: `inv:key:domain:type#name` names an inventory object
      const inv =
        input.intersphinx && input.mystInvLinks
          ? lookupInvLink(input.intersphinx, target)
          : undefined
      if (inv) {
        external(inv, done, target)
        continue
      }
      if (link.isFile && (await link.isFile)) {
        done('download', link.srcPath === undefined ? {} : {resolved: link.srcPath})
        continue
      }
      const hash = target.lastIndexOf('#')
      let anchorDoc: string | undefined
      if (hash !== -1) {
        const relPath = normpath(target.slice(0, hash))
        const docPath = relPath === '.' ? source : normpath(join(join(docname, '..'), relPath))
        anchorDoc = anchors.get(`${docPath}#${target.slice(hash + 1)}`)
        if (anchorDoc !== undefined) {
          done('anchor', {resolved: anchorDoc, anchor: target.slice(hash + 1)})
          continue
        }
      }
      const lower = target.toLowerCase()
      const table = xref.hasTitle ? input.anonLabels : input.labels
      if (table.has(lower) || anchors.has(lower) || input.generated.has(lower)) {
        done('label', {resolved: lower})
        continue
      }
      const doc = docOf(docnameJoin(docname, target))
      if (doc !== undefined) {
        done('doc', {resolved: doc})
        continue
      }
      // Sphinx 5.3 keeps a term's case in `std.objects`; MyST looks the lower-cased target up.
      if (input.terms.has(lower)) {
        done('object', {resolved: lower})
        continue
      }
      if (input.intersphinx) {
        const found = lookupExternal(input.intersphinx, {role: 'any', target})
        if (found.status !== 'missing') {
          external(found, done, target)
          continue
        }
      }
      if (input.domainObjects && DOTTED_NAME.test(target)) {
        done('unknown')
        continue
      }
      done(...unresolved(target, docname, link, stripSuffix, isDoc, suffixes))
    }
    document.mdlinks = resolved
  }
}

/** Record what the inventories said of a link. */
function external(
  found: Lookup,
  done: (status: MdLinkStatus, extra?: Omit<ResolvedMdLink, 'xref' | 'status'>) => void,
  target: string
): void {
  if (found.status === 'found')
    done('external', found.inventory === undefined ? {} : {resolved: found.inventory})
  else if (found.status === 'unchecked') done('unchecked', {inventories: found.inventories})
  else done('missing-label', {resolved: target})
}

/** Which kind of problem an unresolved link is: the rule that reports it. */
function unresolved(
  target: string,
  docname: string,
  link: PendingLink,
  stripSuffix: (name: string) => string,
  isDoc: (docname: string) => boolean,
  suffixes: readonly string[]
): [MdLinkStatus, Omit<ResolvedMdLink, 'xref' | 'status'>] {
  // `key:name` (`sphinx:sphinx.ext.autodoc`, MyST 1.0's `inv:sphinx#name`): MyST hands it on as
  // a cross-reference (to intersphinx), never as a file or a document, whatever its dots say.
  if (PREFIXED_NAME.test(target)) return ['missing-label', {resolved: target}]
  const hash = target.lastIndexOf('#')
  if (hash !== -1) {
    const path = target.slice(0, hash)
    const anchor = target.slice(hash + 1)
    if (normpath(path) === '.') return ['missing-anchor', {resolved: docname, anchor}]
    const linked = stripSuffix(docnameJoin(docname, path))
    return [isDoc(linked) ? 'missing-anchor' : 'missing-doc', {resolved: linked, anchor}]
  }
  const [, ext] = splitext(target)
  if (ext !== '' && !suffixes.includes(ext)) {
    // `/x.txt` names a file at the file-system root, which is never the tree's
    if (target.startsWith('/')) return ['missing-file', {resolved: target}]
    if (link.srcPath === undefined || link.treePath === undefined) return ['unknown', {}]
    return ['missing-file', {resolved: link.srcPath}]
  }
  if (ext !== '' || target.includes('/')) {
    return ['missing-doc', {resolved: stripSuffix(docnameJoin(docname, target))}]
  }
  return ['missing-label', {resolved: target.toLowerCase()}]
}
