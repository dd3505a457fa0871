/**
 * `--cache`: parsed facts kept on disk between runs, keyed by a hash of exactly what produced
 * them (the text, the parser, its options, and the code of doclint itself). A run that finds a
 * document's facts there does not parse it. Opt-in: doclint writes nothing unless asked.
 */
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readdirSync,
  readSync,
  statSync
} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {emptyFacts, type DocFacts} from '../facts/types.js'
import {replaceFileSync} from '../fs/atomic.js'
import {readOpenFile} from '../fs/read.js'
import {sha256} from '../hash.js'
import {VERSION} from '../version.js'
import {isQueryList, type TreeQuery} from './recording-tree.js'

/** Bumped whenever the meaning of stored facts changes without a change of code files. */
const FORMAT = 4

/**
 * A cache file larger than this is not read (it is rebuilt): 64 MiB, 30 times DPDK's (2 MB).
 * Reading one costs about three times its size before parsing; 256 MiB took 824 MiB.
 */
const MAX_CACHE_BYTES = 64 * 1024 * 1024
/**
 * JSON values (`{`, `[` and `,` counted) one file may parse into: real caches use 12 bytes or
 * more per value (DPDK: 137,000 in 2 MB); 64 MiB of `[1,1,1,…]` would parse into 3 GB.
 */
export const MAX_CACHE_VALUES = 4_000_000

/**
 * What one file may still parse into. JSON text cannot hold more values than it has characters:
 * the first MAX_CACHE_VALUES / 2 characters are parsed without counting, and the values of any
 * text after them are counted, up to MAX_CACHE_VALUES / 2 more.
 */
export class ValueBudget {
  #uncounted = MAX_CACHE_VALUES / 2
  #values = MAX_CACHE_VALUES / 2

  /** JSON.parse of `text`, unless the file's values would pass the limit. */
  parse(text: string): unknown {
    if (text.length <= this.#uncounted) {
      this.#uncounted -= text.length
      return JSON.parse(text)
    }
    let values = 0
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i)
      // `,` `[` `{`
      if (code === 44 || code === 91 || code === 123) {
        if (++values > this.#values) throw new Error('too many values for a cache')
      }
    }
    this.#values -= values
    return JSON.parse(text)
  }
}

/** A value computed from a tree, with the questions it asked of it (recording-tree.ts). */
export interface TreeRecord {
  queries: TreeQuery[]
  value: unknown
  /**
   * Trees the record is known to answer, by an id that fixes every byte of them (a commit; a
   * commit and a staged diff): such a tree is answered without asking it the questions.
   */
  trees?: string[]
}

/**
 * The file is a JSON line, this head (with the records of whole runs), then one line per entry:
 * a letter for its kind, its key (a hash: no tab, no newline), a tab and its JSON. The kinds are
 * `R` records, `V` records without questions (a commit's listing, kept while used), `F` facts
 * (DocFacts) and `S` which facts entry a file stamp (a git blob id, a disk file's inode and
 * times) had. JSON.stringify never writes a raw newline or tab. A run answered by a whole-run
 * record (nothing changed) reads the head alone; each other entry is parsed when first asked
 * for, and written back as it was read.
 */
interface StoredHead {
  doclint: string
  format: number
  code: string
  runs: Record<string, TreeRecord>
}

/** The kinds of entry lines (see StoredHead). */
type EntryKind = 'R' | 'V' | 'F' | 'S'

/** A key as this file writes them (sha256, base64url): a line with another is ignored. */
const ENTRY_KEY = /^[\w-]{1,64}$/

/** Entries of one kind, read from their lines when first asked for. */
class Entries<T> {
  /** The text of each entry as read, by key. */
  readonly #raw: () => Map<string, string>
  readonly #parsed = new Map<string, T>()
  readonly #valid: (value: unknown) => value is T
  readonly #budget: ValueBudget

  constructor(
    raw: () => Map<string, string>,
    valid: (value: unknown) => value is T,
    budget: ValueBudget
  ) {
    this.#raw = raw
    this.#valid = valid
    this.#budget = budget
  }

  /** The entry under `key`; a damaged one is dropped, never trusted. */
  get(key: string): T | undefined {
    const known = this.#parsed.get(key)
    if (known !== undefined) return known
    const raw = this.#raw()
    const text = raw.get(key)
    if (text === undefined) return undefined
    let value: unknown
    try {
      value = this.#budget.parse(text)
    } catch {
      value = undefined
    }
    if (!this.#valid(value)) {
      raw.delete(key)
      return undefined
    }
    this.#parsed.set(key, value)
    return value
  }

  /** Every key read from the file (parsed or not). */
  keys(): IterableIterator<string> {
    return this.#raw().keys()
  }

  /** The text to write for `value` under `key`: as it was read when it is the entry read. */
  textOf(key: string, value: T): string {
    const raw = this.#raw().get(key)
    return raw !== undefined && this.#parsed.get(key) === value ? raw : JSON.stringify(value)
  }

  /** The text of a stored entry as it was read. */
  rawText(key: string): string | undefined {
    return this.#raw().get(key)
  }
}

/**
 * A persistent map from facts keys to facts, plus records of values computed from a tree. Only
 * what the last run used is written back, so the file tracks the tree and never grows with its
 * history.
 */
export class FactsStore {
  /** The cache file (absolute). */
  readonly file: string
  /** Why the file on disk was not used (absent, from another version, damaged), if it was not. */
  readonly discarded: string | undefined
  readonly #stored: Entries<DocFacts>
  readonly #used = new Map<string, DocFacts>()
  #runs: Map<string, TreeRecord>
  readonly #usedRuns = new Map<string, TreeRecord>()
  /** Records (`R` and `V` lines) by hashed key. */
  readonly #records: Entries<TreeRecord>
  readonly #usedRecords = new Map<string, TreeRecord>()
  /** Facts keys by stamp key: a file whose stamp is known is not read to find its facts. */
  readonly #stamps: Entries<string>
  readonly #usedStamps = new Map<string, string>()
  /** The entry lines of the file, indexed when first needed. */
  readonly #lines: () => StoredLines
  /** The key of every facts object this run found or kept. */
  readonly #keys = new WeakMap<DocFacts, string>()
  readonly #code: string
  #changed: boolean
  #retain = false
  /** Whether this run made facts of its own (parsed a document; see `save`). */
  #made = false

  private constructor(
    file: string,
    code: string,
    read: ReturnType<typeof readStore>,
    budget: ValueBudget
  ) {
    this.file = file
    this.#code = code
    this.#runs = read.runs
    this.#lines = read.lines
    this.#records = new Entries(() => read.lines().records, isRecord, budget)
    this.#stored = new Entries(() => read.lines().facts, isFacts, budget)
    this.#stamps = new Entries(
      () => read.lines().stamps,
      (value): value is string => typeof value === 'string',
      budget
    )
    this.discarded = read.discarded
    this.#changed = read.discarded !== undefined
  }

  /** Open (or start) the cache at `file`. Never throws on a missing or damaged file. */
  static open(file: string): FactsStore {
    const absolute = path.resolve(file)
    const code = codeFingerprint()
    const budget = new ValueBudget()
    return new FactsStore(absolute, code, readStore(absolute, code, budget), budget)
  }

  /** The stored facts of `content` under a FactsCache key context, if any. */
  get(context: string, content: string): DocFacts | undefined {
    const hash = hashKey(context, content)
    const facts = this.#used.get(hash) ?? this.#stored.get(hash)
    if (facts !== undefined) {
      this.#used.set(hash, facts)
      this.#keys.set(facts, hash)
    }
    return facts
  }

  /** The key facts were found or kept under in this run (see `byKey`). */
  keyOf(facts: DocFacts): string | undefined {
    return this.#keys.get(facts)
  }

  /** Facts by the key `keyOf` gave (kept by this run or stored), if they are still here. */
  byKey(key: string): DocFacts | undefined {
    const facts = this.#used.get(key) ?? this.#stored.get(key)
    if (facts !== undefined) this.#used.set(key, facts)
    return facts
  }

  /**
   * The stored facts of the file whose stamp (FileTree.stamp) is `stamp`, under a FactsCache key
   * context, if a run noted them (`putStamp`): found without reading the file.
   */
  getByStamp(context: string, stamp: string): DocFacts | undefined {
    const key = stampKey(context, stamp)
    const hash = this.#usedStamps.get(key) ?? this.#stamps.get(key)
    const facts = hash === undefined ? undefined : (this.#used.get(hash) ?? this.#stored.get(hash))
    if (hash === undefined || facts === undefined) return undefined
    this.#used.set(hash, facts)
    this.#usedStamps.set(key, hash)
    this.#keys.set(facts, hash)
    return facts
  }

  /** Note that the file stamped `stamp` holds `content` (its facts are found by stamp next). */
  putStamp(context: string, stamp: string, content: string): void {
    const key = stampKey(context, stamp)
    const hash = hashKey(context, content)
    if (this.#stamps.get(key) !== hash) this.#changed = true
    this.#usedStamps.set(key, hash)
  }

  /** Remember facts computed in this run. */
  put(context: string, content: string, facts: DocFacts): void {
    const hash = hashKey(context, content)
    this.#used.set(hash, facts)
    this.#keys.set(facts, hash)
    this.#changed = true
    this.#made = true
  }

  /**
   * The stored record for a key (the caller checks its queries against the tree). `whole`: a
   * record of a whole run, kept where it is found without parsing the rest of the file.
   */
  getRecord(key: string, whole = false): TreeRecord | undefined {
    // whole-run records are few and kept by their key itself: no hash (nor node:crypto) needed
    if (whole) return this.#runs.get(key)
    const hash = hashKey(key)
    return this.#usedRecords.get(hash) ?? this.#records.get(hash)
  }

  /** Keep a record: one that was reused (`changed` false) or one computed in this run. */
  putRecord(
    key: string,
    record: TreeRecord,
    options: {changed?: boolean; whole?: boolean} = {}
  ): void {
    if (options.whole) this.#usedRuns.set(key, record)
    else this.#usedRecords.set(hashKey(key), record)
    if (options.changed ?? true) this.#changed = true
  }

  /**
   * Keep every record, facts entry and stamp that was read, besides what this run used: a run
   * that reused a check without building its graph (engine/run.ts nearCheck) looked up none of
   * what the next full check will want.
   */
  retainStored(): void {
    this.#retain = true
  }

  /**
   * Write what this run used, atomically, when something changed. A run that made no facts of
   * its own (every document found, or every check answered by a record: a commit tried again)
   * keeps everything it read as well: nothing it read has been replaced, and what it did not
   * look up is what the next run wants (the facts of a check answered by its record). Entries
   * are written back as they were read, not serialised again.
   */
  async save(): Promise<void> {
    // Nothing new (every answer came from the file, or nothing was looked up): the file stays as
    // it is; such a run made no facts, so it would write back everything it read.
    if (!this.#changed) return
    // A link planted where the cache goes (a hostile tree, a shared folder) must not turn the
    // cache write into a write somewhere else.
    const present = lstatSync(this.file, {throwIfNoEntry: false})
    if (present?.isSymbolicLink()) throw new Error('it is a symbolic link; not written')
    // a FIFO, socket or device where the cache goes is not ours to replace
    if (present !== undefined && !present.isFile())
      throw new Error('it is not a regular file; not written')
    const head: StoredHead = {
      doclint: VERSION,
      format: FORMAT,
      code: this.#code,
      runs: Object.fromEntries(this.#usedRuns)
    }
    const retain = this.#retain || !this.#made
    const parts: string[] = [`${JSON.stringify(head)}\n`]
    const write = <T>(
      entries: Entries<T>,
      used: Map<string, T>,
      kindOf: (key: string, value: T | undefined) => EntryKind | undefined
    ): void => {
      for (const [key, value] of used) {
        const kind = kindOf(key, value)
        if (kind !== undefined) parts.push(`${kind}${key}\t${entries.textOf(key, value)}\n`)
      }
      if (!retain) return
      for (const key of entries.keys()) {
        if (used.has(key)) continue
        const kind = kindOf(key, undefined)
        const text = entries.rawText(key)
        if (kind !== undefined && text !== undefined) parts.push(`${kind}${key}\t${text}\n`)
      }
    }
    // values kept by key alone (a commit's listing) are wanted only while used
    write(this.#records, this.#usedRecords, (key, record) => {
      if (record !== undefined) return record.queries.length > 0 ? 'R' : 'V'
      return this.#lines().values.has(key) ? undefined : 'R'
    })
    write(this.#stored, this.#used, () => 'F')
    write(this.#stamps, this.#usedStamps, () => 'S')
    replaceFileSync(this.file, parts.join(''))
    this.#changed = false
    this.#made = false
  }
}

function hashKey(context: string, content = ''): string {
  return sha256(context, '\u0000', content)
}

/** The key of a file stamp under a key context (never equal to a hashKey: another prefix). */
function stampKey(context: string, stamp: string): string {
  return sha256('stamp\u0000', context, '\u0000', stamp)
}

/** The entry lines of a cache file, by kind and key (the text after the tab). */
interface StoredLines {
  /** `R` and `V` lines. */
  records: Map<string, string>
  /** The keys of the `V` lines. */
  values: Set<string>
  facts: Map<string, string>
  stamps: Map<string, string>
}

/** Index the entry lines after the head; a line of no known shape is ignored. */
function indexLines(text: string | undefined): StoredLines {
  const lines: StoredLines = {
    records: new Map(),
    values: new Set(),
    facts: new Map(),
    stamps: new Map()
  }
  if (text === undefined) return lines
  let start = 0
  while (start < text.length) {
    let end = text.indexOf('\n', start)
    if (end < 0) end = text.length
    const tab = text.indexOf('\t', start)
    if (tab > start && tab < end) {
      const kind = text[start]
      const key = text.slice(start + 1, tab)
      if (ENTRY_KEY.test(key)) {
        const json = text.slice(tab + 1, end)
        if (kind === 'R' || kind === 'V') {
          lines.records.set(key, json)
          if (kind === 'V') lines.values.add(key)
          else lines.values.delete(key)
        } else if (kind === 'F') lines.facts.set(key, json)
        else if (kind === 'S') lines.stamps.set(key, json)
      }
    }
    start = end + 1
  }
  return lines
}

/** What the cache file holds: the head parsed, the entry lines indexed on first use. */
function readStore(
  file: string,
  code: string,
  budget: ValueBudget
): {
  runs: Map<string, TreeRecord>
  lines: () => StoredLines
  discarded: string | undefined
} {
  const runs = new Map<string, TreeRecord>()
  const nothing = {runs, lines: () => indexLines(undefined)}
  let head: CacheHead
  try {
    head = readHead(file)
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT'
    return {...nothing, discarded: missing ? 'no cache yet' : `unreadable: ${String(error)}`}
  }
  let parsed: unknown
  try {
    parsed = budget.parse(head.text)
  } catch {
    return {...nothing, discarded: 'not valid JSON'}
  }
  if (!isStoredHead(parsed)) return {...nothing, discarded: 'not a doclint cache'}
  if (parsed.doclint !== VERSION || parsed.format !== FORMAT || parsed.code !== code) {
    return {...nothing, discarded: 'written by another doclint build'}
  }
  for (const [hash, record] of Object.entries(parsed.runs)) {
    if (isRecord(record)) runs.set(hash, record)
  }
  let lines: StoredLines | undefined
  return {
    runs,
    lines: () => (lines ??= indexLines(readRest(file, head))),
    discarded: undefined
  }
}

/** The first line of the cache file, and what identifies the file it came from. */
interface CacheHead {
  text: string
  /** Bytes up to and including the newline after the head. */
  length: number
  identity: string
}

/** How much of the file is read at a time while looking for the end of the head. */
const HEAD_CHUNK = 64 * 1024

/** Open the cache file for reading: a regular file of at most MAX_CACHE_BYTES, never a link. */
function openCacheFile(file: string): {fd: number; identity: string; size: number} {
  if (lstatSync(file, {throwIfNoEntry: false})?.isSymbolicLink()) {
    throw new Error('it is a symbolic link')
  }
  // without blocking: a FIFO planted as the cache would block a plain open for ever
  const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK)
  try {
    const stats = fstatSync(fd)
    if (!stats.isFile()) throw new Error('not a regular file')
    if (stats.size > MAX_CACHE_BYTES) throw new Error('larger than 64 MiB')
    const identity = `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}`
    return {fd, identity, size: stats.size}
  } catch (error) {
    closeSync(fd)
    throw error
  }
}

/** Read up to the first newline (or the whole file): a run answered by the head reads no more. */
function readHead(file: string): CacheHead {
  const {fd, identity, size} = openCacheFile(file)
  try {
    const chunks: Buffer[] = []
    let length = 0
    while (length < size) {
      const chunk = Buffer.allocUnsafe(Math.min(HEAD_CHUNK, size - length))
      const read = readSync(fd, chunk, 0, chunk.length, length)
      if (read === 0) break
      const newline = chunk.subarray(0, read).indexOf(10)
      if (newline >= 0) {
        chunks.push(chunk.subarray(0, newline))
        return {
          text: Buffer.concat(chunks).toString('utf8'),
          length: length + newline + 1,
          identity
        }
      }
      chunks.push(chunk.subarray(0, read))
      length += read
    }
    return {text: Buffer.concat(chunks).toString('utf8'), length, identity}
  } finally {
    closeSync(fd)
  }
}

/**
 * The file after its head, if it is still the file the head came from (the cache is replaced by
 * rename, so another run's write shows as another inode); otherwise nothing is trusted.
 */
function readRest(file: string, head: CacheHead): string | undefined {
  let opened
  try {
    opened = openCacheFile(file)
  } catch {
    return undefined
  }
  try {
    if (opened.identity !== head.identity || head.length >= opened.size) return undefined
    return readOpenFile(opened.fd, opened.size - head.length, head.length).toString('utf8')
  } finally {
    closeSync(opened.fd)
  }
}

function isRecord(value: unknown): value is TreeRecord {
  if (typeof value !== 'object' || value === null) return false
  const {queries, trees} = value as Record<string, unknown>
  return (
    isQueryList(queries) &&
    (trees === undefined ||
      (Array.isArray(trees) && trees.every((tree) => typeof tree === 'string')))
  )
}

function isStoredHead(value: unknown): value is StoredHead {
  if (typeof value !== 'object' || value === null) return false
  const record = value as Record<string, unknown>
  return (
    typeof record.doclint === 'string' &&
    typeof record.format === 'number' &&
    typeof record.code === 'string' &&
    typeof record.runs === 'object' &&
    record.runs !== null &&
    !Array.isArray(record.runs)
  )
}

/** The list fields of DocFacts, read off an empty one so a new field is checked too. */
const FACT_LISTS = Object.entries(emptyFacts()).flatMap(([name, value]) =>
  Array.isArray(value) ? [name] : []
)

/** The shape of DocFacts (lists where lists belong); a damaged entry is dropped, not trusted. */
function isFacts(value: unknown): value is DocFacts {
  if (typeof value !== 'object' || value === null) return false
  const record = value as Record<string, unknown>
  return (
    typeof record.hasLocalToc === 'boolean' &&
    typeof record.metadata === 'object' &&
    record.metadata !== null &&
    FACT_LISTS.every((name) => Array.isArray(record[name]))
  )
}

let fingerprint: string | undefined

/**
 * What identifies the code that computes facts: the version plus the size and modification time
 * of every module file beside this one (the bundle's chunks, or the compiled or source tree), so
 * a rebuilt or edited doclint never reads facts an older parser produced.
 */
export function codeFingerprint(): string {
  if (fingerprint !== undefined) return fingerprint
  const here = fileURLToPath(import.meta.url)
  let dir = path.dirname(here)
  if (path.basename(dir) === 'cache') dir = path.dirname(dir)
  const parts: string[] = [VERSION]
  const walk = (folder: string, relative: string): void => {
    let names: string[]
    try {
      names = readdirSync(folder).sort()
    } catch {
      return
    }
    for (const name of names) {
      const full = path.join(folder, name)
      let stats
      try {
        stats = statSync(full)
      } catch {
        continue
      }
      if (stats.isDirectory()) walk(full, `${relative}${name}/`)
      else if (/\.[cm]?[jt]s$/.test(name) && !name.endsWith('.d.ts')) {
        parts.push(`${relative}${name}:${stats.size}:${stats.mtimeMs}`)
      }
    }
  }
  walk(dir, '')
  // kept as it is, not hashed: a few lines, compared once per run
  fingerprint = parts.join('\n')
  return fingerprint
}
