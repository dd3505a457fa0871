import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {
  extractRstFacts,
  parseRoleText,
  toctreeOptionError,
  type RstFactsOptions
} from '../../src/facts/rst.js'
import type {DocFacts} from '../../src/facts/types.js'
import {plainTermText, replaceRoles} from '../../src/facts/term-text.js'
import {parse} from '../../src/rst/index.js'

function facts(text: string, options: RstFactsOptions = {}): DocFacts {
  return extractRstFacts(parse(text, {}), text, options)
}

describe('parseRoleText (docs/sphinx-semantics.md §2.1)', () => {
  it('splits an explicit title at the first `<` that leads to a match', () => {
    expect(parseRoleText('Some <Title> <index>', 'doc')).toEqual({
      target: 'Title> <index',
      title: 'Some',
      disabled: false
    })
    expect(parseRoleText('Title\\<x> <b>', 'doc').target).toBe('b')
  })
  it('needs one title character', () => {
    expect(parseRoleText('<index>', 'doc')).toEqual({target: '<index>', disabled: false})
  })
  it('collapses whitespace without stripping it, and lower-cases only ref/numref', () => {
    expect(parseRoleText('Title < index >', 'doc').target).toBe(' index ')
    expect(parseRoleText('Mixed   case\n  Label', 'ref').target).toBe('mixed case label')
    expect(parseRoleText('Mixed Case', 'term').target).toBe('Mixed Case')
  })
  it('marks `!` as disabled and removes escapes', () => {
    expect(parseRoleText('!T <nope>', 'doc')).toEqual({target: 'nope', title: 'T', disabled: true})
    expect(parseRoleText('a\\_b', 'doc').target).toBe('a_b')
  })
})

describe('toctree options', () => {
  it('reports the errors that kill the directive', () => {
    expect(toctreeOptionError({hidden: 'yes'})).toMatch(/no argument is allowed/)
    expect(toctreeOptionError({unknownopt: ''})).toBe('unknown option: "unknownopt".')
    expect(toctreeOptionError({maxdepth: 'two'})).toMatch(/invalid option value/)
    expect(toctreeOptionError({caption: ''})).toMatch(/argument required/)
    expect(
      toctreeOptionError({maxdepth: '2', numbered: '', glob: '', caption: 'C'})
    ).toBeUndefined()
  })

  it('reads entries with exact ranges, explicit titles and kept indentation', () => {
    const text =
      'T\n=\n\n.. toctree::\n   :glob:\n\n   a\n   Some <Title> <b>\n   sub/*\n     indented\n'
    const [toctree] = facts(text).toctrees
    expect(toctree?.valid).toBe(true)
    expect(toctree?.glob).toBe(true)
    expect(toctree?.entries.map((e) => [e.raw, e.ref, e.title ?? null])).toEqual([
      ['a', 'a', null],
      ['Some <Title> <b>', 'b', 'Some <Title>'],
      ['sub/*', 'sub/*', null],
      ['  indented', '  indented', null]
    ])
    const second = toctree?.entries[1]
    expect(second?.range.start).toEqual({line: 8, column: 4, offset: text.indexOf('Some')})
    expect(second?.range.end.column).toBe(4 + 'Some <Title> <b>'.length)
    expect(toctree?.range.start.line).toBe(4)
  })

  it('marks a toctree with a bad option invalid', () => {
    const [toctree] = facts('.. toctree::\n   :hidden: yes\n\n   a\n').toctrees
    expect(toctree?.valid).toBe(false)
    expect(toctree?.entries.map((e) => e.raw)).toEqual(['a'])
  })

  it('notes the `only` expression around a toctree', () => {
    const [toctree] = facts('.. only:: html\n\n   .. toctree::\n\n      a\n').toctrees
    expect(toctree?.inOnly).toBe('html')
  })
})

describe('labels (docs/sphinx-semantics.md §6.1 PropagateTargets)', () => {
  it('gives section labels a title and the underline as report line', () => {
    const {labels} = facts('.. _top:\n\nIndex\n=====\n\n.. _chain-a:\n.. _chain-b:\n\nSub\n---\n')
    expect(labels.map((l) => [l.name, l.node, l.titled, l.reportLine])).toEqual([
      ['top', 'section', true, 4],
      ['chain-a', 'section', true, 10],
      ['chain-b', 'section', true, 10]
    ])
  })

  it('leaves labels before invisible nodes untitled (t24)', () => {
    const text =
      'Index\n=====\n\n.. _lab-index:\n\n.. index:: single: foo\n\nA\n-\n\n.. _lab-comment:\n\n.. a comment\n\nB\n-\n\n.. _lab-subst:\n\n.. |x| replace:: y\n\nC\n-\n\n.. _lab-ok:\n\nD\n-\n'
    const titled = Object.fromEntries(
      facts(text, {sphinxVersion: '5.3'}).labels.map((l) => [l.name, l.titled])
    )
    expect(titled).toEqual({
      'lab-index': false,
      'lab-comment': false,
      'lab-subst': false,
      'lab-ok': true
    })
    // Sphinx 7.1+ moves index nodes before the targets (ReorderConsecutiveTargetAndIndexNodes)
    const current = Object.fromEntries(facts(text).labels.map((l) => [l.name, l.titled]))
    expect(current['lab-index']).toBe(true)
    expect(current['lab-comment']).toBe(false)
  })

  it('knows captions, tables, definition lists and plain paragraphs (t23)', () => {
    const text = [
      '.. _cb:',
      '',
      '.. code-block:: python',
      '   :caption: Code cap',
      '',
      '   x = 1',
      '',
      '.. code-block:: python',
      '   :name: named-nocap',
      '',
      '   y = 2',
      '',
      '.. _tbl:',
      '',
      '.. list-table:: LT Title',
      '',
      '   * - a',
      '',
      '.. _dl:',
      '',
      'Term',
      '   Def',
      '',
      '.. _para:',
      '',
      'Just text.',
      ''
    ].join('\n')
    const byName = Object.fromEntries(facts(text).labels.map((l) => [l.name, l]))
    expect(byName['cb']).toMatchObject({node: 'code', titled: true, numberable: true})
    expect(byName['named-nocap']).toMatchObject({node: 'code', titled: false, numberable: false})
    expect(byName['tbl']).toMatchObject({node: 'table', titled: true, numberable: true})
    expect(byName['dl']).toMatchObject({node: 'definitionList', titled: true})
    expect(byName['para']).toMatchObject({node: 'other', titled: false})
  })

  it('marks both definitions of a name in one file, and ignores external targets as labels', () => {
    const {labels, linkTargets} = facts(
      '.. _x:\n\nOne\n---\n\n.. _x:\n\nTwo\n---\n\n.. _ext: https://example.com\n'
    )
    expect(labels.map((l) => [l.name, l.duplicateInFile])).toEqual([
      ['x', true],
      ['x', true]
    ])
    expect(linkTargets.find((t) => t.name === 'ext')?.refuri).toBe('https://example.com')
  })
})

describe('document-level facts', () => {
  it('reads :orphan: from docinfo only', () => {
    expect(facts(':orphan:\n\nTitle\n=====\n').metadata).toEqual({orphan: ''})
    expect(facts('.. comment\n\n:orphan:\n\nTitle\n=====\n').metadata).toHaveProperty('orphan')
    expect(facts('Title\n=====\n\n:orphan:\n').metadata).toEqual({})
  })

  it('takes the first section title and knows when the local TOC is empty', () => {
    const titled = facts('Intro text.\n\nTitle\n=====\n')
    expect(titled.title?.text).toBe('Title')
    expect(titled.hasLocalToc).toBe(true)
    expect(facts('Only text.\n').hasLocalToc).toBe(false)
    expect(facts('.. rubric:: R\n').hasLocalToc).toBe(false)
    expect(facts('.. toctree::\n\n   a\n').hasLocalToc).toBe(true)
    expect(facts('.. only:: never\n\n   T\n   =\n').hasLocalToc).toBe(true)
  })

  it('reports roles at the first line of their paragraph, and marks substitution definitions', () => {
    const {xrefs, images} = facts(
      'Some text\nand :doc:`b`\nhere.\n\n.. |x| replace:: :ref:`lab`\n\n.. |img| image:: pic.png\n'
    )
    expect(
      xrefs.map((x) => [x.kind, x.target, x.blockLine, x.range.start.line, x.substitution ?? null])
    ).toEqual([
      ['doc', 'b', 1, 2, null],
      ['ref', 'lab', 5, 5, 'x']
    ])
    expect(images).toMatchObject([{uri: 'pic.png', substitution: 'img'}])
  })

  it('finds nothing in comments, literal blocks and code directives', () => {
    const text =
      '.. comment :doc:`a`\n   .. toctree::\n\n      b\n\nExample::\n\n   :doc:`c`\n\n.. code-block:: rst\n\n   :ref:`d`\n   .. image:: e.png\n'
    const found = facts(text)
    expect(found.xrefs).toEqual([])
    expect(found.toctrees).toEqual([])
    expect(found.images).toEqual([])
  })

  it('reads glossary terms as Sphinx does: classifiers cut, comments skipped, line minus one', () => {
    const text =
      '.. glossary::\n\n   Sphinx\n      A tool.\n\n   ``code term`` : classifier\n   .. commented term\n      Def.\n'
    const {terms} = facts(text)
    expect(terms.map((t) => [t.term, t.range.start.line, t.reportLine])).toEqual([
      ['Sphinx', 3, 2],
      ['code term', 6, 5]
    ])
    expect(plainTermText('*emph* and :term:`x <y>`')).toBe('emph and x')
  })

  it('reads include options and suppressions', () => {
    const text =
      '.. doclint-disable-next-line include-missing, orphan\n\n.. include:: part.rst\n   :start-after: X\n'
    const found = facts(text)
    // the next line, even when it is blank (ESLint): this comment silences nothing
    expect(found.suppressions).toEqual([
      {
        kind: 'next-line',
        line: 1,
        appliesTo: 2,
        rules: ['include-missing', 'orphan'],
        text: 'doclint-disable-next-line include-missing, orphan'
      }
    ])
    expect(found.includes).toMatchObject([
      {directive: 'include', path: 'part.rst', options: {'start-after': 'X'}}
    ])
  })

  it('collects local link references and targets', () => {
    const found = facts(
      'See `Python`_, Sec_, anon__ and [#fn]_.\n\n.. _Python: https://python.org\n\nSec\n---\n'
    )
    expect(found.linkRefs.map((r) => r.refname)).toEqual(['python', 'sec', 'fn'])
    expect(found.linkTargets.map((t) => [t.name, t.kind])).toEqual([
      ['python', 'explicit'],
      ['sec', 'implicit']
    ])
  })
})

describe('robustness', () => {
  const pieces = [
    '.. toctree::\n',
    '   :glob:\n',
    '   :hidden: x\n',
    '   a\n',
    '   T <b>\n',
    '.. _x:\n',
    '\n',
    'Title\n',
    '=====\n',
    ':doc:`a`',
    ':ref:`T <x>`',
    '`x`_',
    '.. include:: a.rst\n',
    '   :start-after: Z\n',
    '.. glossary::\n',
    '   term\n',
    '      def\n',
    '.. |s| image:: p.png\n',
    '.. only:: html\n',
    '::\n',
    '   lit\n',
    '\t',
    '\\',
    '`',
    '<',
    '>'
  ]
  it('extracts facts from any mix of RST constructs without throwing', async () => {
    const fc = await import('fast-check')
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constantFrom(...pieces), fc.string()), {maxLength: 30}),
        (parts) => {
          const text = parts.join('')
          const found = facts(text)
          for (const toctree of found.toctrees) {
            for (const entry of toctree.entries) {
              expect(text.slice(entry.range.start.offset, entry.range.end.offset)).toBe(entry.raw)
            }
          }
        }
      ),
      {numRuns: 300}
    )
  })
})

describe('plainTermText role replacement is the regex it replaced, in linear time', () => {
  it('replaceRoles agrees with /:[A-Za-z0-9_.+:-]+:`([^`]+)`/g on random strings (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(':', '`', 'a', '-', ' ', '\n', 'x'), {maxLength: 40}),
        (chars) => {
          const text = chars.join('')
          const expected = text.replace(
            /:[A-Za-z0-9_.+:-]+:`([^`]+)`/g,
            (_whole, inner: string) => `<${inner}>`
          )
          expect(replaceRoles(text, (inner) => `<${inner}>`)).toBe(expected)
        }
      ),
      {seed: 7, numRuns: 5000}
    )
  })

  it('a term line of 200,000 colons is read at once', () => {
    expect(plainTermText(`${':'.repeat(200_000)}x`)).toBe(`${':'.repeat(200_000)}x`)
    // The role starts at the first colon of the run: the whole run is its name.
    expect(plainTermText(`:a:\`b\` and ${':'.repeat(200_000)}:\`c\``)).toBe('b and c')
  })
})

describe('chains of targets', () => {
  const run = (text: string) => extractRstFacts(parse(text), text)

  it('20,000 chained targets all land on the section after them (the chain is walked once)', () => {
    const chain = Array.from({length: 20_000}, (_, i) => `.. _t${i}:\n`).join('')
    const labels = run(`${chain}\nTitle\n=====\n\nText.\n`).labels
    expect(labels).toHaveLength(20_000)
    expect(new Set(labels.map((label) => `${label.node}|${label.title}`))).toEqual(
      new Set(['section|Title'])
    )
  })

  it('a chain that ends in an external target makes no labels, and the same chain after it does', () => {
    expect(run('.. _a:\n.. _b:\n.. _c: https://example.org\n\nText.\n').labels).toEqual([])
    const landed = run('.. _a:\n.. _b:\n\nText.\n').labels
    expect(landed.map((label) => `${label.name}|${label.node}`)).toEqual(['a|other', 'b|other'])
  })
})
