import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {
  MAX_DESCRIPTION,
  createPatchworkReporter,
  oneLine,
  patchworkReporter,
  type PatchworkCheck
} from '../../src/report/patchwork.js'
import {cleanResult, patchResult, treeResult} from './run-results.js'

function checks(text: string): PatchworkCheck[] {
  return JSON.parse(text) as PatchworkCheck[]
}

describe('patchwork reporter', () => {
  it('gives one check per patch, in order', () => {
    expect(checks(patchworkReporter(patchResult(), {color: false}))).toEqual([
      {
        state: 'success',
        context: 'doclint',
        description: 'No new documentation problems; 1 problem fixed'
      },
      {
        state: 'fail',
        context: 'doclint',
        description:
          '1 error, 1 warning introduced: Cannot find document `topics/windows` (docs/index.rst:12)'
      },
      {
        state: 'fail',
        context: 'doclint',
        description: 'Patch does not apply: hunk 2 of `index.rst` does not match at line 40'
      }
    ])
  })

  it('uses warning for a patch that introduces only warnings, and adds target_url', () => {
    const result = patchResult()
    const second = result.patches?.[1]
    if (second === undefined) throw new Error('no patch')
    second.introduced = second.introduced.filter((finding) => finding.severity === 'warning')
    const reporter = createPatchworkReporter({
      targetUrl: 'https://ci.example.org/job/7',
      context: 'doclint-docs'
    })
    const [, warned] = checks(reporter(result, {color: false}))
    expect(warned).toEqual({
      state: 'warning',
      context: 'doclint-docs',
      description:
        '1 warning introduced: Document is not included in any toctree (docs/topics/new.rst:1)',
      target_url: 'https://ci.example.org/job/7'
    })
  })

  it('counts the other reasons of a patch that does not apply, even when cutting', () => {
    const result = patchResult()
    const third = result.patches?.[2]
    const first = third?.introduced[0]
    if (third === undefined || first === undefined) throw new Error('no patch')
    third.introduced.push({...first, message: 'Cannot apply to `gone.rst`: it does not exist'})
    third.introduced.push({...first, message: 'Cannot apply to `other.rst`: it does not exist'})
    expect(checks(patchworkReporter(result, {color: false}))[2]?.description).toBe(
      'Patch does not apply: hunk 2 of `index.rst` does not match at line 40 (+2 more)'
    )
    first.message = `Cannot apply ${'x'.repeat(400)}`
    const cut = checks(patchworkReporter(result, {color: false}))[2]?.description ?? ''
    expect(cut).toHaveLength(MAX_DESCRIPTION)
    expect(cut.endsWith('x… (+2 more)')).toBe(true)
  })

  it('summarises a tree run as one check', () => {
    expect(checks(patchworkReporter(treeResult(), {color: false}))).toEqual([
      {
        state: 'fail',
        context: 'doclint',
        description:
          '1 error, 1 warning, 1 note found: Cannot find document `instal`; did you mean `install`? (docs/index.rst:7)'
      }
    ])
    expect(checks(patchworkReporter(cleanResult(), {color: false}))).toEqual([
      {state: 'success', context: 'doclint', description: 'No documentation problems in 1 document'}
    ])
  })

  it('keeps descriptions to one line of at most 255 characters', () => {
    const result = patchResult()
    const finding = result.patches?.[1]?.introduced[0]
    if (finding === undefined) throw new Error('no finding')
    finding.message = `Cannot find\ndocument ${'`x`'.repeat(200)}\r\n`
    const [, check] = checks(patchworkReporter(result, {color: false}))
    expect(Array.from(check?.description ?? '')).toHaveLength(MAX_DESCRIPTION)
    expect(check?.description).toMatch(/^1 error, 1 warning introduced: Cannot find document `x`/)
    expect(check?.description.endsWith('…')).toBe(true)
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
