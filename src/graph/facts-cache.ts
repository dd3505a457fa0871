/** Parsed facts keyed by content, so later runs (patch modes) re-parse only changed files. */
import {createHash} from 'node:crypto'
import type {DocFacts} from '../facts/types.js'

/** A cache of DocFacts keyed by content hash, parser and the options that change parsing. */
export class FactsCache {
  /** Lookups answered from the cache. */
  hits = 0
  /** Lookups that had to parse. */
  misses = 0
  readonly #entries = new Map<string, DocFacts>()
  readonly #limit: number

  /** @param limit Most entries kept; the oldest go first. */
  constructor(limit = 50_000) {
    this.#limit = limit
  }

  /** The key of one piece of content under one parser configuration. */
  static key(content: string | Uint8Array, parser: string, options: unknown): string {
    const hash = createHash('sha256')
    hash.update(content)
    hash.update('\u0000')
    hash.update(parser)
    hash.update('\u0000')
    hash.update(JSON.stringify(options ?? null))
    return hash.digest('hex')
  }

  /** The cached facts, or the result of `make` (cached). */
  get(key: string, make: () => DocFacts): DocFacts {
    const found = this.#entries.get(key)
    if (found) {
      this.hits++
      return found
    }
    this.misses++
    const facts = make()
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
