import {describe, expect, it} from 'vitest'
import {splitext} from '../../src/graph/mdlinks.js'
import type {Graph} from '../../src/graph/types.js'
import {MemoryTree} from '../../src/tree/memory.js'
import {graphOf, runRules} from './lint-helper.js'

const CONF = "extensions = ['myst_parser']\n"

/** `target → status` of every Markdown link of a document. */
function statuses(graph: Graph, docname: string): Record<string, string> {
  const links = graph.documents.get(docname)?.mdlinks ?? []
  return Object.fromEntries(links.map((link) => [link.xref.target, link.status]))
}

describe('splitext', () => {
  it('splits like os.path.splitext', () => {
    expect(splitext('a/b.md')).toEqual(['a/b', '.md'])
    expect(splitext('a.b/c')).toEqual(['a.b/c', ''])
    expect(splitext('.hidden')).toEqual(['.hidden', ''])
    expect(splitext('x/..md')).toEqual(['x/..md', ''])
    expect(splitext('a.tar.gz')).toEqual(['a.tar', '.gz'])
  })
})

describe('Markdown links (MyST 0.18 resolution)', () => {
  const files = {
    'conf.py': `${CONF}myst_heading_anchors = 2\n`,
    'index.rst':
      'Home\n====\n\n.. toctree::\n\n   guide\n   sub/page\n\n.. _rst-label:\n\nSection\n-------\n',
    'guide.md': [
      '# Guide',
      '',
      '## Getting Started',
      '',
      '[a](#getting-started) [b](#nope) [c](sub/page.md#deep-part) [d](sub/page.md#nope)',
      '[e](rst-label) [f](RST-Label) [g](index.rst) [h](index) [i](nope.md) [j](nope/x)',
      '[k](data.txt) [l](nope.zip) [m](nope-name) [n](sub/page.md) [o](https://x.org/y.md)',
      '[p](guide.md#Getting-Started) [q](genindex) [r](nope.md#x)',
      ''
    ].join('\n'),
    'data.txt': 'data\n',
    'sub/page.md':
      '# Page\n\n## Deep Part\n\n[up](../guide.md#getting-started) [data](../data.txt)\n'
  }

  it('resolves as MyST does, relative to the document', async () => {
    const graph = await graphOf(new MemoryTree(files))
    expect(statuses(graph, 'guide')).toEqual({
      '#getting-started': 'anchor',
      '#nope': 'missing-anchor',
      'sub/page.md#deep-part': 'anchor',
      'sub/page.md#nope': 'missing-anchor',
      'rst-label': 'label',
      'RST-Label': 'label',
      'index.rst': 'doc',
      index: 'doc',
      'nope.md': 'missing-doc',
      'nope/x': 'missing-doc',
      'data.txt': 'download',
      'nope.zip': 'missing-file',
      'nope-name': 'missing-label',
      'sub/page.md': 'doc',
      // a label named by its source path from the source folder, compared lower-cased
      'guide.md#Getting-Started': 'label',
      genindex: 'label',
      'nope.md#x': 'missing-doc'
    })
    expect(statuses(graph, 'sub/page')).toEqual({
      '../guide.md#getting-started': 'anchor',
      '../data.txt': 'download'
    })
  })

  it('reports each unresolved kind under the rule that fits it', async () => {
    const graph = await graphOf(new MemoryTree(files), {version: '5.3'})
    const found = runRules(graph)
      .filter((d) => d.messageId.startsWith('mdlink'))
      .map((d) => `${d.ruleId} ${d.target ?? ''} → ${d.resolved ?? ''}`)
    expect(found.sort()).toEqual([
      'doc-unknown nope.md → nope',
      'doc-unknown nope.md#x → nope',
      'doc-unknown nope/x → nope/x',
      'download-missing nope.zip → nope.zip',
      'ref-undefined #nope → guide',
      'ref-undefined nope-name → nope-name',
      'ref-undefined sub/page.md#nope → sub/page'
    ])
  })

  it('needs myst_heading_anchors for #anchors', async () => {
    const graph = await graphOf(new MemoryTree({...files, 'conf.py': CONF}))
    const anchors = statuses(graph, 'guide')
    expect(anchors['#getting-started']).toBe('missing-anchor')
    expect(anchors['rst-label']).toBe('label')
    const messages = runRules(graph)
      .filter((d) => d.target === '#getting-started')
      .map((d) => d.messageId)
    expect(messages).toEqual(['mdlinkNoAnchors'])
  })

  it('reads an included Markdown file as Markdown and resolves its links from the includer', async () => {
    const graph = await graphOf(
      new MemoryTree({
        'conf.py': `${CONF}exclude_patterns = ['parts']\n`,
        'index.md': '# Home\n\n```{include} parts/part.md\n```\n',
        'parts/part.md': '[ok](index.md) [bad](part.md) {doc}`nope-doc`\n'
      })
    )
    const found = runRules(graph).map((d) => `${d.file} ${d.ruleId} ${d.target ?? ''}`)
    expect(found).toContain('parts/part.md doc-unknown part.md')
    expect(found).toContain('parts/part.md doc-unknown nope-doc')
    expect(found).not.toContain('parts/part.md doc-unknown index.md')
  })
})

describe('Markdown project detection', () => {
  const parserOf = async (conf: string): Promise<string | undefined> => {
    const graph = await graphOf(
      new MemoryTree({'conf.py': conf, 'index.rst': 'Home\n====\n', 'page.md': '# Page\n'})
    )
    return graph.documents.get('page')?.parser
  }

  it('reads .md as MyST when myst_parser or myst_nb is an extension', async () => {
    expect(await parserOf("extensions = ['myst_parser']\n")).toBe('markdown')
    expect(await parserOf("extensions = ['myst_nb']\n")).toBe('markdown')
    expect(await parserOf("extensions = ['myst_parser']\nsource_suffix = ['.rst', '.md']\n")).toBe(
      'markdown'
    )
  })

  it('reads .md when source_suffix maps it, and ignores it otherwise', async () => {
    expect(
      await parserOf("source_suffix = {'.rst': 'restructuredtext', '.md': 'markdown'}\n")
    ).toBe('markdown')
    expect(await parserOf("extensions = ['sphinx.ext.todo']\n")).toBeUndefined()
  })
})
