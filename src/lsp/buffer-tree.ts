/**
 * The editor's view of a tree: the disk, with the open buffers' unsaved text on top, as patch
 * mode overlays a patch on a base. Never writes.
 */
import type {FileTree} from '../tree/types.js'

const encoder = new TextEncoder()

/** A tree whose files are `base`'s, except the open buffers, which win. */
export class BufferTree implements FileTree {
  readonly label = 'editor buffers'
  readonly base: FileTree
  readonly #buffers: ReadonlyMap<string, string>

  readonly #reads: StampedReads | undefined

  /**
   * @param buffers Open buffers by tree path (a snapshot: later edits make a new tree).
   * @param reads A cache of the base's files by stamp, kept between trees.
   */
  constructor(base: FileTree, buffers: ReadonlyMap<string, string>, reads?: StampedReads) {
    this.base = base
    this.#buffers = new Map(buffers)
    this.#reads = reads
  }

  async list(dir?: string): Promise<string[]> {
    const files = await this.base.list(dir)
    const prefix = dir === undefined || dir === '' ? '' : `${dir.replace(/\/+$/, '')}/`
    const added = [...this.#buffers.keys()].filter(
      (file) => file.startsWith(prefix) && !files.includes(file)
    )
    if (added.length === 0) return files
    return [...files, ...added].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  }

  async read(file: string): Promise<Uint8Array | undefined> {
    const text = this.#buffers.get(file)
    if (text !== undefined) return encoder.encode(text)
    return this.#reads ? this.#reads.read(this.base, file) : this.base.read(file)
  }

  async exists(file: string): Promise<boolean> {
    return this.#buffers.has(file) || this.base.exists(file)
  }

  async isDir(dir: string): Promise<boolean> {
    const prefix = `${dir.replace(/\/+$/, '')}/`
    return [...this.#buffers.keys()].some((file) => file.startsWith(prefix)) || this.base.isDir(dir)
  }
}

/**
 * The disk, read through a cache that lives as long as the server: a file is read again only
 * when its stamp (device, inode, size, times) changed or cannot be trusted yet. Without it every
 * check would open every document of the tree again (3,000 opens a keystroke).
 */
export class StampedReads {
  readonly #bytes = new Map<string, {stamp: string; bytes: Uint8Array | undefined}>()

  /** `tree.read(file)`, from the cache when `tree.stamp(file)` is what it was. */
  async read(tree: FileTree, file: string): Promise<Uint8Array | undefined> {
    const stamp = tree.stamp?.(file)
    const known = this.#bytes.get(file)
    if (stamp !== undefined && known?.stamp === stamp) return known.bytes
    const bytes = await tree.read(file)
    if (stamp !== undefined) this.#bytes.set(file, {stamp, bytes})
    else this.#bytes.delete(file)
    return bytes
  }

  forget(file?: string): void {
    if (file === undefined) this.#bytes.clear()
    else this.#bytes.delete(file)
  }
}
