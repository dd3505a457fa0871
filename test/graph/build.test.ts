import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {FactsCache} from '../../src/graph/facts-cache.js'
import {clipInclude} from '../../src/graph/include-clip.js'
import {docnameJoin, normpath, relfn2path} from '../../src/graph/paths.js'
import {closest, suggester} from '../../src/graph/suggest.js'
import {MemoryTree} from '../../src/tree/memory.js'
import {graphOf, runRules} from './lint-helper.js'

const title = (text: string): string => `${text}\n${'='.repeat(text.length)}\n`

describe('Sphinx path arithmetic (docs/sphinx-semantics.md §2, §5.1)', () => {
  it('joins docnames like docname_join', () => {
    expect(docnameJoin('sub/a', 'b')).toBe('sub/b')
    expect(docnameJoin('sub/a', '/index')).toBe('index')
    expect(docnameJoin('index', '../b')).toBe('b')
    expect(docnameJoin('sub/a', 'c/')).toBe('sub/c')
    expect(docnameJoin('index', '//example.com')).toBe('/example.com')
  })
  it('normalises like posixpath.normpath', () => {
    expect(normpath('a/./b/../c/')).toBe('a/c')
    expect(normpath('../x')).toBe('../x')
    expect(normpath('')).toBe('.')
  })
  it('resolves asset paths against the document folder, `/` against the source folder', () => {
    expect(relfn2path('img/a.png', 'sub/doc.rst')).toBe('sub/img/a.png')
    expect(relfn2path('/img/a.png', 'sub/doc.rst')).toBe('img/a.png')
    expect(relfn2path('//cdn/x.png', 'doc.rst')).toBe('/cdn/x.png')
  })
})

describe('include clipping', () => {
  it('cuts lines, then start-after, then end-before, keeping file coordinates', () => {
    const text = 'one\ntwo\nMARK rest\nthree\nEND four\n'
    const clip = clipInclude(text, {'start-line': '1', 'start-after': 'MARK', 'end-before': 'END'})
    expect(clip).toEqual({text: ' rest\nthree\n', line: 3, column: 5, offset: 12})
    expect(clipInclude(text, {'start-after': 'nowhere'})).toBeUndefined()
  })
})

describe('buildGraph', () => {
  it('expands includes relative to the top-level document, and marks included documents', async () => {
    const tree = new MemoryTree({
      'conf.py': '',
      'index.rst': `${title('Index')}\n.. toctree::\n\n   sub/doc\n`,
      'sub/doc.rst': `${title('Doc')}\n.. include:: inc/a.txt\n\n.. include:: part.rst\n   :literal:\n`,
      'sub/inc/a.txt': '.. include:: b.txt\n\n:doc:`nope`\n',
      'sub/b.txt': '.. _from-b:\n\nB section\n---------\n\n.. image:: pic.png\n',
      'sub/part.rst': 'Part, included literally: never parsed, never an orphan.\n'
    })
    const graph = await graphOf(tree)
    const doc = graph.documents.get('sub/doc')
    expect(doc?.files).toEqual(['sub/doc.rst', 'sub/inc/a.txt', 'sub/b.txt'])
    expect(doc?.labels.map((l) => [l.name, l.file])).toEqual([['from-b', 'sub/b.txt']])
    expect(doc?.images.map((i) => [i.srcPath, i.status, i.file])).toEqual([
      ['sub/pic.png', 'missing', 'sub/b.txt']
    ])
    expect(doc?.includes.map((i) => [i.srcPath, i.status])).toEqual([
      ['sub/inc/a.txt', 'ok'],
      ['sub/b.txt', 'ok'],
      ['sub/part.rst', 'ok']
    ])
    expect([...graph.included]).toEqual(['sub/part'])
    const found = runRules(graph).map((d) => `${d.ruleId} ${d.file} ${d.target ?? ''}`)
    expect(found).toEqual(['image-missing sub/b.txt pic.png', 'doc-unknown sub/inc/a.txt nope'])
  })

  it('stops circular inclusion', async () => {
    const tree = new MemoryTree({
      'index.rst': `${title('Index')}\n.. include:: a.inc\n`,
      'a.inc': '.. include:: b.inc\n',
      'b.inc': '.. include:: a.inc\n\n.. _lab:\n\nX\n-\n'
    })
    const graph = await graphOf(tree)
    expect(graph.documents.get('index')?.files).toEqual(['index.rst', 'a.inc', 'b.inc'])
  })

  it('resolves toctrees: suffixes, globs with the consumed set, generated names, exclusions', async () => {
    const tree = new MemoryTree({
      'conf.py': "exclude_patterns = ['drafts/*']\n",
      'index.rst': `${title('Index')}\n.. toctree::\n   :glob:\n\n   g/b.rst\n   g/*\n   g/[ab]\n   genindex\n   drafts/x\n   nope\n   https://example.com\n`,
      'g/a.rst': title('A'),
      'g/b.rst': title('B'),
      'drafts/x.rst': title('X')
    })
    const graph = await graphOf(tree)
    const entries = graph.documents.get('index')?.toctrees[0]?.entries ?? []
    expect(
      entries.map((e) => [e.entry.raw, e.status, e.docname ?? e.matches?.join(',') ?? ''])
    ).toEqual([
      ['g/b.rst', 'ok', 'g/b'],
      ['g/*', 'glob', 'g/a'],
      ['g/[ab]', 'glob', ''],
      ['genindex', 'ok', 'genindex'],
      ['drafts/x', 'excluded', 'drafts/x'],
      ['nope', 'missing', 'nope'],
      ['https://example.com', 'external', '']
    ])
    expect(graph.documents.get('index')?.toctrees[0]?.includes).toEqual(['g/b', 'g/a'])
  })

  it('treats a self entry as Sphinx 5.3 or 8 does', async () => {
    const files = {
      'index.rst': `${title('Index')}\n.. toctree::\n\n   a\n`,
      'a.rst': `${title('A')}\n.. toctree::\n\n   a\n`
    }
    const modern = await graphOf(new MemoryTree(files))
    const old = await graphOf(new MemoryTree(files), {version: '5.3'})
    expect(modern.documents.get('a')?.toctrees[0]?.includes).toEqual([])
    expect(old.documents.get('a')?.toctrees[0]?.includes).toEqual(['a'])
    expect(runRules(modern).map((d) => d.ruleId)).toEqual(['toctree-self'])
  })

  it('builds the label table in sorted docname order with only titled labels as earlier ones', async () => {
    const tree = new MemoryTree({
      'index.rst': `${title('Index')}\n.. toctree::\n\n   a\n   b\n\n.. _search:\n\nS\n-\n`,
      'a.rst': `${title('A')}\n.. _para:\n\nParagraph.\n`,
      'b.rst': `${title('B')}\n.. _para:\n\nSec\n---\n`
    })
    const graph = await graphOf(tree)
    expect(graph.labelDuplicates.map((d) => [d.docname, d.label.name, d.other.docname])).toEqual([
      ['index', 'search', 'search']
    ])
    expect(graph.labels.get('para')?.docname).toBe('b')
    expect(graph.anonLabels.get('para')?.docname).toBe('b')
  })

  it('skips `.*` image globs and URLs, reports `//host` paths, and leaves paths outside the tree unknown', async () => {
    const tree = new MemoryTree({
      'index.rst': `${title('Index')}\n.. image:: a.*\n\n.. image:: https://x/y.png\n\n.. image:: //cdn/x.png\n\n.. image:: ../out.png\n`
    })
    const graph = await graphOf(tree)
    expect(graph.documents.get('index')?.images.map((i) => i.status)).toEqual([
      'skipped',
      'skipped',
      'missing',
      'unknown'
    ])
  })

  it('reuses cached facts for unchanged files', async () => {
    const cache = new FactsCache()
    const files = {'index.rst': title('Index'), 'a.rst': title('A')}
    await graphOf(new MemoryTree(files), {cache})
    expect([cache.hits, cache.misses]).toEqual([0, 2])
    await graphOf(new MemoryTree({...files, 'a.rst': `${title('A')}\nChanged.\n`}), {cache})
    expect([cache.hits, cache.misses]).toEqual([1, 3])
  })

  it('uses the root document fallback and suggests close names only', async () => {
    const graph = await graphOf(
      new MemoryTree({'contents.rst': title('C'), 'install.rst': title('I')})
    )
    expect(graph.rootDoc).toBe('contents')
    expect(graph.rootDocExists).toBe(true)
    expect(graph.closestDocuments('instal')).toEqual(['install'])
    expect(graph.closestDocuments('zzz')).toEqual([])
    expect(closest('intor', ['intro', 'para'])).toEqual(['intro'])
  })

  it('reads Markdown documents through the MyST front end', async () => {
    const tree = new MemoryTree({
      'conf.py':
        "extensions = ['myst_parser']\nsource_suffix = {'.rst': 'restructuredtext', '.md': 'markdown'}\n",
      'index.rst': `${title('Index')}\n.. toctree::\n\n   page\n`,
      'page.md': '# Page\n\nSee {doc}`index` and {doc}`nowhere`.\n\n```{toctree}\nsub\n```\n',
      'sub.md': '# Sub\n',
      'lost.md': '# Lost\n'
    })
    const graph = await graphOf(tree)
    expect(graph.complete).toBe(true)
    expect(graph.documents.get('page')?.toctrees[0]?.includes).toEqual(['sub'])
    expect(runRules(graph).map((d) => `${d.ruleId} ${d.file} ${d.target ?? ''}`)).toEqual([
      'orphan lost.md lost',
      'doc-unknown page.md nowhere'
    ])
  })

  it('follows the chosen Sphinx version for globs that only match generated pages', async () => {
    const files = {'index.rst': `${title('Index')}\n.. toctree::\n   :glob:\n\n   sea*\n`}
    const ids = async (version: '8' | '5.3'): Promise<string[]> =>
      runRules(await graphOf(new MemoryTree(files), {version})).map((d) => d.ruleId)
    expect(await ids('8')).toEqual(['toctree-glob-empty'])
    expect(await ids('5.3')).toEqual([])
  })

  it('reports one finding per toctree cycle, at the entry that closes it', async () => {
    const toc = (name: string, child: string): string =>
      `${title(name)}\n.. toctree::\n\n   ${child}\n`
    const graph = await graphOf(
      new MemoryTree({
        'index.rst': toc('Index', 'a'),
        'a.rst': toc('A', 'b'),
        'b.rst': toc('B', 'c'),
        'c.rst': toc('C', 'a')
      })
    )
    const cycles = runRules(graph).filter((d) => d.ruleId === 'toctree-circular')
    expect(cycles.map((d) => [d.file, d.message])).toEqual([
      ['c.rst', 'Unexpected toctree cycle: `a` → `b` → `c` → `a`']
    ])
  })

  it('looks targets its labels, terms and documents do not answer up in the inventories', async () => {
    const graph = await graphOf(
      new MemoryTree({
        'conf.py':
          "extensions = ['sphinx.ext.intersphinx']\nintersphinx_mapping = {'other': ('https://other.example', 'other.inv')}\n",
        'other.inv': readFileSync(new URL('../intersphinx/fixtures/other.inv', import.meta.url)),
        'index.rst': `${title('Index')}\n:ref:\`other-intro\`, :ref:\`nowhere\`, :term:\`widget\`, :term:\`nothing\`, :doc:\`other:guide/page\` and :doc:\`missing\`.\n`
      })
    )
    expect([...(graph.intersphinx?.named.keys() ?? [])]).toEqual(['other'])
    expect(runRules(graph).map((d) => `${d.ruleId} ${d.target ?? ''}`)).toEqual([
      'ref-undefined nowhere',
      'term-undefined nothing',
      'doc-unknown missing'
    ])
  })

  it('treats section titles as labels when autosectionlabel is on', async () => {
    const files = {
      'conf.py': "extensions = ['sphinx.ext.autosectionlabel']\n",
      'index.rst': `${title('Index')}\n.. toctree::\n\n   a\n\n:ref:\`Setup Steps\`, :ref:\`a:setup steps\` and :ref:\`nowhere\`.\n`,
      'a.rst': `${title('A')}\nSetup Steps\n-----------\n`
    }
    const found = runRules(await graphOf(new MemoryTree(files))).map(
      (d) => `${d.ruleId} ${d.target ?? ''}`
    )
    // without autosectionlabel_prefix_document, `docname:title` is no label
    expect(found).toEqual(['ref-undefined a:setup steps', 'ref-undefined nowhere'])
    const prefixed = runRules(
      await graphOf(
        new MemoryTree({
          ...files,
          'conf.py':
            "extensions = ['sphinx.ext.autosectionlabel']\nautosectionlabel_prefix_document = True\nautosectionlabel_maxdepth = 2\n",
          'a.rst': `${title('A')}\nSetup Steps\n-----------\n\nDeep\n~~~~\n\n:ref:\`a:deep\`\n`
        })
      )
    ).map((d) => `${d.ruleId} ${d.target ?? ''}`)
    expect(prefixed).toEqual([
      'ref-undefined a:deep',
      'ref-undefined setup steps',
      'ref-undefined nowhere'
    ])
  })

  it("reads the content of directives conf.py's setup() registers as object types", async () => {
    const index = `${title('Index')}\n.. clicmd:: show version\n\n   See :ref:\`nowhere\`.\n`
    const registered = await graphOf(
      new MemoryTree({
        'conf.py': "def setup(app):\n    app.add_object_type('clicmd', 'clicmd')\n",
        'index.rst': index
      })
    )
    expect(runRules(registered).map((d) => `${d.ruleId} ${d.file} ${d.target ?? ''}`)).toEqual([
      'ref-undefined index.rst nowhere'
    ])
    // Without the registration docutils does not know the directive and never parses its content.
    const unknown = await graphOf(new MemoryTree({'conf.py': '', 'index.rst': index}))
    expect(runRules(unknown).filter((d) => d.ruleId === 'ref-undefined')).toEqual([])
  })
})

describe('suggestions are bounded', () => {
  it('charges a budget per candidate and per distance, and suggests nothing once it is spent', () => {
    const names = Array.from({length: 100}, (_, n) => `page${n}`)
    const budget = {left: 1000}
    // 100 candidates looked at, 100 distances at 20 each: 2,100 for one name
    expect(closest('pgae1', names, 3, budget)).toEqual(['page1'])
    expect(budget.left).toBe(1000 - 2100)
    expect(closest('pgae2', names, 3, budget)).toEqual([])
    expect(closest('pgae2', names)).toEqual(['page2'])
  })

  it('remembers the answer per name, so repeated broken targets cost once', () => {
    const budget = {left: 2200}
    let listed = 0
    const suggest = suggester(() => {
      listed++
      return Array.from({length: 100}, (_, n) => `page${n}`)
    }, budget)
    for (let round = 0; round < 5; round++) expect(suggest('pgae1')).toEqual(['page1'])
    expect(listed).toBe(1)
    expect(budget.left).toBe(100)
  })
})

describe('toctree globs list matches in Python code point order', () => {
  it('an astral character sorts after every character of the Basic Multilingual Plane', async () => {
    const graph = await graphOf(
      new MemoryTree({
        'conf.py': '',
        'index.rst': `${title('Index')}\n.. toctree::\n   :glob:\n\n   g/*\n`,
        'g/a\u{1F600}.rst': title('Astral'),
        'g/a\uFFFD.rst': title('Replacement'),
        'g/ab.rst': title('Ascii')
      })
    )
    const glob = graph.documents.get('index')?.toctrees[0]?.entries[0]
    expect(glob?.status).toBe('glob')
    expect(glob?.status === 'glob' ? glob.matches : []).toEqual([
      'g/ab',
      'g/a\uFFFD',
      'g/a\u{1F600}'
    ])
  })
})
