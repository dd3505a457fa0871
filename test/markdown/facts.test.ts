import {describe, expect, it} from 'vitest'
import type {Range} from '../../src/diagnostic.js'
import {extractMarkdownFacts} from '../../src/facts/markdown.js'

const facts = (text: string, headingAnchors = 0) => extractMarkdownFacts(text, {headingAnchors})

/** The source text a range covers. */
function slice(text: string, range: Range): string {
  return text.slice(range.start.offset, range.end.offset)
}

/** Line/column must agree with the offset. */
function checkPoint(text: string, point: Range['start']): void {
  const before = text.slice(0, point.offset)
  const lines = before.split(/\r\n|\r|\n/)
  expect(point.line).toBe(lines.length)
  expect(point.column).toBe((lines[lines.length - 1] ?? '').length + 1)
}

describe('MyST roles', () => {
  it('finds roles with exact ranges, titles and Sphinx target processing', () => {
    const text = 'See {doc}`guide` and\nmore {doc}`The Guide <sub/guide>` {ref}`My-Label`.\n'
    const f = facts(text)
    expect(f.xrefs.map((x) => [x.kind, x.role, x.target, x.hasTitle, x.blockLine])).toEqual([
      ['doc', 'doc', 'guide', false, 1],
      ['doc', 'doc', 'sub/guide', true, 1],
      ['ref', 'ref', 'my-label', false, 1]
    ])
    expect(f.xrefs.map((x) => slice(text, x.range))).toEqual([
      '{doc}`guide`',
      '{doc}`The Guide <sub/guide>`',
      '{ref}`My-Label`'
    ])
    for (const x of f.xrefs) {
      checkPoint(text, x.range.start)
      checkPoint(text, x.range.end)
    }
  })

  it('handles domain roles, `!`, backslashes and whitespace like Sphinx with MyST', () => {
    const text =
      '{std:doc}`a` {DOC}`b` {numref}`Fig <FIG-1>` {term}`Big Term` {download}`f.zip`\n' +
      '{doc}`!nope` {doc}`a\\_b` {doc}`T < x  y >` {py:func}`f` {any}`thing`\n'
    const f = facts(text)
    expect(f.xrefs.map((x) => [x.kind, x.role, x.target, x.disabled])).toEqual([
      ['doc', 'std:doc', 'a', false],
      ['doc', 'doc', 'b', false],
      ['numref', 'numref', 'fig-1', false],
      ['term', 'term', 'Big Term', false],
      ['download', 'download', 'f.zip', false],
      ['doc', 'doc', 'nope', true],
      // MyST passes the raw text: the backslash stays (Sphinx says unknown document 'a\\_b')
      ['doc', 'doc', 'a\\_b', false],
      ['doc', 'doc', ' x y ', false],
      ['any', 'any', 'thing', false]
    ])
  })

  it('ignores escaped role names, code spans, code blocks, comments and HTML', () => {
    const text = [
      '\\{doc}`a` `{doc}`b`` &#123;doc}`c`',
      '',
      '```',
      '{doc}`d`',
      '```',
      '',
      '    {doc}`e`',
      '',
      '% {doc}`f`',
      '',
      '<!-- {doc}`g` -->',
      '',
      '{doc}`real`'
    ].join('\n')
    expect(facts(text).xrefs.map((x) => x.target)).toEqual(['real'])
  })

  it('reports roles inside lists, block quotes, headings and link text', () => {
    const text = '- item {doc}`one`\n\n> quote\n> {doc}`two`\n\n# Title {doc}`three`\n'
    const f = facts(text)
    expect(f.xrefs.map((x) => [x.target, x.blockLine])).toEqual([
      ['one', 1],
      ['two', 3],
      ['three', 6]
    ])
  })

  it('reports roles in table cells at their row (MyST tables), elsewhere at the block start', () => {
    const text =
      '| a | b |\n|---|:-:|\n| x | {doc}`one` |\n| y | {doc}`two` |\n\nPara\n* item {doc}`three`\n'
    expect(facts(text).xrefs.map((x) => [x.target, x.blockLine])).toEqual([
      ['one', 3],
      ['two', 4],
      ['three', 7]
    ])
  })

  it('joins a role spanning lines into one target', () => {
    const text = 'Text {doc}`Long\n  title <a/b>` end\n'
    const [x] = facts(text).xrefs
    expect(x?.target).toBe('a/b')
    expect(x?.raw).toBe('Long title <a/b>')
    expect(x && slice(text, x.range)).toBe('{doc}`Long\n  title <a/b>`')
  })
})

describe('Markdown links and images', () => {
  it('records local links as mdlink with the decoded destination and skips external ones', () => {
    const text = [
      '[a](other.md) [b](#anchor) [c](sub/page.md#sec) [d](https://x.org) [e](mailto:a@b.c)',
      '<https://auto.link> [f](my%20file.md) [g][ref] ![img](pics/a.png) ![ext](http://x/y.png)',
      '',
      '[ref]: ../up.md'
    ].join('\n')
    const f = facts(text)
    expect(f.xrefs.map((x) => [x.kind, x.role, x.target, x.blockLine])).toEqual([
      ['mdlink', 'md', 'other.md', 1],
      ['mdlink', 'md', '#anchor', 1],
      ['mdlink', 'md', 'sub/page.md#sec', 1],
      ['mdlink', 'md', 'my file.md', 1],
      ['mdlink', 'md', '../up.md', 1]
    ])
    expect(f.xrefs.map((x) => slice(text, x.range))).toEqual([
      '[a](other.md)',
      '[b](#anchor)',
      '[c](sub/page.md#sec)',
      '[f](my%20file.md)',
      '[g][ref]'
    ])
    expect(f.images.map((i) => [i.uri, i.directive, slice(text, i.range)])).toEqual([
      ['pics/a.png', 'markdown', '![img](pics/a.png)']
    ])
  })
})

describe('link schemes', () => {
  it('treats only myst_url_schemes as external (0.18 default: http, https, mailto, ftp)', () => {
    const text = '[a](sphinx:domain) [b](ftp://x/y) [c](HTTPS://x)\n'
    expect(facts(text).xrefs.map((x) => x.target)).toEqual(['sphinx:domain'])
    const any = extractMarkdownFacts(text, {headingAnchors: 0, urlSchemes: null})
    expect(any.xrefs).toEqual([])
    const conf = new Map<string, unknown>([['myst_all_links_external', true]])
    expect(extractMarkdownFacts('[a](b.md)\n', {project: {conf}}).xrefs).toEqual([])
  })

  it('takes [x](y){.external} as a URL with attrs_inline (MyST 1.0 and later)', () => {
    const text = '[a](?tab=1#x){.external} [b](other.md){#id .external} [c](c.md){.externals}\n'
    const conf = new Map<string, unknown>([['myst_enable_extensions', ['attrs_inline']]])
    expect(extractMarkdownFacts(text, {project: {conf}}).xrefs.map((x) => x.target)).toEqual([
      'c.md'
    ])
    expect(facts(text).xrefs.map((x) => x.target)).toEqual(['?tab=1#x', 'other.md', 'c.md'])
  })

  it('reads the dict form of myst_url_schemes (MyST 1.0 and later) by its keys', () => {
    const text = '[a](gh-issue:12) [b](https://x) [c](sphinx:x.y)\n'
    const schemes = {
      kind: 'dict',
      entries: [
        ['https', null],
        ['gh-issue', {kind: 'dict', entries: [['url', 'https://github.com/o/r/issues/{{path}}']]}]
      ]
    }
    const conf = new Map<string, unknown>([['myst_url_schemes', schemes]])
    expect(extractMarkdownFacts(text, {project: {conf}}).xrefs.map((x) => x.target)).toEqual([
      'sphinx:x.y'
    ])
  })
})

describe('directives', () => {
  it('reads a toctree fence: options, entries with exact ranges, explicit titles', () => {
    const text = [
      '# Index',
      '',
      '```{toctree}',
      ':maxdepth: 2',
      ':caption: Contents',
      ':glob:',
      ':hidden:',
      '',
      'intro',
      'Guide <guide/index>',
      'api/*',
      'trailing ',
      '```',
      ''
    ].join('\n')
    const f = facts(text)
    expect(f.toctrees).toHaveLength(1)
    const [t] = f.toctrees
    expect(t && slice(text, t.range)).toBe('```{toctree}')
    expect(t).toMatchObject({
      valid: true,
      glob: true,
      hidden: true,
      maxdepth: 2,
      caption: 'Contents'
    })
    expect(t?.entries.map((e) => [e.raw, e.ref, e.title, e.explicit])).toEqual([
      ['intro', 'intro', undefined, false],
      ['Guide <guide/index>', 'guide/index', 'Guide', true],
      ['api/*', 'api/*', undefined, false],
      // Sphinx does not strip MyST toctree lines: it warns about 'trailing '
      ['trailing', 'trailing ', undefined, false]
    ])
    expect(t?.entries.map((e) => slice(text, e.range))).toEqual([
      'intro',
      'Guide <guide/index>',
      'api/*',
      'trailing'
    ])
    expect(f.hasLocalToc).toBe(true)
  })

  it('reads YAML option blocks and colon fences, in containers too', () => {
    const text = [
      ':::{toctree}',
      '---',
      'maxdepth: 1',
      'numbered:',
      '---',
      'a',
      ':::',
      '',
      '- item',
      '',
      '  ```{toctree}',
      '  b',
      '  ```',
      '',
      '> :::{toctree}',
      '> c',
      '> :::'
    ].join('\n')
    const f = facts(text)
    expect(f.toctrees.map((t) => [t.maxdepth, t.numbered, t.entries.map((e) => e.ref)])).toEqual([
      [1, 999, ['a']],
      [undefined, undefined, ['b']],
      [undefined, undefined, ['c']]
    ])
    expect(f.toctrees.flatMap((t) => t.entries.map((e) => slice(text, e.range)))).toEqual([
      'a',
      'b',
      'c'
    ])
  })

  it('reads roles in an admonition title and a toctree entry on the fence line', () => {
    const text =
      ':::{admonition} See {doc}`title-target`\nBody.\n:::\n\n```{toctree} first\nsecond\n```\n'
    const f = facts(text)
    expect(f.xrefs.map((x) => [x.target, slice(text, x.range), x.blockLine])).toEqual([
      ['title-target', '{doc}`title-target`', 1]
    ])
    // the toctree takes no arguments: MyST makes the text after the name the first body line
    expect(f.toctrees[0]?.entries.map((e) => [e.ref, slice(text, e.range)])).toEqual([
      ['first', 'first'],
      ['second', 'second']
    ])
  })

  it('keeps a shorter fence line inside an unclosed fence as content', () => {
    const text = '````{toctree}\na\n```'
    expect(facts(text).toctrees[0]?.entries.map((e) => e.ref)).toEqual(['a', '```'])
  })

  it('marks a toctree with a bad option invalid, as MyST does', () => {
    const f = facts('```{toctree}\n:bogus:\nd\n```\n\n```{toctree}\n:maxdepth: x\ne\n```\n')
    expect(f.toctrees.map((t) => [t.valid, t.error, t.entries.length])).toEqual([
      [false, "Directive 'toctree': Unknown option: bogus", 0],
      [false, expect.stringContaining("option: 'maxdepth'"), 0]
    ])
    expect(f.problems.map((p) => [p.level, p.line])).toEqual([
      [3, 1],
      [3, 6]
    ])
  })

  it('without a colon_fence extension, colon fences are paragraphs', () => {
    const text = ':::{toctree}\na\n:::\n'
    expect(extractMarkdownFacts(text, {headingAnchors: 0, extensions: []}).toctrees).toEqual([])
    expect(extractMarkdownFacts(text, {headingAnchors: 0}).toctrees).toHaveLength(1)
  })

  it('parses admonition and only bodies as Markdown, with positions in the file', () => {
    const text = [
      // a backtick fence's info may not hold backticks: use tildes
      '~~~{note} First line {doc}`in-note`',
      ':class: tip',
      '',
      'Body {ref}`in-body`',
      '',
      '# Nested',
      '~~~',
      '',
      '::::{only} html',
      '# Only title',
      '',
      ':::{warning}',
      '{doc}`deep`',
      ':::',
      '',
      '```{toctree}',
      'x',
      '```',
      '::::'
    ].join('\n')
    const f = facts(text)
    expect(f.xrefs.map((x) => [x.target, slice(text, x.range), x.range.start.line])).toEqual([
      ['in-note', '{doc}`in-note`', 1],
      ['in-body', '{ref}`in-body`', 4],
      ['deep', '{doc}`deep`', 13]
    ])
    // headings inside admonitions become rubrics (MyST warns); inside `only` they are sections
    expect(f.problems.map((p) => [p.line, p.message])).toEqual([
      [6, 'Disallowed nested header found, converting to rubric [myst.nested_header]']
    ])
    expect(f.title?.text).toBe('Only title')
    expect(f.toctrees.map((t) => [t.inOnly, t.entries.map((e) => slice(text, e.range))])).toEqual([
      ['html', ['x']]
    ])
  })

  it('skips literal bodies and unknown directives (MyST does not read them)', () => {
    const text = [
      '```{code-block} rst',
      'x :doc:`a` {doc}`b`',
      '```',
      '',
      '```{math}',
      '{doc}`c`',
      '```',
      '',
      '```{unknown-thing} arg',
      '{doc}`d`',
      '```',
      '',
      '```python',
      '{doc}`e`',
      '```'
    ].join('\n')
    const f = facts(text)
    expect(f.xrefs).toEqual([])
    expect(f.problems.map((p) => p.message)).toEqual(['Unknown directive type "unknown-thing".'])
    const extended = extractMarkdownFacts(text, {
      headingAnchors: 0,
      markdownDirectives: ['unknown-thing']
    })
    expect(extended.xrefs.map((x) => x.target)).toEqual(['d'])
  })

  it('reads include, literalinclude, image and figure', () => {
    const text = [
      '```{include} ../README.md',
      ':start-after: <!-- start -->',
      ':relative-docs: docs/',
      '```',
      '',
      '```{literalinclude} code.py',
      '```',
      '',
      '```{include} <isonum.txt>',
      '```',
      '',
      '```{image} img/a.png',
      ':alt: A',
      '```',
      '',
      ':::{figure} img/b.png',
      ':name: fig-b',
      '',
      'The caption {doc}`cap`',
      ':::'
    ].join('\n')
    const f = facts(text)
    expect(f.includes.map((i) => [i.directive, i.path, i.standard, i.options])).toEqual([
      [
        'include',
        '../README.md',
        false,
        {'start-after': '<!-- start -->', 'relative-docs': 'docs/'}
      ],
      ['literalinclude', 'code.py', false, {}],
      ['include', '<isonum.txt>', true, {}]
    ])
    expect(f.includes.map((i) => slice(text, i.range))).toEqual([
      '```{include} ../README.md',
      '```{literalinclude} code.py',
      '```{include} <isonum.txt>'
    ])
    expect(f.images.map((i) => [i.uri, i.directive, i.range.start.line])).toEqual([
      ['img/a.png', 'image', 12],
      ['img/b.png', 'figure', 16]
    ])
    expect(f.labels.map((l) => [l.name, l.node, l.titled, l.title, slice(text, l.range)])).toEqual([
      ['fig-b', 'figure', true, 'The caption {doc}`cap`', ':name: fig-b']
    ])
    expect(f.xrefs.map((x) => x.target)).toEqual(['cap'])
  })

  it('reads glossary terms and parses definitions as Markdown', () => {
    const text =
      '```{glossary}\nMy Term\n  Its definition {doc}`defn`.\n\nOther : cls\n  More.\n```\n'
    const f = facts(text)
    expect(f.terms.map((t) => [t.term, slice(text, t.range)])).toEqual([
      ['My Term', 'My Term'],
      ['Other', 'Other : cls']
    ])
    expect(f.xrefs.map((x) => [x.target, slice(text, x.range)])).toEqual([['defn', '{doc}`defn`']])
  })

  it('hands {eval-rst} bodies to the RST front end with file positions', () => {
    const text = '# T\n\n```{eval-rst}\n:doc:`rst-target`\n```\n'
    const seen: string[] = []
    const f = extractMarkdownFacts(text, {
      headingAnchors: 0,
      rst: (rstText) => {
        seen.push(rstText)
        const start = rstText.indexOf(':doc:')
        const result = extractMarkdownFacts('', {headingAnchors: 0})
        const point = (offset: number) => ({line: 4, column: offset - start + 1, offset})
        result.xrefs.push({
          kind: 'doc',
          role: 'doc',
          raw: 'rst-target',
          target: 'rst-target',
          hasTitle: false,
          disabled: false,
          range: {start: point(start), end: point(start + 17)},
          blockLine: 4
        })
        return result
      }
    })
    expect(seen[0]?.length).toBe(text.indexOf('\n```\n', 10))
    expect(seen[0]?.split('\n')[3]).toBe(':doc:`rst-target`')
    expect(seen[0]?.split('\n').slice(0, 3).join('').trim()).toBe('')
    expect(f.xrefs.map((x) => [x.target, slice(text, x.range)])).toEqual([
      ['rst-target', ':doc:`rst-target`']
    ])
    // by default the project's RST front end reads it
    expect(
      facts(text).xrefs.map((x) => [x.kind, x.target, x.blockLine, slice(text, x.range)])
    ).toEqual([['doc', 'rst-target', 4, ':doc:`rst-target`']])
  })
})

describe('targets, headings, anchors', () => {
  it('lands (label)= on the next heading or block, as PropagateTargets does', () => {
    const text = [
      '(intro)=',
      '(Second Name)=',
      '# Introduction',
      '',
      '(para)=',
      'Some paragraph.',
      '',
      '(commented)=',
      '% a comment',
      '',
      '(end)='
    ].join('\n')
    const f = facts(text)
    expect(
      f.labels.map((l) => [l.name, l.node, l.titled, l.title, l.reportLine, slice(text, l.range)])
    ).toEqual([
      ['intro', 'section', true, 'Introduction', 3, '(intro)='],
      ['second name', 'section', true, 'Introduction', 3, '(Second Name)='],
      ['para', 'other', false, undefined, 5, '(para)='],
      ['commented', 'none', false, undefined, 8, '(commented)='],
      ['end', 'none', false, undefined, 11, '(end)=']
    ])
    expect(f.title).toEqual({
      text: 'Introduction',
      range: {start: {line: 3, column: 1, offset: 24}, end: {line: 3, column: 15, offset: 38}}
    })
  })

  it('marks labels defined twice in one document (docutils drops both)', () => {
    const f = facts('(a)=\n# A\n\n(a)=\nText.\n\n(b)=\n```{include} x.md\n```\n', 1)
    expect(
      f.labels.map((l) => [l.name, !!l.duplicateInFile, !!l.anchorOnly, !!l.uncertain])
    ).toEqual([
      ['a', true, false, false],
      ['a', false, true, false],
      ['a', true, false, false],
      ['b', false, false, true]
    ])
  })

  it('a target line interrupts a paragraph (MyST block rule)', () => {
    const f = facts('Para line\n(lbl)=\n## Sec\n')
    expect(f.labels.map((l) => [l.name, l.node])).toEqual([['lbl', 'section']])
  })

  it('computes heading anchors like MyST 0.18 (levels, slugs, duplicates)', () => {
    const text = [
      '# Hello *World*!',
      '## Hello World',
      '## `code` and [link](x.md) ![img](i.png)',
      '### Too deep',
      '## Ünïcödé 中文 _x_',
      '## Hello World'
    ].join('\n')
    const anchors = facts(text, 2)
      .labels.filter((l) => l.anchorOnly)
      .map((l) => [l.name, l.range.start.line])
    expect(anchors).toEqual([
      ['hello-world', 1],
      ['hello-world-1', 2],
      ['code-and-link', 3],
      ['ünïcödé-中文-x', 5],
      ['hello-world-2', 6]
    ])
    expect(facts(text, 0).labels).toEqual([])
  })

  it('a document without headings has no title and no local TOC', () => {
    const f = facts('Just text.\n')
    expect(f.title).toBeUndefined()
    expect(f.hasLocalToc).toBe(false)
  })
})

describe('front matter and suppressions', () => {
  it('reads front matter fields as Sphinx metadata strings', () => {
    const f = facts(
      '---\norphan: true\ntitle: X\ncount: 3\nmyst:\n  x: 1\ntags: [a, b]\n---\n# T\n'
    )
    expect(f.metadata).toEqual({orphan: 'True', title: 'X', count: '3', tags: '["a", "b"]'})
  })

  it('reports malformed front matter instead of throwing', () => {
    const f = facts('---\n: [\n---\n')
    expect(f.problems.map((p) => p.message)).toEqual(['Malformed YAML [myst.topmatter]'])
  })

  it('reads doclint-disable-next-line comments', () => {
    const text =
      'a\n<!-- doclint-disable-next-line doc-unknown, orphan -->\n\n{doc}`x`\n<!-- doclint-disable-next-line -->\nb\n'
    // the line right after the comment, blank or not (ESLint)
    expect(facts(text).suppressions).toEqual([
      {
        kind: 'next-line',
        line: 2,
        appliesTo: 3,
        rules: ['doc-unknown', 'orphan'],
        text: 'doclint-disable-next-line doc-unknown, orphan'
      },
      {kind: 'next-line', line: 5, appliesTo: 6, rules: [], text: 'doclint-disable-next-line'}
    ])
  })

  it('reads MyST % comments and disable / enable blocks', () => {
    const text =
      '% doclint-disable-next-line doc-unknown -- moved in the next release\n{doc}`x`\n\n<!-- doclint-disable -->\n\nb\n\n% doclint-enable orphan\n'
    expect(facts(text).suppressions).toEqual([
      {
        kind: 'next-line',
        line: 1,
        appliesTo: 2,
        rules: ['doc-unknown'],
        text: 'doclint-disable-next-line doc-unknown'
      },
      {kind: 'disable', line: 4, appliesTo: 4, rules: [], text: 'doclint-disable'},
      {kind: 'enable', line: 8, appliesTo: 8, rules: ['orphan'], text: 'doclint-enable orphan'}
    ])
  })

  it('keeps exact ranges with CRLF line endings', () => {
    const text = '# T\r\n\r\nSee {doc}`a`\r\n\r\n```{toctree}\r\nb\r\n```\r\n'
    const f = facts(text)
    expect(f.xrefs.map((x) => [slice(text, x.range), x.range.start.line])).toEqual([
      ['{doc}`a`', 3]
    ])
    expect(f.toctrees[0]?.entries.map((e) => [slice(text, e.range), e.range.start.line])).toEqual([
      ['b', 6]
    ])
  })
})

describe('graph context', () => {
  it('takes heading anchors and extensions from the project when called by the graph', () => {
    const text = '# A Title\n\n:::{toctree}\nx\n:::\n'
    const conf = new Map<string, unknown>([['myst_enable_extensions', ['deflist']]])
    const f = extractMarkdownFacts(text, {project: {mystHeadingAnchors: 1, conf}})
    expect(f.labels.map((l) => l.name)).toEqual(['a-title'])
    expect(f.toctrees).toEqual([])
  })
})

describe('Markdown the parser would spend minutes on', () => {
  const nesting = (result: ReturnType<typeof facts>) =>
    result.problems.filter((problem) => problem.message.startsWith('Too much Markdown markup:'))

  it('100,000 `>` on one line: read up to that line, and one problem says where it stopped', () => {
    const result = facts(
      `# Deep\n\nSee {doc}\`before\`.\n\n${'>'.repeat(100_000)} {doc}\`after\`\n`
    )
    expect(result.title?.text).toBe('Deep')
    expect(result.xrefs.map((xref) => xref.target)).toEqual(['before'])
    expect(nesting(result)).toEqual([
      {
        level: 2,
        message:
          'Too much Markdown markup: more than 100 nested blocks on one line in this document; reading stopped at line 5 and the rest is not read.',
        line: 5,
        kind: 'limit'
      }
    ])
  })

  it('a staircase of lists, summed over its lines', () => {
    const stairs = Array.from({length: 99}, (_, i) => `${'  '.repeat(i)}- x`).join('\n')
    const text = `# Lists\n\n${`${stairs}\n\nPara.\n\n`.repeat(10)}`
    const problems = nesting(facts(text))
    expect(problems).toHaveLength(1)
    expect(problems[0]?.message).toMatch(
      /^Too much Markdown markup: more than 15000 nested block lines/
    )
  })

  it('leaves real nesting alone: 20-deep quotes and lists, indented code', () => {
    const text = `# Fine\n\n${'>'.repeat(20)} quote\n\n${Array.from({length: 20}, (_, i) => `${'  '.repeat(i)}- item`).join('\n')}\n\n${'        code\n'.repeat(200)}`
    expect(nesting(facts(text))).toEqual([])
  })

  it('inline markup: per paragraph and per document', () => {
    const dense = facts(`# Links\n\nSee {doc}\`first\`.\n\n${'[a]('.repeat(50_000)}\n`)
    expect(dense.xrefs.map((xref) => xref.target)).toEqual(['first'])
    expect(nesting(dense).map((problem) => problem.message)).toEqual([
      'Too much Markdown markup: more than 1000 inline markup characters in one paragraph in this document; reading stopped at line 5 and the rest is not read.'
    ])
    // many paragraphs each under the paragraph budget
    const spread = `# Many\n\n${`${'*a* '.repeat(250)}\n\n`.repeat(100)}`
    expect(nesting(facts(spread)).map((problem) => problem.message)).toEqual([
      expect.stringMatching(
        /^Too much Markdown markup: more than 30000 inline markup characters in/
      )
    ])
  })

  it('directives: 250 at most', () => {
    const text = `# Notes\n\n${'```{note}\n\n'.repeat(400)}`
    expect(nesting(facts(text)).map((problem) => problem.message)).toEqual([
      'Too much Markdown markup: more than 250 directives in this document; reading stopped at line 503 and the rest is not read.'
    ])
  })

  it('lines, blocks and fence lines', () => {
    const cutBy = (text: string) => nesting(facts(text)).map((problem) => problem.message)
    expect(cutBy(`# T\n\n${'word word\n'.repeat(20_000)}`)).toEqual([
      expect.stringMatching(
        /^Too much Markdown markup: more than 15000 lines in this document; reading stopped at line 15001 /
      )
    ])
    expect(cutBy(`# T\n\n${'word\n\n'.repeat(4_000)}`)).toEqual([
      expect.stringMatching(/^Too much Markdown markup: more than 3000 blocks /)
    ])
    expect(cutBy(`# T\n\n${':::\n'.repeat(2_000)}`)).toEqual([
      expect.stringMatching(/^Too much Markdown markup: more than 1000 fence lines /)
    ])
  })
})
