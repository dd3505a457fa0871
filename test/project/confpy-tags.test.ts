import {readFileSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {readConfPy} from '../../src/project/confpy.js'

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/project')

function read(text: string, tags?: string[]) {
  return readConfPy(text, tags === undefined ? {} : {tags})
}

describe('readConfPy tags', () => {
  it('answers tags.has and `in` from the -t tags', () => {
    const result = read(
      [
        "a = 'yes' if tags.has('core') else 'no'",
        "b = tags.has('ansible')",
        "c = 'core' in tags",
        "d = 'x' not in tags",
        'e = [t for t in tags]',
        'f = sorted(tags)'
      ].join('\n'),
      ['core', 'beta']
    )
    expect(Object.fromEntries(result.values)).toEqual({
      a: 'yes',
      b: false,
      c: true,
      d: true,
      e: ['core', 'beta'],
      f: ['beta', 'core']
    })
    expect(result.unresolved).toEqual([])
    expect(result.tags).toEqual(['core', 'beta'])
  })

  it('follows tags.add and tags.remove in order, and reports the final set', () => {
    const result = read(
      [
        "tags.add('internal')",
        "before = tags.has('core')",
        "tags.remove('core')",
        "tags.remove('never-there')",
        "after = tags.has('core')",
        "extra = 'internal' in tags",
        "tags.add('internal')"
      ].join('\n'),
      ['core']
    )
    expect(Object.fromEntries(result.values)).toEqual({before: true, after: false, extra: true})
    expect(result.tags).toEqual(['internal'])
  })

  it('leaves settings that use tags unresolved when no tags are given', () => {
    const result = read("exclude_patterns = ['drafts'] if tags.has('core') else []\n")
    expect(result.values.has('exclude_patterns')).toBe(false)
    expect(result.unresolved).toEqual([
      {
        name: 'exclude_patterns',
        line: 1,
        reason: 'uses tags (the sphinx-build -t tags; set "sphinx.tags" to give them)'
      }
    ])
    expect(result.tags).toBeUndefined()
  })

  it('treats an empty tag list as a build without -t', () => {
    const result = read("exclude_patterns = ['drafts'] if tags.has('core') else []\n", [])
    expect(result.values.get('exclude_patterns')).toEqual([])
    expect(result.tags).toEqual([])
  })

  it('does not let assert make anything unresolved', () => {
    const text = [
      "KNOWN = {'core', 'ansible'}",
      'count = sum(int(tags.has(name)) for name in KNOWN)',
      "assert count == 1, 'exactly one of {}'.format(', '.join(KNOWN))",
      "html_title = 'Core' if tags.has('core') else 'Other'"
    ].join('\n')
    const result = read(text, ['core'])
    expect(result.values.get('count')).toBe(1)
    expect(result.values.get('html_title')).toBe('Core')
    expect(result.unresolved).toEqual([])
  })

  it('marks values conditional when tags change under an undecidable condition', () => {
    const text = [
      'import os',
      "if os.environ.get('X'):",
      "    tags.add('x')",
      "exclude_patterns = ['a'] if tags.has('x') else []",
      "language = 'en' if tags.has('core') else 'de'"
    ].join('\n')
    const result = read(text, ['core'])
    expect(result.conditional.get('exclude_patterns')).toBe(4)
    expect(result.conditional.get('language')).toBe(5)
    expect(result.tags).toBeUndefined()
  })

  it('forgets the tags after a change it cannot read, without reporting `tags`', () => {
    const text = ['tags.add(unknown_name)', "numfig = tags.has('core')"].join('\n')
    const result = read(text, ['core'])
    expect(result.values.has('numfig')).toBe(false)
    expect(result.unresolved.map((item) => item.name)).toEqual(['numfig'])
    expect(result.unresolved[0]?.reason).toMatch(
      /^uses tags \(tags changed by something unreadable/
    )
    expect(result.tags).toBeUndefined()
  })

  it('follows a conf.py that rebinds the name `tags`', () => {
    const result = read("tags = ['a']\nx = 'a' in tags\n", ['core'])
    expect(result.values.get('x')).toBe(true)
    expect(result.values.get('tags')).toEqual(['a'])
    expect(result.tags).toBeUndefined()
  })

  it('refuses what the Tags object does not have', () => {
    const result = read(
      "a = len(tags)\nb = tags.get('x')\nc = tags.has(['x'])\nd = tags.has(None)\n",
      ['x']
    )
    expect(result.unresolved.map((item) => item.name)).toEqual(['a', 'b', 'c'])
    expect(result.values.get('d')).toBe(false)
  })

  it('evaluates the tag-driven exclude_patterns of the tags fixtures', () => {
    const text = readFileSync(path.join(FIXTURES, 'tags-core/conf.py'), 'utf8')
    expect(read(text, ['core']).values.get('exclude_patterns')).toEqual([
      '_build',
      'community/*',
      'porting/ansible_*'
    ])
    expect(read(text, ['ansible']).values.get('exclude_patterns')).toEqual([
      '_build',
      'porting/core_*'
    ])
    // This one adds `core` itself when no build tag is given.
    const defaulted = readConfPy(
      readFileSync(path.join(FIXTURES, '../toctree-excluded/tags-evaluated/conf.py'), 'utf8'),
      {tags: []}
    )
    expect(defaulted.values.get('exclude_patterns')).toEqual([
      '_build',
      'community/*',
      'porting/ansible_*'
    ])
    expect(defaulted.tags).toEqual(['core'])
  })
})
