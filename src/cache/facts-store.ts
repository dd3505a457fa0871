/**
 * `--cache`: parsed facts kept on disk between runs, keyed by a hash of exactly what produced
 * them (the text, the parser, its options, and the code of doclint itself). A run that finds a
 * document's facts there does not parse it. Opt-in: doclint writes nothing unless asked.
 */
import {createHash} from 'node:crypto'
import {closeSync, fstatSync, lstatSync, openSync, readdirSync, statSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {emptyFacts, type DocFacts} from '../facts/types.js'
import {writeFileAtomic} from '../fs/atomic.js'
import {readOpenFile} from '../fs/read.js'
import {VERSION} from '../version.js'
import {isQueryList, type TreeQuery} from './recording-tree.js'

/** Bumped whenever the meaning of stored facts changes without a change of code files. */
const FORMAT = 1

/** A cache file larger than this is not read (it is rebuilt): 256 MiB. */
const MAX_CACHE_BYTES = 256 * 1024 * 1024

/** A value computed from a tree, with the questions it asked of it (recording-tree.ts). */
export interface TreeRecord {
  queries: TreeQuery[]
  value: unknown
}

interface StoredFile {
  doclint: string
  format: number
  code: string
  entries: Record<string, DocFacts>
  records?: Record<string, TreeRecord>
}

/**
 * A persistent map from facts keys to facts. Only the entries used by the last run are written
 * back, so the file tracks the tree and never grows with its history.
 */
export class FactsStore {
  /** The cache file (absolute). */
  readonly file: string
  /** Why the file on disk was not used (absent, from another version, damaged), if it was not. */
  readonly discarded: string | undefined
  readonly #stored: Map<string, DocFacts>
  readonly #used = new Map<string, DocFacts>()
  readonly #records: Map<string, TreeRecord>
  readonly #usedRecords = new Map<string, TreeRecord>()
  readonly #code: string
  #changed: boolean

  private constructor(
    file: string,
    stored: Map<string, DocFacts>,
    records: Map<string, TreeRecord>,
    code: string,
    discarded: string | undefined
  ) {
    this.file = file
    this.#stored = stored
    this.#records = records
    this.#code = code
    this.discarded = discarded
    this.#changed = discarded !== undefined
  }

  /** Open (or start) the cache at `file`. Never throws on a missing or damaged file. */
  static open(file: string): FactsStore {
    const absolute = path.resolve(file)
    const code = codeFingerprint()
    const {entries, records, discarded} = readStore(absolute, code)
    return new FactsStore(absolute, entries, records, code, discarded)
  }

  /** The stored facts of `content` under a FactsCache key context, if any. */
  get(context: string, content: string): DocFacts | undefined {
    const hash = hashKey(context, content)
    const facts = this.#stored.get(hash)
    if (facts !== undefined) this.#used.set(hash, facts)
    return facts
  }

  /** Remember facts computed in this run. */
  put(context: string, content: string, facts: DocFacts): void {
    this.#used.set(hashKey(context, content), facts)
    this.#changed = true
  }

  /** The stored record for a key (the caller checks its queries against the tree). */
  getRecord(key: string): TreeRecord | undefined {
    return this.#records.get(hashKey(key))
  }

  /** Keep a record: one that was reused (`changed` false) or one computed in this run. */
  putRecord(key: string, record: TreeRecord, changed = true): void {
    this.#usedRecords.set(hashKey(key), record)
    if (changed) this.#changed = true
  }

  /** Write the entries this run used, atomically, when they differ from what was read. */
  async save(): Promise<void> {
    if (
      !this.#changed &&
      this.#used.size === this.#stored.size &&
      this.#usedRecords.size === this.#records.size
    ) {
      return
    }
    // A link planted where the cache goes (a hostile tree, a shared folder) must not turn the
    // cache write into a write somewhere else.
    if (lstatSync(this.file, {throwIfNoEntry: false})?.isSymbolicLink()) {
      throw new Error('it is a symbolic link; not written')
    }
    const stored: StoredFile = {
      doclint: VERSION,
      format: FORMAT,
      code: this.#code,
      entries: Object.fromEntries(this.#used),
      records: Object.fromEntries(this.#usedRecords)
    }
    await writeFileAtomic(this.file, JSON.stringify(stored))
    this.#stored.clear()
    for (const [hash, facts] of this.#used) this.#stored.set(hash, facts)
    this.#records.clear()
    for (const [hash, record] of this.#usedRecords) this.#records.set(hash, record)
    this.#changed = false
  }
}

function hashKey(context: string, content = ''): string {
  return createHash('sha256').update(context).update('\u0000').update(content).digest('base64url')
}

function readStore(
  file: string,
  code: string
): {
  entries: Map<string, DocFacts>
  records: Map<string, TreeRecord>
  discarded: string | undefined
} {
  const entries = new Map<string, DocFacts>()
  const records = new Map<string, TreeRecord>()
  let text: string
  try {
    text = readSmallFile(file)
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT'
    return {
      entries,
      records,
      discarded: missing ? 'no cache yet' : `unreadable: ${String(error)}`
    }
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return {entries, records, discarded: 'not valid JSON'}
  }
  if (!isStoredFile(parsed)) return {entries, records, discarded: 'not a doclint cache'}
  if (parsed.doclint !== VERSION || parsed.format !== FORMAT || parsed.code !== code) {
    return {entries, records, discarded: 'written by another doclint build'}
  }
  for (const [hash, facts] of Object.entries(parsed.entries)) {
    if (isFacts(facts)) entries.set(hash, facts)
  }
  const stored = parsed.records
  if (typeof stored === 'object' && stored !== null && !Array.isArray(stored)) {
    for (const [hash, record] of Object.entries(stored)) {
      if (typeof record === 'object' && record !== null && isQueryList(record.queries)) {
        records.set(hash, record)
      }
    }
  }
  return {entries, records, discarded: undefined}
}

/** Read a regular file of at most MAX_CACHE_BYTES (a FIFO or a huge file is refused). */
function readSmallFile(file: string): string {
  if (lstatSync(file, {throwIfNoEntry: false})?.isSymbolicLink()) {
    throw new Error('it is a symbolic link')
  }
  const fd = openSync(file, 'r')
  try {
    const stats = fstatSync(fd)
    if (!stats.isFile()) throw new Error('not a regular file')
    if (stats.size > MAX_CACHE_BYTES) throw new Error('larger than 256 MiB')
    return readOpenFile(fd, stats.size).toString('utf8')
  } finally {
    closeSync(fd)
  }
}

function isStoredFile(value: unknown): value is StoredFile {
  if (typeof value !== 'object' || value === null) return false
  const record = value as Record<string, unknown>
  return (
    typeof record.doclint === 'string' &&
    typeof record.format === 'number' &&
    typeof record.code === 'string' &&
    typeof record.entries === 'object' &&
    record.entries !== null &&
    !Array.isArray(record.entries)
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
  fingerprint = createHash('sha256').update(parts.join('\n')).digest('base64url')
  return fingerprint
}
