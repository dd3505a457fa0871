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
const FORMAT = 3

/**
 * A cache file larger than this is not read (it is rebuilt): 64 MiB, 30 times DPDK's (2 MB).
 * Reading one costs about three times its size before parsing; 256 MiB took 824 MiB.
 */
const MAX_CACHE_BYTES = 64 * 1024 * 1024
/**
 * JSON values (`{`, `[` and `,` counted) one line may hold: real caches use 12 bytes or more per
 * value (DPDK: 137,000 in 2 MB); 64 MiB of `[1,1,1,…]` would parse into 3 GB.
 */
const MAX_CACHE_VALUES = 4_000_000

/** JSON.parse of a cache line, unless it holds more values than any cache does. */
function parseLine(text: string): unknown {
  // a line cannot hold more values than it has characters: only a long one is counted
  if (text.length <= MAX_CACHE_VALUES) return JSON.parse(text)
  let values = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    // `,` `[` `{`
    if (code === 44 || code === 91 || code === 123) {
      if (++values > MAX_CACHE_VALUES) throw new Error('too many values for a cache')
    }
  }
  return JSON.parse(text)
}

/** A value computed from a tree, with the questions it asked of it (recording-tree.ts). */
export interface TreeRecord {
  queries: TreeQuery[]
  value: unknown
}

/**
 * The file is four JSON lines: this head (with the records of whole runs), the other records,
 * the facts entries (`Record<string, DocFacts>`), then which facts entry each file stamp (a git
 * blob id, a disk file's inode and times) had (`Record<string, string>`). JSON.stringify never writes a raw newline,
 * so newlines split the lines. A run answered by a whole-run record (nothing changed) parses the
 * head alone; the rest, the bulk of the file, is parsed on first use.
 */
interface StoredHead {
  doclint: string
  format: number
  code: string
  runs: Record<string, TreeRecord>
}

/** A map read from one line of the file when first asked for. */
class LazyMap<T> {
  #map: Map<string, T> | undefined
  #text: (() => string | undefined) | undefined
  readonly #valid: (value: unknown) => value is T

  constructor(text: () => string | undefined, valid: (value: unknown) => value is T) {
    this.#text = text
    this.#valid = valid
  }

  get map(): Map<string, T> {
    if (this.#map === undefined) {
      this.#map = parseRecordLine(this.#text?.(), this.#valid)
      this.#text = undefined
    }
    return this.#map
  }

  /** The line as it was read, while it has not been parsed. */
  get unparsed(): string | undefined {
    return this.#map === undefined ? this.#text?.() : undefined
  }

  /**
   * The line keeping every entry read plus `used` (which wins): the text as read with the new
   * entries spliced in when it was never parsed (no parse for a run that did not need it).
   */
  merged(used: Map<string, T>, retain: (value: T) => boolean = () => true): string {
    const raw = this.unparsed?.trim()
    if (raw !== undefined && raw.startsWith('{') && raw.endsWith('}')) {
      if (used.size === 0) return raw
      const added = JSON.stringify(Object.fromEntries(used))
      // a later duplicate key wins in JSON.parse, as `used` must
      return raw === '{}' ? added : `${raw.slice(0, -1)},${added.slice(1)}`
    }
    const kept = [...this.map].filter(([key, value]) => used.has(key) || retain(value))
    return JSON.stringify(Object.fromEntries(new Map([...kept, ...used])))
  }

  set map(map: Map<string, T>) {
    this.#map = map
    this.#text = undefined
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
  readonly #stored: LazyMap<DocFacts>
  readonly #used = new Map<string, DocFacts>()
  #runs: Map<string, TreeRecord>
  readonly #usedRuns = new Map<string, TreeRecord>()
  readonly #records: LazyMap<TreeRecord>
  readonly #usedRecords = new Map<string, TreeRecord>()
  /** Facts keys by stamp key: a file whose stamp is known is not read to find its facts. */
  readonly #stamps: LazyMap<string>
  readonly #usedStamps = new Map<string, string>()
  /** The key of every facts object this run found or kept. */
  readonly #keys = new WeakMap<DocFacts, string>()
  readonly #code: string
  #changed: boolean
  #keepAll = false
  #retain = false

  private constructor(file: string, code: string, read: ReturnType<typeof readStore>) {
    this.file = file
    this.#code = code
    this.#runs = read.runs
    this.#records = new LazyMap(() => read.rest()[0], isRecord)
    this.#stored = new LazyMap(() => read.rest()[1], isFacts)
    this.#stamps = new LazyMap(
      () => read.rest()[2],
      (value): value is string => typeof value === 'string'
    )
    this.discarded = read.discarded
    this.#changed = read.discarded !== undefined
  }

  /** Open (or start) the cache at `file`. Never throws on a missing or damaged file. */
  static open(file: string): FactsStore {
    const absolute = path.resolve(file)
    const code = codeFingerprint()
    return new FactsStore(absolute, code, readStore(absolute, code))
  }

  /** The stored facts of `content` under a FactsCache key context, if any. */
  get(context: string, content: string): DocFacts | undefined {
    const hash = hashKey(context, content)
    const facts = this.#stored.map.get(hash)
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
    const facts = this.#used.get(key) ?? this.#stored.map.get(key)
    if (facts !== undefined) this.#used.set(key, facts)
    return facts
  }

  /**
   * The stored facts of the file whose stamp (FileTree.stamp) is `stamp`, under a FactsCache key
   * context, if a run noted them (`putStamp`): found without reading the file.
   */
  getByStamp(context: string, stamp: string): DocFacts | undefined {
    const key = stampKey(context, stamp)
    const hash = this.#stamps.map.get(key)
    const facts = hash === undefined ? undefined : this.#stored.map.get(hash)
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
    if (this.#stamps.map.get(key) !== hash) this.#changed = true
    this.#usedStamps.set(key, hash)
  }

  /** Remember facts computed in this run. */
  put(context: string, content: string, facts: DocFacts): void {
    const hash = hashKey(context, content)
    this.#used.set(hash, facts)
    this.#keys.set(facts, hash)
    this.#changed = true
  }

  /**
   * The stored record for a key (the caller checks its queries against the tree). `whole`: a
   * record of a whole run, kept where it is found without parsing the rest of the file.
   */
  getRecord(key: string, whole = false): TreeRecord | undefined {
    // whole-run records are few and kept by their key itself: no hash (nor node:crypto) needed
    return whole ? this.#runs.get(key) : this.#records.map.get(hashKey(key))
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
   * Keep everything that was read, unchanged: a record answered the whole run, so this run would
   * have used exactly what the run that wrote the file used.
   */
  keepAll(): void {
    this.#keepAll = true
  }

  /**
   * Keep every record, facts entry and stamp that was read, besides what this run used: a run
   * that reused a check without building its graph (engine/run.ts nearCheck) looked up none of
   * what the next full check will want.
   */
  retainStored(): void {
    this.#retain = true
  }

  /** Write what this run used, atomically, when it differs from what was read. */
  async save(): Promise<void> {
    if (this.#keepAll && !this.#changed) return
    // a run that looked nothing up (nothing staged) leaves the cache as it found it
    if (
      !this.#changed &&
      this.#usedRuns.size + this.#usedRecords.size + this.#used.size + this.#usedStamps.size === 0
    ) {
      return
    }
    if (
      !this.#changed &&
      this.#usedRuns.size === this.#runs.size &&
      this.#usedRecords.size === this.#records.map.size &&
      this.#used.size === this.#stored.map.size &&
      this.#usedStamps.size === this.#stamps.map.size
    ) {
      return
    }
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
    const lines = this.#retain
      ? [
          JSON.stringify(head),
          // values kept by key alone (a commit's listing) are wanted only while used
          this.#records.merged(this.#usedRecords, (record) => record.queries.length > 0),
          this.#stored.merged(this.#used),
          this.#stamps.merged(this.#usedStamps)
        ]
      : [
          head,
          Object.fromEntries(this.#usedRecords),
          Object.fromEntries(this.#used),
          Object.fromEntries(this.#usedStamps)
        ].map((line) => JSON.stringify(line))
    replaceFileSync(this.file, lines.map((line) => `${line}\n`).join(''))
    this.#runs = new Map(this.#usedRuns)
    if (this.#retain) {
      this.#records.map = new Map([
        ...[...this.#records.map].filter(([, record]) => record.queries.length > 0),
        ...this.#usedRecords
      ])
      this.#stored.map = new Map([...this.#stored.map, ...this.#used])
      this.#stamps.map = new Map([...this.#stamps.map, ...this.#usedStamps])
    } else {
      this.#records.map = new Map(this.#usedRecords)
      this.#stored.map = new Map(this.#used)
      this.#stamps.map = new Map(this.#usedStamps)
    }
    this.#changed = false
  }
}

function hashKey(context: string, content = ''): string {
  return sha256(context, '\u0000', content)
}

/** The key of a file stamp under a key context (never equal to a hashKey: another prefix). */
function stampKey(context: string, stamp: string): string {
  return sha256('stamp\u0000', context, '\u0000', stamp)
}

/** What the cache file holds: the head parsed, the two lines after it read on first use. */
function readStore(
  file: string,
  code: string
): {
  runs: Map<string, TreeRecord>
  rest: () => [string | undefined, string | undefined, string | undefined]
  discarded: string | undefined
} {
  const runs = new Map<string, TreeRecord>()
  const nothing = {
    runs,
    rest: () => [undefined, undefined, undefined] as [undefined, undefined, undefined]
  }
  let head: CacheHead
  try {
    head = readHead(file)
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT'
    return {...nothing, discarded: missing ? 'no cache yet' : `unreadable: ${String(error)}`}
  }
  let parsed: unknown
  try {
    parsed = parseLine(head.text)
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
  let rest: [string | undefined, string | undefined, string | undefined] | undefined
  return {
    runs,
    rest: () => {
      if (rest === undefined) {
        const lines = readRest(file, head)?.split('\n', 3)
        rest = [lines?.[0], lines?.[1], lines?.[2]]
      }
      return rest
    },
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

/** One `{hash: value}` line; damaged values (or a damaged line) are dropped, never trusted. */
function parseRecordLine<T>(
  text: string | undefined,
  valid: (value: unknown) => value is T
): Map<string, T> {
  const map = new Map<string, T>()
  if (!text) return map
  let parsed: unknown
  try {
    parsed = parseLine(text)
  } catch {
    return map
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return map
  for (const [hash, value] of Object.entries(parsed)) {
    if (valid(value)) map.set(hash, value)
  }
  return map
}

function isRecord(value: unknown): value is TreeRecord {
  return (
    typeof value === 'object' &&
    value !== null &&
    isQueryList((value as Record<string, unknown>).queries)
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
