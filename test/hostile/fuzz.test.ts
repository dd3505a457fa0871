/**
 * Bounded fuzzing of every reader of untrusted text (fixed seed, so CI is repeatable and fast):
 * never throw, never hang, positions in bounds. scripts/fuzz.js runs the same properties longer.
 * Crashes found are kept as fixtures under fixtures/hostile/ and replayed below.
 */
import {readFileSync} from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {parseAutomake} from '../../src/manifests/automake.js'
import {parseMeson} from '../../src/manifests/meson.js'
import {parseDiff} from '../../src/patch/diff.js'
import {readPatchInput} from '../../src/patch/read.js'
import {readConfPy} from '../../src/project/confpy.js'
import {parse as rstParse} from '../../src/rst/parse.js'
// @ts-expect-error -- plain JavaScript module shared with scripts/fuzz.js, no declarations
import {makeProperties} from './properties.js'

const fixtures = path.resolve(import.meta.dirname, '../../fixtures/hostile')
const api = {rstParse, parseDiff, readPatchInput, parseAutomake, parseMeson, readConfPy}
const properties = makeProperties(api) as Record<
  string,
  fc.IProperty<unknown> | fc.IAsyncProperty<unknown>
>

describe('fuzzing the readers of untrusted text (seed 20261124)', () => {
  for (const name of ['rst', 'diff', 'mail', 'mailBytes', 'automake', 'meson', 'confpy']) {
    it(`${name}: never throws, positions in bounds`, async () => {
      const property = properties[name]
      expect(property).toBeDefined()
      await fc.assert(property as fc.IAsyncProperty<unknown>, {seed: 20261124, numRuns: 300})
    })
  }
})

describe('regressions found by fuzzing and the pathological bench', () => {
  it('meson: 200,000 nested brackets give a problem, not a stack overflow', () => {
    const text = readFileSync(path.join(fixtures, 'meson-nested.build.txt'), 'utf8')
    const deep = text.replace('@DEEP@', '['.repeat(200_000))
    const result = parseMeson(deep, 'meson.build')
    expect(result.problems.map((problem) => problem.message)).toEqual([
      'Expression nested more than 500 deep; rest of the line skipped'
    ])
    expect(result.problems[0]?.line).toBe(2)
  })

  it('meson: nesting under the limit is still read', () => {
    const text = `docs = files(${'('.repeat(100)}'a.rst'${')'.repeat(100)})\n`
    const result = parseMeson(text, 'meson.build')
    expect(result.problems).toEqual([])
    expect(result.entries('docs').map((entry) => entry.path)).toEqual(['a.rst'])
  })

  it('meson: deep unary chains (`- - - …`, `not not …`) give a problem, not a stack overflow', () => {
    for (const chain of ['-'.repeat(100_000) + '1', 'not '.repeat(100_000) + 'true']) {
      const result = parseMeson(`x = ${chain}\n`, 'meson.build')
      expect(result.problems).toHaveLength(1)
    }
  })

  it('rst: lone CR line ends put positions on the lines docutils sees', () => {
    const root = rstParse('\r\r`')
    const paragraph = root.children[0]
    expect(paragraph?.type).toBe('paragraph')
    expect(paragraph?.position?.start.line).toBe(3)
  })
})
