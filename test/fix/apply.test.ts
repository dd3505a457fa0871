import {describe, expect, it} from 'vitest'
import type {Fix} from '../../src/diagnostic.js'
import {applyFixes} from '../../src/fix/apply.js'
import {formatUnifiedDiff} from '../../src/fix/diff.js'

function fix(
  file: string,
  start: number,
  end: number,
  text: string,
  extra: Fix['edits'] = []
): Fix {
  return {applicability: 'safe', description: text, edits: [{file, start, end, text}, ...extra]}
}

describe('applyFixes', () => {
  it('applies non-overlapping fixes across files, in offset order', () => {
    const files = new Map([
      ['a.txt', 'one two three'],
      ['b.txt', 'alpha']
    ])
    const result = applyFixes(files, [
      fix('a.txt', 8, 13, '3'),
      fix('a.txt', 0, 3, '1'),
      fix('b.txt', 5, 5, '!')
    ])
    expect(result.files.get('a.txt')).toBe('1 two 3')
    expect(result.files.get('b.txt')).toBe('alpha!')
    expect(result.changed).toEqual(['a.txt', 'b.txt'])
    expect(result.skipped).toEqual([])
    expect(files.get('a.txt')).toBe('one two three')
  })

  it('skips a whole fix when one of its edits overlaps an accepted edit', () => {
    const first = fix('a.txt', 0, 5, 'X')
    const second = fix('b.txt', 0, 0, 'never', [{file: 'a.txt', start: 4, end: 6, text: 'Y'}])
    const result = applyFixes(
      new Map([
        ['a.txt', 'abcdefgh'],
        ['b.txt', 'b']
      ]),
      [second, first]
    )
    expect(result.applied).toEqual([first])
    expect(result.skipped).toEqual([second])
    expect(result.files.get('a.txt')).toBe('Xfgh')
    expect(result.files.get('b.txt')).toBe('b')
  })

  it('treats edits starting at one offset as a conflict and touching ranges as none', () => {
    const result = applyFixes(new Map([['a', 'xy']]), [
      fix('a', 1, 1, 'A'),
      fix('a', 1, 1, 'B'),
      fix('a', 0, 1, '_'),
      fix('a', 1, 2, '-')
    ])
    expect(result.files.get('a')).toBe('_Ay')
    expect(result.skipped.map((f) => f.description)).toEqual(['B', '-'])
  })

  it('skips fixes with edits out of bounds or on unknown files', () => {
    const result = applyFixes(new Map([['a', 'xy']]), [
      fix('a', 1, 9, ''),
      fix('nope', 0, 0, 'z'),
      fix('a', -1, 0, '')
    ])
    expect(result.applied).toEqual([])
    expect(result.changed).toEqual([])
  })
})

describe('formatUnifiedDiff', () => {
  it('prints hunks with three lines of context', () => {
    const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].join('\n') + '\n'
    const after = before.replace('b\n', '').replace('i\n', 'i\nI2\n')
    expect(formatUnifiedDiff('Documentation/automake.mk', before, after)).toBe(
      [
        '--- a/Documentation/automake.mk',
        '+++ b/Documentation/automake.mk',
        '@@ -1,5 +1,4 @@',
        ' a',
        '-b',
        ' c',
        ' d',
        ' e',
        '@@ -7,4 +6,5 @@',
        ' g',
        ' h',
        ' i',
        '+I2',
        ' j',
        ''
      ].join('\n')
    )
  })

  it('merges close changes, marks a missing final newline, and is empty without changes', () => {
    expect(formatUnifiedDiff('x', 'a\nb\n', 'a\nb\n')).toBe('')
    expect(formatUnifiedDiff('x', 'a\nb', 'a\nc')).toBe(
      [
        '--- a/x',
        '+++ b/x',
        '@@ -1,2 +1,2 @@',
        ' a',
        '-b',
        '\\ No newline at end of file',
        '+c',
        '\\ No newline at end of file',
        ''
      ].join('\n')
    )
    expect(formatUnifiedDiff('x', '', 'new\n')).toBe(
      ['--- a/x', '+++ b/x', '@@ -0,0 +1 @@', '+new', ''].join('\n')
    )
  })
})
