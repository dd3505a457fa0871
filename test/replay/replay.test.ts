/**
 * The replay check (src/series/replay.ts) over a repository built here with one commit of each
 * kind patch mode must get right: every commit, mailed by `git format-patch`, applies exactly when
 * `git apply --check` applies it and gives C's blobs, and what patch mode says it introduces and
 * fixes is the difference of tree mode on checkouts of C^ and C.
 */
import {chmodSync, mkdirSync, rmSync, symlinkSync, unlinkSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {runPatchMode} from '../../src/commands/patch-mode.js'
import {prepareEngine} from '../../src/engine/run.js'
import {applyPatch} from '../../src/patch/apply.js'
import {parseDiff} from '../../src/patch/diff.js'
import {replay, type ReplayReport} from '../../src/series/replay.js'
import {GitTree} from '../../src/tree/git.js'
import {cleanup, git, gitOk, tempDir, writeFiles} from '../patch/helpers.js'

afterAll(cleanup)

let repo = ''
/** Subjects of the commits, for the assertions. */
const made: string[] = []

function commit(dir: string, subject: string): void {
  git(dir, 'add', '-A')
  git(dir, 'commit', '-q', '--allow-empty', '-m', subject)
  made.push(subject)
}

/** Random-looking bytes (a PNG header, then noise): a file git mails as binary. */
function binary(seed: number, length: number): Uint8Array {
  const bytes = new Uint8Array(length)
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0])
  let state = seed
  for (let k = 9; k < length; k++) {
    state = (state * 1103515245 + 12345) >>> 0
    bytes[k] = state >>> 24
  }
  return bytes
}

function buildRepository(): string {
  const dir = tempDir('doclint-replay-')
  git(dir, 'init', '-q', '-b', 'main')
  git(dir, 'config', 'core.autocrlf', 'false')
  git(dir, 'config', 'core.symlinks', 'true')
  const docs = (name: string) => path.join(dir, 'docs', name)
  writeFiles(dir, {
    'docs/index.rst': 'Index\n=====\n\n.. toctree::\n\n   a\n   guide/x\n',
    'docs/a.rst': 'A\n=\n\nSee :doc:`guide/x`.\n',
    'docs/b.rst': 'B\n=\n\nNot in any toctree.\n',
    'docs/guide/x.rst':
      'X\n=\n\nText of x, long enough to be found again after a rename.\nOne.\nTwo.\nThree.\n'
  })
  commit(dir, 'docs without conf.py')
  writeFiles(dir, {'docs/conf.py': "project = 'replay'\n"})
  commit(dir, 'add conf.py')
  const first = git(dir, 'rev-parse', 'HEAD~1').trim()
  const second = git(dir, 'rev-parse', 'HEAD').trim()
  git(dir, 'update-index', '--add', '--cacheinfo', `160000,${first},vendor/lib`)
  git(dir, 'commit', '-q', '-m', 'add a submodule')
  made.push('add a submodule')
  git(dir, 'update-index', '--cacheinfo', `160000,${second},vendor/lib`)
  git(dir, 'commit', '-q', '-m', 'bump the submodule')
  made.push('bump the submodule')
  symlinkSync('a.rst', docs('alias.rst'))
  symlinkSync('guide', docs('more'))
  symlinkSync('../../../etc/passwd', docs('out.rst'))
  symlinkSync('alias.rst', docs('chain.rst'))
  symlinkSync('.', docs('loop'))
  symlinkSync('missing.rst', docs('broken.rst'))
  writeFiles(dir, {'README.rst': ':orphan:\n\nReadme\n======\n'})
  symlinkSync('../README.rst', docs('readme.rst'))
  commit(dir, 'create symbolic links')
  writeFiles(dir, {'README.rst': ':orphan:\n\nReadme\n======\n\nSee :doc:`ghost`.\n'})
  commit(dir, 'edit a file docs read through a link')
  writeFiles(dir, {'docs/b.rst': 'B\n=\n\nNot in any toctree, linked to.\n'})
  unlinkSync(docs('alias.rst'))
  symlinkSync('b.rst', docs('alias.rst'))
  commit(dir, 'retarget a symbolic link')
  unlinkSync(docs('alias.rst'))
  writeFiles(dir, {'docs/alias.rst': 'Alias\n=====\n\nSee :doc:`nowhere`.\n'})
  commit(dir, 'turn a symbolic link into a file')
  unlinkSync(docs('more'))
  commit(dir, 'delete a symbolic link')
  rmSync(docs('b.rst'))
  symlinkSync('a.rst', docs('b.rst'))
  commit(dir, 'turn a file into a symbolic link')
  unlinkSync(docs('b.rst'))
  writeFiles(dir, {'docs/b.rst': 'B\n=\n\nNot in any toctree, linked to.\n'})
  commit(dir, 'and back')
  rmSync(docs('guide/x.rst'))
  writeFiles(dir, {
    'docs/guide/y.rst':
      'X\n=\n\nText of x, long enough to be found again after a rename.\nOne.\nTwo.\nThree!\n',
    'docs/index.rst': 'Index\n=====\n\n.. toctree::\n\n   a\n   guide/y\n'
  })
  commit(dir, 'rename with similarity')
  writeFiles(dir, {
    'docs/a.rst': 'A\n=\n\nSee :doc:`guide/x`.\n\nMore.\n',
    'docs/c.rst': 'A\n=\n\nSee :doc:`guide/x`.\n'
  })
  commit(dir, 'copy a document')
  chmodSync(docs('b.rst'), 0o755)
  commit(dir, 'mode only')
  mkdirSync(docs('_static'), {recursive: true})
  writeFileSync(docs('_static/logo.png'), binary(1, 3000))
  writeFiles(dir, {'docs/a.rst': 'A\n=\n\nSee :doc:`guide/x`.\n\n.. image:: _static/logo.png\n'})
  commit(dir, 'add a binary image')
  const changed = binary(1, 3000)
  changed.set(binary(7, 40).subarray(9), 1000)
  writeFileSync(docs('_static/logo.png'), changed)
  commit(dir, 'change the binary image')
  writeFiles(dir, {'docs/empty.rst': '', 'docs/b.rst': ''})
  commit(dir, 'empty files')
  writeFiles(dir, {'docs/a.rst': 'A\n=\n\nSee :doc:`guide/y` and :doc:`gone`.'})
  commit(dir, 'no final newline')
  writeFiles(dir, {'docs/crlf.rst': 'CRLF\r\n====\r\n\r\nSee :doc:`a`.\r\n'})
  commit(dir, 'add a CRLF document')
  writeFiles(dir, {'docs/crlf.rst': 'CRLF\r\n====\r\n\r\nSee :doc:`a` and :doc:`lost`.\r\n'})
  commit(dir, 'edit a CRLF document')
  // a side branch and a merge that adds a broken link of its own
  git(dir, 'checkout', '-q', '-b', 'side')
  writeFiles(dir, {'docs/side.rst': ':orphan:\n\nSide\n====\n'})
  commit(dir, 'side document')
  git(dir, 'checkout', '-q', 'main')
  writeFiles(dir, {'docs/main.rst': ':orphan:\n\nMain\n====\n'})
  commit(dir, 'main document')
  git(dir, 'merge', '-q', '--no-commit', 'side')
  writeFiles(dir, {'docs/side.rst': ':orphan:\n\nSide\n====\n\nSee :doc:`evil`.\n'})
  git(dir, 'add', '-A')
  git(dir, 'commit', '-q', '-m', 'evil merge')
  rmSync(docs('conf.py'))
  commit(dir, 'remove conf.py')
  return dir
}

let report: ReplayReport

beforeAll(async () => {
  repo = buildRepository()
  const cwd = tempDir('doclint-replay-cwd-')
  mkdirSync(path.join(cwd, 'docs'))
  const engine = await prepareEngine({cwd, paths: ['docs']})
  const commits = git(repo, 'rev-list', '--reverse', '--topo-order', 'HEAD')
    .split('\n')
    .filter(Boolean)
  report = await replay({
    repo: path.join(repo, '.git'),
    engine,
    commits,
    verifyEvery: 1,
    seriesLength: 50,
    checkout: path.join(tempDir('doclint-replay-wt-'), 'wt'),
    formatPatchArgs: ['-C']
  })
}, 120_000)

describe('replay over a repository with one commit of each kind', () => {
  it('finds no divergence', () => {
    expect(report.divergences).toEqual([])
  })

  it('replays every commit but the merge and the root, and checks them again as series', () => {
    const subjects = report.commits.map((entry) => entry.subject)
    expect(report.merges).toBe(1)
    for (const subject of made.slice(1)) expect(subjects).toContain(subject)
    expect(report.commits.every((entry) => entry.gitApplies && entry.doclintApplies)).toBe(true)
    expect(report.seriesChecked).toBeGreaterThan(10)
  })

  it('reports what the commits break and mend', () => {
    const of = (subject: string) => report.commits.find((entry) => entry.subject === subject)
    // the new conf.py turns the folder into a project whose root document is there
    expect(of('add conf.py')?.introduced).toBe(0)
    expect(of('turn a symbolic link into a file')?.introduced).toBeGreaterThan(0)
    expect(of('no final newline')?.introduced).toBeGreaterThan(0)
    expect(of('edit a CRLF document')?.introduced).toBeGreaterThan(0)
    expect(of('bump the submodule')?.introduced).toBe(0)
    // the only change is outside docs/, read through docs/readme.rst
    expect(of('edit a file docs read through a link')?.introduced).toBe(1)
  })
})

describe('what git refuses, doclint refuses in git words', () => {
  it('an absolute path written as a//tmp/x.rst', async () => {
    const patch =
      'diff --git a//tmp/x.rst b//tmp/x.rst\nnew file mode 100644\nindex 0000000..e69de29\n--- /dev/null\n+++ b//tmp/x.rst\n@@ -0,0 +1 @@\n+hi\n'
    const file = path.join(tempDir(), 'abs.patch')
    writeFileSync(file, patch)
    expect(gitOk(repo, 'apply', '--check', file)).toBe(false)
    const tree = new GitTree(repo, 'HEAD')
    const result = await applyPatch(tree, parseDiff(patch))
    tree.close()
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.problems[0]).toMatchObject({ruleId: 'patch-malformed', messageId: 'unsafePath'})
    expect(result.problems[0]?.message).toContain('`/tmp/x.rst`: it is absolute')
    expect(result.problems[0]?.message).toContain('invalid path')
  })
})

describe('--range checks merges', () => {
  it('reports the link an evil merge adds, as a patch of its own', async () => {
    const base = git(repo, 'rev-parse', 'HEAD~3').trim()
    const result = await runPatchMode(
      {cwd: repo, paths: ['docs']},
      {patches: [], staged: false, range: `${base}..HEAD~1`, ignoreWhitespace: false, all: false}
    )
    const merge = result.patches?.find((patch) => patch.patch.subject === 'evil merge')
    expect(merge?.applied).toBe(true)
    expect(merge?.introduced.map((finding) => [finding.ruleId, finding.target])).toEqual([
      ['doc-unknown', 'evil']
    ])
    expect(merge?.files).toEqual(['docs/side.rst'])
    // the side branch's own commit is checked against its own parent, and is clean
    const side = result.patches?.find((patch) => patch.patch.subject === 'side document')
    expect(side?.introduced).toEqual([])
  })
})
