/**
 * Build the project graph: discover documents, read their facts (cached), expand includes as
 * Sphinx does, resolve toctrees, labels, terms and asset paths, and load the intersphinx
 * inventories. Rules only read the result. The steps live beside this file: reading.ts (text
 * to facts), composition.ts (includes, paths), toctrees.ts, labels.ts.
 */
import type {DoclintConfig} from '../config/types.js'
import type {InventoryCache} from '../intersphinx/cache.js'
import {loadInventories} from '../intersphinx/load.js'
import {readIntersphinxSettings} from '../intersphinx/mapping.js'
import type {ManifestSet} from '../manifests/types.js'
import {discoverDocuments} from '../project/discover.js'
import type {SphinxProject} from '../project/types.js'
import type {FileTree} from '../tree/types.js'
import {
  confLabelsOf,
  composeDocument,
  settleAssets,
  srcRelative,
  TREE_INCLUDE_FACTOR
} from './composition.js'
import {readsRst, type Context, type FactsExtractor} from './context.js'
import {modelExtensions} from './extensions.js'
import {FactsCache} from './facts-cache.js'
import {ReadsLogTree} from '../tree/reads-log.js'
import {GENERATED_DOCNAMES} from './generated.js'
import {labelTables, sectionLabelsOf, termTables} from './labels.js'
import {resolveMdLinks} from './mdlinks.js'
import {factsOptionsOf, parseOptionsOf, readDocument, rstFacts} from './reading.js'
import {attachPrologLinks, prologParts} from './prolog.js'
import {SUGGESTION_BUDGET, suggester, type SuggestionBudget} from './suggest.js'
import {resolveToctrees} from './toctrees.js'
import type {Graph, GraphDocument} from './types.js'

export {GENERATED_DOCNAMES} from './generated.js'
export type {FactsExtractor} from './context.js'

/**
 * The Markdown front end pulls in micromark and yaml: load it only when a tree has a Markdown
 * document, so RST-only runs never pay for it. Registered under the parser name myst-parser
 * gives `.md`.
 */
async function loadMarkdownFrontEnd(extractors: Map<string, FactsExtractor>): Promise<void> {
  if (extractors.has('markdown')) return
  const {extractMarkdownFacts} = await import('../facts/markdown.js')
  extractors.set('markdown', (text, {project}) => extractMarkdownFacts(text, {project}))
}

/** What buildGraph needs. */
export interface BuildInput {
  tree: FileTree
  project: SphinxProject
  config: DoclintConfig
  cache?: FactsCache
  manifests?: ManifestSet
  /** Where fetched intersphinx inventories are kept (none: nothing is cached on disk). */
  inventoryCache?: InventoryCache
  /** Never fetch an inventory (`--offline`). */
  offline?: boolean
  /**
   * Facts front ends of non-RST parsers, by parser name; the Markdown one is added when a tree
   * has Markdown. Pass the same map to several builds to load each front end once.
   */
  extractors?: Map<string, FactsExtractor>
  /**
   * Noted here: every file whose content anything but a document's own facts asked for (see
   * Graph.factsInputs). Documents are then read through `tree` itself, everything else through a
   * tree that notes what it reads.
   */
  otherReads?: Set<string>
}

/** Build the graph of one Sphinx project in one tree. */
export async function buildGraph(input: BuildInput): Promise<Graph> {
  const {tree, project, config} = input
  // documents' own reads go to `tree`; every other read is noted (when asked to note them)
  const others = input.otherReads ? new ReadsLogTree(input.tree, input.otherReads) : input.tree
  const ctx: Context = {
    extractors: input.extractors ?? new Map(),
    tree: others,
    documentTree: tree,
    project,
    config,
    cache: input.cache ?? new FactsCache(),
    parseOptions: parseOptionsOf(project, config),
    factsOptions: factsOptionsOf(project, config),
    keyContexts: new Map(),
    files: new Map(),
    exists: new Map(),
    texts: new Map(),
    documentInputs: new Map(),
    rawTexts: new Set(),
    includeBudget: TREE_INCLUDE_FACTOR * config.limits.maxIncludedElements,
    globs: new Map(),
    pendingAssets: [],
    pendingLinks: new Map()
  }
  const discovery = await discoverDocuments(others, project)
  const myst = project.extensions.some((name) => name === 'myst_parser' || name === 'myst_nb')
  if (
    myst ||
    [...discovery.documents.values()].some((document) => document.parser === 'markdown')
  ) {
    await loadMarkdownFrontEnd(ctx.extractors)
  }
  const discovered = [...discovery.documents.values()]
  const docnames = new Set(discovery.documents.keys())
  const sphinxVersion = config.sphinx?.version === '5.3' ? '5.3' : '8'

  const extensions = await modelExtensions(others, project, config)
  const intersphinx = extensions.enabled.includes('sphinx.ext.intersphinx')
    ? await loadInventories(readIntersphinxSettings(project), {
        tree: others,
        srcdir: project.srcdir,
        offline: input.offline === true || config.intersphinx?.offline === true,
        ...(input.inventoryCache ? {cache: input.inventoryCache} : {})
      })
    : undefined
  const prolog = prologParts(ctx.project, (text) => rstFacts(text, ctx, 'prolog'))
  const documents = new Map<string, GraphDocument>()
  const included = new Set<string>()
  // Documents are read and parsed concurrently, then composed (includes expanded) one after the
  // other in discovery order, so that the tree's include budget is spent the same way every run.
  const read = await Promise.all(discovered.map((doc) => readDocument(doc, ctx, prolog.targets)))
  attachPrologLinks(read, prolog.xrefs, (parser) => readsRst(parser, ctx.extractors))
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
    ...(intersphinx ? {intersphinx} : {}),
    mystInvLinks: sphinxVersion === '8',
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
    ...(intersphinx ? {intersphinx} : {}),
    extensions,
    ...sectionLabelsOf(project, documents, extensions.enabled),
    generated: GENERATED_DOCNAMES,
    ...confLabelsOf(project, documents),
    included,
    labels,
    anonLabels,
    labelDuplicates,
    terms,
    termsLower,
    files: ctx.files,
    factsInputs: {documents: ctx.documentInputs, rawTexts: ctx.rawTexts},
    sourceFiles: discovery.files,
    docnameConflicts: discovery.conflicts,
    suggestionBudget,
    closestDocuments: suggester(() => docnames, suggestionBudget),
    closestLabels: suggester(() => anonLabels.keys(), suggestionBudget),
    closestTerms: suggester(() => terms.keys(), suggestionBudget)
  }
}
