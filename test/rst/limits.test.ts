/**
 * `ParseOptions.maxElements` (the per-document inline budget) and the shapes that used to be
 * super-linear: dense inline markup on one huge line, long wrapped target names, tables with many
 * cells, deep tab-indented quotes, very long paragraphs. Structural asserts only (no timing): a
 * quadratic parser shows up as these tests not finishing.
 */
import {describe, expect, it} from 'vitest'
import {parse} from '../../src/rst/index.js'
import type {
  BlockQuote,
  Classifier,
  Directive,
  Paragraph,
  Problem,
  Reference,
  Role,
  Root,
  Table,
  TableCell,
  Target,
  Text
} from '../../src/rst/index.js'
import {allNodes, ofType, sliceOf} from './helpers.js'

const INLINE_ELEMENTS = new Set([
  'emphasis',
  'strong',
  'inlineLiteral',
  'role',
  'reference',
  'inlineTarget',
  'footnoteReference',
  'citationReference',
  'substitutionReference'
])

/** Inline elements in the tree (text nodes excluded), in document order. */
function elements(root: Root): {type: string}[] {
  return allNodes(root).filter((n) => INLINE_ELEMENTS.has(n.type))
}

function tooMuch(root: Root): Problem[] {
  return root.problems.filter((p) => p.message.startsWith('Too much inline markup:'))
}

function message(limit: number, line: number): string {
  return `Too much inline markup: more than ${limit} inline elements in this document; inline parsing stopped at line ${line} and the rest of the document is plain text.`
}

/** Paragraph `k` (0-based) of a flat document of paragraphs. */
function para(root: Root, k: number): Paragraph {
  return ofType<Paragraph>(root, 'paragraph')[k]!
}

// ten paragraphs (lines 1, 3, …, 19), two elements each: a role and an emphasis
const TEN = Array.from({length: 10}, (_, i) => `:doc:\`d${i}\` and *e${i}*`).join('\n\n') + '\n'

describe('maxElements', () => {
  it('stops at the limit: one problem with the limit and the line, the rest stays as text', () => {
    const root = parse(TEN, {maxElements: 5})
    // elements 1-5: paragraphs 0 and 1, and the role of paragraph 2; the sixth is on line 5
    expect(elements(root)).toHaveLength(5)
    const problems = tooMuch(root)
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatchObject({level: 2, line: 5, message: message(5, 5)})
    expect(problems[0]!.position?.start.offset).toBe(TEN.indexOf('*e2*'))
    expect(root.problems).toHaveLength(1)
    // paragraph 2 keeps its role; what follows it is one text node, markup characters and all
    const p2 = para(root, 2)
    expect(p2.children.map((c) => c.type)).toEqual(['role', 'text'])
    expect((p2.children[1] as Text).value).toBe(' and *e2*')
    expect(sliceOf(TEN, p2.children[1]!)).toBe(' and *e2*')
    for (let k = 3; k < 10; k++) {
      const p = para(root, k)
      expect(p.children).toHaveLength(1)
      const text = p.children[0] as Text
      expect(text.type).toBe('text')
      expect(text.value).toBe(`:doc:\`d${k}\` and *e${k}*`)
      expect(sliceOf(TEN, text)).toBe(text.value)
      expect(text.position.start.line).toBe(2 * k + 1)
    }
  })

  it('counts exactly: the limit itself is allowed, one more is not', () => {
    expect(tooMuch(parse(TEN, {maxElements: 20}))).toEqual([])
    expect(elements(parse(TEN, {maxElements: 20}))).toHaveLength(20)
    const root = parse(TEN, {maxElements: 19})
    expect(elements(root)).toHaveLength(19)
    expect(tooMuch(root).map((p) => p.message)).toEqual([message(19, 19)])
  })

  it('defaults to 20,000 and can be raised, lowered or switched off', () => {
    const dense = (n: number) => '*a* '.repeat(n) + '\n'
    // the default: 20,000 pass, 20,001 do not
    expect(tooMuch(parse(dense(20_000)))).toEqual([])
    const over = parse(dense(20_001))
    expect(tooMuch(over).map((p) => p.message)).toEqual([message(20_000, 1)])
    expect(ofType(over, 'emphasis')).toHaveLength(20_000)
    // raised, off, lowered
    expect(tooMuch(parse(dense(100_001), {maxElements: 100_001}))).toEqual([])
    expect(ofType(parse(dense(150_000), {maxElements: Infinity}), 'emphasis')).toHaveLength(150_000)
    const low = parse(dense(10), {maxElements: 3})
    expect(ofType(low, 'emphasis')).toHaveLength(3)
    expect(tooMuch(low)).toHaveLength(1)
  })

  it('with 0 produces no element at all, and reports the first one', () => {
    const text = 'Plain words first.\n\nThen :doc:`x` here.\n'
    const root = parse(text, {maxElements: 0})
    expect(elements(root)).toEqual([])
    expect(tooMuch(root).map((p) => p.line)).toEqual([3])
    expect((para(root, 1).children[0] as Text).value).toBe('Then :doc:`x` here.')
  })

  it('counts inline problems as elements', () => {
    // each `*a` opens emphasis that never closes: one warning each
    const root = parse('*a '.repeat(10) + '\n', {maxElements: 3})
    const unclosed = root.problems.filter((p) => p.message.startsWith('Inline emphasis'))
    expect(unclosed).toHaveLength(3)
    expect(tooMuch(root)).toHaveLength(1)
    expect(root.problems).toHaveLength(4)
  })

  it('removes escapes from the text after the cut, as in any text node', () => {
    const root = parse(':doc:`a` *b* \\*c\\* d\\ e\n', {maxElements: 1})
    const text = para(root, 0).children[1] as Text
    expect(text.value).toBe(' *b* *c* de')
    expect(sliceOf(':doc:`a` *b* \\*c\\* d\\ e\n', text)).toBe(' *b* \\*c\\* d\\ e')
  })

  it('cuts in document order, nested bodies included', () => {
    // the nested list item is parsed after its parent's siblings, yet the cut follows the text
    const text = [
      ':doc:`a`',
      '',
      '- :doc:`b`',
      '',
      '  - :doc:`c`',
      '',
      '    > :doc:`d`',
      '',
      '- :doc:`e`',
      '',
      ':doc:`f`',
      ''
    ].join('\n')
    for (const prefix of ['', '.. default-role:: ref\n\n']) {
      const doc = prefix + text
      const root = parse(doc, {maxElements: 3})
      expect(ofType<Role>(root, 'role').map((r) => r.value)).toEqual(['a', 'b', 'c'])
      const cut = doc.indexOf(':doc:`d`')
      expect(tooMuch(root)).toEqual([
        expect.objectContaining({line: doc.slice(0, cut).split('\n').length})
      ])
      const texts = ofType<Text>(root, 'text').map((t) => t.value)
      expect(texts).toContain('> :doc:`d`')
      expect(texts).toContain(':doc:`e`')
      expect(texts).toContain(':doc:`f`')
    }
  })

  it('still splits classifiers off definition-list terms after the cut', () => {
    const text = ':doc:`a` *b*\n\nterm : classifier\n   Definition.\n'
    const root = parse(text, {maxElements: 1})
    expect(tooMuch(root)).toHaveLength(1)
    expect(
      ofType<Classifier>(root, 'classifier').map((c) => (c.children[0] as Text).value)
    ).toEqual(['classifier'])
  })

  it('bounds a 50 MB-style dense line: the limit, then one text node to the end of the line', () => {
    const unit = ':doc:`a` '
    const text = 'Big\n===\n\n' + unit.repeat(120_000) + '\n'
    const root = parse(text)
    expect(ofType(root, 'role')).toHaveLength(20_000)
    const p = para(root, 0)
    const last = p.children[p.children.length - 1] as Text
    expect(last.type).toBe('text')
    // everything after the 20,000th role, to the end of the line, as written
    const rest = text.slice(text.indexOf(':doc:') + unit.length * 20_000 - 1, -1)
    expect(last.value === rest).toBe(true)
    expect(last.position.end.offset).toBe(text.length - 1)
    expect(tooMuch(root)).toHaveLength(1)
  })
})

function tooMuchBlock(root: Root): Problem[] {
  return root.problems.filter((p) => p.message.startsWith('Too much block markup:'))
}

describe('maxBlockElements', () => {
  it('stops nesting at the limit; the unparsed rest is one plain paragraph', () => {
    // each level is a construct (the list) and a nested body (its item): 2 elements
    const root = parse('- '.repeat(10) + 'x *y*\n', {maxBlockElements: 6})
    expect(ofType(root, 'bulletList')).toHaveLength(3)
    const paras = ofType<Paragraph>(root, 'paragraph')
    expect(paras).toHaveLength(1)
    expect(paras[0]!.children).toEqual([
      expect.objectContaining({type: 'text', value: '- - - - - - - x *y*'})
    ])
    expect(tooMuchBlock(root)).toEqual([
      expect.objectContaining({
        level: 2,
        line: 1,
        message:
          'Too much block markup: more than 6 block elements in this document; block parsing stopped at line 1 and the unparsed rest is plain text.'
      })
    ])
    expect(root.problems).toHaveLength(1)
  })

  it('ends a long list at the limit and keeps every line as text', () => {
    const text = '- a\n'.repeat(14)
    const root = parse(text, {maxBlockElements: 10})
    const [list] = ofType<{type: 'bulletList'; children: unknown[]}>(root, 'bulletList')
    expect(list!.children).toHaveLength(10)
    const paras = ofType<Paragraph>(root, 'paragraph')
    expect(paras.map((p) => (p.children[0] as Text).value)).toEqual([
      ...Array<string>(10).fill('a'),
      '- a\n- a\n- a\n- a'
    ])
    expect(sliceOf(text, paras[10]!)).toBe('- a\n- a\n- a\n- a')
    expect(tooMuchBlock(root).map((p) => p.line)).toEqual([10])
    // no "ends without a blank line" warning for a list the budget cut short
    expect(root.problems).toHaveLength(1)
  })

  it('counts each definition list item and its term: a long list ends at the limit', () => {
    const text = Array.from({length: 40}, (_, n) => `term${n}\n  def${n}\n`).join('')
    // each item costs 3: itself (the list, for the first), its term and its definition
    const root = parse(text, {maxBlockElements: 21})
    const [list] = ofType<{type: 'definitionList'; children: unknown[]}>(root, 'definitionList')
    expect(list!.children).toHaveLength(7)
    expect(tooMuchBlock(root).map((p) => p.line)).toEqual([15])
    const paras = ofType<Paragraph>(root, 'paragraph')
    // the rest of the list, from the 8th term, is one plain paragraph
    const rest = paras.find((p) => (p.children[0] as Text).value.startsWith('term'))
    expect((rest!.children[0] as Text).value.split('\n')[0]).toBe('term7')
    expect(ofType(parse(text), 'definitionListItem')).toHaveLength(40)
  })

  it('counts each construct of an explicit markup list: a run of targets ends at the limit', () => {
    const text = Array.from({length: 40}, (_, n) => `.. _t${n}:\n`).join('') + '\nPara.\n'
    const root = parse(text, {maxBlockElements: 10})
    expect(ofType(root, 'target')).toHaveLength(10)
    expect(tooMuchBlock(root).map((p) => p.line)).toEqual([11])
    expect(ofType(parse(text), 'target')).toHaveLength(40)
  })

  it('ends a table at the limit', () => {
    const border = '+' + '-+'.repeat(10)
    const text = `${border}\n|${'a|'.repeat(10)}\n${border}\n`
    // the table (1) and three cells (2-4) fit; the fourth cell, being made, is the last
    const root = parse(text, {maxBlockElements: 4})
    const cells = ofType<TableCell>(root, 'tableCell')
    expect(cells).toHaveLength(4)
    expect(ofType<Text>(cells[3] as unknown as Root, 'text').map((t) => t.value)).toEqual(['a'])
    expect(tooMuchBlock(root)).toHaveLength(1)
  })

  it('counts the content lines every nested directive keeps', () => {
    const text = '.. note::\n\n   .. note::\n\n      .. code-block:: c\n\n         a\n         b\n'
    const full = ofType<Directive>(parse(text, {maxBlockElements: Infinity}), 'directive')
    expect(full.map((d) => d.contentLines.length)).toEqual([6, 4, 2])
    // the outer note keeps 6 lines; the inner one's 4 do not fit any more
    const root = parse(text, {maxBlockElements: 10})
    const [outer, inner, ...rest] = ofType<Directive>(root, 'directive')
    expect(rest).toEqual([])
    expect(outer!.contentLines).toHaveLength(6)
    expect(inner).toMatchObject({name: 'note', content: '', contentLines: []})
    expect(inner!.children.map((c) => c.type)).toEqual(['paragraph'])
    expect(((inner!.children[0] as Paragraph).children[0] as Text).value).toBe(
      '.. code-block:: c\n\n   a\n   b'
    )
    expect(tooMuchBlock(root).map((p) => p.line)).toEqual([5])
  })

  it('parses at most 2 lines per block element; the rest of a longer document is plain text', () => {
    const text = 'a\n'.repeat(30) + '\n'
    const root = parse(text, {maxBlockElements: 10})
    const paras = ofType<Paragraph>(root, 'paragraph')
    expect(paras.map((p) => (p.children[0] as Text).value)).toEqual([
      Array<string>(20).fill('a').join('\n'),
      Array<string>(10).fill('a').join('\n')
    ])
    expect(paras[1]!.position.start).toMatchObject({line: 21, column: 1})
    expect(paras[1]!.position.end).toMatchObject({line: 30, column: 2})
    expect(tooMuchBlock(root).map((p) => p.message)).toEqual([
      'Too much block markup: more than 20 lines in this document; block parsing stopped at line 21 and the rest is plain text.'
    ])
    // CRLF line ends: the same lines, the text joined with \n
    const crlf = parse(text.replaceAll('\n', '\r\n'), {maxBlockElements: 10})
    expect(ofType<Text>(crlf, 'text').map((t) => t.value)).toEqual(
      ofType<Text>(root, 'text').map((t) => t.value)
    )
  })

  it('bounds the lines deep nesting reads again (10 per block element)', () => {
    // 200 quotes deep, 23 blank lines at each level: every level reads all the lines below it
    let text = ''
    for (let l = 0; l < 200; l++) text += `${' '.repeat(l)}q${l}\n` + '\n'.repeat(23)
    const root = parse(text, {maxBlockElements: 1000})
    const problems = tooMuchBlock(root)
    expect(problems).toHaveLength(0)
    const nesting = root.problems.filter((p) => p.message.startsWith('Too much block nesting:'))
    expect(nesting).toHaveLength(1)
    expect(nesting[0]!.message).toMatch(
      /^Too much block nesting: more than 10000 nested lines read in this document; block parsing stopped at line \d+ and the unparsed rest is plain text\.$/
    )
    // every line is still there, parsed or as text
    const all = ofType<Text>(root, 'text')
      .map((t) => t.value)
      .join('\n')
    for (let l = 0; l < 200; l++) expect(all).toMatch(new RegExp(`\\bq${l}\\b`))
    expect(ofType(parse(text, {maxBlockElements: Infinity}), 'blockQuote')).toHaveLength(199)
  })

  it('defaults to 50,000, and can be switched off', () => {
    const deep = '- '.repeat(30_000) + 'x\n'
    const root = parse(deep)
    expect(ofType(root, 'bulletList')).toHaveLength(25_000)
    expect(tooMuchBlock(root)).toHaveLength(1)
    expect(ofType(parse(deep, {maxBlockElements: Infinity}), 'bulletList')).toHaveLength(30_000)
    expect(tooMuchBlock(parse('- '.repeat(24_999) + 'x\n'))).toEqual([])
  })
})

describe('dense inline markup stays linear (200,000 elements on one line)', () => {
  it('emphasis, strong and literals', () => {
    const root = parse('*a* **b** ``c`` '.repeat(66_667) + '\n', {maxElements: Infinity})
    expect(ofType(root, 'emphasis')).toHaveLength(66_667)
    expect(ofType(root, 'strong')).toHaveLength(66_667)
    expect(ofType(root, 'inlineLiteral')).toHaveLength(66_667)
    expect(root.problems).toEqual([])
  })

  it('roles', () => {
    const root = parse(':doc:`a` '.repeat(200_000) + '\n', {maxElements: Infinity})
    const roles = ofType<Role>(root, 'role')
    expect(roles).toHaveLength(200_000)
    expect(roles[199_999]).toMatchObject({name: 'doc', value: 'a'})
    expect(roles[199_999]!.position.start.column).toBe(9 * 199_999 + 1)
  })

  it('references, substitutions and footnote references', () => {
    const root = parse('`a`_ b_ |c| [#]_ '.repeat(50_000) + '\n', {maxElements: Infinity})
    expect(ofType<Reference>(root, 'reference')).toHaveLength(100_000)
    expect(ofType(root, 'substitutionReference')).toHaveLength(50_000)
    expect(ofType(root, 'footnoteReference')).toHaveLength(50_000)
  })

  it('one element per line in a 100,000-line paragraph keeps exact lines', () => {
    const text = '*a* `b`_ :ref:`c`\n'.repeat(100_000)
    const root = parse(text, {maxElements: Infinity})
    expect(ofType<Paragraph>(root, 'paragraph')).toHaveLength(1)
    const roles = ofType<Role>(root, 'role')
    expect(roles).toHaveLength(100_000)
    expect(roles[99_999]!.position.start).toEqual({
      line: 100_000,
      column: 10,
      offset: text.length - 9
    })
    expect(sliceOf(text, roles[99_999]!)).toBe(':ref:`c`')
  })
})

describe('block shapes that used to be quadratic', () => {
  it('a hyperlink target whose name wraps over 20,000 lines', () => {
    const text = '.. _a\n' + '   b\n'.repeat(20_000) + '   c: http://x.test/\n'
    const [target] = ofType<Target>(parse(text), 'target')
    expect(target!.name).toBe(['a', ...Array<string>(20_000).fill('b'), 'c'].join(' '))
    expect(target!.refuri).toBe('http://x.test/')
    // quoted names take the same path
    const quoted = '.. _`a\n' + '   b\n'.repeat(20_000) + '   c`: d_\n'
    expect(ofType<Target>(parse(quoted), 'target')[0]!.refname).toBe('d')
  })

  it('a grid table with 5,000 cells in a row', () => {
    const n = 5000
    const border = '+' + '-+'.repeat(n)
    const text = `${border}\n|${Array.from({length: n}, (_, i) => String.fromCharCode(97 + (i % 26)) + '|').join('')}\n${border}\n`
    const [table] = ofType<Table>(parse(text), 'table')
    const cells = ofType<TableCell>(table as unknown as Root, 'tableCell')
    expect(cells).toHaveLength(n)
    expect(ofType<Text>(cells[n - 1] as unknown as Root, 'text')[0]!.value).toBe(
      String.fromCharCode(97 + ((n - 1) % 26))
    )
  })

  it('3,000 block quotes nested by tabs, one tab per level', () => {
    let text = ''
    for (let l = 0; l < 3000; l++) text += '\t'.repeat(l) + `q${l}\n\n`
    // 3,000 levels read 9 million lines again, past the default budget (see the test above)
    const root = parse(text, {maxBlockElements: Infinity})
    let depth = 0
    let node: {children: unknown[]} = root
    for (;;) {
      const quote = node.children.find((c) => (c as BlockQuote).type === 'blockQuote')
      if (!quote) break
      node = quote as BlockQuote
      depth++
      const first = (node.children[0] as Paragraph).children[0] as Text
      expect(first.value).toBe(`q${depth}`)
    }
    expect(depth).toBe(2999)
    expect(ofType<Text>(root, 'text')).toHaveLength(3000)
  })

  it('tab-indented quotes with overshooting tabs keep every line once, in order', () => {
    const indent = (l: number) => '\t'.repeat(Math.floor(l / 8)) + ' '.repeat(l % 8)
    let text = ''
    for (let l = 0; l < 3000; l++) text += `${indent(l)}q${l}\n\n`
    const root = parse(text, {maxBlockElements: Infinity})
    expect(ofType<Text>(root, 'text').map((t) => t.value)).toEqual(
      Array.from({length: 3000}, (_, l) => `q${l}`)
    )
    expect(ofType(root, 'blockQuote').length).toBeGreaterThan(2000)
    expect(root.problems).toEqual([])
  })
})
