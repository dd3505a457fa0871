import {describe, expect, it} from 'vitest'
import {parse} from '../../src/rst/index.js'
import type {ListItem, Reference, Role, Root} from '../../src/rst/index.js'
import {lc, ofType, sliceOf} from './helpers.js'

const roles = (text: string, options = {}) =>
  ofType<Role>(parse(text, options), 'role').map((r) => [r.name, r.value])
const inlineTypes = (text: string) => {
  const para = parse(text).children[0] as {children: {type: string}[]}
  return para.children.map((c) => c.type)
}
const messages = (root: Root) => root.problems.map((p) => p.message)

describe('interpreted text and roles', () => {
  it('normalises names: lower-case, domain prefix kept, prefix and suffix forms', () => {
    expect(roles(':doc:`a` :PY:Func:`b` `c`:term: :std:ref:`d`')).toEqual([
      ['doc', 'a'],
      ['py:func', 'b'],
      ['term', 'c'],
      ['std:ref', 'd']
    ])
  })

  it('uses the default role, options.defaultRole and default-role directives in order', () => {
    expect(ofType<Role>(parse('`x`'), 'role')[0]).toMatchObject({
      name: 'title-reference',
      implicit: true
    })
    expect(roles('`x`', {defaultRole: 'any'})).toEqual([['any', 'x']])
    const text = '`a`\n\n.. default-role:: math\n\n- `b`\n\n.. default-role::\n\n`c`\n'
    expect(roles(text)).toEqual([
      ['title-reference', 'a'],
      ['math', 'b'],
      ['title-reference', 'c']
    ])
  })

  it('follows the start-string prefix and end-string suffix rules', () => {
    // `:doc:` is not a role here, and docutils reads the backquoted part with the default role
    expect(roles('a:doc:`b` and x:ref:`y`')).toEqual([
      ['title-reference', 'b'],
      ['title-reference', 'y']
    ])
    expect(roles(':doc:`  b  `')).toEqual([])
    expect(roles('(:doc:`a`) "x" -:doc:`b`- «:doc:`c`»')).toEqual([
      ['doc', 'a'],
      ['doc', 'b'],
      ['doc', 'c']
    ])
    expect(roles(':doc:`x`: fine')).toEqual([['doc', 'x']])
    const root = parse(':doc:`index`s')
    expect(ofType(root, 'role')).toEqual([])
    expect(messages(root)).toEqual([
      'Inline interpreted text or phrase reference start-string without end-string.'
    ])
  })

  it('treats a role with a reference suffix as a problem, not a role', () => {
    const root = parse(':doc:`x`_')
    expect(ofType(root, 'role')).toEqual([])
    expect(messages(root)).toEqual([
      'Mismatch: both interpreted text role prefix and reference suffix.'
    ])
  })

  it('keeps escapes in role values and honours escaped backquotes', () => {
    expect(roles(':doc:`a\\_b` and \\`no\\` and :ref:`c\\`d`')).toEqual([
      ['doc', 'a\\_b'],
      ['ref', 'c\\`d']
    ])
  })

  it('does not recognise markup in quoted start-strings', () => {
    expect(inlineTypes('a "*" b \'`\' c (*)')).toEqual(['text'])
  })
})

describe('other inline markup', () => {
  it('reads emphasis, strong, literal, targets, substitutions, footnotes and citations', () => {
    expect(
      inlineTypes('*e* **s** ``l`` _`t` |s| |r|_ [1]_ [#]_ [*]_ [CIT]_ name_ anon__ http://x.org/a')
    ).toEqual([
      'emphasis',
      'text',
      'strong',
      'text',
      'inlineLiteral',
      'text',
      'inlineTarget',
      'text',
      'substitutionReference',
      'text',
      'substitutionReference',
      'text',
      'footnoteReference',
      'text',
      'footnoteReference',
      'text',
      'footnoteReference',
      'text',
      'citationReference',
      'text',
      'reference',
      'text',
      'reference',
      'text',
      'reference'
    ])
  })

  it('reads hyperlink references with embedded URIs and aliases', () => {
    const refs = ofType<Reference>(
      parse('`A <http://a.org>`_ `B <b_>`_ `C`__ `<http://c.org>`_'),
      'reference'
    )
    expect(refs.map((r) => [r.text, r.refuri, r.refname, r.embedded, r.anonymous])).toEqual([
      ['A', 'http://a.org', undefined, 'uri', undefined],
      ['B', undefined, 'b', 'alias', undefined],
      ['C', undefined, 'c', undefined, true],
      ['http://c.org', 'http://c.org', undefined, 'uri', undefined]
    ])
  })

  it('reports start-strings without end-strings', () => {
    expect(messages(parse('*a and **b and ``c'))).toEqual([
      'Inline emphasis start-string without end-string.',
      'Inline strong start-string without end-string.',
      'Inline literal start-string without end-string.'
    ])
  })

  it('removes escapes from text values', () => {
    const para = parse('a \\*b\\* c').children[0] as {children: {value: string}[]}
    expect(para.children.map((c) => c.value)).toEqual(['a *b* c'])
  })
})

describe('positions', () => {
  it('are exact for a role wrapping two lines in a list item in a block quote', () => {
    const text = 'Intro.\n\n    - item with :ref:`a long\n      target` end\n'
    const role = ofType<Role>(parse(text), 'role')[0]!
    expect(role.value).toBe('a long\ntarget')
    expect(lc(role)).toEqual([3, 17, 4, 14])
    expect(sliceOf(text, role)).toBe(':ref:`a long\n      target`')
    expect(sliceOf(text, {type: 'x', position: role.valuePosition})).toBe('a long\n      target')
  })

  it('are exact for content inside a grid table cell', () => {
    const text = '+-----+------------+\n| a   | x :doc:`y` |\n+-----+------------+\n'
    const root = parse(text)
    const role = ofType<Role>(root, 'role')[0]!
    expect(lc(role)).toEqual([2, 11, 2, 19])
    expect(sliceOf(text, role)).toBe(':doc:`y`')
    const cell = ofType(root, 'tableCell')[1]!
    expect(lc(cell)).toEqual([1, 7, 3, 21])
  })

  it('are exact inside a simple table cell', () => {
    const text = '==  ========\na   :doc:`b`\n==  ========\n'
    const role = ofType<Role>(parse(text), 'role')[0]!
    expect(lc(role)).toEqual([2, 5, 2, 13])
  })

  it('are exact inside directive content', () => {
    const text = '.. note::\n\n   See :doc:`x`.\n'
    const role = ofType<Role>(parse(text), 'role')[0]!
    expect(lc(role)).toEqual([3, 8, 3, 16])
    expect(sliceOf(text, role)).toBe(':doc:`x`')
  })

  it('refer to the original text with CRLF line ends and a BOM', () => {
    const text = '\uFEFFTitle\r\n=====\r\n\r\nSee :doc:`a` and\r\n:ref:`b\r\nc`.\r\n'
    const root = parse(text)
    const [a, b] = ofType<Role>(root, 'role')
    expect(sliceOf(text, a!)).toBe(':doc:`a`')
    expect(lc(a!)).toEqual([4, 5, 4, 13])
    expect(b!.value).toBe('b\nc')
    expect(sliceOf(text, b!)).toBe(':ref:`b\r\nc`')
    expect(root.children[0]!.type).toBe('section')
    expect(lc(ofType(root, 'title')[0]!)).toEqual([1, 2, 1, 7])
  })

  it('expand tabs to 8 columns for indentation only', () => {
    // `-<tab>` is a bullet whose text starts at column 8, so the tab-indented line belongs to it
    const text = '-\titem :doc:`a`\n\n\tquote :doc:`b`\n\n  quote\n'
    const root = parse(text)
    expect(root.children.map((c) => c.type)).toEqual(['bulletList', 'blockQuote'])
    expect(ofType<ListItem>(root, 'listItem')[0]!.children.map((c) => c.type)).toEqual([
      'paragraph',
      'paragraph'
    ])
    const [a, b] = ofType<Role>(root, 'role')
    expect(sliceOf(text, a!)).toBe(':doc:`a`')
    expect(lc(b!)).toEqual([3, 8, 3, 16])
  })
})
