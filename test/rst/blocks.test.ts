import {describe, expect, it} from 'vitest'
import {parse} from '../../src/rst/index.js'
import type {
  BulletList,
  Comment,
  DefinitionListItem,
  Directive,
  EnumeratedList,
  Field,
  LiteralBlock,
  Paragraph,
  Section,
  Target
} from '../../src/rst/index.js'
import {lc, ofType, sliceOf} from './helpers.js'

const types = (text: string) => parse(text).children.map((c) => c.type)

describe('sections', () => {
  it('nests by the order adornment styles appear, overline styles distinct', () => {
    const text = '=====\nTop\n=====\n\nA\n=\n\nB\n-\n\nC\n=\n'
    const root = parse(text)
    const sections = ofType<Section>(root, 'section')
    expect(sections.map((s) => [s.depth, sliceOf(text, s.children[0])])).toEqual([
      [1, 'Top'],
      [2, 'A'],
      [3, 'B'],
      [2, 'C']
    ])
    expect(sections[0]!.adornment).toEqual({underline: '=', overline: '='})
    expect(sections[1]!.adornment).toEqual({underline: '='})
    expect(lc(sections[0]!)).toEqual([1, 1, 12, 2])
  })

  it('reports a too-short underline and keeps the title', () => {
    const root = parse('Long title\n----\n\nText.\n')
    expect(root.children[0]!.type).toBe('section')
    expect(root.problems.map((p) => [p.level, p.message, p.line])).toEqual([
      [2, 'Title underline too short.', 2]
    ])
  })

  it('treats a very short underline as paragraph text', () => {
    const root = parse('Title\n--\n')
    expect(root.children[0]!.type).toBe('paragraph')
  })

  it('drops titles inside nested bodies with a severe problem', () => {
    const root = parse('- Title\n  -----\n')
    expect(root.problems.map((p) => p.message)).toContain('Unexpected section title.')
  })

  it('reads a transition', () => {
    expect(types('Para.\n\n----------\n\nPara.\n')).toEqual([
      'paragraph',
      'transition',
      'paragraph'
    ])
  })
})

describe('lists', () => {
  it('reads bullet items with nested bodies', () => {
    const text = '- one\n\n  two\n- three\n'
    const list = parse(text).children[0] as BulletList
    expect(list.type).toBe('bulletList')
    expect(list.bullet).toBe('-')
    expect(list.children.map((i) => i.children.length)).toEqual([2, 1])
    expect(lc(list.children[0]!)).toEqual([1, 1, 3, 6])
    expect(lc(list)).toEqual([1, 1, 4, 8])
  })

  it('reads every enumerator form', () => {
    const lists = (text: string) => ofType<EnumeratedList>(parse(text), 'enumeratedList')
    expect(lists('1. a\n2. b\n')[0]).toMatchObject({enumtype: 'arabic', start: 1, suffix: '.'})
    expect(lists('#. a\n#. b\n')[0]).toMatchObject({enumtype: 'arabic', start: 1})
    expect(lists('(a) a\n(b) b\n')[0]).toMatchObject({
      enumtype: 'loweralpha',
      prefix: '(',
      suffix: ')'
    })
    expect(lists('A) a\nB) b\n')[0]).toMatchObject({
      enumtype: 'upperalpha',
      prefix: '',
      suffix: ')'
    })
    expect(lists('i. a\nii. b\n')[0]).toMatchObject({enumtype: 'lowerroman'})
    expect(lists('IV. a\nV. b\n')[0]).toMatchObject({enumtype: 'upperroman', start: 4})
    expect(lists('3. a\n4. b\n')[0]).toMatchObject({start: 3})
  })

  it('does not start a list when the next line is unindented text', () => {
    expect(types('1. Not a list\nbecause of this line.\n')).toEqual(['paragraph'])
  })

  it('warns when a list ends without a blank line', () => {
    const root = parse('- item\ntext\n')
    expect(root.problems.map((p) => p.message)).toEqual([
      'Bullet list ends without a blank line; unexpected unindent.'
    ])
  })

  it('reads definition lists with classifiers', () => {
    const text = 'term : cls1 : cls2\n   Definition.\n'
    const item = ofType<DefinitionListItem>(parse(text), 'definitionListItem')[0]!
    expect(item.children.map((c) => c.type)).toEqual([
      'term',
      'classifier',
      'classifier',
      'definition'
    ])
    expect(item.children.map((c) => sliceOf(text, c))).toEqual([
      'term',
      'cls1',
      'cls2',
      'Definition.'
    ])
  })

  it('reads field lists and option lists', () => {
    const fields = ofType<Field>(parse('Text.\n\n:a: one\n:b c: two\n   more\n'), 'field')
    expect(fields.map((f) => f.name)).toEqual(['a', 'b c'])
    expect(lc(fields[1]!)).toEqual([4, 1, 5, 8])
    expect(types('-a         all\n--file=F   file\n')).toEqual(['optionList'])
  })

  it('an option marker without a description is text, as docutils corrects it (PEP 587)', () => {
    const title = parse('-X Options\n----------\n\nText.\n')
    expect(title.children.map((c) => c.type)).toEqual(['section'])
    expect(sliceOf('-X Options', ofType<Section>(title, 'section')[0]!.children[0])).toBe(
      '-X Options'
    )
    expect(title.problems).toEqual([])
    expect(types('-a\n')).toEqual(['paragraph'])
    expect(types('-a\n\n   described below\n')).toEqual(['optionList'])
    // A later item without one ends the list; its line is read again as a paragraph.
    const ended = parse('-a  desc\n-b\n\ntext\n')
    expect(ended.children.map((c) => c.type)).toEqual(['optionList', 'paragraph', 'paragraph'])
    expect(ended.problems.map((p) => p.message)).toEqual([
      'Option list ends without a blank line; unexpected unindent.'
    ])
  })
})

describe('literal blocks', () => {
  it('handles the three :: forms', () => {
    const one = parse('Para::\n\n    code\n')
    expect(
      ofType<Paragraph>(one, 'paragraph').map((p) => sliceOf('Para::\n\n    code\n', p))
    ).toEqual(['Para:'])
    const two = parse('Para ::\n\n    code\n')
    expect((two.children[0] as Paragraph).children[0]).toMatchObject({value: 'Para'})
    const three = parse('::\n\n    code\n')
    expect(types('::\n\n    code\n')).toEqual(['literalBlock'])
    const lit = three.children[0] as LiteralBlock
    expect(lit.value).toBe('code')
    expect(lc(lit)).toEqual([3, 5, 3, 9])
  })

  it('reads quoted literal blocks and warns when none is found', () => {
    const root = parse('Para::\n\n> a\n> b\n')
    expect(root.children[1]).toMatchObject({type: 'literalBlock', value: '> a\n> b', quoted: true})
    expect(parse('Para::\n\nText.\n').problems.map((p) => p.message)).toEqual([
      'Literal block expected; none found.'
    ])
  })

  it('reads doctest and line blocks', () => {
    expect(types('>>> 1 + 1\n2\n\n| a\n| b\n')).toEqual(['doctestBlock', 'lineBlock'])
  })
})

describe('block quotes and comments', () => {
  it('separates an attribution', () => {
    const root = parse('Text.\n\n    Quote.\n\n    -- Someone\n')
    const bq = root.children[1]!
    expect(bq.type).toBe('blockQuote')
    expect((bq as {children: {type: string}[]}).children.map((c) => c.type)).toEqual([
      'paragraph',
      'attribution'
    ])
  })

  it('reports unexpected indentation inside a paragraph', () => {
    const root = parse('Para\nline two\n    indented\n')
    expect(root.problems.map((p) => [p.message, p.line])).toEqual([['Unexpected indentation.', 3]])
    expect(types('Para\nline two\n    indented\n')).toEqual(['paragraph', 'blockQuote'])
    // a single text line followed by an indented one is a definition list instead
    expect(types('Para\n    indented\n')).toEqual(['definitionList'])
  })

  it('empty comment then blank then indented block is a comment and a block quote', () => {
    expect(types('..\n\n   quoted\n')).toEqual(['comment', 'blockQuote'])
  })

  it('empty comment marker followed by indented text is one comment', () => {
    const root = parse('..\n   comment text\n')
    expect(types('..\n   comment text\n')).toEqual(['comment'])
    expect((root.children[0] as Comment).value).toBe('comment text')
  })
})

describe('explicit markup', () => {
  it('reads hyperlink targets of every kind', () => {
    const text =
      '.. _a:\n.. _`name: with colon`:\n.. _ext: https://x.org/\n.. _ind: other_\n.. __: https://anon.org\n\n__ https://anon2.org\n'
    const targets = ofType<Target>(parse(text), 'target')
    expect(targets.map((t) => [t.name, t.refuri, t.refname, t.anonymous])).toEqual([
      ['a', undefined, undefined, undefined],
      ['name: with colon', undefined, undefined, undefined],
      ['ext', 'https://x.org/', undefined, undefined],
      ['ind', undefined, 'other', undefined],
      [undefined, 'https://anon.org', undefined, true],
      [undefined, 'https://anon2.org', undefined, true]
    ])
  })

  it('reads directives with argument, options and content', () => {
    const text =
      '.. code-block:: python\n   :linenos:\n   :caption: A\n      caption\n\n   print(1)\n   print(2)\n'
    const d = parse(text).children[0] as Directive
    expect(d).toMatchObject({
      name: 'code-block',
      argument: 'python',
      options: {linenos: '', caption: 'A\ncaption'},
      content: 'print(1)\nprint(2)',
      literal: true,
      children: []
    })
    expect(lc(d)).toEqual([1, 1, 7, 12])
    expect(d.contentLines).toEqual([
      {text: 'print(1)', line: 6, column: 4, offset: text.indexOf('print(1)')},
      {text: 'print(2)', line: 7, column: 4, offset: text.indexOf('print(2)')}
    ])
    expect(sliceOf(text, {type: 'x', position: d.optionPositions['caption']!})).toBe(
      ':caption: A\n      caption'
    )
  })

  it('parses RST bodies of admonitions and unknown directives, first line included', () => {
    const d = parse('.. note:: First.\n\n   Second.\n').children[0] as Directive
    expect(d.argument).toBe('')
    expect(d.children.map((c) => c.type)).toEqual(['paragraph', 'paragraph'])
    const u = parse('.. my-thing:: arg\n\n   Body.\n').children[0] as Directive
    expect(u).toMatchObject({argument: 'arg', literal: false})
    expect(u.children.map((c) => c.type)).toEqual(['paragraph'])
  })

  it('keeps toctree entries as literal content lines', () => {
    const d = parse('.. toctree::\n   :maxdepth: 2\n\n   intro\n   guide\n')
      .children[0] as Directive
    expect(d.literal).toBe(true)
    expect(d.contentLines.map((l) => [l.text, l.line, l.column])).toEqual([
      ['intro', 4, 4],
      ['guide', 5, 4]
    ])
  })

  it('honours literalDirectives and rstDirectives options', () => {
    const a = parse('.. note::\n\n   x\n', {literalDirectives: ['note']}).children[0] as Directive
    expect(a.literal).toBe(true)
    const b = parse('.. code-block::\n\n   x\n', {rstDirectives: ['code-block']})
      .children[0] as Directive
    expect(b.children.map((c) => c.type)).toEqual(['paragraph'])
  })

  it('gives parsed-literal one paragraph of inline markup', () => {
    const d = parse('.. parsed-literal::\n\n   a :doc:`b`\n').children[0] as Directive
    expect(d.children.map((c) => c.type)).toEqual(['paragraph'])
  })

  it('drops a directive whose option block is invalid, as docutils', () => {
    const root = parse('.. toctree::\n   :glob:\n   entry\n')
    expect(root.children).toEqual([])
    expect(root.problems[0]!.message).toBe('Error in "toctree" directive:\ninvalid option block.')
  })

  it('reads substitution definitions, footnotes and citations', () => {
    const root = parse('.. |x| replace:: text\n.. [1] Note.\n.. [CIT] Cite.\n')
    expect(root.children.map((c) => c.type)).toEqual([
      'substitutionDefinition',
      'footnote',
      'citation'
    ])
    expect(root.children[0]).toMatchObject({
      name: 'x',
      children: [{type: 'directive', name: 'replace'}]
    })
  })

  it('warns when explicit markup ends without a blank line', () => {
    const root = parse('.. note:: x\ntext\n')
    expect(root.problems.map((p) => p.message)).toEqual([
      'Explicit markup ends without a blank line; unexpected unindent.'
    ])
  })
})

describe('docinfo', () => {
  it('turns the first field list into docinfo after pre-bibliographic nodes', () => {
    expect(types('.. comment\n\n.. _t:\n\n:orphan:\n\nText.\n')).toEqual([
      'comment',
      'target',
      'docinfo',
      'paragraph'
    ])
  })

  it('does not skip the title (Sphinx semantics) or real directives', () => {
    expect(parse('Title\n=====\n\n:orphan:\n').children[0]!.type).toBe('section')
    expect(types('.. highlight:: c\n\n:orphan:\n')).toEqual(['directive', 'fieldList'])
  })
})

describe('tables', () => {
  it('parses grid tables with spans and header rows', () => {
    const text = '+---+---+\n| a | b |\n+===+===+\n| wide  |\n+---+---+\n'
    const table = parse(text).children[0]!
    expect(table).toMatchObject({type: 'table', format: 'grid'})
    const rows = (table as {children: {header: boolean; children: {colspan?: number}[]}[]}).children
    expect(rows.map((r) => r.header)).toEqual([true, false])
    expect(rows[1]!.children[0]!.colspan).toBe(2)
  })

  it('parses simple tables and reports malformed ones', () => {
    expect(types('==  ==\na   b\n==  ==\n')).toEqual(['table'])
    const bad = parse('+---+---+\n| a | b\n+---+---+\n')
    expect(bad.children).toEqual([])
    expect(bad.problems[0]!.message).toBe('Malformed table.')
  })
})

describe('unified plugin', () => {
  it('parses through unified().use(rstParse)', async () => {
    const {unified} = await import('unified')
    const {rstParse} = await import('../../src/rst/index.js')
    const tree = unified().use(rstParse, {defaultRole: 'any'}).parse('See `x`.\n')
    expect(tree.type).toBe('root')
    expect(ofType(tree as never, 'role')).toMatchObject([{name: 'any', value: 'x', implicit: true}])
  })
})
