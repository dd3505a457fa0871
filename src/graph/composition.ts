/**
 * Composition: a document with its includes expanded as docutils does (relative to the
 * including document, clipped, bounded), every fact located in the file it came from, paths of
 * images, downloads and includes resolved and checked, in-document duplicate targets marked.
 */
import {mystIncludeRebase, type Rebase} from './myst-include.js'
import type {Range} from '../diagnostic.js'
import {normalizeName} from '../facts/inline-text.js'
import {emptyFacts, type DocFacts, type LinkTarget, type XRef} from '../facts/types.js'
import {docnameOf} from '../project/discover.js'
import type {SphinxProject} from '../project/types.js'
import {readsRst, type Context} from './context.js'
import {clipInclude, shiftFacts} from './include-clip.js'
import {dirname, join, normpath, relfn2path, toTreePath} from './paths.js'
import {factsFor, fileExists, readText, rstFacts} from './reading.js'
import type {AssetRef, Graph, GraphDocument, Located} from './types.js'

export function srcRelative(treePath: string, project: SphinxProject): string {
  return project.srcdir === '' ? treePath : treePath.slice(project.srcdir.length + 1)
}

/**
 * What the includes of a whole tree may add, in multiples of `limits.maxIncludedElements` (the
 * most one document's includes may add; elements are links, labels, targets, images, toctrees
 * and includes, each included file counting one more). Real trees are far below either: the most
 * in one document of six real projects is 168 (FRR's bgp.rst), in one tree 236. One file
 * included over and over, by one document or by many, or files that each include the next
 * twice, would ask for millions of copies.
 */
export const TREE_INCLUDE_FACTOR = 3

/** The include budget of one document being composed. */
interface Composition {
  left: number
}

export async function composeDocument(
  document: GraphDocument,
  ctx: Context,
  included: Set<string>
): Promise<void> {
  const docSrcPath = srcRelative(document.path, ctx.project)
  const composition: Composition = {left: ctx.config.limits.maxIncludedElements}
  await addPart(
    document,
    docSrcPath,
    document.path,
    document.facts,
    new Set([document.path]),
    ctx,
    included,
    document.parser,
    composition
  )
  // In-document duplicates are judged on the composed document (an include twice duplicates).
  markComposedDuplicates(document, ctx.config.sphinx?.version === '5.3' ? '5.3' : '8')
}

/** How many elements a file's facts add to the document that includes it. */
function elementCount(facts: DocFacts): number {
  return (
    facts.xrefs.length +
    facts.labels.length +
    facts.terms.length +
    facts.linkRefs.length +
    facts.linkTargets.length +
    facts.images.length +
    facts.toctrees.length +
    facts.includes.length
  )
}

async function addPart(
  document: GraphDocument,
  docSrcPath: string,
  file: string,
  facts: DocFacts,
  /** The files being expanded, the document's own first (an include of one of them loops). */
  chain: Set<string>,
  ctx: Context,
  included: Set<string>,
  parser: string,
  composition: Composition,
  /** MyST `{include}` with `:relative-docs:` / `:relative-images:`: paths seen from the includer. */
  rebase?: Rebase
): Promise<void> {
  // Each fact gets the file it was found in (the document, or a file it includes).
  for (const xref of facts.xrefs) {
    const located: Located<typeof xref> =
      rebase && xref.kind === 'mdlink'
        ? {...xref, target: rebase.link(xref.target), file}
        : {...xref, file}
    document.xrefs.push(located)
    if (xref.kind === 'mdlink' && !xref.disabled) noteMdLink(document, docSrcPath, located, ctx)
    if (xref.kind === 'download' && !xref.disabled) {
      document.downloads.push(
        Object.assign(assetRef(xref.target, docSrcPath, file, xref.range, ctx), {xref})
      )
    }
  }
  for (const label of facts.labels) document.labels.push({...label, file})
  for (const term of facts.terms) document.terms.push({...term, file})
  for (const ref of facts.linkRefs) document.linkRefs.push({...ref, file})
  for (const target of facts.linkTargets) document.linkTargets.push({...target, file})
  for (const image of facts.images) {
    const uri = rebase && image.directive === 'markdown' ? rebase.image(image.uri) : image.uri
    document.images.push(
      Object.assign(assetRef(uri, docSrcPath, file, image.range, ctx, true), {
        image: uri === image.uri ? image : {...image, uri}
      })
    )
  }
  // Toctrees of included files are resolved with the including document (§5.1).
  for (const toctree of facts.toctrees) {
    document.toctrees.push({file, docname: document.docname, toctree, entries: [], includes: []})
  }
  if (facts.hasLocalToc) document.hasLocalToc = true

  for (const include of facts.includes) {
    const ref: AssetRef = include.standard
      ? {
          file,
          range: include.range,
          target: include.path,
          srcPath: include.path,
          status: 'skipped',
          skipReason: 'standard'
        }
      : assetRef(include.path, docSrcPath, file, include.range, ctx)
    document.includes.push(Object.assign(ref, {include}))
    if (include.directive !== 'include' || include.standard) continue
    const includedDoc = docnameOf(ctx.project, ref.srcPath)
    if (includedDoc !== undefined) included.add(includedDoc)
    if ('literal' in include.options || 'code' in include.options || ref.treePath === undefined)
      continue
    const treePath = ref.treePath
    if (chain.has(treePath)) continue
    if (document.includesCut !== undefined) continue
    ctx.rawTexts.add(treePath)
    const text = await readText(treePath, ctx)
    if (text === undefined) {
      markMissing(ref, ctx.project)
      continue
    }
    ref.status = 'ok'
    const clipKeys = ['start-line', 'end-line', 'start-after', 'end-before'].filter(
      (key) => key in include.options
    )
    // MyST's `{include}` parses the included text as Markdown; docutils' as reStructuredText,
    // unless its `:parser:` option names MyST's (`myst_parser.sphinx_`).
    const partParser = /^myst_parser\b/.test(include.options.parser ?? '') ? 'markdown' : parser
    const partFactsOf = (part: string, clipKey: string): DocFacts =>
      readsRst(partParser, ctx.extractors)
        ? rstFacts(part, ctx, clipKey)
        : (factsFor(part, partParser, treePath, ctx) ?? emptyFacts())
    let partFacts: DocFacts
    if (clipKeys.length === 0) {
      partFacts = partFactsOf(text, '')
    } else {
      const clip = clipInclude(text, include.options)
      if (!clip) continue
      const clipKey = JSON.stringify(clipKeys.map((key) => [key, include.options[key]]))
      partFacts = shiftFacts(partFactsOf(clip.text, clipKey), clip)
    }
    const weight = 1 + elementCount(partFacts)
    if (weight > composition.left || weight > ctx.includeBudget) {
      const where = `${file}:${include.range.start.line}`
      const max = ctx.config.limits.maxIncludedElements
      document.includesCut =
        weight > composition.left
          ? `Too many included elements: the files this document includes add more than ${max} elements (links, labels, targets, images, toctrees, includes; limits.maxIncludedElements); the include at ${where} and those after it are not expanded.`
          : `Too many included elements: the tree's includes add more than ${TREE_INCLUDE_FACTOR * max} elements (three times limits.maxIncludedElements); the include at ${where} and those after it are not expanded.`
      continue
    }
    composition.left -= weight
    ctx.includeBudget -= weight
    if (!ctx.files.has(treePath)) ctx.files.set(treePath, partFacts)
    document.files.push(treePath)
    if (!document.title && partFacts.title) document.title = {...partFacts.title, file: treePath}
    if (include.atDocumentStart && file === document.path) {
      for (const [key, value] of Object.entries(partFacts.metadata)) {
        if (!(key in document.metadata)) document.metadata[key] = value
      }
    }
    chain.add(treePath)
    await addPart(
      document,
      docSrcPath,
      treePath,
      partFacts,
      chain,
      ctx,
      included,
      partParser,
      composition,
      parser === 'markdown' ? mystIncludeRebase(include, file, treePath) : undefined
    )
    chain.delete(treePath)
  }
}

/**
 * MyST's read-time check (`render_internal_link`): a destination that names an existing file
 * beside the *document* (not the included file) and does not end in a source suffix becomes a
 * download reference. The existence check runs now; resolution waits for the label tables.
 */
function noteMdLink(
  document: GraphDocument,
  docSrcPath: string,
  xref: Located<XRef>,
  ctx: Context
): void {
  const target = xref.target
  let list = ctx.pendingLinks.get(document.docname)
  if (!list) ctx.pendingLinks.set(document.docname, (list = []))
  const suffixes = ctx.project.sourceSuffix.map(([suffix]) => suffix)
  if (target === '' || suffixes.some((suffix) => target.endsWith(suffix))) {
    list.push({xref})
    return
  }
  // `Path(doc).parent / destination`: an absolute destination names a file outside the tree.
  const srcPath = target.startsWith('/') ? target : normpath(join(dirname(docSrcPath), target))
  const treePath = srcPath.startsWith('/') ? undefined : toTreePath(ctx.project.srcdir, srcPath)
  list.push({
    xref,
    srcPath,
    ...(treePath === undefined ? {} : {treePath, isFile: fileExists(treePath, ctx)})
  })
}

/** Resolve a path written in a document (or a file it includes) as `relfn2path` does (§5.1). */
function assetRef(
  target: string,
  docSrcPath: string,
  file: string,
  range: Range,
  ctx: Context,
  image = false
): AssetRef {
  const base = {file, range, target}
  if (target.includes('://') || (image && target.startsWith('data:'))) {
    return {...base, srcPath: target, status: 'skipped', skipReason: 'url'}
  }
  const srcPath = relfn2path(target, docSrcPath)
  if (image && target.endsWith('.*')) {
    return {...base, srcPath, status: 'skipped', skipReason: 'glob'}
  }
  // `//host/x.png` is not a URL to Sphinx: it names the absolute path `/host/x.png` (§5.4).
  if (srcPath.startsWith('/')) return {...base, srcPath, status: 'missing'}
  const treePath = toTreePath(ctx.project.srcdir, srcPath)
  if (treePath === undefined) return {...base, srcPath, status: 'unknown'}
  const ref: AssetRef = {...base, srcPath, treePath, status: 'unknown'}
  // Filled in by checkAssets once the existence checks settle.
  ctx.pendingAssets.push([ref, fileExists(treePath, ctx)])
  return ref
}

export async function settleAssets(ctx: Context): Promise<void> {
  const batch = ctx.pendingAssets
  ctx.pendingAssets = []
  await Promise.all(
    batch.map(async ([ref, exists]) => {
      if (ref.status !== 'unknown') return
      if (await exists) ref.status = 'ok'
      else markMissing(ref, ctx.project)
    })
  )
}

/**
 * A referenced file is not in the tree: missing, unless conf.py writes files and names this one
 * (Sphinx runs conf.py before reading, so the file is there by then; DPDK's feature tables).
 */
function markMissing(ref: AssetRef, project: SphinxProject): void {
  // conf.py spells the path whole (`dirname(__file__) + '/nics/table.txt'`) or joins it from parts
  // (`os.path.join(here, 'nics', 'table.txt')`), of which the file name is one.
  const name = ref.srcPath.slice(ref.srcPath.lastIndexOf('/') + 1)
  const written = project.confWrites?.some((text) => {
    const path = text.replace(/^(?:\.\/)+/, '')
    return path === ref.srcPath || path === name || path.endsWith(`/${ref.srcPath}`)
  })
  if (written) {
    ref.status = 'skipped'
    ref.skipReason = 'generated'
  } else ref.status = 'missing'
}

/**
 * Labels files conf.py generates may define: the strings a file-writing conf.py spells, as label
 * names (docutils' `fully_normalize_name`), once some document includes a file it writes.
 */
export function confLabelsOf(
  project: SphinxProject,
  documents: Map<string, GraphDocument>
): Pick<Graph, 'confLabels'> {
  const generates = [...documents.values()].some((document) =>
    document.includes.some((include) => include.skipReason === 'generated')
  )
  if (!generates) return {}
  const labels = new Set<string>()
  const add = (text: string): void => {
    const name = normalizeName(text)
    if (name !== '') labels.add(name)
  }
  for (const text of project.confWrites ?? []) {
    // A label name on its own (`'.. _' + name + ':'`), or whole `.. _name:` lines in a template.
    add(text)
    for (const match of text.matchAll(/^[ \t]*\.\. _([^:\n`]+):/gm)) add(match[1] ?? '')
  }
  return {confLabels: labels}
}

/**
 * docutils' `Duplicate explicit target name` (`document.set_duplicate_name_id`): a second
 * explicit target (label, external target, embedded URI, inline target, citation) with a name
 * already taken in the composed document. It warns, unless both it and the target still holding
 * the name are external with the same URI (an INFO); on a warning the holder loses the name too,
 * so a third definition always warns. Each group is the first definition, then the warned ones.
 * docutils 0.22 (current Sphinx) makes the target of an embedded URI implicit: it never warns,
 * and an explicit target later takes the name over without a word.
 */
function markComposedDuplicates(document: GraphDocument, sphinxVersion: '5.3' | '8'): void {
  // Most names are defined once: remember the first target of each, and make a group only for
  // a name met again (a document of 50,000 targets made 50,000 one-element groups).
  const first = new Map<string, Located<LinkTarget>>()
  /** The target still holding each name (docutils `nameids`); null once a warning took it. */
  const holder = new Map<string, Located<LinkTarget> | null>()
  let groups: Map<string, Located<LinkTarget>[]> | undefined
  for (const target of document.linkTargets) {
    if (target.kind === 'implicit' || target.kind === 'substitution' || target.indirect) continue
    if (target.embedded && sphinxVersion !== '5.3') continue
    const seen = first.get(target.name)
    if (seen === undefined) {
      first.set(target.name, target)
      continue
    }
    const old = holder.has(target.name) ? holder.get(target.name) : seen
    if (old && target.refuri !== undefined && old.refuri === target.refuri) {
      holder.set(target.name, old)
      continue
    }
    holder.set(target.name, null)
    groups ??= new Map()
    const group = groups.get(target.name)
    if (group) group.push(target)
    else groups.set(target.name, [seen, target])
  }
  const duplicated = new Set<string>()
  if (groups) {
    // in the order the names first appear
    for (const name of first.keys()) {
      const group = groups.get(name)
      if (group === undefined) continue
      duplicated.add(name)
      document.duplicateTargets.push(group)
    }
  }
  for (const label of document.labels) {
    if (duplicated.has(label.name)) label.duplicateInFile = true
    else if (label.duplicateInFile !== undefined) delete label.duplicateInFile
  }
}
