/**
 * Symbolic links of a tree held in memory (a git revision, a patched overlay), resolved as a
 * checkout of it on disk would be read by DiskTree: a link is content of the tree, never followed
 * out of it; a link to a file inside lists as a file with that file's bytes, a link to a folder
 * inside lists that folder's files below the link's name (once per target, never back into a
 * folder it sits in), and a broken, looping or escaping link lists nothing.
 */

/** What a tree stores: regular files and links (path → target as stored). */
export interface RawEntries {
  files: Iterable<string>
  links: ReadonlyMap<string, string>
}

/** How deep links may chain (Linux's limit for one path lookup). */
const MAX_HOPS = 40

type Kind = 'file' | 'dir'

/** Where a path leads: a real file or folder inside the tree, or nowhere. */
type Resolved = {kind: Kind; real: string} | {kind: 'none'}

/** The listing and lookups of a tree with its links resolved. */
export class LinkView {
  /** Every path a disk walk lists (sorted), each with the real file it reads. */
  readonly listing: string[]
  readonly #real = new Map<string, string>()
  /** Real folders: path → its entries by name. */
  readonly #children = new Map<string, Map<string, Kind | 'link'>>()
  readonly #links: ReadonlyMap<string, string>
  /** Folders the listing shows (for isDir). */
  readonly #shownDirs = new Set<string>()

  constructor(raw: RawEntries) {
    this.#links = raw.links
    this.#children.set('', new Map())
    const add = (path: string, kind: Kind | 'link'): void => {
      let dir = ''
      let start = 0
      for (let slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', start)) {
        const name = path.slice(start, slash)
        const sub = dir === '' ? name : `${dir}/${name}`
        this.#children.get(dir)?.set(name, 'dir')
        if (!this.#children.has(sub)) this.#children.set(sub, new Map())
        dir = sub
        start = slash + 1
      }
      this.#children.get(dir)?.set(path.slice(start), kind)
    }
    for (const file of raw.files) add(file, 'file')
    for (const link of raw.links.keys()) add(link, 'link')
    const out: string[] = []
    this.#walk('', '', out, new Set())
    this.listing = out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    for (const file of this.listing) {
      for (let slash = file.indexOf('/'); slash >= 0; slash = file.indexOf('/', slash + 1)) {
        this.#shownDirs.add(file.slice(0, slash))
      }
    }
  }

  /** Listed paths that read another real file (through a link), by that file. */
  #aliases: Map<string, string[]> | undefined

  /** The listed paths other than `real` itself that read the file `real` through links. */
  aliasesOf(real: string): string[] {
    if (this.#aliases === undefined) {
      this.#aliases = new Map()
      for (const [listed, file] of this.#real) {
        if (listed === file) continue
        const paths = this.#aliases.get(file)
        if (paths) paths.push(listed)
        else this.#aliases.set(file, [listed])
      }
    }
    return this.#aliases.get(real) ?? []
  }

  /** The real file a path reads (through links inside the tree), or undefined. */
  realFile(path: string): string | undefined {
    const listed = this.#real.get(path)
    if (listed !== undefined) return listed
    const resolved = this.#resolve(path)
    return resolved.kind === 'file' ? resolved.real : undefined
  }

  /** Whether a folder is there (the root when `path` is ''). */
  isDir(path: string): boolean {
    if (path === '') return this.listing.length > 0
    return this.#shownDirs.has(path) || this.#resolve(path).kind === 'dir'
  }

  #walk(realDir: string, relDir: string, out: string[], followed: Set<string>): void {
    const entries = this.#children.get(realDir)
    if (entries === undefined) return
    // name order, as DiskTree walks: which of two links to one folder is followed depends on it
    const names = [...entries.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    for (const name of names) {
      if (name === '.git' || name === 'node_modules') continue
      const kind = entries.get(name)
      const rel = relDir === '' ? name : `${relDir}/${name}`
      const real = realDir === '' ? name : `${realDir}/${name}`
      if (kind === 'dir') this.#walk(real, rel, out, followed)
      else if (kind === 'file') {
        out.push(rel)
        this.#real.set(rel, real)
      } else {
        const target = this.#resolve(real)
        if (target.kind === 'file') {
          out.push(rel)
          this.#real.set(rel, target.real)
        } else if (target.kind === 'dir') {
          // a folder we are inside would loop; each target is followed once
          const inside =
            target.real === '' || realDir === target.real || realDir.startsWith(`${target.real}/`)
          if (inside || followed.has(target.real)) continue
          followed.add(target.real)
          this.#walk(target.real, rel, out, followed)
        }
      }
    }
  }

  /** Resolve a path component by component, through links, as realpath(3) does. */
  #resolve(path: string): Resolved {
    const resolved: string[] = []
    const pending = path.split('/').reverse()
    let hops = 0
    let kind: Kind = 'dir'
    while (pending.length > 0) {
      const name = pending.pop() as string
      if (name === '' || name === '.') continue
      if (kind === 'file') return {kind: 'none'}
      if (name === '..') {
        // above the root is outside the tree
        if (resolved.length === 0) return {kind: 'none'}
        resolved.pop()
        kind = 'dir'
        continue
      }
      const dir = resolved.join('/')
      const entry = this.#children.get(dir)?.get(name)
      if (entry === undefined) return {kind: 'none'}
      if (entry === 'link') {
        if (++hops > MAX_HOPS) return {kind: 'none'}
        const target = this.#links.get(dir === '' ? name : `${dir}/${name}`) ?? ''
        // an absolute target leaves the tree; an empty one is broken
        if (target === '' || target.startsWith('/') || target.includes('\0')) return {kind: 'none'}
        for (const part of target.split('/').reverse()) pending.push(part)
        continue
      }
      resolved.push(name)
      kind = entry
    }
    return {kind, real: resolved.join('/')}
  }
}
