/**
 * Words naming what the build makes are never missing: the targets of a grouped rule
 * (`$(man_MANS)&:`, GNU make 4.3, as CZ-NIC/knot writes it, the last one included) and Sphinx's
 * own output folder distributed by automake (`EXTRA_DIST += $(OUTDIR)/html`, as openpmix does).
 */
import {describe, expect, it} from 'vitest'
import {readAutomake} from '../../src/manifests/automake.js'
import {parseAutomake} from '../../src/manifests/automake/parse.js'
import {defaultConfig} from '../../src/config/load.js'
import {readManifests} from '../../src/manifests/index.js'
import {loadProject} from '../../src/project/load.js'
import {MemoryTree} from '../../src/tree/memory.js'

describe('build outputs', () => {
  it('a grouped target list is read without its `&`', async () => {
    const text = 'man_MANS = man/a.8 man/b.1\n$(man_MANS)&: a.rst\n\tsphinx-build -b man . man\n'
    const parsed = parseAutomake(text, 'doc/Makefile.am')
    expect(parsed.statements.filter((s) => s.type === 'rule').map((s) => s.targets)).toEqual([
      '$(man_MANS)'
    ])
    const result = await readAutomake(new MemoryTree({'doc/Makefile.am': text}), 'doc/Makefile.am')
    expect([...result.targets].sort()).toEqual(['doc/man/a.8', 'doc/man/b.1'])
  })

  it("Sphinx's _build folder (or a file below it) listed for distribution is made, not missing", async () => {
    const tree = new MemoryTree({
      'docs/Makefile.am':
        'OUTDIR = _build\nEXTRA_DIST = conf.py index.rst a.rst $(OUTDIR)/html $(OUTDIR)/man/x.1 gone.rst\n',
      'docs/conf.py': "project = 'x'\n",
      'docs/index.rst': 'x\n',
      'docs/a.rst': 'x\n'
    })
    const config = defaultConfig()
    const project = await loadProject(tree, 'docs', config)
    const set = await readManifests(tree, project, config)
    const entries = set.lists.flatMap((list) => list.entries)
    const marked = (path: string) => entries.find((entry) => entry.path === path)?.generated
    expect(marked('docs/_build/html')).toBe(true)
    expect(marked('docs/_build/man/x.1')).toBe(true)
    expect(marked('docs/gone.rst')).toBeUndefined()
  })
})
