/** The facts cache keeps, after a sweep, exactly what was looked up since the mark. */
import {describe, expect, it} from 'vitest'
import {emptyFacts} from '../../src/facts/types.js'
import {FactsCache} from '../../src/graph/facts-cache.js'

describe('FactsCache mark and sweep', () => {
  it('drops the entries a check did not use, and keeps those it did', () => {
    const cache = new FactsCache()
    let made = 0
    const make = () => {
      made++
      return emptyFacts()
    }
    for (const content of ['a', 'b', 'c']) cache.get('rst', content, make)
    expect(cache.size).toBe(3)
    cache.mark()
    cache.get('rst', 'a', make)
    cache.get('rst', 'd', make)
    cache.sweep()
    expect(cache.size).toBe(2)
    made = 0
    cache.get('rst', 'a', make)
    cache.get('rst', 'd', make)
    expect(made).toBe(0)
    cache.get('rst', 'b', make)
    expect(made).toBe(1)
    // Without a mark, a sweep keeps everything.
    cache.sweep()
    expect(cache.size).toBe(3)
  })
})
