import {readFileSync} from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {defaultConfig} from '../../src/config/load.js'
import {
  discoverDocuments,
  docnameOf,
  docPath,
  toSrcPath,
  toTreePath
} from '../../src/project/discover.js'
import {defaultProject, loadProject} from '../../src/project/load.js'
import {DiskTree} from '../../src/tree/disk.js'
import {MemoryTree} from '../../src/tree/memory.js'

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/project')

interface FoundDocs {
  rootDoc: string
  documents: Record<string, string>
}

/** Discovery of a fixture tree, as {docname: srcdir-relative path}, with Sphinx 5.3 semantics. */
async function discover(dir: string, version: '8' | '5.3' = '5.3') {
  const tree = new DiskTree(dir)
  const config = defaultConfig()
  config.sphinx.version = version
  const project = await loadProject(tree, '', config)
  const discovery = await discoverDocuments(tree, project)
  const documents = Object.fromEntries(
    [...discovery.documents].map(([docname, doc]) => [docname, doc.path])
  )
  return {project, discovery, documents}
}

function found(name: string): FoundDocs {
  return JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8')) as FoundDocs
}

describe('discoverDocuments against real Sphinx 5.3', () => {
  it.each([
    'sphinx-cases/t1',
    'sphinx-cases/t2',
    'sphinx-cases/t3',
    'sphinx-cases/t40',
    'sphinx-cases/t43',
    'sphinx-cases/t5',
    'conf-root-doc',
    'conf-man-pages',
    'conf-static',
    'conf-suffix-dict'
  ])('%s finds what Sphinx found', async (name) => {
    const {project, documents} = await discover(path.join(FIXTURES, name))
    const expected = found(`${name}.found-docs.json`)
    expect(documents).toEqual(expected.documents)
    // t5 has no index: the contents fallback is a rule's job, not discovery's.
    if (name !== 'sphinx-cases/t5') expect(project.rootDoc).toBe(expected.rootDoc)
  })

  it.each(['t1', 't2', 't3', 't40'])(
    'sphinx-cases/%s agrees with what sphinx-5.3.txt implies',
    async (name) => {
      const {documents, discovery} = await discover(path.join(FIXTURES, 'sphinx-cases', name))
      const printed = readFileSync(
        path.join(FIXTURES, 'sphinx-cases', `${name}.sphinx-5.3.txt`),
        'utf8'
      )
      // Every orphan Sphinx reported is a document.
      for (const match of printed.matchAll(
        /^(\S+): WARNING: document isn't included in any toctree$/gm
      )) {
        expect(Object.values(documents)).toContain(match[1])
      }
      // Toctree entries Sphinx called nonexisting or excluded are not documents.
      for (const match of printed.matchAll(
        /reference to (?:nonexisting|excluded) document '([^']+)'/g
      )) {
        expect(documents).not.toHaveProperty(match[1] as string)
      }
      // "multiple files found" names the conflict and the file Sphinx used.
      for (const match of printed.matchAll(
        /multiple files found for the document "([^"]+)": \[([^\]]*)\]\nUse '([^']+)'/g
      )) {
        const conflict = discovery.conflicts.find((item) => item.docname === match[1])
        expect(conflict?.paths).toEqual(
          (match[2] as string)
            .split(', ')
            .map((item) => item.slice(1, -1))
            .sort()
        )
        expect(conflict?.chosen).toBe(match[3])
      }
    }
  )

  it('t2 reports the foo.rst/foo.txt conflict: 5.3 uses source_suffix order, 8 the first file', async () => {
    const dir = path.join(FIXTURES, 'sphinx-cases', 't2')
    const old = await discover(dir, '5.3')
    expect(old.discovery.conflicts).toEqual([
      {docname: 'foo', paths: ['foo.rst', 'foo.txt'], chosen: 'foo.rst'}
    ])
    const suffixDict = await discover(path.join(FIXTURES, 'conf-suffix-dict'), '5.3')
    expect(suffixDict.discovery.conflicts[0]?.chosen).toBe('a.txt')
    expect(suffixDict.documents).toEqual(found('conf-suffix-dict.found-docs.json').documents)
    const current = await discover(path.join(FIXTURES, 'conf-suffix-dict'), '8')
    expect(current.discovery.conflicts[0]?.chosen).toBe('a.rst')
  })

  it('templates, static and extra paths and the built-in EXCLUDE_PATHS are not documents', async () => {
    const {documents, discovery} = await discover(path.join(FIXTURES, 'conf-static'))
    expect(documents).toEqual(found('conf-static.found-docs.json').documents)
    // Every file is still listed.
    expect(discovery.files).toContain('_static/s.rst')
    expect(discovery.files).toContain('.#lock.rst')
  })

  it('agrees with Sphinx 5.3 Project.discover on 150 random trees (fixtures/project/sphinx-5.3/discovery.json)', async () => {
    const cases = JSON.parse(
      readFileSync(path.join(FIXTURES, 'sphinx-5.3', 'discovery.json'), 'utf8')
    ) as {
      files: string[]
      exclude: string[]
      include: string[]
      suffix: string[]
      docs: Record<string, string>
    }[]
    expect(cases).toHaveLength(150)
    const wrong: unknown[] = []
    for (const item of cases) {
      const tree = new MemoryTree(Object.fromEntries(item.files.map((file) => [file, 'x'])))
      const project = defaultProject('')
      project.sphinxVersion = '5.3'
      project.excludePatterns = item.exclude
      project.includePatterns = item.include
      project.sourceSuffix = item.suffix.map((suffix) => [suffix, 'restructuredtext'])
      const discovery = await discoverDocuments(tree, project)
      const got = Object.fromEntries(
        [...discovery.documents].map(([docname, doc]) => [docname, doc.path])
      )
      if (JSON.stringify(got) !== JSON.stringify(item.docs)) wrong.push({...item, got})
    }
    expect(wrong).toEqual([])
  })
})

describe('discovery in a source folder below the tree root', () => {
  it('uses tree-relative paths, srcdir-relative docnames and patterns', async () => {
    const tree = new MemoryTree({
      'Documentation/conf.py':
        "exclude_patterns = ['_build', 'internal/*']\nmaster_doc = 'contents'\n",
      'Documentation/contents.rst': 'x',
      'Documentation/guide/a.rst': 'x',
      'Documentation/internal/secret.rst': 'x',
      'Documentation/_build/html/index.rst': 'x',
      'Documentation/_static/logo.png': 'x',
      'README.rst': 'x',
      'Makefile.am': 'x'
    })
    const project = await loadProject(tree, 'Documentation', defaultConfig())
    const discovery = await discoverDocuments(tree, project)
    expect([...discovery.documents.keys()]).toEqual(['contents', 'guide/a'])
    expect(discovery.documents.get('guide/a')).toEqual({
      docname: 'guide/a',
      path: 'Documentation/guide/a.rst',
      suffix: '.rst',
      parser: 'restructuredtext'
    })
    expect(discovery.files).toHaveLength(6)
    expect(project.rootDoc).toBe('contents')
  })

  it('maps paths and docnames both ways', () => {
    const project = defaultProject('docs')
    project.sourceSuffix = [
      ['.rst', 'restructuredtext'],
      ['.md', 'markdown']
    ]
    expect(docnameOf(project, 'a/b.rst')).toBe('a/b')
    expect(docnameOf(project, 'a/b.md')).toBe('a/b')
    expect(docnameOf(project, 'a/b.txt')).toBeUndefined()
    expect(docnameOf(project, '.rst')).toBeUndefined()
    // An empty suffix matches everything and leaves an empty docname: Sphinx stops there.
    const blocked = defaultProject('')
    blocked.sourceSuffix = [
      ['.rst', 'restructuredtext'],
      ['', 'restructuredtext'],
      ['.txt', 'restructuredtext']
    ]
    expect(docnameOf(blocked, 'a.rst')).toBe('a')
    expect(docnameOf(blocked, 'b.txt')).toBeUndefined()
    expect(docnameOf(project, 'cafe\u0301.rst')).toBe('caf\u00e9')
    expect(docPath(project, 'a/b')).toBe('a/b.rst')
    expect(docPath(project, 'a/b', (file) => file === 'a/b.md')).toBe('a/b.md')
    expect(docPath(project, 'a/b', () => false)).toBe('a/b.rst')
    expect(toTreePath(project, 'a/b.rst')).toBe('docs/a/b.rst')
    expect(toSrcPath(project, 'docs/a/b.rst')).toBe('a/b.rst')
    expect(toSrcPath(project, 'other/a.rst')).toBeUndefined()
  })
})

describe('discoverDocuments properties', () => {
  const segment = fc.constantFrom(
    'a',
    'b.rst',
    '.h',
    '_build',
    'x.txt',
    'c[1]',
    '.#l.rst',
    'index.rst',
    'é.rst'
  )
  const glob = fc.constantFrom(
    '*',
    '**',
    '**/b.rst',
    '_build',
    'a/*',
    '[!a]*',
    '.*',
    'x.txt',
    '[z-a]',
    '?'
  )

  it('never throws; documents are listed files, sorted, with their docname', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(segment, {minLength: 1, maxLength: 4}), {maxLength: 15}),
        fc.array(glob, {maxLength: 3}),
        fc.array(glob, {maxLength: 2}),
        async (paths, exclude, include) => {
          const files = Object.fromEntries(paths.map((parts) => ['src/' + parts.join('/'), 'x']))
          const tree = new MemoryTree(files)
          const project = defaultProject('src')
          project.excludePatterns = exclude
          project.includePatterns = include
          project.sourceSuffix = [
            ['.rst', 'restructuredtext'],
            ['.txt', 'restructuredtext']
          ]
          const discovery = await discoverDocuments(tree, project)
          const docnames = [...discovery.documents.keys()]
          expect(docnames).toEqual([...docnames].sort())
          for (const [docname, doc] of discovery.documents) {
            expect(discovery.files).toContain(doc.path)
            expect(docnameOf(project, toSrcPath(project, doc.path) ?? '')).toBe(docname)
          }
          for (const conflict of discovery.conflicts) {
            expect(conflict.paths).toContain(conflict.chosen)
            expect(discovery.documents.get(conflict.docname)?.path).toBe(conflict.chosen)
          }
        }
      ),
      {numRuns: 200}
    )
  })
})
