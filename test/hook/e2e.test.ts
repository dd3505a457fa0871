/**
 * End to end: the installed pre-commit hook runs the real bin (bin/doclint.cjs, which loads the
 * build in dist/) with --staged, and git refuses a commit that stages a dangling :doc:.
 */
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {installHook} from '../../src/hook/install.js'
import {git, isolateGit, makeRepo, removeDir, tryGit, writeFiles} from './git-repo.js'

const BIN = path.resolve(import.meta.dirname, '..', '..', 'bin', 'doclint.cjs')

const TREE = {
  'conf.py': "project = 'e2e'\nroot_doc = 'index'\n",
  'index.rst': 'E2E\n===\n\n.. toctree::\n\n   guide\n',
  'guide.rst': 'Guide\n=====\n\nBack to :doc:`index`.\n'
}

let dir: string

beforeAll(async () => {
  isolateGit()
  dir = makeRepo()
  writeFiles(dir, TREE)
  await installHook({repoDir: dir, bin: BIN})
})

afterAll(() => {
  removeDir(dir)
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
})
