import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {defaultConfig} from '../../src/config/load.js'
import {discoverDocuments} from '../../src/project/discover.js'
import {findSourceDir, loadProject, parseSourceSuffix} from '../../src/project/load.js'
import {DiskTree} from '../../src/tree/disk.js'
import {MemoryTree} from '../../src/tree/memory.js'

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/project')

function config(
  version: '8' | '5.3' = '8',
  sphinx: Partial<ReturnType<typeof defaultConfig>['sphinx']> = {}
) {
  const result = defaultConfig()
  result.sphinx = {...result.sphinx, ...sphinx, version}
  return result
}

describe('findSourceDir', () => {
  it('finds conf.py in the folder or in docs/, doc/, source/ below it', async () => {
    const tree = new DiskTree(FIXTURES)
    expect(await findSourceDir(tree, 'layout-docs')).toBe('layout-docs/docs')
    expect(await findSourceDir(tree, 'layout-docs/docs')).toBe('layout-docs/docs')
    expect(await findSourceDir(tree, 'layout-docs/docs/')).toBe('layout-docs/docs')
    expect(await findSourceDir(tree, 'no-conf')).toBeUndefined()
    const memory = new MemoryTree({'source/conf.py': '', 'doc/source/conf.py': ''})
    expect(await findSourceDir(memory, '')).toBe('source')
    expect(await findSourceDir(memory, 'doc')).toBe('doc/source')
  })
})

describe('loadProject', () => {
  it('uses Sphinx defaults without conf.py', async () => {
    const tree = new DiskTree(path.join(FIXTURES, 'no-conf'))
    const project = await loadProject(tree, '', config())
    expect(project).toMatchObject({
      srcdir: '',
      rootDoc: 'index',
      sourceSuffix: [['.rst', 'restructuredtext']],
      excludePatterns: [],
      includePatterns: ['**'],
      templatesPath: [],
      extensions: [],
      numfig: false,
      mystHeadingAnchors: 0,
      unresolved: []
    })
    expect(project.confPath).toBeUndefined()
  })

  it('root_doc vs master_doc: 5.3 prefers root_doc, 8 takes the later assignment', async () => {
    const tree = new DiskTree(path.join(FIXTURES, 'conf-root-doc'))
    expect((await loadProject(tree, '', config('5.3'))).rootDoc).toBe('start')
    expect((await loadProject(tree, '', config('8'))).rootDoc).toBe('contents')
    expect((await loadProject(tree, '', config('8', {rootDoc: 'override'}))).rootDoc).toBe(
      'override'
    )
  })

  it('reads the MyST project: .md becomes markdown, and the other settings', async () => {
    const tree = new DiskTree(path.join(FIXTURES, 'conf-myst'))
    const project = await loadProject(tree, '', config())
    expect(project).toMatchObject({
      confPath: 'conf.py',
      sourceSuffix: [
        ['.rst', 'restructuredtext'],
        ['.md', 'markdown']
      ],
      extensions: ['myst_parser', 'sphinx.ext.todo'],
      excludePatterns: ['_build', 'drafts/*'],
      mystHeadingAnchors: 3,
      numfig: true,
      defaultRole: 'any',
      rstProlog: '\n.. |project| replace:: Demo\n',
      language: 'en'
    })
    expect(project.confLines.get('numfig')).toBe(5)
    const discovery = await discoverDocuments(tree, project)
    expect([...discovery.documents.values()].map((doc) => [doc.docname, doc.parser])).toEqual([
      ['guide', 'restructuredtext'],
      ['index', 'markdown']
    ])
  })

  it('adds .md for myst_nb too, after the configured suffixes, unless the config overrides suffixes', async () => {
    const tree = new MemoryTree({'conf.py': "extensions = ['myst_nb']\n"})
    expect((await loadProject(tree, '', config())).sourceSuffix).toEqual([
      ['.rst', 'restructuredtext'],
      ['.md', 'markdown']
    ])
    const typed = new MemoryTree({
      'conf.py': "extensions = ['myst_parser']\nsource_suffix = {'.md': 'restructuredtext'}\n"
    })
    expect((await loadProject(typed, '', config())).sourceSuffix).toEqual([
      ['.md', 'restructuredtext']
    ])
    const overridden = await loadProject(
      tree,
      '',
      config('8', {sourceSuffix: {'.txt': 'restructuredtext'}})
    )
    expect(overridden.sourceSuffix).toEqual([['.txt', 'restructuredtext']])
  })

  it('keeps only unresolved assignments that matter, and drops overridden ones', async () => {
    const tree = new DiskTree(path.join(FIXTURES, 'conf-unresolved'))
    const project = await loadProject(tree, '', config())
    expect(project.unresolved.map((item) => [item.name, item.line])).toEqual([
      ['exclude_patterns', 4],
      ['extensions', 8]
    ])
    expect(project.unresolved[0]?.reason).toMatch(/environment/)
    expect(project.unresolved[1]?.reason).toMatch(/condition/)
    // The undecidable `if` takes the first branch and says so.
    expect(project.extensions).toEqual(['sphinx.ext.todo', 'rtd_ext'])
    expect(project.conditional?.get('extensions')).toBe(8)
    expect(project.templatesPath).toEqual(['_templates'])
    const overridden = await loadProject(
      tree,
      '',
      config('8', {excludePatterns: ['_build'], extensions: ['sphinx.ext.todo']})
    )
    expect(overridden.unresolved).toEqual([])
    expect(overridden.excludePatterns).toEqual(['_build'])
  })

  it('reads man_pages with the line of each entry', async () => {
    const tree = new DiskTree(path.join(FIXTURES, 'conf-man-pages'))
    const project = await loadProject(tree, '', config())
    expect(project.manPages).toEqual([
      {docname: 'ref/tool.1', name: 'tool', section: 1, line: 4},
      {docname: 'ref/daemon.8', name: 'daemon', section: '8', line: 5}
    ])
  })

  it('reports values of the wrong type instead of using them', async () => {
    const tree = new MemoryTree({
      'docs/conf.py':
        "exclude_patterns = 'notalist'\nsource_suffix = 3\nman_pages = ['x']\nroot_doc = None\n"
    })
    const project = await loadProject(tree, 'docs', config())
    expect(project.confPath).toBe('docs/conf.py')
    expect(project.excludePatterns).toEqual([])
    expect(project.sourceSuffix).toEqual([['.rst', 'restructuredtext']])
    expect(project.rootDoc).toBe('index')
    expect(project.unresolved.map((item) => [item.name, item.line])).toEqual([
      ['exclude_patterns', 1],
      ['source_suffix', 2],
      ['man_pages', 3]
    ])
  })

  it('accepts every source_suffix form', () => {
    expect(parseSourceSuffix('.txt')).toEqual([['.txt', 'restructuredtext']])
    expect(parseSourceSuffix(['.rst', '.txt'])).toEqual([
      ['.rst', 'restructuredtext'],
      ['.txt', 'restructuredtext']
    ])
    expect(parseSourceSuffix({kind: 'tuple', items: ['.rst']})).toEqual([
      ['.rst', 'restructuredtext']
    ])
    expect(
      parseSourceSuffix({
        kind: 'dict',
        entries: [
          ['.rst', 'restructuredtext'],
          ['.md', 'markdown'],
          ['.x', null]
        ]
      })
    ).toEqual([
      ['.rst', 'restructuredtext'],
      ['.md', 'markdown'],
      ['.x', 'restructuredtext']
    ])
    expect(parseSourceSuffix(3)).toBeUndefined()
    expect(parseSourceSuffix([1])).toBeUndefined()
  })

  it('reads Open vSwitch-style conf.py in a subfolder (sources inline)', async () => {
    const tree = new MemoryTree({
      'Documentation/conf.py': `import os
try:
    import ovs_sphinx_theme
    use_ovs_theme = True
except ImportError:
    use_ovs_theme = False
templates_path = ['_templates']
source_suffix = '.rst'
master_doc = 'contents'
exclude_patterns = ['_build', 'Thumbs.db', '.DS_Store']
html_static_path = ['_static']
_man_pages = [
    ('ovs-ctl.8',
     u'OVS startup helper script'),
]
man_pages = [
    ('ref/%s' % file_name, file_name.split('.', 1)[0],
     description, [u'Author'], file_name.split('.', 1)[1])
    for file_name, description in _man_pages]
`
    })
    const project = await loadProject(tree, 'Documentation', config('5.3'))
    expect(project.rootDoc).toBe('contents')
    expect(project.sphinxVersion).toBe('5.3')
    expect(project.htmlStaticPath).toEqual(['_static'])
    expect(project.manPages).toEqual([
      {docname: 'ref/ovs-ctl.8', name: 'ovs-ctl', section: '8', line: 13}
    ])
    expect(project.unresolved).toEqual([])
  })

  it('keeps the object types setup() registers, and only when there are some', async () => {
    const tree = new MemoryTree({
      'doc/user/conf.py': "def setup(app):\n    app.add_object_type('clicmd', 'clicmd')\n",
      'plain/conf.py': "project = 'x'\n"
    })
    expect((await loadProject(tree, 'doc/user', config('5.3'))).objectTypes).toEqual(['clicmd'])
    expect((await loadProject(tree, 'plain', config())).objectTypes).toBeUndefined()
  })
})
