/**
 * meson `install_man(…)`: the source pages it installs are checked to exist (meson refuses a
 * missing one); build outputs passed to it are not strings, and a page conf.py `man_pages` makes
 * is Sphinx's output, compared with conf.py, never missing.
 */
import {describe, expect, it} from 'vitest'
import {defaultConfig} from '../../src/config/load.js'
import {readManifests} from '../../src/manifests/index.js'
import {parseMeson} from '../../src/manifests/meson.js'
import {loadProject} from '../../src/project/load.js'
import {MemoryTree} from '../../src/tree/memory.js'

describe('install_man', () => {
  it('reads strings, files() and variables of strings; not configure_file or custom_target objects', () => {
    const result = parseMeson(
      [
        "pages = ['a.1', 'b.5']",
        "generated = configure_file(input: 'c.8.in', output: 'c.8', configuration: conf)",
        "built = custom_target('d', output: 'd.1', command: ['x'])",
        "install_man(pages, files('e.7'), 'sub/f.1', generated, built, install_dir: 'man')",
        "install_man(meson.current_build_dir() / 'g.1')"
      ].join('\n'),
      'doc/meson.build'
    )
    expect(result.installMan().map((entry) => [entry.path, entry.word])).toEqual([
      ['doc/a.1', "'a.1'"],
      ['doc/b.5', "'b.5'"],
      ['doc/e.7', "'e.7'"],
      ['doc/sub/f.1', "'sub/f.1'"]
    ])
  })

  it('is a list covering nothing, without the pages conf.py makes', async () => {
    const tree = new MemoryTree({
      'meson.build': "project('p', 'c')\nsubdir('doc')\n",
      'doc/meson.build': "install_man('tool.1', 'tool.conf.5', 'gone.8', 'kit.1')\n",
      'doc/tool.1': '.TH TOOL 1\n',
      'doc/tool.conf.5': '.TH TOOL.CONF 5\n',
      'doc/conf.py': "man_pages = [('kit', 'kit', 'the kit', [], 1)]\n",
      'doc/index.rst': 'x\n',
      'doc/kit.rst': 'x\n'
    })
    const config = defaultConfig()
    const project = await loadProject(tree, 'doc', config)
    const set = await readManifests(tree, project, config)
    const list = set.lists.find((candidate) => candidate.variable === 'install_man')
    expect(list?.entries.map((entry) => entry.path)).toEqual([
      'doc/tool.1',
      'doc/tool.conf.5',
      'doc/gone.8'
    ])
    expect(list?.covers).toEqual([])
  })
})
