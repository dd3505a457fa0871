/** POSIX path helpers shared by every mode. */
import path from 'node:path'

/** Make a tree-relative path relative to `cwd` for display (POSIX separators). */
export function displayPath(root: string, cwd: string, file: string): string {
  const absolute = path.join(root, ...file.split('/'))
  const relative = path.relative(cwd, absolute)
  return (relative === '' ? '.' : relative).split(path.sep).join('/')
}
