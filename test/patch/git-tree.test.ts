import {readdirSync, readFileSync, renameSync} from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {applyPatch} from '../../src/patch/apply.js'
import {parseDiff} from '../../src/patch/diff.js'
import {commitAsPatch} from '../../src/patch/commits.js'
import {GitTree, listRange} from '../../src/tree/git.js'
import {MemoryTree} from '../../src/tree/memory.js'
import {OverlayTree} from '../../src/tree/overlay.js'
import type {FileTree} from '../../src/tree/types.js'
import {cleanup, commitAll, git, makeRepo, snapshot, writeFiles} from './helpers.js'

afterAll(cleanup)

/** `git cat-file` processes that are children of this test process (Linux /proc). */
function catFileChildren(): number {
  let count = 0
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      if (ppid === process.pid && cmdline.includes('cat-file')) count++
    } catch {
      // Processes come and go while we look.
    }
  }
  return count
}

describe('GitTree', () => {
  it('lists a revision from the repository root and reads blobs through one cat-file process', async () => {
    const files: Record<string, string> = {}
    for (let i = 0; i < 150; i++) files[`doc/sub${i % 5}/f${i}.rst`] = `file ${i}\n`
    const dir = makeRepo({...files, 'README.rst': 'top\n'})
    writeFiles(dir, {'README.rst': 'changed later\n'})
    commitAll(dir, 'second')
    const tree = new GitTree(path.join(dir, 'doc'), 'HEAD~1')
    const list = await tree.list()
    expect(list).toHaveLength(151)
    expect(list).toEqual([...list].sort())
    expect(await tree.list('doc/sub1')).toHaveLength(30)
    const contents = await Promise.all(list.map((file) => tree.read(file)))
    expect(new TextDecoder().decode(contents[list.indexOf('doc/sub3/f8.rst')])).toBe('file 8\n')
    expect(new TextDecoder().decode(await tree.read('README.rst'))).toBe('top\n')
    expect(catFileChildren()).toBe(1)
    expect(await tree.exists('doc/sub0/f0.rst')).toBe(true)
    expect(await tree.exists('doc/sub0')).toBe(false)
    expect(await tree.isDir('doc/sub0')).toBe(true)
    expect(await tree.isDir('doc/sub0/f0.rst')).toBe(false)
    expect(await tree.read('missing.rst')).toBeUndefined()
    tree.close()
  })

  it('reads empty and binary blobs exactly and skips symlinks', async () => {
    const binary = new Uint8Array([0, 10, 13, 10, 255, 0])
    const dir = makeRepo({'empty.txt': '', 'bin.dat': binary, 'a.rst': 'a\n'})
    git(
      dir,
      'update-index',
      '--add',
      '--cacheinfo',
      `120000,${git(dir, 'hash-object', '-w', '--stdin').trim()},link.rst`
    )
    const tree = new GitTree(dir, 'main')
    // The symlink is only in the index: the tree of main has none, the index has it.
    expect(await tree.read('empty.txt')).toEqual(new Uint8Array(0))
    expect(await tree.read('bin.dat')).toEqual(binary)
    tree.close()
  })
})

describe('listRange and commitAsPatch', () => {
  it('lists commits oldest first and turns each into a patch that reproduces it', async () => {
    const dir = makeRepo({'doc/index.rst': 'Index\n', 'doc/old.rst': 'x\n'.repeat(20)})
    const base = git(dir, 'rev-parse', 'HEAD').trim()
    writeFiles(dir, {'doc/index.rst': 'Index\n\nmore\n'})
    commitAll(dir, 'First change')
    renameSync(path.join(dir, 'doc/old.rst'), path.join(dir, 'doc/new.rst'))
    writeFiles(dir, {'doc/logo.png': new Uint8Array([137, 80, 78, 71, 0, 1])})
    commitAll(dir, 'Second: rename and binary')
    const commits = await listRange(dir, `${base}..HEAD`)
    expect(commits.map((commit) => commit.subject)).toEqual([
      'First change',
      'Second: rename and binary'
    ])
    expect(commits[0]).toMatchObject({author: 'Ada Tester <ada@example.org>', parents: 1})
    let tree: FileTree = new GitTree(dir, base)
    const start = tree as GitTree
    for (const [i, commit] of commits.entries()) {
      const patch = await commitAsPatch(dir, commit.sha, {index: i + 1, total: commits.length})
      expect(patch).toMatchObject({subject: commit.subject, index: i + 1, total: 2, id: commit.sha})
      const result = await applyPatch(tree, parseDiff(patch.diff))
      expect(result.ok).toBe(true)
      if (result.ok) tree = new OverlayTree(tree, result.changes)
      if (i === 1 && result.ok)
        expect([...result.renames]).toEqual([['doc/old.rst', 'doc/new.rst']])
    }
    const head = new GitTree(dir, 'HEAD')
    expect(await snapshot(tree)).toEqual(await snapshot(head))
    start.close()
    head.close()
  })

  it('makes a patch of a root commit', async () => {
    const dir = makeRepo({'a.rst': 'a\n', 'b/c.rst': 'c\n'})
    const [root] = await listRange(dir, 'HEAD')
    const patch = await commitAsPatch(dir, root?.sha ?? '')
    const result = await applyPatch(new MemoryTree({}), parseDiff(patch.diff))
    expect(result.ok && result.files).toEqual(['a.rst', 'b/c.rst'])
  })
})
