/**
 * `--staged` reads blobs from the work tree when the file there is that very blob (its git id
 * computed and compared): in real repositories, SHA-1 and SHA-256, against what git itself says.
 * Anything else (other bytes, a link, a FIFO, a folder) is left to git.
 */
import {execFileSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, symlinkSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {applyPatch} from '../../src/patch/apply.js'
import {parseDiff} from '../../src/patch/diff.js'
import {decodeEntries, encodeEntries, GitTree, PATCH_DIFF_OPTIONS} from '../../src/tree/git.js'
import {gitBlobId} from '../../src/hash.js'
import {OverlayTree} from '../../src/tree/overlay.js'
import {readWorkTreeBlob} from '../../src/tree/work-tree.js'
import {committedRepo, git, isolateGit, removeDir, writeFiles} from '../hook/git-repo.js'

const temps: string[] = []

beforeAll(() => isolateGit())
afterAll(() => {
  for (const dir of temps) removeDir(dir)
})

/** The blob id of a path as git records it in HEAD. */
const headBlob = (dir: string, file: string) => git(dir, 'rev-parse', `HEAD:${file}`).trim()

describe('readWorkTreeBlob', () => {
  it('gives the bytes of a file that is the blob, and nothing for other bytes', () => {
    const dir = committedRepo({'docs/a.rst': 'A\n=\n\nText.\n', 'b.rst': 'B\n'})
    temps.push(dir)
    const oid = headBlob(dir, 'docs/a.rst')
    expect(gitBlobId(Buffer.from('A\n=\n\nText.\n'), oid)).toBe(oid)
    expect(Buffer.from(readWorkTreeBlob(dir, 'docs/a.rst', oid) ?? []).toString()).toBe(
      'A\n=\n\nText.\n'
    )
    writeFiles(dir, {'docs/a.rst': 'A\n=\n\nEdited.\n'})
    expect(readWorkTreeBlob(dir, 'docs/a.rst', oid)).toBeUndefined()
    // the mode must be a regular file's, the id a full one, the path inside the tree
    const b = headBlob(dir, 'b.rst')
    expect(readWorkTreeBlob(dir, 'b.rst', b, '120000')).toBeUndefined()
    expect(readWorkTreeBlob(dir, 'b.rst', b.slice(0, 12))).toBeUndefined()
    expect(readWorkTreeBlob(dir, '../b.rst', b)).toBeUndefined()
    expect(readWorkTreeBlob(dir, 'missing.rst', b)).toBeUndefined()
  })

  it('never reads through a link, waits on a FIFO or reads a folder', () => {
    const dir = committedRepo({'a.rst': 'A\n'})
    temps.push(dir)
    const oid = headBlob(dir, 'a.rst')
    writeFileSync(path.join(dir, 'target.rst'), 'A\n')
    symlinkSync('target.rst', path.join(dir, 'link.rst'))
    expect(readWorkTreeBlob(dir, 'link.rst', oid)).toBeUndefined()
    execFileSync('mkfifo', [path.join(dir, 'fifo.rst')])
    expect(readWorkTreeBlob(dir, 'fifo.rst', oid)).toBeUndefined()
    mkdirSync(path.join(dir, 'folder.rst'))
    expect(readWorkTreeBlob(dir, 'folder.rst', oid)).toBeUndefined()
  })

  it('computes SHA-256 ids in a repository of that format', () => {
    const repo = mkdtempSync(path.join(os.tmpdir(), 'doclint-sha256-'))
    temps.push(repo)
    git(repo, 'init', '-q', '--object-format=sha256')
    writeFiles(repo, {'a.rst': 'Über\n====\n'})
    git(repo, 'add', '.')
    git(repo, 'commit', '-q', '-m', 'One')
    const oid = headBlob(repo, 'a.rst')
    expect(oid).toHaveLength(64)
    expect(Buffer.from(readWorkTreeBlob(repo, 'a.rst', oid) ?? []).toString()).toBe('Über\n====\n')
  })
})

describe('a git tree with a work tree', () => {
  it('reads what git would, without git when the work tree holds the blob', async () => {
    const dir = committedRepo({'a.rst': 'A\n', 'b.rst': 'B\n'})
    temps.push(dir)
    const entries = decodeEntries(
      encodeEntries(
        git(dir, 'ls-tree', '-r', 'HEAD')
          .trim()
          .split('\n')
          .map((line) => {
            const [meta = '', file = ''] = line.split('\t')
            const [mode = '', , oid = ''] = meta.split(' ')
            return {mode, oid, path: file}
          })
      )
    )
    writeFiles(dir, {'b.rst': 'B, edited\n'})
    const commit = git(dir, 'rev-parse', 'HEAD').trim()
    const path0 = process.env.PATH
    // no git to be found: a.rst can only come from the work tree
    process.env.PATH = ''
    let fromWorkTree: string | undefined
    try {
      const tree = new GitTree(dir, commit, 'HEAD', entries, {workTree: dir})
      fromWorkTree = Buffer.from((await tree.read('a.rst')) ?? []).toString()
      tree.close()
    } finally {
      process.env.PATH = path0
    }
    expect(fromWorkTree).toBe('A\n')
    // b.rst differs in the work tree: HEAD's bytes come from git
    const tree = new GitTree(dir, commit, 'HEAD', entries, {workTree: dir})
    expect(Buffer.from((await tree.read('b.rst')) ?? []).toString()).toBe('B\n')
    tree.close()
  })
})

/**
 * A repository with a.rst and b.rst changed and staged, then b.rst edited again (its work tree is
 * not the staged blob), and the staged diff.
 */
function stagedTwice(): {dir: string; diff: string} {
  const dir = committedRepo({'a.rst': 'A\n=\n\nOne.\n', 'b.rst': 'B\n=\n\nOne.\n'})
  temps.push(dir)
  writeFiles(dir, {'a.rst': 'A\n=\n\nTwo.\n', 'b.rst': 'B\n=\n\nTwo.\n'})
  git(dir, 'add', '.')
  writeFiles(dir, {'b.rst': 'B\n=\n\nThree.\n'})
  return {dir, diff: git(dir, 'diff', '--cached', ...PATCH_DIFF_OPTIONS)}
}

describe('a staged change applied with its post-images', () => {
  it('takes the staged bytes from the work tree, and applies the hunks when it differs', async () => {
    const {dir, diff} = stagedTwice()
    const asked: string[] = []
    const head = new GitTree(dir, 'HEAD', 'HEAD', undefined, {workTree: dir})
    const applied = await applyPatch(head, parseDiff(diff), {
      postImage: (file, oid, mode) => {
        const bytes = readWorkTreeBlob(dir, file, oid, mode)
        asked.push(`${file}:${bytes === undefined ? 'no' : 'yes'}`)
        return bytes
      }
    })
    head.close()
    expect(asked.sort()).toEqual(['a.rst:yes', 'b.rst:no'])
    expect(applied.ok).toBe(true)
    if (!applied.ok) return
    const text = (file: string) => {
      const change = applied.changes.get(file)
      return change?.kind === 'file' ? Buffer.from(change.bytes).toString() : undefined
    }
    // both are the staged bytes, as `git show :path` gives them
    expect(text('a.rst')).toBe(git(dir, 'show', ':a.rst'))
    expect(text('b.rst')).toBe(git(dir, 'show', ':b.rst'))
  })
})

describe('a staged blob in the staged tree', () => {
  it('has the stamp the commit of it gives it, so the new HEAD is not read for it', async () => {
    const {dir, diff} = stagedTwice()
    const head = new GitTree(dir, 'HEAD', 'HEAD', undefined, {workTree: dir})
    const applied = await applyPatch(head, parseDiff(diff), {
      postImage: (file, oid, mode) => readWorkTreeBlob(dir, file, oid, mode)
    })
    head.close()
    expect(applied.ok).toBe(true)
    if (!applied.ok) return
    const staged = new OverlayTree(head, applied.changes, 'staged')
    await staged.list()
    // a.rst's bytes are the staged blob's (read from the work tree and checked by id)
    expect(staged.stamp('a.rst')).toBe(`git 100644 ${git(dir, 'rev-parse', ':a.rst').trim()}`)
    // b.rst was made from its hunks: no stamp, it is read
    expect(staged.stamp('b.rst')).toBeUndefined()
    git(dir, 'commit', '-q', '-m', 'Two')
    const after = new GitTree(dir, 'HEAD')
    await after.list()
    expect(after.stamp('a.rst')).toBe(staged.stamp('a.rst'))
    after.close()
  })
})
