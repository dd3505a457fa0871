/**
 * A tree that hides files over `limits.maxFileSize`, whatever tree they come from. The disk tree
 * refuses them before reading; patched and git trees hold their bytes already, and a patch could
 * otherwise bring in a document larger than any the disk would have been allowed to give.
 */
import type {FileTree, StampedListing} from './types.js'

/** What a tree says of a file it did not read for its size (`what`: which kind of file). */
export function tooLargeMessage(maxFileSize: number, what = 'file'): string {
  return `${what} is larger than the limit of ${maxFileSize} bytes; not read`
}

export class SizeLimitedTree implements FileTree {
  readonly label: string
  readonly #inner: FileTree
  readonly #maxFileSize: number
  readonly #problems = new Map<string, {path: string; message: string}>()

  readonly #what: string

  /** `what` names the files in the message (`build file`); default `file`. */
  constructor(inner: FileTree, maxFileSize: number, what = 'file') {
    this.#inner = inner
    this.#maxFileSize = maxFileSize
    this.#what = what
    this.label = inner.label
    // Stamps and stamped listings pass through only where the inner tree has them.
    if (inner.stamp) this.stamp = (path) => inner.stamp?.(path)
    if (inner.listStamped) this.listStamped = (dir) => inner.listStamped!(dir)
  }

  stamp?: (path: string) => string | undefined
  listStamped?: (dir?: string) => Promise<StampedListing>

  /** Files not read because of their size, in the order met. */
  get problems(): {path: string; message: string}[] {
    return [...this.#problems.values()]
  }

  async read(path: string): Promise<Uint8Array | undefined> {
    const bytes = await this.#inner.read(path)
    if (bytes === undefined || bytes.length <= this.#maxFileSize) return bytes
    this.#problems.set(path, {path, message: tooLargeMessage(this.#maxFileSize, this.#what)})
    return undefined
  }

  list(dir?: string): Promise<string[]> {
    return this.#inner.list(dir)
  }

  exists(path: string): Promise<boolean> {
    return this.#inner.exists(path)
  }

  isDir(path: string): Promise<boolean> {
    return this.#inner.isDir(path)
  }
}
