/**
 * Bounded fuzzing of every reader of untrusted text (fixed seed, so CI is repeatable and fast):
 * never throw, never hang, positions in bounds. scripts/fuzz.js runs the same properties longer.
 * Crashes found are kept as fixtures under fixtures/hostile/ and replayed below.
 */
import {existsSync, readdirSync, readFileSync} from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {splitExplicitTitle} from '../../src/facts/inline-text.js'
import {parseAutomake} from '../../src/manifests/automake.js'
import {parseMeson} from '../../src/manifests/meson.js'
import {parseDiff} from '../../src/patch/diff.js'
import {readPatchInput} from '../../src/patch/read.js'
import {readConfPy} from '../../src/project/confpy.js'
import {ConfigError} from '../../src/config/error.js'
import {parseConfig} from '../../src/config/parse.js'
import {extractRstFacts} from '../../src/facts/rst.js'
import {extractMarkdownFacts} from '../../src/facts/markdown.js'
import {applyPatch} from '../../src/patch/apply.js'
import {MemoryTree} from '../../src/tree/memory.js'
import {parse as rstParse} from '../../src/rst/parse.js'
// @ts-expect-error -- plain JavaScript module shared with scripts/fuzz.js, no declarations
import {makeProperties, makeTargets} from './properties.js'

const fixtures = path.resolve(import.meta.dirname, '../../fixtures/hostile')
const api = {
  rstParse,
  rstFacts: extractRstFacts,
  mystFacts: (text: string) => extractMarkdownFacts(text, {}),
  parseDiff,
  applyPatch,
  MemoryTree,
  readPatchInput,
  parseAutomake,
  parseMeson,
  readConfPy,
  parseConfig,
  ConfigError
}
const properties = makeProperties(api) as Record<
  string,
  fc.IProperty<unknown> | fc.IAsyncProperty<unknown>
>

/** Runs per reader in `npm test` (a few seconds in all); `npm run fuzz` runs thousands. */
const RUNS: Record<string, number> = {binaryPatch: 150, myst: 60, config: 300}

describe('fuzzing the readers of untrusted text (seed 20261124)', () => {
  const names = [
    'rst',
    'myst',
    'diff',
    'binaryPatch',
    'mail',
    'mailBytes',
    'automake',
    'meson',
    'confpy',
    'config'
  ]
  it('covers every target', () => {
    expect(Object.keys(properties).sort()).toEqual([...names].sort())
  })
  for (const name of names) {
    it(`${name}: never throws, positions in bounds`, async () => {
      const property = properties[name]
      expect(property).toBeDefined()
      await fc.assert(property as fc.IAsyncProperty<unknown>, {
        seed: 20261124,
        numRuns: RUNS[name] ?? 300
      })
    })
  }
})

describe('crashes the fuzzers found (fixtures/fuzz-crashes/<reader>/, saved by npm run fuzz)', () => {
  const crashes = path.resolve(import.meta.dirname, '../../fixtures/fuzz-crashes')
  const targets = makeTargets(api) as Record<string, {check: (input: unknown) => unknown}>
  const saved = existsSync(crashes)
    ? readdirSync(crashes).flatMap((reader) =>
        readdirSync(path.join(crashes, reader)).map((file) => [reader, file] as const)
      )
    : []
  it('are kept for readers that exist', () => {
    for (const [reader] of saved) expect(Object.keys(targets)).toContain(reader)
  })
  for (const [reader, file] of saved) {
    it(`${reader}/${file} replays without an internal error`, async () => {
      const input = JSON.parse(readFileSync(path.join(crashes, reader, file), 'utf8')) as {
        input: unknown
      }
      await targets[reader]?.check(input.input)
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

describe('linear rewrites of quadratic regular expressions match exactly what the originals matched', () => {
  // [original, rewrite]: docs/bad-input.md lists where each one lives.
  const pairs: [RegExp, RegExp][] = [
    [/\/+$/, /(?<!\/)\/+$/],
    [/\0+$/, /(?<!\0)\0+$/],
    [/\s*\n\s*/g, /(?<!\s)\s*\n\s*/g],
    [/\s+$/, /(?<!\s)\s+$/],
    [/ +: +/, /(?<! ) +: +/],
    [/^[ \t]*,?[ \t]*(#.*)?\r?$/, /^[ \t]*(?:,[ \t]*)?(#.*)?\r?$/],
    [/[ \t]+$/, /(?<![ \t])[ \t]+$/],
    [/([ \t]*)\\\r?$/, /(?<![ \t])([ \t]*)\\\r?$/],
    [/(\d+)\/\d+/, /(?<!\d)(\d+)\/\d+/]
  ]
  const text = fc
    .array(fc.constantFrom('/', '\0', ' ', '\t', '\n', '\r', ':', ',', '#', '\\', '1', '2', 'a'), {
      maxLength: 30
    })
    .map((chars) => chars.join(''))
  for (const [original, rewrite] of pairs) {
    it(`${String(rewrite)} ≡ ${String(original)}`, () => {
      fc.assert(
        fc.property(text, (input) => {
          expect(input.replace(rewrite, '<$&>')).toBe(input.replace(original, '<$&>'))
          expect(input.split(rewrite)).toEqual(input.split(original))
          const a = new RegExp(original.source).exec(input)
          const b = new RegExp(rewrite.source).exec(input)
          expect(b?.index).toBe(a?.index)
          expect(b ? [...b] : null).toEqual(a ? [...a] : null)
        }),
        {seed: 20261124, numRuns: 2000}
      )
    })
  }

  it('splitExplicitTitle ≡ the `title <target>` regexes it replaces', () => {
    const variants: [RegExp, {ltInTarget: boolean; nulEscapes: boolean}][] = [
      [/^(.+?)\s*(?<!\x00)<(.*?)>$/s, {ltInTarget: true, nulEscapes: true}],
      [/^(.+?)\s*(?<!\x00)<([^<]*?)>$/s, {ltInTarget: false, nulEscapes: true}],
      [/^([\s\S]+?)\s*<([\s\S]*?)>$/, {ltInTarget: true, nulEscapes: false}]
    ]
    const input = fc
      .array(fc.constantFrom('a', ' ', '\n', '<', '>', '\0', '\u00a0', 'b'), {maxLength: 14})
      .map((c) => c.join(''))
    fc.assert(
      fc.property(input, (value) => {
        for (const [regex, options] of variants) {
          const expected = regex.exec(value)
          expect(splitExplicitTitle(value, options)).toEqual(
            expected ? [expected[0], expected[1], expected[2]] : null
          )
        }
      }),
      {seed: 20261124, numRuns: 5000}
    )
  })

  it('a title with a million spaces before `<target>` splits in one pass', () => {
    const value = `x${' '.repeat(1_000_000)}<target>`
    expect(splitExplicitTitle(value, {ltInTarget: true, nulEscapes: true})?.slice(1)).toEqual([
      'x',
      'target'
    ])
  })
})

describe('the `[` search of the RST inline parser, reused across a run of `[`', () => {
  function references(text: string): string[] {
    const out: string[] = []
    const stack: unknown[] = [rstParse(text)]
    while (stack.length > 0) {
      const node = stack.pop() as {type: string; label?: string; children?: unknown[]}
      if (node.type === 'footnoteReference' || node.type === 'citationReference')
        out.push(`${node.type}:${node.label}`)
      stack.push(...[...(node.children ?? [])].reverse())
    }
    return out
  }

  it('still finds every footnote and citation reference after runs of `[`', () => {
    expect(references('[[[ [1]_ text [CIT2002]_ [[ [#note]_ [*]_ [\n')).toEqual([
      'footnoteReference:1',
      'citationReference:CIT2002',
      'footnoteReference:#note',
      'footnoteReference:*'
    ])
    expect(references(`${'['.repeat(100_000)} [2]_\n`)).toEqual(['footnoteReference:2'])
    expect(references('[a] [b]_ [c\n')).toEqual(['citationReference:b'])
  })
})
