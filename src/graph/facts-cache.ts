/** Parsed facts keyed by content, so later runs (patch modes) re-parse only changed files. */
import {Buffer} from 'node:buffer'
import {answersSame, RecordingTree} from '../cache/recording-tree.js'
import type {TreeRecord} from '../cache/facts-store.js'
import type {DocFacts} from '../facts/types.js'
import type {FileTree} from '../tree/types.js'

/** A persistent second level (`--cache`): see src/cache/facts-store.ts. */
export interface FactsBackingStore {
  get(key: string): DocFacts | undefined
  put(key: string, facts: DocFacts): void
  getRecord(key: string): TreeRecord | undefined
  putRecord(key: string, record: TreeRecord, changed?: boolean): void
  save(): Promise<void>
}

/** How a value computed from a tree is written to and read back from the cache file. */
export interface RecordCodec<T> {
  encode(value: T): unknown
  /** `undefined` when the stored data is not a valid value (it is then computed again). */
  decode(data: unknown): T | undefined
}

/** A cache of DocFacts keyed by content, parser and the options that change parsing. */
export class FactsCache {
  /** Lookups answered from the cache. */
  hits = 0
  /** Lookups that had to parse. */
  misses = 0
  readonly #entries = new Map<string, DocFacts>()
  readonly #limit: number
  readonly #store: FactsBackingStore | undefined

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
   */
  async fromTree<T>(
    key: string,
    tree: FileTree,
    compute: (tree: FileTree) => Promise<T>,
    codec: RecordCodec<T>
  ): Promise<T> {
    const store = this.#store
    if (!store) return compute(tree)
    const stored = store.getRecord(key)
    if (stored && (await answersSame(tree, stored.queries))) {
      const value = codec.decode(stored.value)
      if (value !== undefined) {
        store.putRecord(key, stored, false)
        return value
      }
    }
    const recording = new RecordingTree(tree)
    const value = await compute(recording)
    store.putRecord(key, {queries: recording.queries, value: codec.encode(value)})
    return value
  }

  /** Write the persistent store, if there is one (at the end of a run). */
  async save(): Promise<void> {
    await this.#store?.save()
  }

  /**
   * The key of one piece of content under one parser configuration: the content itself, so two
   * keys are equal exactly when everything is (no hash, no collision), and a Map compares them
   * natively. The parser name is length-prefixed and JSON has no raw NUL, so the parts never run
   * into each other.
   */
  static key(content: string | Uint8Array, parser: string, options: unknown): string {
    // latin1 maps each byte to one code unit, so bytes stay exact and distinct from strings.
    const body =
      typeof content === 'string' ? `s${content}` : `b${Buffer.from(content).toString('latin1')}`
    return `${parser.length}:${parser}\u0000${JSON.stringify(options ?? null)}\u0000${body}`
  }

  /** The cached facts, or the result of `make` (cached). */
  get(key: string, make: () => DocFacts): DocFacts {
    const found = this.#entries.get(key)
    if (found) {
      this.hits++
      return found
    }
    let facts = this.#store?.get(key)
    if (facts === undefined) {
      this.misses++
      facts = make()
      this.#store?.put(key, facts)
    } else {
      this.hits++
    }
    if (this.#entries.size >= this.#limit) {
      const oldest = this.#entries.keys().next()
      if (!oldest.done) this.#entries.delete(oldest.value)
    }
    this.#entries.set(key, facts)
    return facts
  }

  /** How many entries are held. */
  get size(): number {
    return this.#entries.size
  }
}
