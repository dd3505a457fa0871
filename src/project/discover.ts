/** Which files are documents, exactly as Sphinx decides (docs/sphinx-semantics.md §1.1, §1.3). */
import type {FileTree} from '../tree/types.js'
import {compilePattern, discoveryExcludes} from './patterns.js'
import type {SphinxProject} from './types.js'

/** One document found by discovery. */
export interface DiscoveredDocument {
  docname: string
  /** POSIX path relative to the tree root. */
  path: string
  /** The source_suffix key that made it a document. */
  suffix: string
  /** Parser name for that suffix (`restructuredtext`, `markdown`, …). */
  parser: string
}

/** Two or more files with one docname; Sphinx reads only `chosen`. */
export interface DocnameConflict {
  docname: string
  /** Tree-relative paths of every candidate, sorted. */
  paths: string[]
  /** The tree-relative path Sphinx reads. */
  chosen: string
}

/** Everything discovery learned about a source folder. */
export interface Discovery {
  /** Documents by docname, in sorted docname order. */
  documents: Map<string, DiscoveredDocument>
  conflicts: DocnameConflict[]
  /** Every file under the source folder (tree-relative, sorted), documents or not. */
  files: string[]
}

/** The tree-relative path of a path relative to the source folder. */
export function toTreePath(project: SphinxProject, srcRelative: string): string {
  return project.srcdir === '' ? srcRelative : `${project.srcdir}/${srcRelative}`
}

/** The source-relative path of a tree-relative path, or `undefined` when it is outside srcdir. */
export function toSrcPath(project: SphinxProject, treePath: string): string | undefined {
  if (project.srcdir === '') return treePath
  const prefix = `${project.srcdir}/`
  return treePath.startsWith(prefix) ? treePath.slice(prefix.length) : undefined
}

/**
 * The docname of a source-relative path: the first source_suffix (in source_suffix order) the path
 * ends with, removed; `undefined` when none matches or nothing would remain. NFC-normalised as
 * Sphinx does.
 */
export function docnameOf(project: SphinxProject, srcRelativePath: string): string | undefined {
  for (const [suffix] of project.sourceSuffix) {
    if (srcRelativePath.endsWith(suffix)) {
      // Python's `filename[:-len(suffix)]` is '' for an empty suffix: not a document.
      const docname = suffix === '' ? '' : srcRelativePath.slice(0, -suffix.length)
      return docname === '' ? undefined : docname.normalize('NFC')
    }
  }
  return undefined
}

/**
 * Sphinx's `doc2path` (source-relative): docname plus the first suffix. With `exists` (Sphinx 5.3
 * semantics) the first suffix whose file exists wins, falling back to the first suffix.
 */
export function docPath(
  project: SphinxProject,
  docname: string,
  exists?: (srcRelativePath: string) => boolean
): string {
  if (exists) {
    for (const [suffix] of project.sourceSuffix) {
      if (exists(docname + suffix)) return docname + suffix
    }
  }
  const first = project.sourceSuffix[0]?.[0] ?? '.rst'
  return docname + first
}

/** Find the documents of a project in a tree. Never throws; unreadable folders are just absent. */
export async function discoverDocuments(
  tree: FileTree,
  project: SphinxProject
): Promise<Discovery> {
  const files = await tree.list(project.srcdir === '' ? undefined : project.srcdir)
  const excludes = discoveryExcludes(project).map((glob) => compilePattern(glob))
  // An empty include list would make every project empty; nobody means that.
  const includeGlobs = project.includePatterns.length > 0 ? project.includePatterns : ['**']
  const includes = includeGlobs.map((glob) => compilePattern(glob))
  // Sphinx's default `['**']` takes every file whose name has no line feed (its `.` stops at
  // one): no pattern to test each file against
  const includeAll = includeGlobs.length === 1 && includeGlobs[0] === '**'
  const pruned = new Map<string, boolean>()
  const isPruned = (dir: string): boolean => {
    let known = pruned.get(dir)
    if (known === undefined) {
      const cut = dir.lastIndexOf('/')
      const normal = dir.normalize('NFC')
      known =
        (cut > 0 && isPruned(dir.slice(0, cut))) || excludes.some((regex) => regex.test(normal))
      pruned.set(dir, known)
    }
    return known
  }

  const candidates = new Map<string, DiscoveredDocument[]>()
  const fileSet = new Set(files)
  for (const path of files) {
    const relative = toSrcPath(project, path)
    if (relative === undefined) continue
    // The suffix first: most files of a tree are not documents, and it is the cheapest test.
    const entry = project.sourceSuffix.find(
      ([suffix]) => suffix !== '' && relative.endsWith(suffix)
    )
    if (entry === undefined) continue
    const cut = relative.lastIndexOf('/')
    // Directories are pruned by exclude patterns only (include patterns apply to files).
    if (cut > 0 && isPruned(relative.slice(0, cut))) continue
    const normal = relative.normalize('NFC')
    const included = includeAll && !normal.includes('\n')
    if (!included && !includes.some((regex) => regex.test(normal))) continue
    if (excludes.some((regex) => regex.test(normal))) continue
    const docname = docnameOf(project, relative)
    if (docname === undefined) continue
    const list = candidates.get(docname) ?? []
    list.push({docname, path, suffix: entry[0], parser: entry[1]})
    candidates.set(docname, list)
  }

  const version = project.sphinxVersion ?? '8'
  const documents = new Map<string, DiscoveredDocument>()
  const conflicts: DocnameConflict[] = []
  for (const docname of [...candidates.keys()].sort(compare)) {
    const list = candidates.get(docname) as DiscoveredDocument[]
    let chosen = list[0] as DiscoveredDocument
    if (list.length > 1) {
      if (version === '5.3') {
        // 5.3 reads doc2path(docname): the first suffix, in source_suffix order, whose file exists.
        const path = docPath(project, docname, (src) => fileSet.has(toTreePath(project, src)))
        chosen = list.find((candidate) => candidate.path === toTreePath(project, path)) ?? chosen
      }
      // 7.2+ keeps the first file discovered: the listing is sorted, so list[0].
      conflicts.push({
        docname,
        paths: list.map((item) => item.path).sort(compare),
        chosen: chosen.path
      })
    }
    documents.set(docname, chosen)
  }
  return {documents, conflicts, files}
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
