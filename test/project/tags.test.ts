import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {evalOnlyCondition} from '../../src/project/tags.js'

// What Sphinx 5.3's Tags(tags).eval_condition(expression) returned for these (run once with
// /usr/bin/python3, sphinx.util.tags); 'error' = it raised (Sphinx then keeps the block, warns).
const SPHINX: [expression: string, withA: boolean | 'error', withAC: boolean | 'error'][] = [
  ['a', true, true],
  ['b', false, false],
  ['not a', false, false],
  ['not b', true, true],
  ['a and b', false, false],
  ['a or b', true, true],
  ['not a or b', false, false],
  ['not (a or b)', false, false],
  ['a and not b or c', true, true],
  ['(a)', true, true],
  ['((a or c) and not c)', true, false],
  ['b if a else c', false, false],
  ['b if c else a', true, false],
  ['a if b else c if a else b', false, true],
  ['not not a', true, true],
  ['  a  ', true, true],
  ['or', false, false],
  ['and', false, false],
  ['a-b', 'error', 'error'],
  ['a.b', 'error', 'error'],
  ['true', 'error', 'error'],
  ['None', 'error', 'error'],
  ['a if b', 'error', 'error'],
  ['a and', 'error', 'error'],
  ['(a', 'error', 'error'],
  ['a)', 'error', 'error'],
  ['', 'error', 'error'],
  ['a b', 'error', 'error']
]

describe('evalOnlyCondition', () => {
  it.each(SPHINX)('%j agrees with Sphinx when every tag is known', (expression, withA, withAC) => {
    const expected = (value: boolean | 'error') => (value === 'error' ? undefined : value)
    expect(evalOnlyCondition(expression, new Set(['a']), {closed: true})).toBe(expected(withA))
    expect(evalOnlyCondition(expression, new Set(['a', 'c']), {closed: true})).toBe(
      expected(withAC)
    )
  })

  it('decides only what holds whatever the builder adds', () => {
    const tags = new Set(['core'])
    expect(evalOnlyCondition('core', tags)).toBe(true)
    expect(evalOnlyCondition('core or html', tags)).toBe(true)
    expect(evalOnlyCondition('not core', tags)).toBe(false)
    expect(evalOnlyCondition('not core and html', tags)).toBe(false)
    // `html`, `builder_html`, `format_html` exist only with the html builder.
    expect(evalOnlyCondition('html', tags)).toBeUndefined()
    expect(evalOnlyCondition('core and html', tags)).toBeUndefined()
    expect(evalOnlyCondition('ansible', tags)).toBeUndefined()
    expect(evalOnlyCondition('core if html else core', tags)).toBe(true)
  })

  it('leaves expressions Sphinx may fail on undecided, even where a branch is decided', () => {
    expect(evalOnlyCondition('core or true', new Set(['core']))).toBeUndefined()
    expect(evalOnlyCondition('core or', new Set(['core']))).toBeUndefined()
    expect(evalOnlyCondition(`${'('.repeat(500)}a${')'.repeat(500)}`, new Set(['a']))).toBe(
      undefined
    )
    expect(evalOnlyCondition('a or '.repeat(5000) + 'a', new Set(['a']))).toBeUndefined()
  })

  // Expressions over three names, random tag sets: an answer without the builder's tags must be
  // the answer for every set of extra tags the builder could add.
  const name = fc.constantFrom('a', 'b', 'c')
  const {expression} = fc.letrec((tie) => ({
    expression: fc.oneof(
      {depthSize: 'small', withCrossShrink: true},
      name,
      fc.tuple(tie('expression')).map(([e]) => `not ${e as string}`),
      fc
        .tuple(tie('expression'), fc.constantFrom('and', 'or'), tie('expression'))
        .map(([l, op, r]) => `(${l as string} ${op} ${r as string})`),
      fc
        .tuple(tie('expression'), tie('expression'), tie('expression'))
        .map(([x, y, z]) => `(${x as string} if ${y as string} else ${z as string})`)
    )
  }))
  const subset = fc.subarray(['a', 'b', 'c'])

  it('is sound: an open answer holds for every completion of the tag set', () => {
    fc.assert(
      fc.property(expression, subset, (text, known) => {
        const open = evalOnlyCondition(text, new Set(known))
        const completions = ['a', 'b', 'c'].filter((tag) => !known.includes(tag))
        const answers = new Set<boolean | undefined>()
        for (let mask = 0; mask < 1 << completions.length; mask += 1) {
          const extra = completions.filter((_, index) => (mask >> index) & 1)
          answers.add(evalOnlyCondition(text, new Set([...known, ...extra]), {closed: true}))
        }
        expect(answers.has(undefined)).toBe(false)
        if (open !== undefined) expect([...answers]).toEqual([open])
        if (completions.length === 0) expect(open).toBe([...answers][0])
      })
    )
  })
})
