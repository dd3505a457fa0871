/**
 * `--staged` caches by default, in the git directory. A cached run must say exactly what an
 * uncached one says while the index, the work tree and the branch change under it.
 */
import {spawnSync} from 'node:child_process'
import {existsSync} from 'node:fs'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {git, isolateGit, makeRepo, removeDir, writeFiles} from './git-repo.js'

const BIN = path.resolve(import.meta.dirname, '..', '..', 'bin', 'doclint.cjs')

let dir: string

function staged(...extra: string[]): {status: number | null; diagnostics: unknown} {
  const result = spawnSync(process.execPath, [BIN, '--staged', '--format', 'json', ...extra], {
    cwd: dir,
    encoding: 'utf8'
  })
  const json = JSON.parse(result.stdout) as {diagnostics: unknown}
  return {status: result.status, diagnostics: json.diagnostics}
}

/** The cached run (default) against a run without the cache. */
function expectSameAsUncached(): {status: number | null; diagnostics: unknown} {
  const cached = staged()
  expect(cached).toEqual(staged('--no-cache'))
  return cached
}

beforeAll(() => {
  isolateGit()
  dir = makeRepo()
  writeFiles(dir, {
    'conf.py': "project = 'cache'\n",
    'index.rst': 'Cache\n=====\n\n.. toctree::\n\n   guide\n',
    'guide.rst': 'Guide\n=====\n\nBack to :doc:`index`.\n'
  })
  git(dir, 'add', '.')
  git(dir, 'commit', '-q', '-m', 'Base')
})

afterAll(() => {
  removeDir(dir)
})

describe('--staged with its default cache', () => {
  it('keeps the cache in the git directory, never in the work tree', () => {
    writeFiles(dir, {'guide.rst': 'Guide\n=====\n\nSee :doc:`nowhere`.\n'})
    git(dir, 'add', 'guide.rst')
    expect(expectSameAsUncached().status).toBe(1)
    expect(existsSync(path.join(dir, '.git', 'doclint-cache'))).toBe(true)
    expect(git(dir, 'status', '--porcelain', '--untracked-files=all')).toBe('M  guide.rst\n')
  })

  it('follows the index, not the work tree', () => {
    // The work tree is fixed, the index still holds the broken link.
    writeFiles(dir, {'guide.rst': 'Guide\n=====\n\nBack to :doc:`index`.\n'})
    expect(expectSameAsUncached().status).toBe(1)
    // Staged too: nothing is introduced any more.
    git(dir, 'add', 'guide.rst')
    expect(expectSameAsUncached()).toEqual({status: 0, diagnostics: []})
    // A new document the toctree does not list (an orphan, a warning).
    writeFiles(dir, {'loose.rst': 'Loose\n=====\n'})
    git(dir, 'add', 'loose.rst')
    expect(JSON.stringify(expectSameAsUncached().diagnostics)).toContain('orphan')
  })

  it('follows the branch', () => {
    git(dir, 'reset', '-q', '--hard')
    git(dir, 'checkout', '-q', '-b', 'other')
    writeFiles(dir, {'index.rst': 'Cache\n=====\n\nNo toctree here.\n'})
    git(dir, 'commit', '-q', '-am', 'Drop the toctree')
    // On `other`, the guide is an orphan already: staging an edit of it introduces nothing new.
    writeFiles(dir, {'guide.rst': 'Guide\n=====\n\nBack to :doc:`index`, again.\n'})
    git(dir, 'add', 'guide.rst')
    const onOther = expectSameAsUncached()
    git(dir, 'stash', '-q')
    git(dir, 'checkout', '-q', 'main')
    git(dir, 'stash', 'pop', '-q')
    git(dir, 'add', 'guide.rst')
    const onMain = expectSameAsUncached()
    expect(onMain).toEqual({status: 0, diagnostics: []})
    expect(onOther.status).toBe(0)
  })

  it('follows conf.py and the build files, staged and then committed', () => {
    git(dir, 'reset', '-q', '--hard')
    // A cached run of this HEAD first: its findings, build and project are stored.
    writeFiles(dir, {'guide.rst': 'Guide\n=====\n\nBack to :doc:`index` once more.\n'})
    git(dir, 'add', 'guide.rst')
    expect(expectSameAsUncached()).toEqual({status: 0, diagnostics: []})
    // conf.py staged: the guide is excluded, and the toctree now names a missing document.
    writeFiles(dir, {'conf.py': "project = 'cache'\nexclude_patterns = ['guide.rst']\n"})
    git(dir, 'add', 'conf.py')
    const excluded = expectSameAsUncached()
    expect(excluded.status).toBe(1)
    expect(JSON.stringify(excluded.diagnostics)).toContain('guide')
    // Committed: HEAD has the exclusion, so staging another edit of the guide introduces nothing.
    git(dir, 'commit', '-q', '-m', 'Exclude the guide')
    writeFiles(dir, {'guide.rst': 'Guide\n=====\n\nSee :doc:`nowhere`.\n'})
    git(dir, 'add', 'guide.rst')
    expect(expectSameAsUncached()).toEqual({status: 0, diagnostics: []})
    // A build that turns warnings into errors, staged: still the same as without the cache.
    writeFiles(dir, {Makefile: 'html:\n\tsphinx-build -W -b html . _build/html\n'})
    git(dir, 'add', 'Makefile')
    expectSameAsUncached()
    // conf.py back as it was, staged: the guide's broken link is introduced now.
    writeFiles(dir, {'conf.py': "project = 'cache'\n"})
    git(dir, 'add', 'conf.py')
    const back = expectSameAsUncached()
    expect(back.status).toBe(1)
    expect(JSON.stringify(back.diagnostics)).toContain('nowhere')
  })
})
