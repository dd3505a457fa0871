/**
 * Several Sphinx projects under one PATH: each is checked with its own build folder (manifests,
 * build flags), so its findings are exactly those it has alone; one project checked through its
 * documentation folder, with or without git, finds what it finds from its top folder.
 */
import {spawnSync} from 'node:child_process'
import {cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {lintTree} from '../../src/engine/run.js'
import type {RunResult} from '../../src/engine/types.js'

const repo = path.resolve(import.meta.dirname, '..', '..')
const bin = path.join(repo, 'bin', 'doclint.cjs')
const temp = mkdtempSync(path.join(tmpdir(), 'doclint-projects-'))
afterAll(() => rmSync(temp, {recursive: true, force: true}))

function write(dir: string, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), {recursive: true})
    writeFileSync(path.join(dir, file), text)
  }
}

function git(cwd: string, ...args: string[]): void {
  const result = spawnSync('git', args, {cwd, encoding: 'utf8'})
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`)
}

/**
 * An automake project shaped like Open vSwitch: DOC_SOURCE in Documentation/automake.mk, written
 * from the top folder, a -W build. It lists `topics/gone.rst`, which is not there, and does not
 * list `topics/new.rst`, which is.
 */
function automakeProject(dir: string, name: string): void {
  write(dir, {
    'configure.ac': `AC_INIT([${name}], [1.0])\nAM_INIT_AUTOMAKE([foreign])\n`,
    'Makefile.am': 'EXTRA_DIST =\ninclude Documentation/automake.mk\n',
    'Documentation/automake.mk': [
      'DOC_SOURCE = \\',
      '\tDocumentation/conf.py \\',
      '\tDocumentation/index.rst \\',
      '\tDocumentation/topics/index.rst \\',
      '\tDocumentation/topics/gone.rst \\',
      '\tDocumentation/topics/kept.rst',
      'EXTRA_DIST += $(DOC_SOURCE)',
      '',
      'SPHINXBUILD = sphinx-build',
      'ALLSPHINXOPTS = -W -n -d $(SPHINXBUILDDIR)/doctrees $(SPHINXOPTS) $(srcdir)/Documentation',
      'docs-check: $(DOC_SOURCE)',
      '\t$(AM_V_GEN)$(SPHINXBUILD) -b html $(ALLSPHINXOPTS) $(SPHINXBUILDDIR)/html',
      ''
    ].join('\n'),
    'Documentation/conf.py': `project = '${name}'\nmaster_doc = 'index'\nexclude_patterns = ['_build']\n`,
    'Documentation/index.rst': `${name}\n${'='.repeat(name.length)}\n\n.. toctree::\n\n   topics/index\n`,
    'Documentation/topics/index.rst':
      'Topics\n======\n\n.. toctree::\n\n   kept\n   new\n   gone\n',
    'Documentation/topics/kept.rst': 'Kept\n====\n\nSee :doc:`new`.\n',
    'Documentation/topics/new.rst': 'New\n===\n\nNot in DOC_SOURCE.\n'
  })
}

/** A meson project (DPDK's shape): doc/meson.build lists the sources; `history.rst` is not listed. */
function mesonProject(dir: string): void {
  write(dir, {
    'meson.build': "project('demo', 'c', version: '1.0')\n\nsubdir('doc')\n",
    'doc/meson.build': [
      'doc_sources = files(',
      "    'conf.py',",
      "    'guide.rst',",
      "    'index.rst',",
      ')',
      '',
      "sphinx = find_program('sphinx-build', required: false)",
      'if sphinx.found()',
      "    custom_target('html', input: doc_sources, output: 'html',",
      "                  command: [sphinx, '-W', '-b', 'html', meson.current_source_dir(), '@OUTPUT@'])",
      'endif',
      ''
    ].join('\n'),
    'doc/conf.py': "project = 'demo'\n",
    'doc/index.rst': 'Demo\n====\n\n.. toctree::\n\n   guide\n   history\n',
    'doc/guide.rst': 'Guide\n=====\n',
    'doc/history.rst': 'History\n=======\n'
  })
}

/**
 * A subfolder Makefile.am (Suricata's, OpenPMIx's): `EXTRA_DIST` in docs/Makefile.am, relative to
 * it, which includes rules from `$(top_srcdir)`; `other.rst` is not listed.
 */
function subdirProject(dir: string): void {
  write(dir, {
    'configure.ac': 'AC_INIT([sub], [1.0])\nAC_CONFIG_FILES([Makefile docs/Makefile])\n',
    'Makefile.am': 'SUBDIRS = docs\n',
    'Makefile.rules': 'SPHINX_BUILD = sphinx-build\n',
    'docs/Makefile.am': [
      'include $(top_srcdir)/Makefile.rules',
      '',
      'EXTRA_DIST = conf.py index.rst guide.rst',
      ''
    ].join('\n'),
    'docs/conf.py': "project = 'sub'\n",
    'docs/index.rst': 'Sub\n===\n\n.. toctree::\n\n   guide\n   other\n',
    'docs/guide.rst': 'Guide\n=====\n',
    'docs/other.rst': 'Other\n=====\n'
  })
}

async function lint(cwd: string, ...paths: string[]): Promise<RunResult> {
  return lintTree({cwd, paths, requireSources: true})
}

/**
 * A run's findings as comparable lines, paths and messages relative to `prefix` (the project's
 * folder from the root of the run), keeping only those under it.
 */
function findings(result: RunResult, prefix: string): string[] {
  const strip = (text: string): string => (prefix === '' ? text : text.split(`${prefix}/`).join(''))
  return result.diagnostics
    .filter((finding) => prefix === '' || finding.file.startsWith(`${prefix}/`))
    .map(
      (finding) =>
        `${strip(finding.file)}:${finding.range.start.line}:${finding.range.start.column} ${finding.severity} ${finding.ruleId} ${strip(finding.message)}`
    )
    .sort()
}

const manifestOnly = (lines: string[]): string[] =>
  lines.filter((line) => / manifest-[a-z]+ /.test(line))

/** What the build summary says of a project, its paths relative to `prefix`. */
function builds(result: RunResult, prefix: string): unknown[] {
  const strip = (text: string | undefined): string | undefined =>
    text === undefined || prefix === '' ? text : text.split(`${prefix}/`).join('')
  return (result.builds ?? [])
    .filter((build) => prefix === '' || build.project.startsWith(`${prefix}/`))
    .map((build) => ({
      project: strip(build.project),
      found: build.found,
      warningsAreErrors: build.warningsAreErrors,
      because: strip(build.because),
      source: strip(build.source)
    }))
}

describe('several Sphinx projects under one PATH', () => {
  it('two automake projects side by side: each keeps its manifest findings and -W', async () => {
    const parent = path.join(temp, 'two-automake')
    automakeProject(path.join(parent, 'alpha'), 'alpha')
    automakeProject(path.join(parent, 'beta'), 'beta')
    const alpha = await lint(path.join(parent, 'alpha'), '.')
    const beta = await lint(path.join(parent, 'beta'), '.')
    const both = await lint(parent, '.')
    // Alone, each finds the listed file that is gone and the file not listed, as errors (-W).
    expect(manifestOnly(findings(alpha, ''))).toEqual([
      'Documentation/automake.mk:5:2 error manifest-missing Cannot find `Documentation/topics/gone.rst`, listed in `DOC_SOURCE`',
      expect.stringMatching(
        /^Documentation\/topics\/new\.rst:1:1 error manifest-unlisted .*`DOC_SOURCE`/
      )
    ])
    expect(findings(both, 'alpha')).toEqual(findings(alpha, ''))
    expect(findings(both, 'beta')).toEqual(findings(beta, ''))
    expect(both.diagnostics).toHaveLength(alpha.diagnostics.length + beta.diagnostics.length)
    expect(builds(both, 'alpha')).toEqual(builds(alpha, ''))
    expect(builds(both, 'beta')).toEqual(builds(beta, ''))
    expect(both.builds?.map((build) => build.root)).toEqual(['alpha', 'beta'])
    expect(both.skipped).toBe(undefined)
  })

  it('two automake projects without configure.ac side by side (no git)', async () => {
    const parent = path.join(temp, 'no-configure')
    automakeProject(path.join(parent, 'alpha'), 'alpha')
    automakeProject(path.join(parent, 'beta'), 'beta')
    rmSync(path.join(parent, 'alpha', 'configure.ac'))
    rmSync(path.join(parent, 'beta', 'configure.ac'))
    const alpha = await lint(path.join(parent, 'alpha'), '.')
    expect(manifestOnly(findings(alpha, ''))).toHaveLength(2)
    const both = await lint(parent, '.')
    expect(findings(both, 'alpha')).toEqual(findings(alpha, ''))
    expect(findings(both, 'beta')).toEqual(findings(await lint(path.join(parent, 'beta'), '.'), ''))
  })

  it('a subfolder Makefile.am including from $(top_srcdir) beside another project', async () => {
    const parent = path.join(temp, 'subdir-automake')
    automakeProject(path.join(parent, 'alpha'), 'alpha')
    subdirProject(path.join(parent, 'sub'))
    const sub = await lint(path.join(parent, 'sub'), '.')
    expect(findings(sub, '')).toEqual([
      expect.stringMatching(/^docs\/other\.rst:1:1 error manifest-unlisted .*`EXTRA_DIST`/)
    ])
    const both = await lint(parent, '.')
    // `$(top_srcdir)/Makefile.rules` is sub/Makefile.rules, not a file at the top of the run.
    expect(findings(both, 'sub')).toEqual(findings(sub, ''))
    expect(findings(both, 'alpha')).toEqual(
      findings(await lint(path.join(parent, 'alpha'), '.'), '')
    )
  })

  it('an automake and a meson project side by side, also named as two PATHs', async () => {
    const parent = path.join(temp, 'automake-meson')
    automakeProject(path.join(parent, 'ovs'), 'ovs')
    mesonProject(path.join(parent, 'demo'))
    const ovs = await lint(path.join(parent, 'ovs'), '.')
    const demo = await lint(path.join(parent, 'demo'), '.')
    expect(manifestOnly(findings(demo, ''))).toEqual([
      expect.stringMatching(/^doc\/history\.rst:1:1 error manifest-unlisted .*`doc_sources`/)
    ])
    for (const both of [await lint(parent, '.'), await lint(parent, 'ovs', 'demo/doc')]) {
      expect(findings(both, 'ovs')).toEqual(findings(ovs, ''))
      expect(findings(both, 'demo')).toEqual(findings(demo, ''))
      expect(both.diagnostics).toHaveLength(ovs.diagnostics.length + demo.diagnostics.length)
      expect(builds(both, 'demo')).toEqual(builds(demo, ''))
      expect(builds(both, 'ovs')).toEqual(builds(ovs, ''))
    }
  })

  it('two projects in one git repository each read their own build folder', async () => {
    const parent = path.join(temp, 'monorepo')
    automakeProject(path.join(parent, 'alpha'), 'alpha')
    mesonProject(path.join(parent, 'demo'))
    git(parent, 'init', '-q')
    const alpha = await lint(path.join(temp, 'two-automake', 'alpha'), '.')
    const demo = await lint(path.join(parent, 'demo'), 'doc')
    // Inside the repository, a project's findings are named from the repository's top.
    expect(demo.root).toBe(parent)
    const all = await lint(parent, '.')
    expect(findings(all, 'alpha')).toEqual(findings(alpha, ''))
    expect(findings(all, 'demo')).toEqual(findings(demo, 'demo'))
  })
})

describe('one project checked through its documentation folder', () => {
  it('without git (a tarball): the build top is found upward, as with git', async () => {
    const dir = path.join(temp, 'tarball')
    automakeProject(dir, 'tarball')
    const top = await lint(dir, '.')
    const documentation = await lint(path.join(dir, 'Documentation'), '.')
    expect(documentation.root).toBe(dir)
    expect(manifestOnly(findings(top, ''))).toHaveLength(2)
    expect(findings(documentation, '')).toEqual(findings(top, ''))
    expect(builds(documentation, '')).toEqual(builds(top, ''))
    // From the folder above, named as a path.
    const named = await lint(temp, path.join('tarball', 'Documentation'))
    expect(named.root).toBe(temp)
    expect(findings(named, 'tarball')).toEqual(findings(top, ''))
  })

  it('with git, the repository top is the root', async () => {
    const dir = path.join(temp, 'with-git')
    automakeProject(dir, 'withgit')
    git(dir, 'init', '-q')
    const top = await lint(dir, '.')
    const documentation = await lint(path.join(dir, 'Documentation'), '.')
    expect(documentation.root).toBe(dir)
    expect(manifestOnly(findings(top, ''))).toHaveLength(2)
    expect(findings(documentation, '')).toEqual(findings(top, ''))
  })

  it('a documentation folder copied alone: its automake fragment is named as not checked', async () => {
    const source = path.join(temp, 'alone-source')
    automakeProject(source, 'alone')
    const dir = path.join(temp, 'alone', 'Documentation')
    cpSync(path.join(source, 'Documentation'), dir, {recursive: true})
    const result = await lint(dir, '.')
    // Every DOC_SOURCE word is relative to a Makefile.am that is not there: no guesses.
    expect(manifestOnly(findings(result, ''))).toEqual([])
    expect(result.skipped).toEqual([
      {
        path: 'automake.mk',
        message: expect.stringMatching(/^manifests not checked: an automake fragment/)
      }
    ])
    // The graph findings are still there.
    expect(findings(result, '')).toEqual(
      findings(await lint(source, '.'), 'Documentation').filter((line) => !/ manifest-/.test(line))
    )
  })
})

const OVS = '/tmp/corpus/ovs'
const OVN = '/tmp/corpus/ovn'

describe.skipIf(!existsSync(`${OVS}/configure.ac`) || !existsSync(`${OVN}/configure.ac`))(
  'Open vSwitch and OVN side by side (the trees of /tmp/corpus)',
  () => {
    it('each finds alone what both find together, and through Documentation', async () => {
      const parent = path.join(temp, 'ovs-ovn')
      mkdirSync(parent)
      // Hard links: a copy in no time; deleting a link leaves the corpus as it is.
      for (const [from, name] of [
        [OVS, 'ovs'],
        [OVN, 'ovn']
      ] as const) {
        const made = spawnSync('cp', ['-al', from, path.join(parent, name)])
        if (made.status !== 0) cpSync(from, path.join(parent, name), {recursive: true})
      }
      rmSync(path.join(parent, 'ovs/Documentation/topics/bonding.rst'))
      rmSync(path.join(parent, 'ovn/Documentation/tutorials/ovn-sandbox.rst'))
      rmSync(path.join(parent, 'ovn/.git'), {recursive: true, force: true})
      const ovs = await lint(path.join(parent, 'ovs'), '.')
      const ovn = await lint(path.join(parent, 'ovn'), '.')
      expect(manifestOnly(findings(ovs, ''))).toEqual([
        'Documentation/automake.mk:29:2 error manifest-missing Cannot find `Documentation/topics/bonding.rst`, listed in `DOC_SOURCE`'
      ])
      expect(manifestOnly(findings(ovn, ''))).toHaveLength(1)
      const both = await lint(parent, '.')
      expect(findings(both, 'ovs')).toEqual(findings(ovs, ''))
      expect(findings(both, 'ovn')).toEqual(findings(ovn, ''))
      expect(builds(both, 'ovs')).toEqual(builds(ovs, ''))
      expect(builds(both, 'ovn')).toEqual(builds(ovn, ''))
      const documentation = await lint(path.join(parent, 'ovs', 'Documentation'), '.')
      expect(findings(documentation, '')).toEqual(findings(ovs, ''))
    })
  }
)

describe('output grouped by project', () => {
  it('text output puts each project under its name; JSON diagnostics name theirs', () => {
    const parent = path.join(temp, 'output')
    automakeProject(path.join(parent, 'alpha'), 'alpha')
    mesonProject(path.join(parent, 'demo'))
    const text = spawnSync(process.execPath, [bin, '.', '--no-color'], {
      cwd: parent,
      encoding: 'utf8'
    })
    expect(text.status).toBe(1)
    const headers = text.stdout.split('\n').filter((line) => /\(Sphinx project: /.test(line))
    expect(headers).toEqual([
      'alpha/Documentation  (Sphinx project: 3 problems)',
      'demo/doc  (Sphinx project: 1 problem)'
    ])
    const json = spawnSync(process.execPath, [bin, '.', '--format', 'json'], {
      cwd: parent,
      encoding: 'utf8'
    })
    const data = JSON.parse(json.stdout) as {
      diagnostics: {rule: string; file: string; project?: string}[]
    }
    expect(data.diagnostics.map((d) => [d.project, d.rule, d.file])).toEqual([
      ['alpha/Documentation', 'manifest-missing', 'alpha/Documentation/automake.mk'],
      ['alpha/Documentation', 'toctree-missing', 'alpha/Documentation/topics/index.rst'],
      ['alpha/Documentation', 'manifest-unlisted', 'alpha/Documentation/topics/new.rst'],
      ['demo/doc', 'manifest-unlisted', 'demo/doc/history.rst']
    ])
    // One project: no project names (the output of a single project is unchanged).
    const one = spawnSync(process.execPath, [bin, 'demo', '--format', 'json'], {
      cwd: parent,
      encoding: 'utf8'
    })
    const single = JSON.parse(one.stdout) as {diagnostics: {project?: string}[]}
    expect(single.diagnostics.map((d) => d.project)).toEqual([undefined])
  })
})
