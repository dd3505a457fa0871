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

  /** @param buffers Open buffers by tree path (a snapshot: later edits make a new tree). */
  constructor(base: FileTree, buffers: ReadonlyMap<string, string>) {
    this.base = base
    this.#buffers = new Map(buffers)
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
    return text === undefined ? this.base.read(file) : encoder.encode(text)
  }

  async exists(file: string): Promise<boolean> {
    return this.#buffers.has(file) || this.base.exists(file)
  }

  async isDir(dir: string): Promise<boolean> {
    const prefix = `${dir.replace(/\/+$/, '')}/`
    return [...this.#buffers.keys()].some((file) => file.startsWith(prefix)) || this.base.isDir(dir)
  }
}
