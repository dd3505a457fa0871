/**
 * End to end: the hook `install-hook` writes runs the project's own doclint (here
 * node_modules/doclint is this checkout, as `npm install` links it, and node_modules/.bin/doclint
 * points at its bin), which runs the build in dist/ on the staged tree; git refuses a commit that
 * stages a dangling :doc:. The hook keeps working after the checkout moves and with another
 * `node` first on PATH, and its cache lives in the git directory, never in the work tree.
 */
import {spawnSync} from 'node:child_process'
import {chmodSync, existsSync, mkdirSync, mkdtempSync, renameSync, symlinkSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {installHook} from '../../src/hook/install.js'
import {git, isolateGit, makeRepo, removeDir, tryGit, writeFiles} from './git-repo.js'

const ROOT = path.resolve(import.meta.dirname, '..', '..')

const TREE = {
  'conf.py': "project = 'e2e'\nroot_doc = 'index'\n",
  'index.rst': 'E2E\n===\n\n.. toctree::\n\n   guide\n',
  'guide.rst': 'Guide\n=====\n\nBack to :doc:`index`.\n',
  '.gitignore': 'node_modules/\n'
}

let dir: string
let moved: string

beforeAll(async () => {
  isolateGit()
  dir = makeRepo()
  writeFiles(dir, TREE)
  mkdirSync(path.join(dir, 'node_modules', '.bin'), {recursive: true})
  symlinkSync(ROOT, path.join(dir, 'node_modules', 'doclint'))
  symlinkSync('../doclint/bin/doclint.cjs', path.join(dir, 'node_modules', '.bin', 'doclint'))
  await installHook({repoDir: dir})
})

afterAll(() => {
  removeDir(moved ?? dir)
})

describe('pre-commit hook with the real doclint', () => {
  it('lets a clean Sphinx tree be committed', () => {
    git(dir, 'add', '.')
    const commit = tryGit(dir, 'commit', '-q', '-m', 'Add docs')
    expect(commit.status, `${commit.stdout}${commit.stderr}`).toBe(0)
  })

  it('refuses a commit that stages a dangling :doc: link', () => {
    writeFiles(dir, {'guide.rst': 'Guide\n=====\n\nBack to :doc:`index`. See :doc:`missing`.\n'})
    git(dir, 'add', 'guide.rst')
    const commit = tryGit(dir, 'commit', '-q', '-m', 'Link to a missing page')
    expect(commit.status).not.toBe(0)
    expect(`${commit.stdout}${commit.stderr}`).toMatch(/guide\.rst/)
    expect(`${commit.stdout}${commit.stderr}`).toMatch(/doc-unknown/)
    expect(`${commit.stdout}${commit.stderr}`).toMatch(/missing/)
    expect(git(dir, 'log', '--format=%s').trim().split('\n')).toEqual(['Add docs'])
  })

  it('checks what is staged, not the work tree', () => {
    // Stage a clean version; the broken link stays in the work tree only.
    git(dir, 'reset', '-q', 'guide.rst')
    writeFiles(dir, {'guide.rst': 'Guide\n=====\n\nBack to :doc:`index`, again.\n'})
    git(dir, 'add', 'guide.rst')
    writeFiles(dir, {'guide.rst': 'Guide\n=====\n\nSee :doc:`missing`.\n'})
    const commit = tryGit(dir, 'commit', '-q', '-m', 'Reword the guide')
    expect(commit.status, `${commit.stdout}${commit.stderr}`).toBe(0)
    expect(git(dir, 'log', '--format=%s').trim().split('\n')).toEqual([
      'Reword the guide',
      'Add docs'
    ])
  })

  it('keeps its cache in the git directory: nothing untracked appears', () => {
    expect(existsSync(path.join(dir, '.git', 'doclint-cache'))).toBe(true)
    expect(existsSync(path.join(dir, '.doclintcache'))).toBe(false)
    // The work tree holds only the unstaged edit of the last test.
    expect(git(dir, 'status', '--porcelain')).toBe(' M guide.rst\n')
  })

  it('still works after the checkout moves, with another node first on PATH', () => {
    moved = path.join(mkdtempSync(path.join(tmpdir(), 'doclint-moved-')), 'repo')
    renameSync(dir, moved)
    // An "upgraded" Node: a wrapper first on PATH that leaves a mark, then runs the real one.
    const bin = path.join(path.dirname(moved), 'bin')
    const mark = path.join(path.dirname(moved), 'used-path-node')
    writeFiles(bin, {node: `#!/bin/sh\n: > '${mark}'\nexec '${process.execPath}' "$@"\n`})
    chmodSync(path.join(bin, 'node'), 0o755)
    const env = {...process.env, PATH: `${bin}:${process.env['PATH'] ?? ''}`}
    writeFiles(moved, {'guide.rst': 'Guide\n=====\n\nSee :doc:`missing`, moved.\n'})
    git(moved, 'add', 'guide.rst')
    const refused = spawnGit(moved, env, 'commit', '-q', '-m', 'Moved and broken')
    expect(refused.status).not.toBe(0)
    expect(refused.output).toMatch(/doc-unknown/)
    expect(existsSync(mark)).toBe(true)
    writeFiles(moved, {'guide.rst': 'Guide\n=====\n\nBack to :doc:`index`, moved.\n'})
    git(moved, 'add', 'guide.rst')
    const accepted = spawnGit(moved, env, 'commit', '-q', '-m', 'Moved')
    expect(accepted.status, accepted.output).toBe(0)
  })
})

function spawnGit(
  cwd: string,
  env: NodeJS.ProcessEnv,
  ...args: string[]
): {status: number | null; output: string} {
  const result = spawnSync('git', args, {cwd, env, encoding: 'utf8'})
  return {status: result.status, output: `${result.stdout}${result.stderr}`}
}
