/** An in-memory FileTree: fixtures, tests and patched overlays that never touch the disk. */
import type {FileTree} from './types.js'

const encoder = new TextEncoder()

/** Whether a tree-relative path is acceptable: no `..` or `.`, not absolute, no NUL, no empty segment. */
export function isSafeRelativePath(path: string): boolean {
  if (path === '' || path.includes('\0') || path.startsWith('/')) return false
  // On Windows a backslash or a drive letter would let a path leave the tree.
  if (process.platform === 'win32' && (path.includes('\\') || /^[A-Za-z]:/.test(path))) return false
  return path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..')
}

/** Strip `./` and trailing slashes from a folder argument; `undefined` for an unsafe one. */
export function normalizeDir(dir: string | undefined): string | undefined {
  if (dir === undefined) return ''
  let clean = dir
  while (clean.startsWith('./')) clean = clean.slice(2)
  clean = clean.replace(/(?<!\/)\/+$/, '')
  if (clean === '' || clean === '.') return ''
  return isSafeRelativePath(clean) ? clean : undefined
}

/** A FileTree over a `{path: content}` record; strings are stored as UTF-8. */
export class MemoryTree implements FileTree {
  readonly label: string
  readonly #files = new Map<string, Uint8Array>()
  readonly #sorted: string[]

  constructor(files: Record<string, string | Uint8Array>, label = 'memory') {
    this.label = label
    for (const [rawPath, content] of Object.entries(files)) {
      const path = rawPath.replace(/^(\.\/)+/, '')
      // A fixture with a bad key is a programming error, but the tree must stay safe anyway.
      if (!isSafeRelativePath(path)) continue
      this.#files.set(path, typeof content === 'string' ? encoder.encode(content) : content)
    }
    this.#sorted = [...this.#files.keys()].sort(compareStrings)
  }

  /** All files under `dir` (default: everything), sorted, relative to the root. */
  async list(dir?: string): Promise<string[]> {
    const clean = normalizeDir(dir)
    if (clean === undefined) return []
    if (clean === '') return [...this.#sorted]
    const prefix = `${clean}/`
    return this.#sorted.filter((path) => path.startsWith(prefix))
  }

  /** The bytes of a file, or `undefined`. */
  async read(path: string): Promise<Uint8Array | undefined> {
    if (!isSafeRelativePath(path)) return undefined
    return this.#files.get(path)
  }

  /** Whether the file exists. */
  async exists(path: string): Promise<boolean> {
    return isSafeRelativePath(path) && this.#files.has(path)
  }

  /** Whether some file lives below `path`. */
  async isDir(path: string): Promise<boolean> {
    const clean = normalizeDir(path)
    if (clean === undefined) return false
    if (clean === '') return this.#sorted.length > 0
    const prefix = `${clean}/`
    return this.#sorted.some((file) => file.startsWith(prefix))
  }
}

/** Code-unit order, the order every listing uses. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
