import {readFileSync} from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {defaultProject} from '../../src/project/load.js'
import {
  compilePattern,
  discoveryExcludes,
  isExcludedPath,
  matcherMatches,
  matchesAny,
  translatePattern
} from '../../src/project/patterns.js'

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/project/sphinx-5.3')

describe('compilePattern: the docs/sphinx-semantics.md §1.2 table', () => {
  it.each([
    ['**', '.*'],
    ['*', '[^/]*'],
    ['?', '[^/]'],
    ['[ab]', '[ab]'],
    ['[!x]', '[^/x]'],
    ['[^x]', '[\\^x]'],
    ['[]x]', '[\\]x]'],
    ['[', '\\['],
    ['a[b', 'a\\[b'],
    ['a.rst', 'a\\.rst'],
    ['c/d/**', 'c\\/d\\/.*']
  ])('%s translates to %s', (glob, regex) => {
    expect(translatePattern(glob)).toBe(regex)
  })

  it.each<[string, string, boolean]>([
    // `**` crosses `/`, `*` and `?` never do.
    ['**', 'a/b/c.rst', true],
    ['*', 'a/b.rst', false],
    ['*.rst', 'b.rst', true],
    ['?.rst', 'a/b.rst', false],
    // Patterns match the path with its suffix, anchored at both ends.
    ['a', 'a.rst', false],
    ['a.rst', 'a.rst', true],
    ['a.rst', 'x/a.rst', false],
    // `**/x.rst` needs a slash: not a root-level x.rst.
    ['**/x.rst', 'x.rst', false],
    ['**/x.rst', 'sub/x.rst', true],
    ['**/x.rst', 'sub/deep/x.rst', true],
    // `deep` only matches a top-level `deep`.
    ['deep', 'deep', true],
    ['deep', 'sub/deep', false],
    // `notes/*` matches the folder notes/a (so it is pruned) and notes/top.rst.
    ['notes/*', 'notes/a', true],
    ['notes/*', 'notes/top.rst', true],
    ['notes/*', 'notes/a/n.rst', false],
    // A trailing slash never matches a folder path.
    ['b/', 'b', false],
    ['c/d/**', 'c/d/e.rst', true],
    ['c/d/**', 'c/d.rst', false],
    ['c/*', 'c/d.rst', true],
    ['c/*', 'c/d/e.rst', false],
    // Negated classes never match `/`.
    ['a[!b]c', 'a/c', false],
    ['a[!b]c', 'axc', true],
    ['[]]', ']', true],
    // A reversed range is an error in Python: it matches nothing instead of throwing.
    ['[z-a]', 'b', false]
  ])('%s on %s: %s', (glob, file, expected) => {
    expect(compilePattern(glob).test(file)).toBe(expected)
  })

  it('agrees with Sphinx 5.3 on 2,543 random glob/path pairs (fixtures/project/sphinx-5.3/patterns.json)', () => {
    const cases = JSON.parse(readFileSync(path.join(FIXTURES, 'patterns.json'), 'utf8')) as [
      string,
      string,
      boolean
    ][]
    expect(cases.length).toBeGreaterThan(2000)
    const wrong = cases.filter(
      ([glob, file, expected]) => compilePattern(glob).test(file) !== expected
    )
    expect(wrong).toEqual([])
  })

  it('never throws and never backtracks badly (property)', () => {
    fc.assert(
      fc.property(fc.string({maxLength: 30}), fc.string({maxLength: 60}), (glob, file) => {
        const regex = compilePattern(glob)
        expect(typeof regex.test(file)).toBe('boolean')
      })
    )
    // Many stars against a long near-miss: linear for `[^/]*` runs separated by literals.
    expect(compilePattern('*a*a*a*a*a*a*a*a*b').test('a'.repeat(5000))).toBe(false)
  })

  it("answers as Sphinx's own regex does, literal prefixes and suffixes included (property)", () => {
    const part = fc.constantFrom('a', 'b', '.', '/', '*', '**', '?', '[ab]', '[!a]', 'ab', '\n')
    const glob = fc.array(part, {maxLength: 8}).map((parts) => parts.join(''))
    const file = fc
      .array(fc.constantFrom('a', 'b', '.', '/', 'ab', '\n'), {maxLength: 10})
      .map((parts) => parts.join(''))
    fc.assert(
      fc.property(glob, file, (pattern, path) => {
        const ours = compilePattern(pattern)
        // the translated regex, run by JavaScript's engine (backtracking is fine at this size);
        // Python's `$` also matches before a final newline
        const python = new RegExp(ours.source.replace(/\$$/, '\\n?$'), 'u')
        expect(ours.test(path)).toBe(python.test(path))
      }),
      {numRuns: 2000}
    )
  })
})

describe('matchers', () => {
  it('matchesAny uses plain patterns; Matcher adds the `**/` expansion', () => {
    expect(matchesAny('foo.rst', ['**/foo.rst'])).toBe(false)
    expect(matcherMatches('foo.rst', ['**/foo.rst'])).toBe(true)
    expect(matcherMatches('sub/foo.rst', ['**/foo.rst'])).toBe(true)
  })

  it('isExcludedPath uses only exclude_patterns, with the expansion', () => {
    const project = defaultProject('docs')
    project.excludePatterns = ['**/x.rst', '_build']
    project.templatesPath = ['_templates']
    expect(isExcludedPath(project, 'x.rst')).toBe(true)
    expect(isExcludedPath(project, 'sub/x.rst')).toBe(true)
    // Excluded through a folder only: the file path itself does not match (t43).
    expect(isExcludedPath(project, '_build/b.rst')).toBe(false)
    expect(isExcludedPath(project, '_templates/t.rst')).toBe(false)
  })

  it('discovery excludes add templates, static/extra paths and the built-ins', () => {
    const project = defaultProject('')
    project.excludePatterns = ['a']
    project.templatesPath = ['_templates']
    project.htmlStaticPath = ['_static']
    project.htmlExtraPath = ['extra']
    expect(discoveryExcludes(project)).toEqual([
      'a',
      '_templates',
      'extra',
      '_static',
      '**/_sources',
      '.#*',
      '**/.#*',
      '*.lproj/**'
    ])
  })
})
