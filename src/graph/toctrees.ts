/**
 * Toctrees: each entry resolved as Sphinx's `TocTree` directive and `note_toctree` do (§3):
 * globs in Python's order, self, duplicate, missing and excluded entries, `only` blocks that
 * hold for every builder.
 */
import {compilePattern, isExcludedPath} from '../project/patterns.js'
import {evalOnlyCondition} from '../project/tags.js'
import type {SphinxProject} from '../project/types.js'
import {readsRst, type Context} from './context.js'
import {GENERATED_DOCNAMES} from './generated.js'
import {docnameJoin, isUrl, toTreePath} from './paths.js'
import {fileExists} from './reading.js'
import type {GraphDocument, ResolvedEntry, ResolvedToctree} from './types.js'

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

export async function resolveToctrees(
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
    resolved.push({
      ...item,
      ...keptOnly(item, document, ctx.project, ctx.extractors),
      entries,
      includes
    })
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
  project: SphinxProject,
  extractors: ReadonlyMap<string, unknown>
): Pick<ResolvedToctree, 'toctree' | 'onlyKept'> {
  const {toctree} = item
  const expression = toctree.inOnly
  if (
    expression === undefined ||
    project.tags === undefined ||
    !readsRst(document.parser, extractors)
  )
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
export function comparePython(a: string, b: string): number {
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
