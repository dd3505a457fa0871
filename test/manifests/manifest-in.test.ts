import {describe, expect, it} from 'vitest'
import {readManifestIn} from '../../src/manifests/manifest-in.js'
import {parseMeson} from '../../src/manifests/meson.js'
import {MemoryTree} from '../../src/tree/memory.js'

function tree(files: Record<string, string>): MemoryTree {
  return new MemoryTree(files)
}

describe('readManifestIn', () => {
  it('reads names, patterns, grafts and exclusions relative to its folder', async () => {
    const result = await readManifestIn(
      tree({
        'py/MANIFEST.in':
          '# comment\ninclude README.rst docs/*.txt\nrecursive-include docs *.rst *.py\ngraft docs/_static\nprune docs/_build\nexclude docs/draft.rst\nglobal-exclude *.py[cod]\nrecursive-include . *.md\n'
      }),
      'py/MANIFEST.in'
    )
    expect(result.entries.map((e) => [e.path, e.word, !!e.glob, !!e.folder])).toEqual([
      ['py/README.rst', 'README.rst', false, false],
      ['py/docs/*.txt', 'docs/*.txt', true, false],
      ['py/docs/**/*.rst', '*.rst', true, false],
      ['py/docs/**/*.py', '*.py', true, false],
      ['py/docs/_static', 'docs/_static', false, true],
      ['py/**/*.md', '*.md', true, false]
    ])
    expect(result.excludes).toEqual(['py/docs/_build/**', 'py/docs/draft.rst', 'py/**/*.py[cod]'])
    expect(result.partial).toBeUndefined()
    expect(result.unused).toBeUndefined()
  })

  it('knows when setuptools does not read it, or git adds to it', async () => {
    const flit = await readManifestIn(
      tree({
        'MANIFEST.in': 'graft docs\n',
        'pyproject.toml': '[build-system]\nbuild-backend = "flit_core.buildapi"\n'
      }),
      'MANIFEST.in'
    )
    expect(flit.unused).toContain('flit_core.buildapi')
    const scm = await readManifestIn(
      tree({
        'MANIFEST.in': 'graft docs\n',
        'pyproject.toml': '[build-system]\nrequires = ["setuptools", "setuptools_scm"]\n'
      }),
      'MANIFEST.in'
    )
    expect(scm.unused).toBeUndefined()
    expect(scm.partial).toContain('setuptools-scm')
  })
})

describe('parseMeson partial lists', () => {
  it('marks a list extended by run_command() output, and lists derived from it', () => {
    const result = parseMeson(
      "dir = meson.current_source_dir()\ndocs = ['index.rst']\nl = run_command(G, dir / 'arm', check: true)\ndocs += l.stdout().split('\\n')\nall = docs + ['conf.py']\nplain = files('a.rst')\n",
      'doc/meson.build'
    )
    expect(result.partial('docs')).toBe('run_command(…)')
    expect(result.partial('all')).toBe('run_command(…)')
    expect(result.partial('plain')).toBeUndefined()
    expect(result.entries('docs').map((e) => e.path)).toEqual(['doc/index.rst'])
  })

  it('reads the man pages a Sphinx man custom_target outputs, and only those', () => {
    const result = parseMeson(
      "custom_target('man', output: ['a.1', 'b.8'], command: [s, '-b', 'man', '.', '@OUTDIR@'])\ncustom_target('h', output: ['c.1'], command: [help2man, 'x'])\n",
      'doc/meson.build'
    )
    expect(result.manOutputs().map((e) => [e.path, e.word])).toEqual([
      ['a.1', "'a.1'"],
      ['b.8', "'b.8'"]
    ])
  })
})
