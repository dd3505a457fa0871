/** A base tree with in-memory changes on top (a patched tree); never touches the disk. */
import {LinkView, type RawEntries} from './links.js'
import {SYMLINK_MODE, type FileTree} from './types.js'

/** The state of one path after a change (a patch, a fix). */
export type FileChange =
  /**
   * A regular file (or symlink, mode 120000, whose bytes are the link target); `stamp`, when its
   * bytes are known to be a git blob, is the stamp a git tree gives that blob (gitStamp).
   */
  | {kind: 'file'; bytes: Uint8Array; mode?: string; stamp?: string}
  /** A file that exists but whose bytes are unknown (a binary patch without data). */
  | {kind: 'unknown'; mode?: string}
  | {kind: 'deleted'}

/** Overlays stacked before one takes a merged copy of the changes below it. */
const FLATTEN_DEPTH = 32

function isVisibleFile(change: FileChange): boolean {
  return change.kind !== 'deleted' && change.mode !== SYMLINK_MODE
}

/**
 * A tree whose files are the base's, with `changes` applied: a `file` change replaces or adds
 * bytes, `deleted` hides a base file, `unknown` is a file that exists with bytes nobody knows
 * (read gives an empty array). Symbolic links (mode 120000) resolve as the git trees resolve
 * them (see LinkView) when the base is a git tree; over another base they are neither listed nor
 * read.
 */
export class OverlayTree implements FileTree {
  readonly label: string
  readonly base: FileTree
  private listing: Promise<string[]> | undefined
  // A series stacks one overlay per patch. Copying every earlier change into each new overlay
  // made a long series quadratic; instead an overlay keeps its own changes and points to the one
  // below, and every FLATTEN_DEPTH layers one overlay takes a merged copy (amortised O(1) per
  // change, at most FLATTEN_DEPTH maps per lookup).
  readonly #own: ReadonlyMap<string, FileChange>
  readonly #below: OverlayTree | undefined
  readonly #depth: number
  #merged: ReadonlyMap<string, FileChange> | undefined
  #folded: Map<string, string[]> | undefined
  /** Links resolved over the base's entries and the changes, when there are links at all. */
  #view: Promise<LinkView | undefined> | undefined
  /** Whether #view is known to have resolved to no links (stamps are given only then). */
  #noLinks = false

  constructor(base: FileTree, changes: ReadonlyMap<string, FileChange>, label = 'patched') {
    if (base instanceof OverlayTree) {
      this.base = base.base
      if (base.#depth + 1 >= FLATTEN_DEPTH) {
        const merged = new Map(base.changes)
        for (const [path, change] of changes) merged.set(path, change)
        this.#own = merged
        this.#below = undefined
        this.#depth = 0
      } else {
        this.#own = new Map(changes)
        this.#below = base
        this.#depth = base.#depth + 1
      }
    } else {
      this.base = base
      this.#own = new Map(changes)
      this.#below = undefined
      this.#depth = 0
    }
    this.label = label
  }

  /** Every change on top of `base`, newest winning (merged once, when first asked). */
  get changes(): ReadonlyMap<string, FileChange> {
    if (this.#below === undefined) return this.#own
    if (this.#merged === undefined) {
      // from the bottom layer up, without a merged copy for each layer on the way
      const layers: ReadonlyMap<string, FileChange>[] = []
      this.#layers(layers)
      const merged = new Map(layers.pop())
      for (let k = layers.length - 1; k >= 0; k--) {
        for (const [path, change] of layers[k]!) merged.set(path, change)
      }
      this.#merged = merged
    }
    return this.#merged
  }

  /** The changes of each layer, this one first. */
  #layers(into: ReadonlyMap<string, FileChange>[]): void {
    into.push(this.#own)
    if (this.#below) this.#below.#layers(into)
  }

  /** The change at `path`, if any (newest layer first; at most FLATTEN_DEPTH of them). */
  change(path: string): FileChange | undefined {
    return this.#own.get(path) ?? this.#below?.change(path)
  }

  /**
   * The changed paths whose `fold`ed name is `name`, each with its newest change, newest layer
   * first: a case-folding lookup that does not walk every change of a long series. Each layer
   * keeps the folded names of its changes, so `fold` must be the same function on every call.
   */
  changedLike(name: string, fold: (path: string) => string): [string, FileChange][] {
    const found = new Map<string, FileChange>()
    this.#collectLike(name, fold, found)
    return [...found]
  }

  #collectLike(name: string, fold: (path: string) => string, found: Map<string, FileChange>): void {
    if (this.#folded === undefined) {
      this.#folded = new Map()
      for (const path of this.#own.keys()) {
        const key = fold(path)
        const paths = this.#folded.get(key)
        if (paths) paths.push(path)
        else this.#folded.set(key, [path])
      }
    }
    for (const path of this.#folded.get(name) ?? []) {
      if (!found.has(path)) found.set(path, this.#own.get(path)!)
    }
    if (this.#below) this.#below.#collectLike(name, fold, found)
  }

  /** Whether a path holds a file whose bytes are unknown (binary patch without data). */
  isUnknown(path: string): boolean {
    return this.change(path)?.kind === 'unknown'
  }

  /**
   * The links of the patched tree resolved as a checkout would be read (see LinkView), when the
   * base can give its entries (a git tree) and the base or the changes hold a link; otherwise
   * undefined, and files are what the base and the changes say.
   */
  #links(): Promise<LinkView | undefined> {
    this.#view ??= (async () => {
      const base = this.base as FileTree & {rawEntries?: () => Promise<RawEntries>}
      if (typeof base.rawEntries !== 'function') return undefined
      const changes = this.changes
      let linkChanged = false
      for (const change of changes.values()) {
        if (change.kind !== 'deleted' && change.mode === SYMLINK_MODE) linkChanged = true
      }
      const raw = await base.rawEntries()
      if (raw.links.size === 0 && !linkChanged) return undefined
      const files = new Set(raw.files)
      const links = new Map(raw.links)
      for (const [path, change] of changes) {
        files.delete(path)
        links.delete(path)
        if (change.kind === 'deleted') continue
        if (change.mode === SYMLINK_MODE && change.kind === 'file') {
          links.set(path, Buffer.from(change.bytes).toString('utf8'))
        } else files.add(path)
      }
      return new LinkView({files, links})
    })()
    this.#view.then(
      (view) => (this.#noLinks = view === undefined),
      () => undefined
    )
    return this.#view
  }

  /**
   * A file's stamp (see FileTree.stamp), once the tree is known to hold no links: the base's for
   * a file no change touches, a changed file's own when it is known to be a git blob (so that the
   * commit of a staged change finds it unchanged); otherwise none (a changed file is read).
   */
  stamp(path: string): string | undefined {
    if (!this.#noLinks) return undefined
    const change = this.change(path)
    if (change !== undefined) return change.kind === 'file' ? change.stamp : undefined
    return this.base.stamp?.(path)
  }

  /** Paths that read `path` through links (see FileTree.aliasesOf). */
  async aliasesOf(path: string): Promise<string[]> {
    return (await this.#links())?.aliasesOf(path) ?? []
  }

  /** Sorted files under `dir` (default: all). */
  async list(dir?: string): Promise<string[]> {
    const view = await this.#links()
    if (view !== undefined) {
      if (dir === undefined || dir === '' || dir === '.') return [...view.listing]
      const prefix = dir.endsWith('/') ? dir : `${dir}/`
      return view.listing.filter((path) => path.startsWith(prefix))
    }
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

  /** Bytes of a file: the change's, else the base's (through links inside the tree). */
  async read(path: string): Promise<Uint8Array | undefined> {
    const view = await this.#links()
    if (view !== undefined) {
      const real = view.realFile(path)
      if (real === undefined) return undefined
      const change = this.change(real)
      if (change === undefined) return this.base.read(real)
      return change.kind === 'file' ? change.bytes : new Uint8Array(0)
    }
    const change = this.change(path)
    if (change === undefined) return this.base.read(path)
    if (!isVisibleFile(change)) return undefined
    return change.kind === 'file' ? change.bytes : new Uint8Array(0)
  }

  /** The target of a symbolic link after the changes (see FileTree.readLink). */
  async readLink(path: string): Promise<Uint8Array | undefined> {
    const change = this.change(path)
    if (change === undefined) return this.base.readLink?.(path)
    return change.kind === 'file' && change.mode === SYMLINK_MODE ? change.bytes : undefined
  }

  /** Whether a file exists after the changes. */
  async exists(path: string): Promise<boolean> {
    const view = await this.#links()
    if (view !== undefined) return view.realFile(path) !== undefined
    const change = this.change(path)
    if (change === undefined) return this.base.exists(path)
    return isVisibleFile(change)
  }

  /** Whether any file is below `path` after the changes. */
  async isDir(path: string): Promise<boolean> {
    const view = await this.#links()
    if (view !== undefined) return view.isDir(path.replace(/(?<!\/)\/+$/, '').replace(/^\.$/, ''))
    const prefix = path === '' || path === '.' ? '' : path.endsWith('/') ? path : `${path}/`
    return (await this.list()).some((file) => file.startsWith(prefix))
  }
}
