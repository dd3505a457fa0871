/**
 * HEAD's commit read from the git directory's files must be what `git rev-parse HEAD` says, or
 * nothing (then git is asked): loose and packed refs, a detached HEAD, a symbolic ref to a
 * symbolic ref, a linked worktree, an unborn branch, replaced objects.
 */
import {mkdtempSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {decodeEntries, encodeEntries} from '../../src/tree/git.js'
import {readHeadCommit} from '../../src/tree/refs.js'
import {git, isolateGit, makeRepo, removeDir, writeFiles} from '../hook/git-repo.js'

const temps: string[] = []
let repo: string

beforeAll(() => {
  isolateGit()
  repo = makeRepo()
  temps.push(repo)
  writeFiles(repo, {'a.rst': 'A\n=\n'})
  git(repo, 'add', '.')
  git(repo, 'commit', '-q', '-m', 'One')
  writeFiles(repo, {'a.rst': 'A\n=\n\nTwo.\n'})
  git(repo, 'commit', '-q', '-am', 'Two')
})

afterAll(() => {
  for (const dir of temps) removeDir(dir)
})

const revParse = (dir: string, rev = 'HEAD') => git(dir, 'rev-parse', rev).trim()
const dotGit = (dir: string) => path.join(dir, '.git')

describe('readHeadCommit', () => {
  it('reads a loose branch ref, then the same branch packed', () => {
    expect(readHeadCommit(dotGit(repo))).toBe(revParse(repo))
    git(repo, 'pack-refs', '--all')
    expect(readHeadCommit(dotGit(repo))).toBe(revParse(repo))
  })

  it('reads a detached HEAD and a symbolic ref to a branch', () => {
    git(repo, 'checkout', '-q', '--detach', 'HEAD~1')
    expect(readHeadCommit(dotGit(repo))).toBe(revParse(repo))
    git(repo, 'checkout', '-q', 'main')
    git(repo, 'symbolic-ref', 'refs/heads/alias', 'refs/heads/main')
    git(repo, 'symbolic-ref', 'HEAD', 'refs/heads/alias')
    expect(readHeadCommit(dotGit(repo))).toBe(revParse(repo, 'main'))
    git(repo, 'symbolic-ref', 'HEAD', 'refs/heads/main')
  })

  it("reads a linked worktree's HEAD through its commondir", () => {
    const other = path.join(mkdtempSync(path.join(os.tmpdir(), 'doclint-worktree-')), 'wt')
    temps.push(path.dirname(other))
    git(repo, 'worktree', 'add', '-q', '-b', 'side', other, 'HEAD~1')
    const gitDir = git(other, 'rev-parse', '--absolute-git-dir').trim()
    expect(readHeadCommit(gitDir)).toBe(revParse(other))
    expect(readHeadCommit(gitDir)).not.toBe(revParse(repo))
  })

  it('gives nothing for an unborn branch, replaced objects or a damaged HEAD', () => {
    const empty = makeRepo()
    temps.push(empty)
    expect(readHeadCommit(dotGit(empty))).toBeUndefined()

    const replaced = makeRepo()
    temps.push(replaced)
    writeFiles(replaced, {'a.rst': 'A\n'})
    git(replaced, 'add', '.')
    git(replaced, 'commit', '-q', '-m', 'One')
    writeFiles(replaced, {'a.rst': 'B\n'})
    git(replaced, 'commit', '-q', '-am', 'Two')
    expect(readHeadCommit(dotGit(replaced))).toBe(revParse(replaced))
    git(replaced, 'replace', revParse(replaced, 'HEAD'), revParse(replaced, 'HEAD~1'))
    expect(readHeadCommit(dotGit(replaced))).toBeUndefined()

    const damaged = makeRepo()
    temps.push(damaged)
    writeFileSync(path.join(dotGit(damaged), 'HEAD'), 'ref: ../../../etc/passwd\n')
    expect(readHeadCommit(dotGit(damaged))).toBeUndefined()
    writeFileSync(path.join(dotGit(damaged), 'HEAD'), 'not a ref\n')
    expect(readHeadCommit(dotGit(damaged))).toBeUndefined()
  })
})

describe('a listing kept in the cache', () => {
  it('comes back as it went in, and anything else is refused', () => {
    const entries = [
      {mode: '100644', oid: 'a'.repeat(40), path: 'docs/a b.rst'},
      {mode: '120000', oid: 'b'.repeat(40), path: 'link'}
    ]
    expect(decodeEntries(encodeEntries(entries))).toEqual(entries)
    expect(decodeEntries(encodeEntries([]))).toEqual([])
    expect(decodeEntries(42)).toBeUndefined()
    expect(decodeEntries('100644 nospace')).toBeUndefined()
  })
})
