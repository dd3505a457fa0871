/** Path helpers shared by every mode. */
import path from 'node:path'

/** Make a tree-relative path relative to `cwd` for display (POSIX separators). */
export function displayPath(root: string, cwd: string, file: string): string {
  const absolute = path.join(root, ...file.split('/'))
  const relative = path.relative(cwd, absolute)
  return (relative === '' ? '.' : relative).split(path.sep).join('/')
}

/**
 * Whether the absolute path `candidate` is `root` or below it, by path segments (a folder named
 * `..x` is inside; `/a/bc` is not inside `/a/b`).
 */
export function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate)
  return (
    relative === '' ||
    (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative))
  )
}
