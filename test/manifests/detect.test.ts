import {describe, expect, it} from 'vitest'
import {defaultConfig} from '../../src/config/load.js'
import type {ManifestConfig} from '../../src/config/types.js'
import {listCovers, readManifests} from '../../src/manifests/index.js'
import {loadProject} from '../../src/project/load.js'
import {MemoryTree} from '../../src/tree/memory.js'

async function manifests(
  files: Record<string, string>,
  srcdir: string,
  manifestConfig?: ManifestConfig[]
) {
  const tree = new MemoryTree(files)
  const config = defaultConfig()
  if (manifestConfig) config.manifests = manifestConfig
  const project = await loadProject(tree, srcdir, config)
  return readManifests(tree, project, config)
}

const FRR = {
  'Makefile.am':
    'EXTRA_DIST =\ninclude doc/user/subdir.am\ninclude doc/developer/subdir.am\ninclude lib/subdir.am\n',
  'lib/subdir.am': 'EXTRA_DIST += lib/route_types.txt\n',
  'doc/user/subdir.am':
    'user_RSTFILES = \\\n\tdoc/user/index.rst \\\n\tdoc/user/conf.py \\\n\tdoc/user/bgp.rst \\\n\t# end\n\nEXTRA_DIST += \\\n\t$(user_RSTFILES) \\\n\tdoc/user/Useful_Sysctl_Settings.md \\\n\t# end\n',
  'doc/developer/subdir.am':
    'dev_RSTFILES = doc/developer/index.rst\nEXTRA_DIST += $(dev_RSTFILES)\n',
  'doc/user/conf.py': "master_doc = 'index'\n",
  'doc/user/index.rst': 'x\n',
  'doc/user/bgp.rst': 'x\n',
  'doc/user/Useful_Sysctl_Settings.md': 'x\n',
  'doc/user/_static/overview.png': 'x\n',
  'doc/developer/index.rst': 'x\n'
}

describe('readManifests', () => {
  it('finds FRR-style subdir.am lists without configuration, EXTRA_DIST keeping only its own words', async () => {
    const set = await manifests(FRR, 'doc/user')
    expect(
      set.lists.map((list) => [list.file, list.variable, list.entries.map((e) => e.path)])
    ).toEqual([
      ['doc/user/subdir.am', 'EXTRA_DIST', ['doc/user/Useful_Sysctl_Settings.md']],
      [
        'doc/user/subdir.am',
        'user_RSTFILES',
        ['doc/user/index.rst', 'doc/user/conf.py', 'doc/user/bgp.rst']
      ]
    ])
    // conf.py is listed, but it does not make every .py beside it a file the list ships.
    expect(set.lists.map((list) => list.covers)).toEqual([
      ['doc/user/*.md'],
      ['doc/user/**/*.rst', 'doc/user/*.rst']
    ])
    expect(set.files).toContain('doc/user/_static/overview.png')
    expect(set.sources?.get('doc/user/subdir.am')).toContain('user_RSTFILES')
  })

  it('keeps EXTRA_DIST words inside the source folder as a list of their own', async () => {
    const set = await manifests(
      {
        ...FRR,
        'doc/user/subdir.am':
          FRR['doc/user/subdir.am'] + 'EXTRA_DIST += doc/user/extra.rst lib/x.rst\n'
      },
      'doc/user'
    )
    expect(set.lists.map((list) => [list.variable, list.entries.map((e) => e.path)])).toEqual([
      ['EXTRA_DIST', ['doc/user/Useful_Sysctl_Settings.md', 'doc/user/extra.rst']],
      ['user_RSTFILES', ['doc/user/index.rst', 'doc/user/conf.py', 'doc/user/bgp.rst']]
    ])
    const extra = set.lists[0]
    expect(extra && listCovers(extra, 'doc/user/new.md')).toBe(true)
    expect(extra && listCovers(extra, 'doc/user/_build/html/x.rst')).toBe(false)
  })

  it('reads a lone automake.mk when there is no top-level Makefile.am', async () => {
    const set = await manifests(
      {
        'Documentation/automake.mk': 'DOC_SOURCE = Documentation/index.rst Documentation/a/b.rst\n',
        'Documentation/conf.py': '',
        'Documentation/index.rst': 'x\n'
      },
      'Documentation'
    )
    expect(set.lists.map((list) => [list.file, list.variable, list.entries.length])).toEqual([
      ['Documentation/automake.mk', 'DOC_SOURCE', 2]
    ])
  })

  it('finds meson lists through subdir() from the project meson.build', async () => {
    const set = await manifests(
      {
        'meson.build': "project('p')\nsubdir('docs')\n",
        'docs/meson.build': "doc_files = files('index.rst', 'conf.py')\nman = ['p.1']\n",
        'docs/conf.py': '',
        'docs/index.rst': 'x\n'
      },
      'docs'
    )
    expect(set.lists.map((list) => [list.kind, list.file, list.variable, list.base])).toEqual([
      ['meson', 'docs/meson.build', 'doc_files', 'docs']
    ])
  })

  it('uses configured manifests instead of detection', async () => {
    const set = await manifests(FRR, 'doc/user', [
      {
        file: 'doc/user/subdir.am',
        variables: ['EXTRA_DIST'],
        covers: ['doc/user/*.md'],
        ignore: ['doc/user/README.md']
      }
    ])
    expect(set.lists.map((list) => [list.variable, list.covers, list.ignore[0]])).toEqual([
      ['EXTRA_DIST', ['doc/user/*.md'], 'doc/user/README.md']
    ])
    expect(set.lists[0]?.entries.map((e) => e.path)).toContain('doc/user/Useful_Sysctl_Settings.md')
  })

  it('adds the man page lists: automake words, conf.py man_pages, the index to compare with', async () => {
    const set = await manifests(
      {
        'Documentation/automake.mk':
          'DOC_SOURCE = Documentation/index.rst $(addprefix Documentation/ref/,$(RST_MANPAGES))\nRST_MANPAGES = a.1.rst b.8.rst\n',
        'Documentation/conf.py':
          "man_pages = [('ref/a.1', 'a', 'A', [], 1),\n    ('ref/b.8', 'b', 'B', [], 8)]\n",
        'Documentation/index.rst': 'x\n',
        'Documentation/ref/a.1.rst': 'x\n'
      },
      'Documentation'
    )
    expect(
      set.manPages?.automake?.map((list) => [list.variable, list.entries.map((e) => e.path)])
    ).toEqual([['RST_MANPAGES', ['Documentation/ref/a.1.rst', 'Documentation/ref/b.8.rst']]])
    expect(set.manPages?.confPy?.entries.map((e) => [e.word, e.path, e.range.start.line])).toEqual([
      ['ref/a.1', 'Documentation/ref/a.1.rst', 1],
      ['ref/b.8', 'Documentation/ref/b.8.rst', 2]
    ])
    expect(set.manPages?.indexDocname).toBe('ref/index')
  })

  it('says why conf.py man_pages could not be read', async () => {
    const set = await manifests(
      {
        'Documentation/automake.mk':
          'DOC_SOURCE = Documentation/index.rst\nRST_MANPAGES = a.1.rst\n',
        'Documentation/conf.py': 'import pages\nman_pages = pages.load()\n',
        'Documentation/index.rst': 'x\n'
      },
      'Documentation'
    )
    expect(set.manPages?.confPy).toBeUndefined()
    expect(set.manPages?.confPyUnevaluated?.range.start.line).toBe(2)
  })
})
