/**
 * Sphinx's path arithmetic: `docname_join`, `relfn2path`, POSIX `normpath`
 * (docs/sphinx-semantics.md §2, §5.1).
 */

/** Python's `posixpath.normpath` (keeps exactly two leading slashes, drops trailing ones). */
export function normpath(path: string): string {
  if (path === '') return '.'
  let initial = 0
  if (path.startsWith('/')) initial = path.startsWith('//') && !path.startsWith('///') ? 2 : 1
  const parts: string[] = []
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue
    if (
      part !== '..' ||
      (initial === 0 && parts.length === 0) ||
      parts[parts.length - 1] === '..'
    ) {
      parts.push(part)
    } else if (parts.length > 0) {
      parts.pop()
    }
  }
  const joined = '/'.repeat(initial) + parts.join('/')
  return joined === '' ? '.' : joined
}

/** Python's `posixpath.dirname`. */
export function dirname(path: string): string {
  const cut = path.lastIndexOf('/') + 1
  let head = path.slice(0, cut)
  if (head !== '' && head !== '/'.repeat(head.length)) head = head.replace(/(?<!\/)\/+$/, '')
  return head
}

/** Python's `posixpath.join` for two parts. */
export function join(a: string, b: string): string {
  if (b.startsWith('/')) return b
  if (a === '' || a.endsWith('/')) return a + b
  return `${a}/${b}`
}

/** Sphinx `docname_join`: a target relative to the current document's folder; `/` = the root. */
export function docnameJoin(base: string, target: string): string {
  return normpath(join(join(`/${base}`, '..'), target)).slice(1)
}

/** Where `relfn2path` puts a path written in `docname` (which lives at `docPath`, srcdir-relative). */
export function relfn2path(target: string, docPath: string): string {
  const relative = target.startsWith('/') ? target.slice(1) : join(dirname(docPath), target)
  return normpath(relative)
}

/**
 * A srcdir-relative path as a tree path, or `undefined` when it leaves the tree (absolute, or
 * too many `..`).
 */
export function toTreePath(srcdir: string, srcRelative: string): string | undefined {
  if (srcRelative.startsWith('/')) return undefined
  const joined = normpath(srcdir === '' ? srcRelative : `${srcdir}/${srcRelative}`)
  if (joined === '.' || joined === '..' || joined.startsWith('../') || joined.startsWith('/')) {
    return undefined
  }
  return joined
}

/** Sphinx's `url_re` (`.+://.*`, matched at the start). */
export function isUrl(text: string): boolean {
  return /^.+:\/\//s.test(text)
}
