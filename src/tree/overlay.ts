/** A base tree with in-memory changes on top (a patched tree); never touches the disk. */
import type {FileChange} from '../patch/apply.js'
import type {FileTree} from './types.js'

const SYMLINK_MODE = '120000'

function isVisibleFile(change: FileChange): boolean {
  return change.kind !== 'deleted' && change.mode !== SYMLINK_MODE
}

/**
 * A tree whose files are the base's, with `changes` applied: a `file` change replaces or adds
 * bytes, `deleted` hides a base file, `unknown` is a file that exists with bytes nobody knows
 * (read gives an empty array). Symlinks (mode 120000) are neither listed nor read, like the
 * git trees.
 */
export class OverlayTree implements FileTree {
  readonly label: string
  readonly base: FileTree
  readonly changes: ReadonlyMap<string, FileChange>
  private listing: Promise<string[]> | undefined

  constructor(base: FileTree, changes: ReadonlyMap<string, FileChange>, label = 'patched') {
    // Stacking overlays would make every read walk the whole series: merge into one instead.
    if (base instanceof OverlayTree) {
      const merged = new Map(base.changes)
      for (const [path, change] of changes) merged.set(path, change)
      this.base = base.base
      this.changes = merged
    } else {
      this.base = base
      this.changes = new Map(changes)
    }
    this.label = label
  }

  /** Whether a path holds a file whose bytes are unknown (binary patch without data). */
  isUnknown(path: string): boolean {
    return this.changes.get(path)?.kind === 'unknown'
  }

  /** Sorted files under `dir` (default: all). */
  async list(dir?: string): Promise<string[]> {
    this.listing ??= this.computeListing()
    const all = await this.listing
    if (dir === undefined || dir === '' || dir === '.') return [...all]
    const prefix = dir.endsWith('/') ? dir : `${dir}/`
    return all.filter((path) => path.startsWith(prefix))
  }

  private async computeListing(): Promise<string[]> {
    const files = new Set(await this.base.list())
    for (const [path, change] of this.changes) {
      if (isVisibleFile(change)) files.add(path)
      else files.delete(path)
    }
    return [...files].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  }

  /** Bytes of a file: the change's, else the base's. */
  async read(path: string): Promise<Uint8Array | undefined> {
    const change = this.changes.get(path)
    if (change === undefined) return this.base.read(path)
    if (!isVisibleFile(change)) return undefined
    return change.kind === 'file' ? change.bytes : new Uint8Array(0)
  }

  /** Whether a file exists after the changes. */
  async exists(path: string): Promise<boolean> {
    const change = this.changes.get(path)
    if (change === undefined) return this.base.exists(path)
    return isVisibleFile(change)
  }

  /** Whether any file is below `path` after the changes. */
  async isDir(path: string): Promise<boolean> {
    const prefix = path === '' || path === '.' ? '' : path.endsWith('/') ? path : `${path}/`
    return (await this.list()).some((file) => file.startsWith(prefix))
  }
}
