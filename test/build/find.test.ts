/** Build flags read statically from the shapes real projects use. */
import {existsSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {parseSphinxArgs} from '../../src/build/argv.js'
import {findBuilds} from '../../src/build/find.js'
import type {SphinxBuild} from '../../src/build/types.js'
import {DiskTree} from '../../src/tree/disk.js'
import {MemoryTree} from '../../src/tree/memory.js'

const at = {file: 'Makefile', line: 1}
const words = (line: string): {text: string; file: string; line: number}[] =>
  line.split(' ').map((text) => ({text, file: 'Makefile', line: 1}))

function summary(build: SphinxBuild | undefined): string {
  if (!build) return 'none'
  const flags = [
    build.warningsAreErrors
      ? `-W@${build.warningsAreErrors.file}:${build.warningsAreErrors.line}`
      : '',
    build.nitpicky ? '-n' : '',
    build.keepGoing ? '--keep-going' : '',
    ...build.tags.map((tag) => `-t ${tag}`),
    ...Object.entries(build.overrides).map(([k, v]) => `-D ${k}=${v}`),
    build.confdir === undefined ? '' : `-c ${build.confdir}`,
    build.conditional ? '(conditional)' : ''
  ].filter(Boolean)
  return `${build.file}:${build.line} ${flags.join(' ')}`.trim()
}

describe('parseSphinxArgs', () => {
  it('reads grouped short flags, values in the same or the next word, and long options', () => {
    const build = parseSphinxArgs(
      words('-qnW --keep-going -b html -tfoo -t bar -D language=de -c conf src out'),
      at
    )
    expect(build.warningsAreErrors?.text).toBe('-qnW')
    expect(build.nitpicky?.text).toBe('-qnW')
    expect(build.keepGoing).toBe(true)
    expect(build.builder).toBe('html')
    expect(build.tags).toEqual(['foo', 'bar'])
    expect(build.overrides).toEqual({language: 'de'})
    expect(build.confdir).toBe('conf')
    expect(build.sourcedir).toBe('src')
    const long = parseSphinxArgs(words('--fail-on-warning --tag=x --define=a=b docs _build'), at)
    expect(summary(long)).toBe('Makefile:1 -W@Makefile:1 -t x -D a=b')
  })

  it('does not take an option value for a flag (`-d -W` keeps -W as the doctree folder)', () => {
    expect(parseSphinxArgs(words('-d _build/doctrees -n . out'), at).warningsAreErrors).toBe(
      undefined
    )
  })
})

describe('findBuilds', () => {
  it('follows automake variables to where -W is written (Open vSwitch)', async () => {
    const tree = new MemoryTree({
      'Documentation/automake.mk': [
        'DOC_SOURCE = Documentation/index.rst',
        'SPHINXOPTS =',
        'SPHINXSRCDIR = $(srcdir)/Documentation',
        'ALLSPHINXOPTS = -W -n -d $(SPHINXBUILDDIR)/doctrees $(SPHINXOPTS) $(SPHINXSRCDIR)',
        'docs-check: $(DOC_SOURCE)',
        '\t$(AM_V_GEN)$(SPHINXBUILD) $(sphinx_verbose) -b html $(ALLSPHINXOPTS) $(SPHINXBUILDDIR)/html && touch $@',
        '\t$(AM_V_GEN)$(SPHINXBUILD) $(sphinx_verbose) -b man $(ALLSPHINXOPTS) $(SPHINXBUILDDIR)/man && touch $@',
        ''
      ].join('\n'),
      'Documentation/conf.py': '',
      'Documentation/index.rst': 'Title\n=====\n'
    })
    const info = await findBuilds(tree, 'Documentation')
    expect(info.builds.map(summary)).toEqual([
      'Documentation/automake.mk:6 -W@Documentation/automake.mk:4 -n',
      'Documentation/automake.mk:7 -W@Documentation/automake.mk:4 -n'
    ])
    expect(info.builds.map((build) => build.builder)).toEqual(['html', 'man'])
  })

  it("reads Sphinx's own docs/Makefile (`SPHINXOPTS ?= -W`)", async () => {
    const tree = new MemoryTree({
      'docs/Makefile': [
        'SPHINXOPTS    ?= -W --keep-going',
        'SPHINXBUILD   ?= sphinx-build',
        'SOURCEDIR     = source',
        'BUILDDIR      = build',
        '%: Makefile',
        '\t@$(SPHINXBUILD) -M $@ "$(SOURCEDIR)" "$(BUILDDIR)" $(SPHINXOPTS) $(O)',
        ''
      ].join('\n'),
      'docs/source/conf.py': ''
    })
    expect((await findBuilds(tree, 'docs/source')).builds.map(summary)).toEqual([
      'docs/Makefile:6 -W@docs/Makefile:1 --keep-going'
    ])
    // Another project of the tree is not built by it.
    expect((await findBuilds(tree, 'other')).builds).toEqual([])
  })

  it('reads tox.ini, noxfile.py, .readthedocs.yaml and CI workflows', async () => {
    const tree = new MemoryTree({
      'tox.ini': '[testenv:docs]\ncommands =\n    sphinx-build -n -b html docs docs/_build\n',
      'noxfile.py':
        'def docs(session):\n    session.run(\n        "sphinx-build", "-W", "-b", "html",\n        "docs", "docs/_build")\n',
      '.readthedocs.yaml':
        'version: 2\nsphinx:\n  configuration: docs/conf.py\n  fail_on_warning: true\n',
      '.github/workflows/docs.yml':
        'jobs:\n  docs:\n    steps:\n      - run: make -C docs html SPHINXOPTS="-W -t ci"\n',
      'docs/conf.py': ''
    })
    const info = await findBuilds(tree, 'docs')
    expect(info.builds.map(summary)).toEqual([
      'tox.ini:3 -n',
      'noxfile.py:2 -W@noxfile.py:3',
      '.readthedocs.yaml:4 -W@.readthedocs.yaml:4 -c docs',
      '.github/workflows/docs.yml:4 -W@.github/workflows/docs.yml:4 -t ci'
    ])
    expect(summary(info.strictest)).toBe('noxfile.py:2 -W@noxfile.py:3')
  })

  it("reads a project's root files from its own build folder, below the tree root", async () => {
    const files = {
      'tox.ini': '[testenv:docs]\ncommands =\n    sphinx-build -n -b html docs docs/_build\n',
      '.readthedocs.yaml':
        'version: 2\nsphinx:\n  configuration: docs/conf.py\n  fail_on_warning: true\n',
      '.github/workflows/docs.yml':
        'jobs:\n  docs:\n    steps:\n      - run: make -C docs html SPHINXOPTS="-W -t ci"\n',
      'docs/conf.py': ''
    }
    // Two projects side by side: each reads its own, and not the other's.
    const tree = new MemoryTree({
      ...Object.fromEntries(Object.entries(files).map(([file, text]) => [`one/${file}`, text])),
      'two/docs/conf.py': '',
      'two/tox.ini': '[testenv:docs]\ncommands = sphinx-build -W -b html docs out\n'
    })
    expect((await findBuilds(tree, 'one/docs', 'one')).builds.map(summary)).toEqual([
      'one/tox.ini:3 -n',
      'one/.readthedocs.yaml:4 -W@one/.readthedocs.yaml:4 -c one/docs',
      'one/.github/workflows/docs.yml:4 -W@one/.github/workflows/docs.yml:4 -t ci'
    ])
    expect((await findBuilds(tree, 'two/docs', 'two')).builds.map(summary)).toEqual([
      'two/tox.ini:2 -W@two/tox.ini:2'
    ])
    // From the tree root, neither project's files are its own.
    expect((await findBuilds(tree, 'one/docs')).builds).toEqual([])
  })

  it('reads a meson custom_target, -W added under a build option (DPDK)', async () => {
    const tree = new MemoryTree({
      'doc/guides/meson.build': [
        "sphinx = find_program('sphinx-build')",
        "extra_sphinx_args = ['-a']",
        "if get_option('werror')",
        "    extra_sphinx_args += '-W'",
        'endif',
        "html_guides = custom_target('html_guides',",
        "        output: 'html',",
        '        command: [sphinx_wrapper, sphinx, meson.project_version(),',
        '            meson.current_source_dir(), meson.current_build_dir(),',
        '            extra_sphinx_args])',
        ''
      ].join('\n'),
      'doc/guides/conf.py': ''
    })
    expect((await findBuilds(tree, 'doc/guides')).builds.map(summary)).toEqual([
      'doc/guides/meson.build:8 -W@doc/guides/meson.build:4 (conditional)'
    ])
  })
})

describe.skipIf(!existsSync('/tmp/corpus/ovs/Documentation/automake.mk'))('Open vSwitch', () => {
  it('builds html and man with -W -n from ALLSPHINXOPTS', async () => {
    const info = await findBuilds(new DiskTree('/tmp/corpus/ovs'), 'Documentation')
    expect(summary(info.strictest)).toMatch(
      /^Documentation\/automake\.mk:\d+ -W@Documentation\/automake\.mk:126 -n$/
    )
    // Read the Docs builds it too, without fail_on_warning.
    expect(info.builds.map((build) => `${build.file} ${build.builder ?? ''}`.trim())).toEqual([
      'Documentation/automake.mk html',
      'Documentation/automake.mk man',
      'Documentation/automake.mk linkcheck',
      '.readthedocs.yaml'
    ])
  })
})

describe('findBuilds: flags in the command variable and environment prefixes', () => {
  it('reads -W from SPHINXBUILD itself (Varnish) and after NAME=value prefixes (Suricata)', async () => {
    const tree = new MemoryTree({
      'doc/sphinx/Makefile.am': [
        'SPHINXOPTS    =',
        'SPHINXBUILD   = $(SPHINX) -W -q -N',
        'BUILDDIR      = build',
        'ALLSPHINXOPTS   = -d $(BUILDDIR)/doctrees $(SPHINXOPTS) $(builddir)',
        'html: sphinx_prereq',
        '\t$(SPHINXBUILD) -b html $(ALLSPHINXOPTS) $(BUILDDIR)/html',
        ''
      ].join('\n'),
      'doc/userguide/Makefile.am': [
        'SPHINX_BUILD = sphinx-build -q',
        'html: _generated',
        '\tsysconfdir=$(sysconfdir) \\',
        '\tversion=$(PACKAGE_VERSION) \\',
        '\t\t$(SPHINX_BUILD) -W -b html -d _build/doctrees \\',
        '\t\t$(top_srcdir)/doc/userguide _build/html',
        ''
      ].join('\n')
    })
    expect((await findBuilds(tree, 'doc/sphinx')).builds.map(summary)).toEqual([
      'doc/sphinx/Makefile.am:6 -W@doc/sphinx/Makefile.am:2'
    ])
    expect((await findBuilds(tree, 'doc/userguide')).builds.map(summary)).toEqual([
      'doc/userguide/Makefile.am:3 -W@doc/userguide/Makefile.am:3'
    ])
  })
})
