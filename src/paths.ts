/** Path helpers shared by every mode. */
import path from 'node:path'

const shown = new Map<string, string>()

/** Make a tree-relative path relative to `cwd` for display (POSIX separators). */
export function displayPath(root: string, cwd: string, file: string): string {
  // Reporters ask once per finding, and findings crowd into few files.
  const key = `${root}\0${cwd}\0${file}`
  let display = shown.get(key)
  if (display === undefined) {
    const relative = path.relative(cwd, path.join(root, ...file.split('/')))
    display = (relative === '' ? '.' : relative).split(path.sep).join('/')
    if (shown.size >= 10_000) shown.clear()
    shown.set(key, display)
  }
  return display
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
