/**
 * A tree that notes which files were asked about for their content (read, stamped, or read as a
 * link), passing everything through. The engine gives it to everything that reads files besides
 * the documents' own facts (build files, conf.py, extensions, inventories, included files), so it
 * knows which documents affect findings only through their facts.
 */
import type {FileTree, StampedListing} from './types.js'

export class ReadsLogTree implements FileTree {
  readonly label: string
  readonly #inner: FileTree
  /** Paths whose content (bytes, stamp or link target) was asked for. */
  readonly #paths: Set<string>

  constructor(inner: FileTree, paths: Set<string>) {
    this.#inner = inner
    this.#paths = paths
    this.label = inner.label
    // optional methods pass through only where the inner tree has them (a stamp is a promise)
    if (inner.stamp) {
      this.stamp = (path) => {
        paths.add(path)
        return inner.stamp?.(path)
      }
    }
    if (inner.readLink) {
      this.readLink = (path) => {
        paths.add(path)
        return inner.readLink!(path)
      }
    }
    if (inner.aliasesOf) this.aliasesOf = (path) => inner.aliasesOf!(path)
    if (inner.listStamped) this.listStamped = (dir) => inner.listStamped!(dir)
  }

  stamp?: (path: string) => string | undefined
  readLink?: (path: string) => Promise<Uint8Array | undefined>
  aliasesOf?: (path: string) => Promise<string[]>
  listStamped?: (dir?: string) => Promise<StampedListing>

  read(path: string): Promise<Uint8Array | undefined> {
    this.#paths.add(path)
    return this.#inner.read(path)
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
