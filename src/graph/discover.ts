/** Which files are documents (sphinx-semantics.md §1.1, §1.3), from a tree listing. */
import {compilePattern, discoveryExcludes} from '../project/patterns.js'
import type {SphinxProject} from '../project/types.js'
import type {FileTree} from '../tree/types.js'

/** One discovered document. */
export interface Discovered {
  docname: string
  /** POSIX path relative to the tree root. */
  path: string
  /** Parser name from `source_suffix`. */
  parser: string
  suffix: string
}

/** The docname of a srcdir-relative path (first matching suffix in source_suffix order). */
export function docnameOfPath(project: SphinxProject, srcRelative: string): string | undefined {
  for (const [suffix] of project.sourceSuffix) {
    if (srcRelative.endsWith(suffix)) {
      const docname = srcRelative.slice(0, -suffix.length)
      return docname === '' ? undefined : docname
    }
  }
  return undefined
}

/** Every document of the project, sorted by docname. */
export async function discoverDocuments(
  tree: FileTree,
  project: SphinxProject
): Promise<Discovered[]> {
  const prefix = project.srcdir === '' ? '' : `${project.srcdir}/`
  const files = await tree.list(project.srcdir === '' ? undefined : project.srcdir)
  const excludes = discoveryExcludes(project).map((glob) => compilePattern(glob))
  const includes = (project.includePatterns.length ? project.includePatterns : ['**']).map((glob) =>
    compilePattern(glob)
  )
  const prunedDirs = new Map<string, boolean>()
  const isPruned = (dir: string): boolean => {
    let known = prunedDirs.get(dir)
    if (known === undefined) {
      const cut = dir.lastIndexOf('/')
      known = (cut > 0 && isPruned(dir.slice(0, cut))) || excludes.some((regex) => regex.test(dir))
      prunedDirs.set(dir, known)
    }
    return known
  }
  const byDocname = new Map<string, Discovered & {rank: number}>()
  for (const path of files) {
    if (!path.startsWith(prefix)) continue
    const relative = path.slice(prefix.length)
    const cut = relative.lastIndexOf('/')
    if (cut > 0 && isPruned(relative.slice(0, cut))) continue
    if (!includes.some((regex) => regex.test(relative))) continue
    if (excludes.some((regex) => regex.test(relative))) continue
    const rank = project.sourceSuffix.findIndex(([suffix]) => relative.endsWith(suffix))
    const entry = project.sourceSuffix[rank]
    if (!entry) continue
    const docname = relative.slice(0, -entry[0].length)
    if (docname === '') continue
    const previous = byDocname.get(docname)
    // Two files, one docname: the first suffix in source_suffix order wins (5.3, §1.3).
    if (previous && previous.rank <= rank) continue
    byDocname.set(docname, {docname, path, parser: entry[1], suffix: entry[0], rank})
  }
  return [...byDocname.values()]
    .map(({rank: _rank, ...rest}) => rest)
    .sort((a, b) => (a.docname < b.docname ? -1 : a.docname > b.docname ? 1 : 0))
}
