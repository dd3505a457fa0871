/** Parsed facts keyed by content, so later runs (patch modes) re-parse only changed files. */
import {answersSame, RecordingTree, type TreeQuery} from '../cache/recording-tree.js'
import type {TreeRecord} from '../cache/facts-store.js'
import type {DocFacts} from '../facts/types.js'
import type {FileTree} from '../tree/types.js'

/** A persistent second level (`--cache`): see src/cache/facts-store.ts. */
export interface FactsBackingStore {
  get(context: string, content: string): DocFacts | undefined
  put(context: string, content: string, facts: DocFacts): void
  /** The stored facts of the file stamped `stamp` (FileTree.stamp), found without reading it. */
  getByStamp?(context: string, stamp: string): DocFacts | undefined
  /** Note which content the file stamped `stamp` holds. */
  putStamp?(context: string, stamp: string, content: string): void
  /** The key facts were found or kept under in this run. */
  keyOf?(facts: DocFacts): string | undefined
  /** Facts by such a key, if still kept. */
  byKey?(key: string): DocFacts | undefined
  getRecord(key: string, whole?: boolean): TreeRecord | undefined
  putRecord(key: string, record: TreeRecord, options?: {changed?: boolean; whole?: boolean}): void
  /** Keep what was read besides what this run used (optional). */
  retainStored?(): void
  save(): Promise<void>
}

/** How a value computed from a tree is written to and read back from the cache file. */
export interface RecordCodec<T> {
  encode(value: T): unknown
  /** `undefined` when the stored data is not a valid value (it is then computed again). */
  decode(data: unknown): T | undefined
}

/**
 * For slotted records none of which answers a tree: a record (of those given) whose value holds
 * for this tree too, rewritten with the questions this tree answers (it is stored as the tree's
 * own), or undefined. engine/run.ts: documents whose facts did not change.
 */
export type NearRecord<T> = (
  records: readonly TreeRecord[]
) => Promise<{record: TreeRecord; value: T} | undefined>

/** How many tree identities a record keeps (TreeRecord.trees), newest first. */
const TREE_IDS = 4

/** How many values `reuse` keeps (one per build file read: a few per Sphinx project). */
const RECENT_VALUES = 16

/** A cache of DocFacts keyed by content, parser and the options that change parsing. */
export class FactsCache {
  /** Lookups answered from the cache. */
  hits = 0
  /** Lookups that had to parse. */
  misses = 0
  /** By key context (parser and options), then by content: no key string is ever built. */
  readonly #entries = new Map<string, Map<string, DocFacts>>()
  #size = 0
  readonly #limit: number
  readonly #store: FactsBackingStore | undefined
  /** Values computed from a tree this run, with the questions they asked (newest first). */
  readonly #recent: {key: string; queries: TreeQuery[]; value: unknown}[] = []

  /**
   * @param limit Most entries kept in memory; the oldest go first.
   * @param store Facts kept between runs (`--cache`), asked before parsing.
   */
  constructor(limit = 50_000, store?: FactsBackingStore) {
    this.#limit = limit
    this.#store = store
  }

  /**
   * A value computed from a tree, reused from the persistent store when the tree still answers
   * every question the computation asked of it the same way; without a store, just computed.
   * `keyOf` names what besides the tree decides the value. `whole`: the value is everything the
   * run computes, so when it is reused every other stored entry stays as it is (this run would
   * have used exactly the ones the run that stored it used).
   */
  async fromTree<T>(
    keyOf: () => string,
    tree: FileTree,
    compute: (tree: FileTree) => Promise<T>,
    codec: RecordCodec<T>,
    options: {whole?: boolean; slots?: number; near?: NearRecord<T>; identity?: string} = {}
  ): Promise<T> {
    const store = this.#store
    // Without a store there is nothing to look up: not even the key is worth making.
    if (!store) return compute(tree)
    const key = keyOf()
    const whole = options.whole === true
    if (!whole && (options.slots ?? 1) > 1) {
      return this.#fromSlots(key, options.slots ?? 1, store, tree, compute, codec, options)
    }
    const stored = store.getRecord(key, whole)
    if (stored && (await answersSame(tree, stored.queries))) {
      const value = codec.decode(stored.value)
      if (value !== undefined) {
        // a whole-run record changes nothing: the file is left as it is
        if (!whole) store.putRecord(key, stored, {changed: false})
        return value
      }
    }
    const recording = new RecordingTree(tree)
    const value = await compute(recording)
    store.putRecord(key, {queries: recording.queries, value: codec.encode(value)}, {whole})
    return value
  }

  /** Records of slotted keys that answered a lookup in this run (see #fromSlots). */
  readonly #slotHits = new Map<string, TreeRecord[]>()

  /**
   * `fromTree` with several records under one key, for trees that take turns: the pre-commit
   * hook checks HEAD and the staged tree, and after a commit the new HEAD is the tree the last
   * run checked as staged. Every record is tried; a new one goes first, then those that
   * answered in this run, then the rest, up to `slots`. `identity` names the tree by what fixes
   * every byte of it (TreeRecord.trees): a record that answered it once answers it again
   * without being asked its questions.
   */
  async #fromSlots<T>(
    key: string,
    slots: number,
    store: FactsBackingStore,
    tree: FileTree,
    compute: (tree: FileTree) => Promise<T>,
    codec: RecordCodec<T>,
    {near, identity}: {near?: NearRecord<T>; identity?: string}
  ): Promise<T> {
    const keys = Array.from({length: slots}, (_, slot) =>
      slot === 0 ? key : `${key}\u0000slot ${slot}`
    )
    const records = keys.flatMap((slotKey) => store.getRecord(slotKey) ?? [])
    const hits = this.#slotHits.get(key) ?? []
    this.#slotHits.set(key, hits)
    const keep = (order: TreeRecord[]): void => {
      const unique = [...new Set(order)].slice(0, slots)
      const moved = unique.length !== records.length || unique.some((r, i) => r !== records[i])
      for (const [slot, record] of unique.entries()) {
        store.putRecord(keys[slot] as string, record, {changed: moved})
      }
    }
    /** The record, noting that it answers this tree (when the tree has an identity). */
    const answering = (record: TreeRecord): TreeRecord =>
      identity === undefined || record.trees?.[0] === identity
        ? record
        : {
            ...record,
            trees: [identity, ...(record.trees ?? []).filter((id) => id !== identity)].slice(
              0,
              TREE_IDS
            )
          }
    // records that answered this very tree first: the others are asked their questions
    const knows = (record: TreeRecord): boolean =>
      identity !== undefined && record.trees?.includes(identity) === true
    for (const record of [...records.filter(knows), ...records.filter((r) => !knows(r))]) {
      const known = knows(record)
      if (!known && !(await answersSame(tree, record.queries))) continue
      const value = codec.decode(record.value)
      if (value === undefined) continue
      // the value still depends on every question of the record (series: whether a patch can
      // change it), asked or not
      if (known && tree instanceof RecordingTree) tree.note(record.queries)
      const kept = known ? record : answering(record)
      if (!hits.includes(kept)) hits.push(kept)
      keep([...hits, ...records.map((other) => (other === record ? kept : other))])
      return value
    }
    // a record whose tree differs from this one only where its value cannot
    const adopted = near === undefined ? undefined : await near(records)
    if (adopted !== undefined) {
      const kept = answering(adopted.record)
      keep([kept, ...hits, ...records])
      hits.unshift(kept)
      return adopted.value
    }
    const recording = new RecordingTree(tree)
    const value = await compute(recording)
    const made = answering({queries: recording.queries, value: codec.encode(value)})
    keep([made, ...hits, ...records])
    hits.unshift(made)
    return value
  }

  /**
   * A value computed from a tree, reused within this run when the tree still answers every
   * question the computation asked the same way: patch modes check the base and each patched
   * tree, and a patch that does not touch the build files need not read them again. Keeps the
   * last few values in memory (they are not written to the store).
   */
  async reuse<T>(key: string, tree: FileTree, compute: (tree: FileTree) => Promise<T>): Promise<T> {
    const recent = this.#recent
    for (const [index, known] of recent.entries()) {
      if (known.key !== key || !(await answersSame(tree, known.queries))) continue
      recent.splice(index, 1)
      recent.unshift(known)
      return known.value as T
    }
    const recording = new RecordingTree(tree)
    const value = await compute(recording)
    recent.unshift({key, queries: recording.queries, value})
    recent.length = Math.min(recent.length, RECENT_VALUES)
    return value
  }

  /**
   * A value kept under `key` that no tree can change (a commit's listing), if the store has one;
   * it is kept for the next run.
   */
  storedValue(key: string): unknown {
    const record = this.#store?.getRecord(key)
    if (record === undefined || record.queries.length > 0) return undefined
    this.#store?.putRecord(key, record, {changed: false})
    return record.value
  }

  /** Keep a value that no tree can change under `key` (see `storedValue`). */
  storeValue(key: string, value: unknown): void {
    this.#store?.putRecord(key, {queries: [], value})
  }

  /** Write the persistent store, if there is one (at the end of a run). */
  async save(): Promise<void> {
    await this.#store?.save()
  }

  /**
   * What besides the content decides facts: the parser and its options. Computed once per run
   * (the options hold the known directives, long to serialise) and passed to every `get`. The
   * parser name is length-prefixed and JSON has no raw NUL, so the parts never run into each other.
   */
  static context(parser: string, options: unknown): string {
    return `${parser.length}:${parser}\u0000${JSON.stringify(options ?? null)}`
  }

  /**
   * The cached facts of `content` under `context`, or the result of `make` (cached). The text
   * itself is the key: equal exactly when the content is (no hash, no collision), and V8 keeps a
   * string's hash, so a text looked up again costs nothing.
   */
  get(context: string, content: string, make: () => DocFacts): DocFacts {
    if (this.#used) {
      const used = this.#used.get(context) ?? new Set<string>()
      used.add(content)
      this.#used.set(context, used)
    }
    let byContent = this.#entries.get(context)
    const found = byContent?.get(content)
    if (found) {
      this.hits++
      return found
    }
    let facts = this.#store?.get(context, content)
    if (facts === undefined) {
      this.misses++
      facts = make()
      this.#store?.put(context, content, facts)
    } else {
      this.hits++
    }
    if (this.#size >= this.#limit) this.#evictOldest()
    if (!byContent) {
      byContent = new Map()
      this.#entries.set(context, byContent)
    }
    byContent.set(content, facts)
    this.#size++
    return facts
  }

  /**
   * The facts of a file known only by its stamp (FileTree.stamp: a git blob id, a settled disk
   * file's inode and times), when an earlier run noted its content under that stamp; the file is
   * then not read. Only the persistent store knows stamps.
   */
  byStamp(context: string, stamp: string): DocFacts | undefined {
    const facts = this.#store?.getByStamp?.(context, stamp)
    if (facts !== undefined) this.hits++
    return facts
  }

  /** Note that the file stamped `stamp` holds `content` (see `byStamp`). */
  noteStamp(context: string, stamp: string, content: string): void {
    this.#store?.putStamp?.(context, stamp, content)
  }

  /** The persistent key of facts this run found or made (undefined without a store). */
  keyOf(facts: DocFacts): string | undefined {
    return this.#store?.keyOf?.(facts)
  }

  /** Facts by the key `keyOf` gave, if the store still holds them. */
  byKey(key: string): DocFacts | undefined {
    return this.#store?.byKey?.(key)
  }

  /**
   * Keep every stored entry besides those this run used: a run that reused a check without its
   * graph has not looked up what the next full check will want.
   */
  retainStored(): void {
    this.#store?.retainStored?.()
  }

  /** Whether facts can be found by stamp at all (a persistent store is there). */
  get knowsStamps(): boolean {
    return this.#store?.getByStamp !== undefined
  }

  #evictOldest(): void {
    for (const [context, byContent] of this.#entries) {
      const oldest = byContent.keys().next()
      if (!oldest.done) {
        byContent.delete(oldest.value)
        this.#size--
      }
      if (byContent.size === 0) this.#entries.delete(context)
      return
    }
  }

  /** Contents looked up since `mark()`, by context; undefined when not marking. */
  #used: Map<string, Set<string>> | undefined

  /** Start noting which entries are used (see `sweep`). */
  mark(): void {
    this.#used = new Map()
  }

  /**
   * Drop every entry not looked up since `mark()`. The language server sweeps after each check:
   * every keystroke is new content, and only what the last check used can be asked for again.
   */
  sweep(): void {
    const used = this.#used
    if (!used) return
    this.#used = undefined
    for (const [context, byContent] of this.#entries) {
      const keep = used.get(context)
      for (const content of byContent.keys()) {
        if (keep?.has(content)) continue
        byContent.delete(content)
        this.#size--
      }
      if (byContent.size === 0) this.#entries.delete(context)
    }
  }

  /** How many entries are held. */
  get size(): number {
    return this.#size
  }
}
