/** Trees read from a git object store: one `ls-tree`, blobs through one `cat-file --batch`. */
import {execFile, spawn, type ChildProcessWithoutNullStreams} from 'node:child_process'
import {promisify} from 'node:util'
import {LinkView} from './links.js'
import {gitStamp, SYMLINK_MODE, type FileTree} from './types.js'
import {readWorkTreeBlob} from './work-tree.js'

const execFileAsync = promisify(execFile)

/** Options that keep a repository's config from running programs (fsmonitor, pagers). */
const SAFE_CONFIG = ['-c', 'core.fsmonitor=false', '-c', 'core.quotepath=off']

/** Run git with an argument array (never a shell) and return stdout as bytes. */
export async function runGit(repo: string, args: string[]): Promise<Buffer> {
  const {stdout} = await execFileAsync('git', [...SAFE_CONFIG, '-C', repo, ...args], {
    encoding: 'buffer',
    maxBuffer: 1024 * 1024 * 1024,
    env: {...process.env, GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat', LC_ALL: 'C'}
  })
  return stdout
}

interface Pending {
  resolve: (value: Uint8Array | undefined) => void
  reject: (error: Error) => void
}

/**
 * One long-lived `git cat-file --batch` process: requests are written in order and answers read
 * back in the same order from one stdout stream.
 */
export class CatFile {
  private readonly child: ChildProcessWithoutNullStreams
  private readonly queue: Pending[] = []
  private chunks: Buffer[] = []
  private length = 0
  /** Bytes the answer at the head of the queue needs in total, once its header is read. */
  private needed = 0
  private closed = false
  private failure: Error | undefined

  constructor(repo: string) {
    this.child = spawn('git', [...SAFE_CONFIG, '-C', repo, 'cat-file', '--batch'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: {...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C'}
    })
    this.child.stdout.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk)
      this.length += chunk.length
      // Join chunks only when a whole answer is there: joining on every chunk is quadratic.
      if (this.length >= this.needed) this.drain()
    })
    const stop = (error: Error): void => {
      this.failure ??= error
      this.closed = true
      for (const pending of this.queue.splice(0)) pending.reject(this.failure)
    }
    let stderr = ''
    this.child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-2000)
    })
    this.child.on('error', stop)
    this.child.on('close', () =>
      stop(new Error(`git cat-file --batch exited${stderr ? `: ${stderr.trim()}` : ''}`))
    )
    // A closed pipe while writing surfaces as an error on stdin; the close handler reports it.
    this.child.stdin.on('error', () => undefined)
    this.setActive(false)
  }

  /** An idle process must not keep Node alive (a caller may forget `close()`); a busy one must. */
  private setActive(active: boolean): void {
    const handles = [this.child, this.child.stdin, this.child.stdout, this.child.stderr] as Array<{
      ref?: () => void
      unref?: () => void
    }>
    for (const handle of handles) {
      if (active) handle.ref?.()
      else handle.unref?.()
    }
  }

  private drain(): void {
    let buffer = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks)
    this.needed = 0
    for (;;) {
      const pending = this.queue[0]
      if (!pending) break
      const newline = buffer.indexOf(10)
      if (newline < 0) break
      const header = buffer.subarray(0, newline).toString('utf8')
      if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
        buffer = buffer.subarray(newline + 1)
        this.queue.shift()
        pending.resolve(undefined)
        continue
      }
      const size = Number(header.slice(header.lastIndexOf(' ') + 1))
      if (!Number.isSafeInteger(size)) {
        this.queue.shift()
        pending.reject(new Error(`Unexpected git cat-file output: ${header}`))
        buffer = buffer.subarray(newline + 1)
        continue
      }
      // The content is followed by one LF.
      const end = newline + 1 + size + 1
      if (buffer.length < end) {
        this.needed = end
        break
      }
      const content = new Uint8Array(buffer.subarray(newline + 1, newline + 1 + size))
      buffer = buffer.subarray(end)
      this.queue.shift()
      pending.resolve(content)
    }
    this.chunks = buffer.length === 0 ? [] : [buffer]
    this.length = buffer.length
    if (this.queue.length === 0) this.setActive(false)
  }

  /** The bytes of an object (blob id or `rev:path`), undefined when missing. */
  read(object: string): Promise<Uint8Array | undefined> {
    if (this.closed) return Promise.reject(this.failure ?? new Error('git cat-file is closed'))
    if (/[\n\0]/.test(object)) return Promise.resolve(undefined)
    return new Promise((resolve, reject) => {
      this.queue.push({resolve, reject})
      if (this.queue.length === 1) this.setActive(true)
      // Requests made together (a check reads many files at once) go in one write: one write
      // per object cost more than git's answers.
      if (this.requests === '') process.nextTick(() => this.flush())
      this.requests += `${object}\n`
    })
  }

  /** Requests not written yet (see `read`). */
  private requests = ''

  private flush(): void {
    const requests = this.requests
    this.requests = ''
    if (!this.closed && requests !== '') this.child.stdin.write(requests)
  }

  /** End the process. */
  close(): void {
    if (!this.closed) {
      this.flush()
      this.closed = true
      this.child.stdin.end()
    }
  }
}

/** An entry of a git listing. */
export interface GitEntry {
  path: string
  mode: string
  oid: string
}

/** Paths git may hold that a tree must never expose (`..`, absolute, `.git`). */
function isSafeGitPath(path: string): boolean {
  // one test per path, no split: a listing holds thousands (an empty, `.`, `..` or `.git` segment)
  return path !== '' && !UNSAFE_SEGMENT.test(path)
}

/** A segment no tree may expose: empty (a leading, doubled or trailing `/`), `.`, `..`, `.git`. */
const UNSAFE_SEGMENT = /(?:^|\/)(?:\.{0,2}|\.git)(?:\/|$)/i

/** Parsed listing of a git tree or index. */
interface Listing {
  files: Map<string, GitEntry>
  symlinks: Map<string, GitEntry>
  sorted: string[]
  dirs: Set<string>
  /** The links resolved as a checkout would be read, when there are links. */
  links?: LinkView
}

function buildListing(entries: GitEntry[]): Listing {
  const listing: Listing = {files: new Map(), symlinks: new Map(), sorted: [], dirs: new Set()}
  for (const entry of entries) {
    if (!isSafeGitPath(entry.path)) continue
    if (entry.mode === SYMLINK_MODE) listing.symlinks.set(entry.path, entry)
    else if (entry.mode.startsWith('100')) listing.files.set(entry.path, entry)
  }
  listing.sorted = [...listing.files.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  for (const path of listing.sorted) {
    for (let slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
      listing.dirs.add(path.slice(0, slash))
    }
  }
  return listing
}

/**
 * A FileTree over blob entries listed once (lazily, on first use) and read through one
 * long-lived cat-file process. Symbolic links resolve inside the tree as a checkout of it would
 * be read (LinkView); `readLink` gives a link itself.
 */
export abstract class BlobTree implements FileTree {
  readonly label: string
  readonly repo: string
  private listing: Promise<Listing> | undefined
  /** The listing once loaded (stamps are answered from it, synchronously). */
  private loaded: Listing | undefined
  private catFile: CatFile | undefined
  /**
   * The work tree whose files are read instead of git's blobs when they hold the very blob (see
   * work-tree.ts); cat-file is then started only for a blob the work tree does not hold.
   */
  readonly #workTree: string | undefined

  constructor(repo: string, label: string, workTree?: string) {
    this.repo = repo
    this.label = label
    this.#workTree = workTree
  }

  /** The entries of this tree (one git command). */
  protected abstract loadEntries(): Promise<GitEntry[]>

  private load(): Promise<Listing> {
    this.listing ??= this.loadEntries().then(async (entries) => {
      const listing = buildListing(entries)
      if (listing.symlinks.size === 0) return listing
      // a link is content: its target is its blob
      const targets = new Map<string, string>()
      for (const [path, entry] of listing.symlinks) {
        this.catFile ??= new CatFile(this.repo)
        const bytes = await this.catFile.read(entry.oid)
        targets.set(path, bytes === undefined ? '' : Buffer.from(bytes).toString('utf8'))
      }
      const view = new LinkView({files: listing.files.keys(), links: targets})
      listing.links = view
      listing.sorted = view.listing
      return listing
    })
    this.listing.then(
      (listing) => (this.loaded = listing),
      () => undefined
    )
    return this.listing
  }

  /**
   * A file's stamp (see FileTree.stamp): its blob id, which names its bytes exactly. Undefined
   * before the listing is loaded, for folders and for paths read through links.
   */
  stamp(path: string): string | undefined {
    const entry = this.loaded?.files.get(path)
    return entry === undefined ? undefined : gitStamp(entry.mode, entry.oid)
  }

  /** The entries a memory tree needs to resolve links over this one (see OverlayTree). */
  async rawEntries(): Promise<{files: string[]; links: Map<string, string>}> {
    const listing = await this.load()
    const links = new Map<string, string>()
    for (const path of listing.symlinks.keys()) {
      const bytes = await this.readLink(path)
      links.set(path, bytes === undefined ? '' : Buffer.from(bytes).toString('utf8'))
    }
    return {files: [...listing.files.keys()], links}
  }

  /** Paths that read `path` through links (see FileTree.aliasesOf). */
  async aliasesOf(path: string): Promise<string[]> {
    return (await this.load()).links?.aliasesOf(path) ?? []
  }

  /** The entry of the real file a path reads (through links inside the tree). */
  private async fileEntry(path: string): Promise<GitEntry | undefined> {
    const listing = await this.load()
    const entry = listing.files.get(path)
    if (entry !== undefined || listing.links === undefined) return entry
    const real = listing.links.realFile(path)
    return real === undefined ? undefined : listing.files.get(real)
  }

  /** Every entry, symlinks included (mode 120000), for callers that need them. */
  async entries(): Promise<GitEntry[]> {
    const listing = await this.load()
    return [...listing.files.values(), ...listing.symlinks.values()]
  }

  /** Sorted regular files under `dir` (default: all). */
  async list(dir?: string): Promise<string[]> {
    const {sorted} = await this.load()
    if (dir === undefined || dir === '' || dir === '.') return [...sorted]
    const prefix = dir.endsWith('/') ? dir : `${dir}/`
    return sorted.filter((path) => path.startsWith(prefix))
  }

  /** Bytes of a file (through links inside the tree); undefined for missing paths. */
  async read(path: string): Promise<Uint8Array | undefined> {
    const entry = await this.fileEntry(path)
    if (!entry) return undefined
    if (this.#workTree !== undefined) {
      const bytes = readWorkTreeBlob(this.#workTree, entry.path, entry.oid, entry.mode)
      if (bytes !== undefined) return bytes
    }
    this.catFile ??= new CatFile(this.repo)
    return this.catFile.read(entry.oid)
  }

  /** Whether a file exists (through links inside the tree). */
  async exists(path: string): Promise<boolean> {
    return (await this.fileEntry(path)) !== undefined
  }

  /** The target a symbolic link stores (its blob), undefined when `path` is not a link. */
  async readLink(path: string): Promise<Uint8Array | undefined> {
    const entry = (await this.load()).symlinks.get(path)
    if (!entry) return undefined
    this.catFile ??= new CatFile(this.repo)
    return this.catFile.read(entry.oid)
  }

  /** Whether a folder holds at least one file. */
  async isDir(path: string): Promise<boolean> {
    const listing = await this.load()
    const clean = path.replace(/(?<!\/)\/+$/, '')
    if (clean === '' || clean === '.') return listing.sorted.length > 0
    return listing.dirs.has(clean) || listing.links?.isDir(clean) === true
  }

  /**
   * Start listing the tree and the cat-file process now, so that both run while the caller does
   * other work (a pre-commit hook waits for each process start otherwise).
   */
  warm(): void {
    this.load().catch(() => undefined)
    // with a work tree to read from, git may not be needed at all
    if (this.#workTree === undefined) this.catFile ??= new CatFile(this.repo)
  }

  /** Stop the cat-file process (reading again starts a new one). */
  close(): void {
    this.catFile?.close()
    this.catFile = undefined
  }
}

/** Split NUL-terminated records. */
export function nulRecords(output: Buffer): string[] {
  return output
    .toString('utf8')
    .split('\0')
    .filter((record) => record !== '')
}

/** The tree of a revision (`git ls-tree -r`), rooted at the repository root; `close()` when done. */
export class GitTree extends BlobTree {
  readonly rev: string

  /** The entries, when known without git (a commit's listing kept in a cache). */
  readonly #known: GitEntry[] | undefined
  /** The entries git listed, once it has (for a cache to keep). */
  listed: GitEntry[] | undefined

  /**
   * @param known The tree's entries when they are already known (a commit id's listing never
   *   changes): then git is not asked for them. They are checked as git's own answer is.
   */
  constructor(
    repoDir: string,
    rev: string,
    label: string = rev,
    known?: GitEntry[],
    options: {workTree?: string} = {}
  ) {
    super(repoDir, label, options.workTree)
    this.rev = rev
    this.#known = known
  }

  protected override async loadEntries(): Promise<GitEntry[]> {
    if (this.#known !== undefined) return this.#known
    if (this.rev.startsWith('-')) throw new Error(`Not a revision: ${this.rev}`)
    const output = await runGit(this.repo, [
      'ls-tree',
      '-r',
      '-z',
      '--full-tree',
      `${this.rev}^{tree}`,
      '--'
    ])
    const entries: GitEntry[] = []
    for (const record of nulRecords(output)) {
      // `<mode> SP <type> SP <oid> TAB <path>`
      const tab = record.indexOf('\t')
      if (tab < 0) continue
      const [mode, type, oid] = record.slice(0, tab).split(' ')
      if (type !== 'blob' || mode === undefined || oid === undefined) continue
      entries.push({mode, oid, path: record.slice(tab + 1)})
    }
    this.listed = entries
    return entries
  }
}

/** Entries as one string (`mode oid path`, NUL-separated), for a cache file. */
export function encodeEntries(entries: readonly GitEntry[]): string {
  return entries.map((entry) => `${entry.mode} ${entry.oid} ${entry.path}`).join('\0')
}

/** Entries back from `encodeEntries`; undefined when the text is not such a list. */
export function decodeEntries(text: unknown): GitEntry[] | undefined {
  if (typeof text !== 'string') return undefined
  const entries: GitEntry[] = []
  if (text === '') return entries
  for (const record of text.split('\0')) {
    const first = record.indexOf(' ')
    const second = record.indexOf(' ', first + 1)
    if (first <= 0 || second <= first + 1) return undefined
    entries.push({
      mode: record.slice(0, first),
      oid: record.slice(first + 1, second),
      path: record.slice(second + 1)
    })
  }
  return entries
}

/** A commit of a range. */
export interface RangeCommit {
  sha: string
  subject: string
  author: string
  /** Number of parents (2+ for merges, which have no single diff). */
  parents: number
}

/** Commits of `A..B` (or any rev-list range), oldest first. */
export async function listRange(repo: string, range: string): Promise<RangeCommit[]> {
  if (range.startsWith('-')) throw new Error(`Not a range: ${range}`)
  const output = await runGit(repo, [
    'log',
    '--reverse',
    '--topo-order',
    '-z',
    '--format=%H%x01%P%x01%an <%ae>%x01%s',
    range,
    '--'
  ])
  return nulRecords(output).map((record) => {
    const [sha = '', parents = '', author = '', subject = ''] = record
      .replace(/^\n/, '')
      .split('\u0001')
    return {sha, subject, author, parents: parents === '' ? 0 : parents.split(' ').length}
  })
}

/** Options that make git print a diff doclint applies exactly: binary data, renames, full ids. */
export const PATCH_DIFF_OPTIONS: readonly string[] = [
  '--binary',
  '-M',
  '--full-index',
  '--no-color',
  '--src-prefix=a/',
  '--dst-prefix=b/'
]
