/** Parsed facts keyed by content, so later runs (patch modes) re-parse only changed files. */
import {Buffer} from 'node:buffer'
import type {DocFacts} from '../facts/types.js'

/** A cache of DocFacts keyed by content, parser and the options that change parsing. */
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
