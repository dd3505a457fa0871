/**
 * Plain Makefiles (not automake) that list a Sphinx tree's documents: which file is read in a
 * folder, which variables are documentation lists, and what each must cover. The fixture trees
 * are the rule fixtures' (real projects' shapes); the edge cases are small memory trees.
 */
import {existsSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {defaultConfig} from '../../src/config/load.js'
import type {ManifestConfig} from '../../src/config/types.js'
import {checkTree, prepareEngine} from '../../src/engine/run.js'
import {parseAutomake} from '../../src/manifests/automake/parse.js'
import {readManifests} from '../../src/manifests/index.js'
import {loadProject} from '../../src/project/load.js'
import {DiskTree} from '../../src/tree/disk.js'
import {MemoryTree} from '../../src/tree/memory.js'
import type {FileTree} from '../../src/tree/types.js'
import {FIXTURES} from '../fixture-runner.js'

async function read(tree: FileTree, srcdir: string, manifests?: ManifestConfig[]) {
  const config = defaultConfig()
  if (manifests) config.manifests = manifests
  const project = await loadProject(tree, srcdir, config)
  return readManifests(tree, project, config)
}

function summary(set: Awaited<ReturnType<typeof read>>) {
  return set.lists.map((list) => ({
    kind: list.kind,
    file: list.file,
    variable: list.variable,
    paths: list.entries.map((entry) => entry.path),
    covers: list.covers
  }))
}

describe('plain Makefiles', () => {
  it('reads a bpftool-shaped man page list: checked word by word, covering nothing, compared with conf.py', async () => {
    const tree = new DiskTree(path.join(FIXTURES, 'manifest-missing/plain-makefile-man-pages'))
    const set = await read(tree, 'Documentation')
    expect(summary(set)).toEqual([
      {
        kind: 'make',
        file: 'Documentation/Makefile',
        variable: 'MAN8_RST',
        paths: [
          'Documentation/bpftool.rst',
          'Documentation/bpftool-map.rst',
          'Documentation/bpftool-net.rst',
          'Documentation/bpftool-prog.rst'
        ],
        covers: []
      }
    ])
    expect(set.manPages?.automake?.map((list) => [list.kind, list.variable])).toEqual([
      ['make', 'MAN8_RST']
    ])
    // The man pages sit beside the index: the root toctree is not a man page index.
    expect(set.manPages?.indexDocname).toBeUndefined()
    // The optional includes of a missing file are not problems; nothing else was misread.
    expect(set.problems ?? []).toEqual([])
  })

  it('reads GNU make without misreading define bodies, conditionals or target-specific variables', async () => {
    const tree = new DiskTree(path.join(FIXTURES, 'manifest-unlisted/valid-plain-makefile-gnu'))
    const set = await read(tree, 'doc')
    expect(summary(set)).toEqual([
      {
        kind: 'make',
        file: 'doc/Makefile',
        variable: 'RST_SOURCES',
        paths: ['doc/index.rst', 'doc/install.rst', 'doc/topics/tuning.rst'],
        covers: ['doc/*.rst', 'doc/topics/*.rst']
      },
      // `html: $(RST_SOURCES) conf.py`: make needs its prerequisites; the pages are RST_SOURCES'.
      {kind: 'make', file: 'doc/Makefile', variable: 'html:', paths: ['doc/conf.py'], covers: []}
    ])
    // `DOCS = missing-one.rst …` inside `define … endef` is not an assignment.
    expect(set.lists.some((list) => list.variable === 'DOCS')).toBe(false)
  })

  it('a list naming a few documents is a selection: checked, but covering nothing', async () => {
    const tree = new DiskTree(
      path.join(FIXTURES, 'manifest-unlisted/valid-plain-makefile-selection')
    )
    const set = await read(tree, 'docs')
    expect(summary(set)).toEqual([
      {
        kind: 'make',
        file: 'Makefile',
        variable: 'CHECK_FILES',
        paths: ['docs/changelog.rst'],
        covers: []
      }
    ])
  })

  it('a list of most of a folder covers that folder only (make does not recurse)', async () => {
    const tree = new DiskTree(path.join(FIXTURES, 'manifest-unlisted/plain-makefile'))
    const set = await read(tree, 'docs')
    expect(summary(set)).toEqual([
      {
        kind: 'make',
        file: 'Makefile',
        variable: 'DOC_FILES',
        paths: ['docs/index.rst', 'docs/build.rst', 'docs/profile.rst'],
        covers: ['docs/*.rst']
      }
    ])
  })

  it('reads the makefile GNU make would read, a hand-written Makefile.in, and never automake output', async () => {
    const doc = {
      'doc/conf.py': "project = 'x'\n",
      'doc/index.rst': 'x\n',
      'doc/a.rst': 'x\n',
      'doc/b.rst': 'x\n'
    }
    // GNUmakefile before Makefile.
    let set = await read(
      new MemoryTree({
        ...doc,
        'doc/GNUmakefile': 'PAGES = index.rst a.rst b.rst\n',
        'doc/Makefile': 'OTHER = index.rst a.rst\n'
      }),
      'doc'
    )
    expect(set.lists.map((list) => `${list.file} ${list.variable}`)).toEqual([
      'doc/GNUmakefile PAGES'
    ])
    // A configure template (btrfs-progs' Documentation/Makefile.in), not its output beside it.
    set = await read(
      new MemoryTree({
        ...doc,
        'doc/Makefile.in': 'INSTALL = @INSTALL@\nPAGES = index.rst a.rst b.rst\n',
        'doc/Makefile': 'INSTALL = /usr/bin/install\nPAGES = index.rst a.rst\n'
      }),
      'doc'
    )
    expect(set.lists.map((list) => `${list.file} ${list.variable}`)).toEqual([
      'doc/Makefile.in PAGES'
    ])
    // Beside a Makefile.am, Makefile.in and Makefile are automake's output.
    set = await read(
      new MemoryTree({
        ...doc,
        'doc/Makefile.am': 'EXTRA_DIST = index.rst a.rst b.rst\n',
        'doc/Makefile.in': 'EXTRA_DIST = index.rst a.rst\n',
        'doc/Makefile': 'EXTRA_DIST = index.rst\n'
      }),
      'doc'
    )
    expect(set.lists.every((list) => list.kind !== 'make')).toBe(true)
  })

  it('a configured plain Makefile is read as one, with the covers it is given', async () => {
    const files = {
      'doc/conf.py': "project = 'x'\n",
      'doc/index.rst': 'x\n',
      'doc/a.rst': 'x\n',
      'doc/sub/b.rst': 'x\n',
      'doc/sub/c.rst': 'x\n',
      'doc/Makefile': 'PAGES = index.rst sub/b.rst\n'
    }
    const set = await read(new MemoryTree(files), 'doc', [
      {file: 'doc/Makefile', variables: ['PAGES'], covers: ['doc/**/*.rst']}
    ])
    expect(summary(set)).toEqual([
      {
        kind: 'make',
        file: 'doc/Makefile',
        variable: 'PAGES',
        paths: ['doc/index.rst', 'doc/sub/b.rst'],
        covers: ['doc/**/*.rst']
      }
    ])
  })

  it('an unclosed define is a problem, not a silently shorter file', () => {
    const parsed = parseAutomake('define body\nA = x.rst\nPAGES = index.rst\n', 'doc/Makefile')
    expect(parsed.statements).toEqual([])
    expect(parsed.problems).toEqual([
      {file: 'doc/Makefile', line: 4, message: '`define` without `endef`'}
    ])
    const closed = parseAutomake(
      'override define body\nA = x.rst\nendef\nPAGES = index.rst\n',
      'doc/Makefile'
    )
    expect(closed.problems).toEqual([])
    expect(
      closed.statements.map((statement) => statement.type === 'assign' && statement.variable)
    ).toEqual(['PAGES'])
  })

  it('a MANUAL list is a documentation list, a MAN8 list a man page list', async () => {
    const set = await read(
      new MemoryTree({
        'doc/conf.py': "man_pages = [('tool.1', 'tool', 'the tool', [], 1)]\n",
        'doc/index.rst': 'x\n',
        'doc/guide.rst': 'x\n',
        'doc/tool.1.rst': 'x\n',
        'doc/Makefile': 'MANUAL = index.rst guide.rst tool.1.rst\nMAN1_RST = tool.1.rst\n'
      }),
      'doc'
    )
    expect(set.lists.map((list) => [list.variable, list.covers])).toEqual([
      ['MANUAL', ['doc/*.rst']],
      ['MAN1_RST', []]
    ])
    expect(set.manPages?.automake?.map((list) => list.variable)).toEqual(['MAN1_RST'])
  })

  it('a $(shell …) list is said at info and calls nothing unlisted; output lists are not lists', async () => {
    const set = await read(
      new MemoryTree({
        'doc/conf.py': "project = 'x'\n",
        'doc/index.rst': 'x\n',
        'doc/a.rst': 'x\n',
        'doc/b.rst': 'x\n',
        'doc/c.rst': 'x\n',
        'doc/Makefile':
          'PAGES = index.rst a.rst b.rst $(shell ls extra/*.rst)\nCLEAN_FILES = api.rst gone.rst\nOUTDIR = _build/html\n'
      }),
      'doc'
    )
    expect(set.lists.map((list) => [list.variable, list.partial])).toEqual([['PAGES', true]])
    expect(set.unevaluated?.map((item) => [item.file, item.variable, item.reason])).toEqual([
      ['doc/Makefile', 'PAGES', '`$(shell …)` is not evaluated statically']
    ])
  })
})

// btrfs-progs (kdave/btrfs-progs, read-only when extracted): a 1000-line GNU make top-level
// Makefile and a configure template Documentation/Makefile.in that lists no page ("Source files
// for manual pages are listed in conf.py"). Both are read; neither is a list; nothing is reported.
const BTRFS = '/tmp/corpus/btrfs-progs'
describe.skipIf(!existsSync(`${BTRFS}/Documentation/Makefile.in`))(BTRFS, () => {
  it('reads its Makefiles without a list or a manifest finding', async () => {
    const tree = new DiskTree(BTRFS)
    const set = await read(tree, 'Documentation')
    expect(set.lists).toEqual([])
    expect(set.problems ?? []).toEqual([])
    const engine = await prepareEngine({cwd: BTRFS, root: BTRFS, paths: ['Documentation']})
    const {diagnostics} = await checkTree(engine, tree)
    expect(diagnostics.filter((d) => d.ruleId.startsWith('manifest-'))).toEqual([])
  })
})
