import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {
  MAX_DESCRIPTION,
  createPatchworkReporter,
  expandTargetUrl,
  oneLine,
  patchworkReporter,
  type PatchworkCheck
} from '../../src/report/patchwork.js'
import {cleanResult, patchResult, treeResult} from './run-results.js'

function checks(text: string): PatchworkCheck[] {
  return JSON.parse(text) as PatchworkCheck[]
}

describe('patchwork reporter', () => {
  it('gives one check per patch, in order, with its patchwork id and the whole list', () => {
    expect(checks(patchworkReporter(patchResult(), {color: false}))).toEqual([
      {
        patch: 101,
        index: 1,
        subject: 'doc: Add <guide> & "tips"',
        state: 'success',
        context: 'doclint',
        description: 'No new documentation problems; 1 problem fixed'
      },
      {
        patch: 102,
        index: 2,
        subject: 'Documentation: Remove Windows docs.',
        state: 'fail',
        context: 'doclint',
        description:
          '1 error, 1 warning introduced: docs/index.rst:12 Cannot find document `topics/windows` (doc-unknown); docs/topics/new.rst:1 Document is not included in any toctree (orphan)'
      },
      {
        patch: 103,
        index: 3,
        subject: 'broken\u0001 patch',
        state: 'fail',
        context: 'doclint',
        description: 'Patch does not apply: hunk 2 of `index.rst` does not match at line 40'
      }
    ])
  })

  it('uses warning for a patch that introduces only warnings; target_url from a template', () => {
    const result = patchResult()
    const second = result.patches?.[1]
    if (second === undefined) throw new Error('no patch')
    second.introduced = second.introduced.filter((finding) => finding.severity === 'warning')
    const reporter = createPatchworkReporter({
      targetUrl: 'https://ci.example.org/series/{series}/patch/{patch}?n={index}',
      context: 'doclint-docs',
      series: 'a b'
    })
    const [, warned] = checks(reporter(result, {color: false}))
    expect(warned).toMatchObject({
      state: 'warning',
      context: 'doclint-docs',
      description:
        '1 warning introduced: docs/topics/new.rst:1 Document is not included in any toctree (orphan)',
      target_url: 'https://ci.example.org/series/a%20b/patch/102?n=2'
    })
    expect(expandTargetUrl('https://x/{patch}/{nope}', {patch: 7})).toBe('https://x/7/{nope}')
  })

  it('lists every reason of a patch that does not apply, and counts what does not fit', () => {
    const result = patchResult()
    const third = result.patches?.[2]
    const first = third?.introduced[0]
    if (third === undefined || first === undefined) throw new Error('no patch')
    third.introduced.push({...first, message: 'Cannot apply to `gone.rst`: it does not exist'})
    third.introduced.push({...first, message: 'Cannot apply to `other.rst`: it does not exist'})
    expect(checks(patchworkReporter(result, {color: false}))[2]?.description).toBe(
      'Patch does not apply: hunk 2 of `index.rst` does not match at line 40; Cannot apply to `gone.rst`: it does not exist; Cannot apply to `other.rst`: it does not exist'
    )
    first.message = `Cannot apply ${'x'.repeat(2 * MAX_DESCRIPTION)}`
    const cut = checks(patchworkReporter(result, {color: false}))[2]?.description ?? ''
    expect(Array.from(cut).length).toBeLessThanOrEqual(MAX_DESCRIPTION)
    expect(cut.endsWith('x…; +2 more')).toBe(true)
  })

  it('fits as many findings as the field holds, then says how many more', () => {
    const result = patchResult()
    const second = result.patches?.[1]
    const finding = second?.introduced[0]
    if (second === undefined || finding === undefined) throw new Error('no patch')
    second.introduced = Array.from({length: 100}, (_, n) => ({
      ...finding,
      message: `Cannot find document \`gone${n}\``
    }))
    const description = checks(patchworkReporter(result, {color: false}))[1]?.description ?? ''
    expect(Array.from(description).length).toBeLessThanOrEqual(MAX_DESCRIPTION)
    const listed = description.match(/gone\d+/g) ?? []
    expect(listed.length).toBeGreaterThan(2)
    expect(listed.length).toBeLessThan(100)
    expect(description).toMatch(new RegExp(`; \\+${100 - listed.length} more$`))
  })

  it('summarises a tree run as one check', () => {
    expect(checks(patchworkReporter(treeResult(), {color: false}))).toEqual([
      {
        state: 'fail',
        context: 'doclint',
        description: expect.stringMatching(
          /^1 error, 1 warning, 1 note found: docs\/index\.rst:7 Cannot find document `instal`; did you mean `install`\? \(doc-unknown\); /
        ) as string
      }
    ])
    expect(checks(patchworkReporter(cleanResult(), {color: false}))).toEqual([
      {state: 'success', context: 'doclint', description: 'No documentation problems in 1 document'}
    ])
  })

  it('keeps descriptions to one line of at most MAX_DESCRIPTION characters', () => {
    const result = patchResult()
    const finding = result.patches?.[1]?.introduced[0]
    if (finding === undefined) throw new Error('no finding')
    finding.message = `Cannot find\ndocument ${'`x`'.repeat(MAX_DESCRIPTION)}\r\n`
    const [, check] = checks(patchworkReporter(result, {color: false}))
    expect(Array.from(check?.description ?? '')).toHaveLength(MAX_DESCRIPTION)
    expect(check?.description).toMatch(
      /^1 error, 1 warning introduced: docs\/index\.rst:12 Cannot find document `x`/
    )
    expect(check?.description.endsWith('…; +1 more')).toBe(true)
    fc.assert(
      fc.property(fc.string({unit: 'binary', maxLength: 600}), (text) => {
        const line = oneLine(text)
        expect(Array.from(line).length).toBeLessThanOrEqual(MAX_DESCRIPTION)
        expect(line).not.toMatch(/[\n\r\u2028\u2029]/)
        // No surrogate half is left alone by the truncation.
        expect(line).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/)
      })
    )
  })
})
