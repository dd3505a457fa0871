/** A FileTree over a folder on disk that never leaves that folder. */
import {
  closeSync,
  constants as fsConstants,
  fstatSync,
  lstatSync,
  openSync,
  readdirSync,
  readlinkSync,
  realpathSync,
  statSync,
  type Dirent,
  type Stats
} from 'node:fs'
import path from 'node:path'
import {decodeName, fsPath, realpathName} from '../fs/names.js'
import {describeFsError, isMissing, readOpenFile} from '../fs/read.js'
import {isInside} from '../paths.js'
import {compareStrings, isSafeRelativePath, normalizeDir} from './memory.js'
import {tooLargeMessage} from './limited.js'
import type {FileTree, StampedListing} from './types.js'

/** Something the tree could not list or read; reported, never thrown. */
export interface TreeProblem {
  /** POSIX path relative to the root ('.' for the root itself). */
  path: string
  message: string
}

/** Options of a DiskTree. */
export interface DiskTreeOptions {
  label?: string
  /** Files bigger than this many bytes are not read (recorded as a problem). */
  maxFileSize?: number
  /** How long ago a file must have changed for its stamp to be trusted (default 3 s). */
  settledMs?: number
}

/**
 * How old (by its change time) a file or folder must be for its stamp to be trusted. A change
 * made within the same tick of the file system's clock as the one a stamp saw would leave the same
 * times behind; ticks are at most 2 s (FAT), so a change this long before we look is safe (git's
 * "racily clean" rule, with a margin instead of the index file's own time).
 */
const SETTLED_MS = 3000

/** Folders that are never documentation and can be huge. */
const SKIPPED = new Set(['.git', 'node_modules'])

/**
 * A FileTree rooted at an absolute folder. Listing walks the folder itself rather than using
 * fast-glob: fast-glob either aborts on the first unreadable folder or hides it, and it follows
 * symbolic links out of the tree; here every unreadable entry becomes a `problem` and a link is
 * followed only when its target stays inside the root.
 *
 * The interface is asynchronous (git and patched trees need it) but the work is synchronous: a
 * documentation tree is a few thousand small local files, and one system call on the main thread
 * costs microseconds where a round trip through libuv's thread pool costs far more (measured on
 * Open vSwitch: a third of a run was spent idle waiting for the pool). One file is open at a time.
 */
export class DiskTree implements FileTree {
  readonly label: string
  /** Absolute root folder, as given. */
  readonly root: string
  readonly #maxFileSize: number
  readonly #settledMs: number
  readonly #problems = new Map<string, TreeProblem>()
  /** Problems met, counting repeats (a listing that meets one is not stamped). */
  #met = 0
  #realRoot: string | null | undefined
  /**
   * Real paths of relative paths, resolved or met by a walk through real folders only
   * (undefined: missing or outside). A tree is read as it is at one moment: a path resolves once,
   * and a folder is listed once.
   */
  readonly #resolved = new Map<string, string | undefined>()
  /** Listings made so far, by the folder asked for. */
  readonly #listings = new Map<string, string[]>()
  /** What resolving a path (not through a link) found there, for its stamp. */
  readonly #lstats = new Map<string, Stats>()

  constructor(root: string, options: DiskTreeOptions = {}) {
    this.root = path.resolve(root)
    this.label = options.label ?? 'working tree'
    this.#maxFileSize = options.maxFileSize ?? Number.POSITIVE_INFINITY
    this.#settledMs = options.settledMs ?? SETTLED_MS
  }

  /** What could not be listed or read so far, in the order found. */
  get problems(): TreeProblem[] {
    return [...this.#problems.values()]
  }

  #problem(relative: string, message: string): void {
    this.#met++
    const key = `${relative}\0${message}`
    if (!this.#problems.has(key)) this.#problems.set(key, {path: relative || '.', message})
  }

  #getRealRoot(): string | undefined {
    if (this.#realRoot === undefined) {
      try {
        this.#realRoot = realpathSync.native(this.root)
      } catch (error) {
        this.#problem('.', `cannot open the tree root: ${describeFsError(error)}`)
        this.#realRoot = null
      }
    }
    return this.#realRoot ?? undefined
  }

  /**
   * All files under `dir` (default: the whole tree), sorted, POSIX, relative to the root. Each
   * folder is walked once per tree (a patch series lists its base once per patched tree).
   */
  list(dir?: string): Promise<string[]> {
    const key = dir ?? ''
    let files = this.#listings.get(key)
    if (files === undefined) {
      files = this.#list(dir)
      this.#listings.set(key, files)
    }
    return Promise.resolve(files.slice())
  }

  /** `list` with the stamp of every folder it read (see FileTree.listStamped). */
  listStamped(dir?: string): Promise<StampedListing> {
    const met = this.#met
    const folders: [string, string][] = []
    const files = this.#list(dir, folders)
    // nothing walked (no such folder): the listing depends on more than the folders' stamps
    const stamped =
      this.#met === met && folders.length > 0 && !folders.some(([, stamp]) => stamp === '')
    return Promise.resolve({files, folders: stamped ? folders : undefined})
  }

  /** A stamp of a file or folder: device, inode, mode, size, modification and change time. */
  stamp(relative: string): string | undefined {
    // normalizeDir answers undefined for an unsafe path (isSafeRelativePath)
    const clean = normalizeDir(relative)
    if (clean === undefined) return undefined
    const real = this.#real(clean)
    if (real === undefined) return undefined
    const stats = this.#lstats.get(clean)
    return stampOf(stats ?? statOrUndefined(real), this.#settledMs)
  }

  #list(dir?: string, folders?: [string, string][]): string[] {
    const clean = normalizeDir(dir)
    const realRoot = this.#getRealRoot()
    if (clean === undefined || realRoot === undefined) return []
    const start = this.#resolveInside(realRoot, clean)
    if (start === undefined) return []
    try {
      if (!statSync(fsPath(start)).isDirectory()) return []
    } catch {
      return []
    }
    const out: string[] = []
    const direct = start === path.join(realRoot, clean)
    this.#walk(realRoot, start, clean, out, new Set(), direct, folders)
    return out.sort(compareStrings)
  }

  #walk(
    realRoot: string,
    realDir: string,
    relDir: string,
    out: string[],
    followed: Set<string>,
    direct: boolean,
    folders: [string, string][] | undefined
  ): void {
    // stamped before it is read: a change while reading it shows in the next stamp
    if (folders) folders.push([relDir, stampOf(statOrUndefined(realDir), this.#settledMs) ?? ''])
    let entries: Dirent<Buffer>[]
    try {
      // as bytes: a name that is not UTF-8 is kept (fs/names.ts), not turned into U+FFFD
      entries = readdirSync(fsPath(realDir), {withFileTypes: true, encoding: 'buffer'})
    } catch (error) {
      this.#problem(relDir, `cannot list folder: ${describeFsError(error)}`)
      return
    }
    // One entry at a time, in name order: which of two links to the same folder is followed
    // must not depend on which system call returns first.
    const named = entries.map((entry) => ({entry, name: decodeName(entry.name)}))
    named.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    for (const {entry, name} of named) {
      if (SKIPPED.has(name)) continue
      const rel = relDir === '' ? name : `${relDir}/${name}`
      // realDir is a real path and a listed name holds no separator: nothing for join to clean
      const abs = realDir.endsWith(path.sep) ? realDir + name : realDir + path.sep + name
      if (entry.isDirectory()) {
        this.#walk(realRoot, abs, rel, out, followed, direct, folders)
      } else if (entry.isFile()) {
        out.push(rel)
        // no link on the way: the real path is known, read() need not resolve it again
        if (direct) this.#resolved.set(rel, abs)
      } else if (entry.isSymbolicLink()) {
        this.#followLink(realRoot, realDir, abs, rel, out, followed, folders)
      }
      // Sockets, FIFOs and devices are not files a documentation tool reads.
    }
  }

  #followLink(
    realRoot: string,
    realDir: string,
    abs: string,
    rel: string,
    out: string[],
    followed: Set<string>,
    folders: [string, string][] | undefined
  ): void {
    let target: string
    try {
      target = realpathName(abs)
    } catch (error) {
      this.#problem(rel, `broken symbolic link: ${describeFsError(error)}`)
      return
    }
    if (!isInside(realRoot, target)) {
      this.#problem(rel, 'symbolic link points outside the tree; not followed')
      return
    }
    let stats
    try {
      stats = statSync(fsPath(target))
    } catch (error) {
      this.#problem(rel, `cannot read symbolic link target: ${describeFsError(error)}`)
      return
    }
    if (stats.isFile()) {
      out.push(rel)
      return
    }
    if (!stats.isDirectory()) return
    // A link to a folder we are inside would loop for ever (Sphinx's os.walk would recurse until
    // the path is too long); following each target once also bounds link fan-out.
    if (isInside(target, realDir)) {
      this.#problem(rel, 'symbolic link loops back to a parent folder; not followed')
      return
    }
    if (followed.has(target)) {
      this.#problem(
        rel,
        'symbolic link to a folder already followed through another link; not followed'
      )
      return
    }
    followed.add(target)
    this.#walk(realRoot, target, rel, out, followed, false, folders)
  }

  /** The real absolute path of a safe relative path when it stays inside the root. */
  #resolveInside(realRoot: string, relative: string): string | undefined {
    if (relative === '') return realRoot
    if (this.#resolved.has(relative)) return this.#resolved.get(relative)
    const real = this.#resolve(realRoot, relative)
    this.#resolved.set(relative, real)
    return real
  }

  /**
   * Resolve through the parent's real path (cached, so a folder of documents costs one lookup)
   * and one `lstat` of the last name: anything but a link there is the real path itself, and a
   * link is resolved in full and checked to stay inside.
   */
  #resolve(realRoot: string, relative: string): string | undefined {
    const slash = relative.lastIndexOf('/')
    const parent = this.#resolveInside(realRoot, slash < 0 ? '' : relative.slice(0, slash))
    if (parent === undefined) return undefined
    const candidate = path.join(parent, relative.slice(slash + 1))
    let stats: Stats | undefined
    try {
      stats = lstatSync(fsPath(candidate))
    } catch (error) {
      if (!isMissing(error))
        this.#problem(relative, `cannot resolve path: ${describeFsError(error)}`)
      return undefined
    }
    if (!stats.isSymbolicLink()) {
      this.#lstats.set(relative, stats)
      return candidate
    }
    let real: string
    try {
      real = realpathName(candidate)
    } catch (error) {
      if (!isMissing(error))
        this.#problem(relative, `cannot resolve path: ${describeFsError(error)}`)
      return undefined
    }
    if (!isInside(realRoot, real)) {
      this.#problem(relative, 'path leads outside the tree through a symbolic link; not read')
      return undefined
    }
    return real
  }

  /** The real path of a relative path inside the root, or undefined. */
  #real(relative: string): string | undefined {
    const realRoot = this.#getRealRoot()
    return realRoot === undefined ? undefined : this.#resolveInside(realRoot, relative)
  }

  /** The bytes of a file inside the root, or `undefined`. */
  read(file: string): Promise<Uint8Array | undefined> {
    return Promise.resolve(isSafeRelativePath(file) ? this.#read(file) : undefined)
  }

  #read(file: string): Uint8Array | undefined {
    const real = this.#real(file)
    if (real === undefined) return undefined
    let fd: number | undefined
    try {
      // open first and check what was opened (one path lookup instead of stat + open); a FIFO
      // would block a plain open, so open without blocking and refuse anything but a file
      fd = openSync(fsPath(real), OPEN_FLAGS)
      const stats = fstatSync(fd)
      if (!stats.isFile()) return undefined
      if (stats.size > this.#maxFileSize) {
        this.#problem(file, tooLargeMessage(this.#maxFileSize))
        return undefined
      }
      const buffer = readOpenFile(fd, stats.size)
      return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)
    } catch (error) {
      if (!isMissing(error)) this.#problem(file, `cannot read file: ${describeFsError(error)}`)
      return undefined
    } finally {
      if (fd !== undefined) {
        try {
          closeSync(fd)
        } catch {
          // nothing was written; a failed close of a read-only descriptor loses nothing
        }
      }
    }
  }

  /** The target a symbolic link inside the root stores (see FileTree.readLink). */
  readLink(file: string): Promise<Uint8Array | undefined> {
    if (!isSafeRelativePath(file)) return Promise.resolve(undefined)
    const slash = file.lastIndexOf('/')
    const parent = this.#real(slash < 0 ? '' : file.slice(0, slash))
    if (parent === undefined) return Promise.resolve(undefined)
    const candidate = path.join(parent, file.slice(slash + 1))
    try {
      if (!lstatSync(candidate).isSymbolicLink()) return Promise.resolve(undefined)
      const target = readlinkSync(candidate, {encoding: 'buffer'})
      return Promise.resolve(new Uint8Array(target.buffer, target.byteOffset, target.byteLength))
    } catch {
      return Promise.resolve(undefined)
    }
  }

  /** Whether a regular file exists inside the root. */
  exists(file: string): Promise<boolean> {
    return Promise.resolve(this.#statInside(file)?.isFile() ?? false)
  }

  /** Whether a folder exists inside the root. */
  isDir(dir: string): Promise<boolean> {
    const clean = normalizeDir(dir)
    if (clean === undefined) return Promise.resolve(false)
    return Promise.resolve(this.#statInside(clean)?.isDirectory() ?? false)
  }

  #statInside(relative: string): Stats | undefined {
    if (relative !== '' && !isSafeRelativePath(relative)) return undefined
    const real = this.#real(relative)
    if (real === undefined) return undefined
    // resolving it looked at it already (unless through a link)
    return this.#lstats.get(relative) ?? statOrUndefined(real)
  }
}

/**
 * A file's or folder's stamp, or undefined when it is missing or changed too recently to trust
 * (SETTLED_MS). The change time moves on every write, rename and permission change, and no
 * program can set it back, so an equal stamp means an unchanged file.
 */
function stampOf(stats: Stats | undefined, settledMs: number): string | undefined {
  if (stats === undefined || stats.ctimeMs >= Date.now() - settledMs) return undefined
  return `${stats.dev}:${stats.ino}:${stats.mode}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}`
}

function statOrUndefined(real: string): Stats | undefined {
  try {
    return statSync(fsPath(real))
  } catch {
    return undefined
  }
}

const OPEN_FLAGS =
  fsConstants.O_NONBLOCK === undefined
    ? fsConstants.O_RDONLY
    : fsConstants.O_RDONLY | fsConstants.O_NONBLOCK
