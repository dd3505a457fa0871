/**
 * Reading: each file's text (memoised), parsed into facts through the cache by the front end
 * of its parser (reStructuredText here, others plugged in through `Context.extractors`).
 */
import type {DoclintConfig} from '../config/types.js'
import {extractRstFacts, type RstFactsOptions} from '../facts/rst.js'
import {emptyFacts, type DocFacts, type LinkTarget} from '../facts/types.js'
import type {DiscoveredDocument} from '../project/discover.js'
import type {SphinxProject} from '../project/types.js'
import type {ParseOptions} from '../rst/ast.js'
import {parse} from '../rst/index.js'
import {readsRst, type Context} from './context.js'
import {FactsCache} from './facts-cache.js'
import {knownDirectives} from './known-directives.js'
import {decodeText, parsedOrProblem} from './rst-context.js'
import type {GraphDocument, Located} from './types.js'

export {decodeText, RST_CONTEXT_PREFIX, rstFactsOfContext} from './rst-context.js'

export function factsOptionsOf(project: SphinxProject, config: DoclintConfig): RstFactsOptions {
  const found = knownDirectives(project, config.extensions)
  // directives the config names in rstDirectives are known: links in their bodies are checked
  const known =
    found && config.rstDirectives?.length ? new Set([...found, ...config.rstDirectives]) : found
  const version = project.sphinxVersion === '5.3' ? {sphinxVersion: '5.3' as const} : {}
  return known ? {knownDirectives: known, ...version} : version
}

export function parseOptionsOf(project: SphinxProject, config: DoclintConfig): ParseOptions {
  const options: ParseOptions = {}
  const defaultRole = config.sphinx?.defaultRole ?? project.defaultRole
  if (defaultRole !== undefined && defaultRole !== '') options.defaultRole = defaultRole
  if (config.literalDirectives?.length) options.literalDirectives = [...config.literalDirectives]
  if (config.rstDirectives?.length) options.rstDirectives = [...config.rstDirectives]
  options.maxElements = config.limits.maxElements
  options.maxBlockElements = config.limits.maxBlockElements
  return options
}

/**
 * A file's text (memoised). `own`: a document read for its own facts (from ctx.documentTree);
 * any other read goes through ctx.tree, which notes it.
 */
export function readText(path: string, ctx: Context, own = false): Promise<string | undefined> {
  let pending = ctx.texts.get(path)
  if (!pending) {
    const tree = own ? ctx.documentTree : ctx.tree
    pending = tree.read(path).then((bytes) => (bytes === undefined ? undefined : decodeText(bytes)))
    ctx.texts.set(path, pending)
  }
  return pending
}

export function fileExists(path: string, ctx: Context): Promise<boolean> {
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

/** The cache key context of RST facts (with an include clip, or '' for a whole document). */
function rstContext(ctx: Context, clipKey: string): string {
  return keyContext(ctx, 'restructuredtext', clipKey, () => {
    const known = ctx.factsOptions.knownDirectives
    return {
      ...ctx.parseOptions,
      known: known ? [...known].sort() : null,
      clip: clipKey,
      version: ctx.factsOptions.sphinxVersion ?? '8'
    }
  })
}

/** The cache key context of a whole document's facts; undefined when no front end reads it. */
function documentContext(parser: string, ctx: Context): string | undefined {
  if (readsRst(parser, ctx.extractors)) return rstContext(ctx, '')
  if (!ctx.extractors.has(parser)) return undefined
  return keyContext(ctx, parser, '', () => ctx.parseOptions)
}

/** Parse RST text into facts, through the cache. Never throws: a parser crash gives a problem. */
export function rstFacts(text: string, ctx: Context, clipKey: string): DocFacts {
  return ctx.cache.get(rstContext(ctx, clipKey), text, () =>
    parsedOrProblem(() => extractRstFacts(parse(text, ctx.parseOptions), text, ctx.factsOptions))
  )
}

export function factsFor(
  text: string,
  parser: string,
  path: string,
  ctx: Context
): DocFacts | undefined {
  if (readsRst(parser, ctx.extractors)) return rstFacts(text, ctx, '')
  const extractor = ctx.extractors.get(parser)
  const context = documentContext(parser, ctx)
  if (!extractor || context === undefined) return undefined
  return ctx.cache.get(context, text, () =>
    parsedOrProblem(() => extractor(text, {path, project: ctx.project, config: ctx.config}))
  )
}

/**
 * A document's facts found by its stamp (FileTree.stamp) in the persistent cache, without reading
 * it; on a miss the document is read (and its stamp noted with its content for the next run).
 * Undefined on a miss. The file size limit is part of the key: a file over a lowered limit is
 * never answered from facts of a run that could read it.
 */
async function factsByStamp(
  doc: DiscoveredDocument,
  context: string | undefined,
  ctx: Context
): Promise<DocFacts | undefined> {
  if (!ctx.cache.knowsStamps) return undefined
  // stamped before it is read: a change while reading shows in the next stamp
  const stamp = context === undefined ? undefined : ctx.documentTree.stamp?.(doc.path)
  if (context === undefined || stamp === undefined) return undefined
  const limited = `${ctx.config.limits.maxFileSize}\u0000${stamp}`
  const found = ctx.cache.byStamp(context, limited)
  if (found !== undefined) return found
  const text = await readText(doc.path, ctx, true)
  if (text === undefined) return undefined
  const facts = factsFor(text, doc.parser, doc.path, ctx)
  if (facts !== undefined) ctx.cache.noteStamp(context, limited, text)
  return facts
}

export async function readDocument(
  doc: DiscoveredDocument,
  ctx: Context,
  prologTargets: Located<LinkTarget>[]
): Promise<GraphDocument> {
  // the facts key context of the document's parser (undefined: no front end reads it)
  const context = documentContext(doc.parser, ctx)
  const known =
    (await factsByStamp(doc, context, ctx)) ??
    factsFor((await readText(doc.path, ctx, true)) ?? '', doc.parser, doc.path, ctx)
  if (known !== undefined && context !== undefined) ctx.documentInputs.set(doc.path, context)
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
    linkTargets: readsRst(doc.parser, ctx.extractors) ? [...prologTargets] : [],
    duplicateTargets: [],
    ...(known ? {} : {factsUnknown: true})
  }
  if (facts.title) document.title = {...facts.title, file: doc.path}
  return document
}
