/**
 * What the steps of the graph builder share while one graph is built: the tree and project,
 * the facts cache, memoised reads and existence checks, and the facts front ends.
 */
import type {DoclintConfig} from '../config/types.js'
import type {RstFactsOptions} from '../facts/rst.js'
import type {DocFacts} from '../facts/types.js'
import type {SphinxProject} from '../project/types.js'
import type {ParseOptions} from '../rst/ast.js'
import type {FileTree} from '../tree/types.js'
import type {FactsCache} from './facts-cache.js'
import type {PendingLink} from './mdlinks.js'
import type {AssetRef} from './types.js'

/** A front end for a non-RST parser (`markdown` → `extractMarkdownFacts`). */
export type FactsExtractor = (
  text: string,
  context: {path: string; project: SphinxProject; config: DoclintConfig}
) => DocFacts

const RST_PARSERS = new Set(['restructuredtext', 'rst', 'rest', 'restructuredText'])
/** Parser names that are certainly not reStructuredText (no front end: facts unknown). */
const NON_RST_PARSERS = /markdown|myst|md|ipynb|notebook|jupyter|commonmark|recommonmark/i

/**
 * Whether a `source_suffix` parser reads reStructuredText: the standard one, and custom parsers
 * that extend it (python/peps' `pep`), which Sphinx projects use far more often than other formats.
 */
export function readsRst(parser: string, extractors: ReadonlyMap<string, unknown>): boolean {
  return RST_PARSERS.has(parser) || (!extractors.has(parser) && !NON_RST_PARSERS.test(parser))
}

/** The state of one graph build. */
export interface Context {
  /** The tree, for everything but documents' own reads (notes what it reads, see buildGraph). */
  tree: FileTree
  /** The tree documents are read from for their own facts. */
  documentTree: FileTree
  /** The facts front ends of non-RST parsers, by `source_suffix` parser name. */
  extractors: Map<string, FactsExtractor>
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
  /** Each document's facts key context (see Graph.factsInputs), by tree path. */
  documentInputs: Map<string, string>
  /** Files read as text for something else than their own facts (included files). */
  rawTexts: Set<string>
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
