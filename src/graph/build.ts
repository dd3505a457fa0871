/**
 * Build the project graph: discover documents, read their facts (cached), expand includes as
 * Sphinx does, resolve toctrees, labels, terms and asset paths. Rules only read the result.
 */
import type {DoclintConfig} from '../config/types.js'
import {normalizeName} from '../facts/inline-text.js'
import {extractRstFacts, type RstFactsOptions} from '../facts/rst.js'
import {emptyFacts, type DocFacts, type LinkTarget, type XRef} from '../facts/types.js'
import type {ManifestSet} from '../manifests/types.js'
import {compilePattern, isExcludedPath} from '../project/patterns.js'
import {evalOnlyCondition} from '../project/tags.js'
import type {SphinxProject} from '../project/types.js'
import {parse} from '../rst/index.js'
import type {ParseOptions} from '../rst/ast.js'
import type {FileTree} from '../tree/types.js'
import {discoverDocuments, docnameOf, type DiscoveredDocument} from '../project/discover.js'
import {FactsCache} from './facts-cache.js'
import {mystIncludeRebase, type Rebase} from './myst-include.js'
import {knownDirectives} from './known-directives.js'
import {clipInclude, shiftFacts} from './include-clip.js'
import {resolveMdLinks, type PendingLink} from './mdlinks.js'
import {dirname, docnameJoin, isUrl, join, normpath, relfn2path, toTreePath} from './paths.js'
import {SUGGESTION_BUDGET, suggester, type SuggestionBudget} from './suggest.js'
import type {
  AssetRef,
  Graph,
  GraphDocument,
  LabelDuplicate,
  LabelEntry,
  Located,
  ResolvedEntry,
  ResolvedToctree,
  TermEntry
} from './types.js'

/** Pages Sphinx generates: valid toctree entries and `:ref:` targets (§3.2, §6.2). */
export const GENERATED_DOCNAMES: ReadonlySet<string> = new Set(['genindex', 'modindex', 'search'])

/** A front end for a non-RST parser (`markdown` → `extractMarkdownFacts`). */
export type FactsExtractor = (
  text: string,
  context: {path: string; project: SphinxProject; config: DoclintConfig}
) => DocFacts

const extractors = new Map<string, FactsExtractor>()

/**
 * Plug in the facts front end for a `source_suffix` parser name (the Markdown engineer registers
 * `markdown` → `extractMarkdownFacts`). Documents of a parser with no front end get empty facts.
 */
export function registerFactsExtractor(parser: string, extractor: FactsExtractor): void {
  extractors.set(parser, extractor)
}

// The Markdown (MyST) front end, under the parser name myst-parser registers for `.md`.
/**
 * The Markdown front end pulls in micromark and yaml: load it only when a tree has a Markdown
 * document, so RST-only runs never pay for it.
 */
async function loadMarkdownFrontEnd(): Promise<void> {
  if (extractors.has('markdown')) return
  const {extractMarkdownFacts} = await import('../facts/markdown.js')
  registerFactsExtractor('markdown', (text, {project}) => extractMarkdownFacts(text, {project}))
}

/** What buildGraph needs. */
export interface BuildInput {
  tree: FileTree
  project: SphinxProject
  config: DoclintConfig
  cache?: FactsCache
  manifests?: ManifestSet
}

const RST_PARSERS = new Set(['restructuredtext', 'rst', 'rest', 'restructuredText'])
/** Parser names that are certainly not reStructuredText (no front end: facts unknown). */
const NON_RST_PARSERS = /markdown|myst|md|ipynb|notebook|jupyter|commonmark|recommonmark/i

/**
 * Whether a `source_suffix` parser reads reStructuredText: the standard one, and custom parsers
 * that extend it (python/peps' `pep`), which Sphinx projects use far more often than other formats.
 */
function readsRst(parser: string): boolean {
  return RST_PARSERS.has(parser) || (!extractors.has(parser) && !NON_RST_PARSERS.test(parser))
}
const decoder = new TextDecoder('utf-8')

interface Context {
  tree: FileTree
  project: SphinxProject
  config: DoclintConfig
  cache: FactsCache
  parseOptions: ParseOptions
  factsOptions: RstFactsOptions
  /** FactsCache.context of each (parser, clip) pair met so far. */
  keyContexts: Map<string, string>
  files: Map<string, DocFacts>
  exists: Map<string, Promise<boolean>>
  texts: Map<string, Promise<string | undefined>>
  /**
   * Elements that included files may still add to the tree's documents (three times
   * `limits.maxIncludedElements`); each document also has its own budget, {@link Composition}.
   */
  includeBudget: number
  /** Docnames in Python's order, once a toctree glob asks for them. */
  sortedDocnames?: string[]
  /** Docnames each toctree glob pattern matches, in that order. */
  globs: Map<string, string[]>
  /** Asset references whose existence check is still running. */
  pendingAssets: [AssetRef, Promise<boolean>][]
  /** Markdown links by document, with MyST's read-time "is it a local file" check. */
  pendingLinks: Map<string, PendingLink[]>
}

/** Build the graph of one Sphinx project in one tree. */
export async function buildGraph(input: BuildInput): Promise<Graph> {
  const {tree, project, config} = input
  const ctx: Context = {
    tree,
    project,
    config,
    cache: input.cache ?? new FactsCache(),
    parseOptions: parseOptionsOf(project, config),
    factsOptions: factsOptionsOf(project),
    keyContexts: new Map(),
    files: new Map(),
    exists: new Map(),
    texts: new Map(),
    includeBudget: TREE_INCLUDE_FACTOR * config.limits.maxIncludedElements,
    globs: new Map(),
    pendingAssets: [],
    pendingLinks: new Map()
  }
  const discovery = await discoverDocuments(tree, project)
  const myst = project.extensions.some((name) => name === 'myst_parser' || name === 'myst_nb')
  if (
    myst ||
    [...discovery.documents.values()].some((document) => document.parser === 'markdown')
  ) {
    await loadMarkdownFrontEnd()
  }
  const discovered = [...discovery.documents.values()]
  const docnames = new Set(discovery.documents.keys())
  const sphinxVersion = config.sphinx?.version === '5.3' ? '5.3' : '8'

  const prologTargets = await prologLinkTargets(ctx)
  const documents = new Map<string, GraphDocument>()
  const included = new Set<string>()
  // Documents are read and parsed concurrently, then composed (includes expanded) one after the
  // other in discovery order, so that the tree's include budget is spent the same way every run.
  const read = await Promise.all(discovered.map((doc) => readDocument(doc, ctx, prologTargets)))
  for (const document of read) {
    await composeDocument(document, ctx, included)
    documents.set(document.docname, document)
  }
  await settleAssets(ctx)

  for (const document of documents.values()) {
    document.toctrees = await resolveToctrees(document, docnames, ctx, sphinxVersion)
  }

  let rootDoc = project.rootDoc
  if (rootDoc === 'index' && !docnames.has('index') && docnames.has('contents'))
    rootDoc = 'contents'

  const {labels, anonLabels, labelDuplicates} = labelTables(documents)
  const {terms, termsLower} = termTables(documents)
  await resolveMdLinks({
    documents,
    pending: ctx.pendingLinks,
    labels,
    anonLabels,
    terms,
    generated: GENERATED_DOCNAMES,
    domainObjects: project.extensions.some((name) => /autodoc|autosummary|autoapi/.test(name)),
    suffixes: project.sourceSuffix.map(([suffix]) => suffix),
    srcPathOf: (treePath) => srcRelative(treePath, project)
  })

  const suggestionBudget: SuggestionBudget = {left: SUGGESTION_BUDGET}
  return {
    project,
    sphinxVersion,
    documents,
    manifests: input.manifests ?? {lists: []},
    rootDoc,
    rootDocExists: docnames.has(rootDoc),
    complete: ![...documents.values()].some((document) => document.factsUnknown),
    ...intersphinxOf(project),
    ...sectionLabelsOf(project, documents),
    generated: GENERATED_DOCNAMES,
    ...confLabelsOf(project, documents),
    included,
    labels,
    anonLabels,
    labelDuplicates,
    terms,
    termsLower,
    files: ctx.files,
    sourceFiles: discovery.files,
    docnameConflicts: discovery.conflicts,
    suggestionBudget,
    closestDocuments: suggester(() => docnames, suggestionBudget),
    closestLabels: suggester(() => anonLabels.keys(), suggestionBudget),
    closestTerms: suggester(() => terms.keys(), suggestionBudget)
  }
}

function sectionLabelsOf(
  project: SphinxProject,
  documents: Map<string, GraphDocument>
): Pick<Graph, 'sectionLabels'> {
  if (!project.extensions.includes('sphinx.ext.autosectionlabel')) return {}
  const names = new Set<string>()
  for (const [docname, document] of documents) {
    for (const target of document.linkTargets) {
      if (target.kind !== 'implicit') continue
      names.add(target.name)
      names.add(`${docname}:${target.name}`)
    }
  }
  return {sectionLabels: names}
}

function intersphinxOf(project: SphinxProject): Pick<Graph, 'intersphinx'> {
  if (!project.extensions.includes('sphinx.ext.intersphinx')) return {}
  const mapping = project.conf.get('intersphinx_mapping')
  if (
    mapping &&
    typeof mapping === 'object' &&
    !Array.isArray(mapping) &&
    mapping.kind === 'dict'
  ) {
    const inventories = mapping.entries.flatMap(([key]) => (typeof key === 'string' ? [key] : []))
    return {intersphinx: {inventories}}
  }
  return {intersphinx: {}}
}

function factsOptionsOf(project: SphinxProject): RstFactsOptions {
  const known = knownDirectives(project)
  return known ? {knownDirectives: known} : {}
}

function parseOptionsOf(project: SphinxProject, config: DoclintConfig): ParseOptions {
  const options: ParseOptions = {}
  const defaultRole = config.sphinx?.defaultRole ?? project.defaultRole
  if (defaultRole !== undefined && defaultRole !== '') options.defaultRole = defaultRole
  if (config.literalDirectives?.length) options.literalDirectives = [...config.literalDirectives]
  if (config.rstDirectives?.length) options.rstDirectives = [...config.rstDirectives]
  options.maxElements = config.limits.maxElements
  options.maxBlockElements = config.limits.maxBlockElements
  return options
}

// ------------------------------------------------------------------------------- reading

function readText(path: string, ctx: Context): Promise<string | undefined> {
  let pending = ctx.texts.get(path)
  if (!pending) {
    pending = ctx.tree.read(path).then((bytes) => (bytes === undefined ? undefined : decode(bytes)))
    ctx.texts.set(path, pending)
  }
  return pending
}

function decode(bytes: Uint8Array): string {
  const text = decoder.decode(bytes)
  return text.startsWith('\uFEFF') ? text.slice(1) : text
}

function fileExists(path: string, ctx: Context): Promise<boolean> {
  let pending = ctx.exists.get(path)
  if (!pending) {
    pending = ctx.tree.exists(path)
    ctx.exists.set(path, pending)
  }
  return pending
}

/** The cache key context of a parser (and include clip), serialised once per graph. */
function keyContext(ctx: Context, parser: string, clip: string, options: () => unknown): string {
  const id = `${parser}\u0000${clip}`
  let context = ctx.keyContexts.get(id)
  if (context === undefined) {
    context = FactsCache.context(parser, options())
    ctx.keyContexts.set(id, context)
  }
  return context
}

/** Parse RST text into facts, through the cache. Never throws: a parser crash gives a problem. */
function rstFacts(text: string, ctx: Context, clipKey: string): DocFacts {
  const context = keyContext(ctx, 'restructuredtext', clipKey, () => {
    const known = ctx.factsOptions.knownDirectives
    return {...ctx.parseOptions, known: known ? [...known].sort() : null, clip: clipKey}
  })
  return ctx.cache.get(context, text, () =>
    parsedOrProblem(() => extractRstFacts(parse(text, ctx.parseOptions), text, ctx.factsOptions))
  )
}

function factsFor(text: string, parser: string, path: string, ctx: Context): DocFacts | undefined {
  if (readsRst(parser)) return rstFacts(text, ctx, '')
  const extractor = extractors.get(parser)
  if (!extractor) return undefined
  const context = keyContext(ctx, parser, '', () => ctx.parseOptions)
  return ctx.cache.get(context, text, () =>
    parsedOrProblem(() => extractor(text, {path, project: ctx.project, config: ctx.config}))
  )
}

/** The facts a front end makes, or empty facts with one severe problem when it crashes. */
function parsedOrProblem(make: () => DocFacts): DocFacts {
  try {
    return make()
  } catch (error) {
    const facts = emptyFacts()
    facts.problems.push({
      level: 4,
      message: `doclint could not parse this file: ${String(error)}`,
      line: 1
    })
    return facts
  }
}

/** Link targets from rst_prolog / rst_epilog: Sphinx pastes them into every RST document. */
async function prologLinkTargets(ctx: Context): Promise<Located<LinkTarget>[]> {
  const result: Located<LinkTarget>[] = []
  for (const text of [ctx.project.rstProlog, ctx.project.rstEpilog]) {
    if (!text) continue
    const facts = rstFacts(text, ctx, 'prolog')
    for (const target of facts.linkTargets)
      result.push({...target, file: ctx.project.confPath ?? ''})
  }
  return result
}

// ------------------------------------------------------------------------------- documents

function srcRelative(treePath: string, project: SphinxProject): string {
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
const TREE_INCLUDE_FACTOR = 3

/** The include budget of one document being composed. */
interface Composition {
  left: number
}

async function readDocument(
  doc: DiscoveredDocument,
  ctx: Context,
  prologTargets: Located<LinkTarget>[]
): Promise<GraphDocument> {
  const text = (await readText(doc.path, ctx)) ?? ''
  const known = factsFor(text, doc.parser, doc.path, ctx)
  const facts = known ?? emptyFacts()
  ctx.files.set(doc.path, facts)
  const document: GraphDocument = {
    docname: doc.docname,
    path: doc.path,
    parser: doc.parser,
    facts,
    files: [doc.path],
    hasLocalToc: facts.hasLocalToc,
    metadata: {...facts.metadata},
    toctrees: [],
    xrefs: [],
    labels: [],
    terms: [],
    includes: [],
    images: [],
    downloads: [],
    linkRefs: [],
    linkTargets: readsRst(doc.parser) ? [...prologTargets] : [],
    duplicateTargets: [],
    ...(known ? {} : {factsUnknown: true})
  }
  if (facts.title) document.title = {...facts.title, file: doc.path}
  return document
}

async function composeDocument(
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
      readsRst(partParser)
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
  range: import('../diagnostic.js').Range,
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

async function settleAssets(ctx: Context): Promise<void> {
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
function confLabelsOf(
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

// ------------------------------------------------------------------------------- toctrees

const GLOB_CHARS = /[*?[]/

/**
 * The docnames a glob pattern matches, in Python's order: docnames are sorted once per graph, and
 * each pattern matched once (documents of one folder that glob `*` share the answer).
 */
function globMatches(pattern: string, docnames: ReadonlySet<string>, ctx: Context): string[] {
  ctx.sortedDocnames ??= [...docnames].sort(comparePython)
  let matches = ctx.globs.get(pattern)
  if (matches === undefined) {
    const regex = compilePattern(pattern)
    matches = ctx.sortedDocnames.filter((name) => regex.test(name))
    ctx.globs.set(pattern, matches)
  }
  return matches
}

async function resolveToctrees(
  document: GraphDocument,
  docnames: ReadonlySet<string>,
  ctx: Context,
  version: '8' | '5.3'
): Promise<ResolvedToctree[]> {
  const current = document.docname
  const resolved: ResolvedToctree[] = []
  for (const item of document.toctrees) {
    const {toctree} = item
    const entries: ResolvedEntry[] = []
    const consumed = new Map<string, ResolvedEntry['entry'] | undefined>()
    for (const [index, entry] of toctree.entries.entries()) {
      const raw = entry.raw
      if (toctree.glob && GLOB_CHARS.test(raw) && !entry.explicit && !isUrl(raw)) {
        const pattern = docnameJoin(current, raw)
        const accept = (name: string): boolean => name !== current && !consumed.has(name)
        const fromDocuments = globMatches(pattern, docnames, ctx).filter(accept)
        const matches = fromDocuments.filter((name) => !GENERATED_DOCNAMES.has(name))
        const regex = compilePattern(pattern)
        const candidates = [
          ...fromDocuments,
          ...[...GENERATED_DOCNAMES].filter((name) => accept(name) && regex.test(name))
        ]
        // only later entries of this toctree look at what it took
        if (index < toctree.entries.length - 1) {
          for (const name of candidates) consumed.set(name, undefined)
        }
        entries.push({
          entry,
          status: 'glob',
          pattern,
          matches,
          ...(matches.length === 0 && candidates.length > 0 ? {onlyGenerated: true} : {}),
          registers: matches
        })
        continue
      }
      const ref = entry.ref
      if (isUrl(ref) || ref === 'self') {
        entries.push({entry, status: 'external', registers: []})
        continue
      }
      let docname = ref
      for (const [suffix] of ctx.project.sourceSuffix) {
        if (docname.endsWith(suffix)) {
          docname = docname.slice(0, -suffix.length)
          break
        }
      }
      docname = docnameJoin(current, docname)
      if (docname === current) {
        // 5.3 registers a self entry (as a duplicate); 7.2+ drops it as nonexisting (§3.4).
        entries.push({
          entry,
          status: 'self',
          docname,
          registers: version === '5.3' ? [docname] : []
        })
        continue
      }
      if (!docnames.has(docname) && !GENERATED_DOCNAMES.has(docname)) {
        const excluded = await isExcludedDocname(docname, ctx, version)
        entries.push({entry, status: excluded ? 'excluded' : 'missing', docname, registers: []})
        continue
      }
      if (consumed.has(docname)) {
        const first = consumed.get(docname)
        entries.push({
          entry,
          status: 'duplicate',
          docname,
          ...(first ? {first} : {}),
          registers: [docname]
        })
        continue
      }
      consumed.set(docname, entry)
      entries.push({
        entry,
        status: 'ok',
        docname,
        registers: GENERATED_DOCNAMES.has(docname) ? [] : [docname]
      })
    }
    const includes = toctree.valid ? entries.flatMap((e) => e.registers) : []
    resolved.push({...item, ...keptOnly(item, document, ctx.project), entries, includes})
  }
  return resolved
}

/**
 * A toctree in an `.. only::` block whose expression holds under the configured tags whatever the
 * builder adds is unwrapped before Sphinx resolves it (OnlyNodeTransform), so it is checked like
 * any other: the graph's copy drops `inOnly` and keeps the expression in `onlyKept`. RST only:
 * the MyST front end records one level of nested `only` blocks.
 */
function keptOnly(
  item: ResolvedToctree,
  document: GraphDocument,
  project: SphinxProject
): Pick<ResolvedToctree, 'toctree' | 'onlyKept'> {
  const {toctree} = item
  const expression = toctree.inOnly
  if (expression === undefined || project.tags === undefined || !readsRst(document.parser))
    return {toctree}
  if (evalOnlyCondition(expression, new Set(project.tags)) !== true) return {toctree}
  const copy = {...toctree}
  delete copy.inOnly
  return {toctree: copy, onlyKept: expression}
}

/** Whether Sphinx calls a missing entry "excluded" (path of `doc2path`, `Matcher(exclude_patterns)`). */
async function isExcludedDocname(
  docname: string,
  ctx: Context,
  version: '8' | '5.3'
): Promise<boolean> {
  const suffixes = ctx.project.sourceSuffix.map(([suffix]) => suffix)
  let chosen = suffixes[0] ?? '.rst'
  if (version === '5.3') {
    for (const suffix of suffixes) {
      const treePath = toTreePath(ctx.project.srcdir, docname + suffix)
      if (treePath !== undefined && (await fileExists(treePath, ctx))) {
        chosen = suffix
        break
      }
    }
  }
  return isExcludedPath(ctx.project, docname + chosen)
}

/** Python's default string order (code points), which Sphinx's `sorted()` uses. */
function comparePython(a: string, b: string): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const p = a.charCodeAt(i)
    const q = b.charCodeAt(i)
    if (p === q) continue
    // UTF-16 order is code point order except where a surrogate (half of a character above
    // U+FFFF) meets a character from U+E000 to U+FFFF: the astral character is the greater.
    const pSurrogate = p >= 0xd800 && p <= 0xdfff
    if (pSurrogate === (q >= 0xd800 && q <= 0xdfff)) return p - q
    return pSurrogate ? 1 : -1
  }
  return a.length - b.length
}

// ------------------------------------------------------------------------------- labels, terms

function labelTables(documents: Map<string, GraphDocument>): {
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

function termTables(documents: Map<string, GraphDocument>): {
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

/** Whether an xref of `kind` is checked at all (`!` disables it). */
export function isLive(xref: XRef): boolean {
  return !xref.disabled
}
