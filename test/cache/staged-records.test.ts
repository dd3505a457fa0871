/**
 * What makes a cached `--staged` cheap, checked for what it must never change: facts found by a
 * file's stamp (a git blob id) without reading the file, the three records the hook keeps (after
 * a commit, HEAD is the tree the last run checked as staged), and a run that looks nothing up
 * leaving the cache as it was.
 */
import {spawnSync} from 'node:child_process'
import {cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {FactsStore} from '../../src/cache/facts-store.js'
import {answersSame, isQueryList, RecordingTree} from '../../src/cache/recording-tree.js'
import {checkTreeCached, prepareEngine, saveCache} from '../../src/engine/run.js'
import {FactsCache} from '../../src/graph/facts-cache.js'
import {GitTree} from '../../src/tree/git.js'
import {MemoryTree} from '../../src/tree/memory.js'
import type {FileTree} from '../../src/tree/types.js'
import {committedRepo, git, isolateGit, makeRepo, removeDir, writeFiles} from '../hook/git-repo.js'

const repo = path.resolve(import.meta.dirname, '..', '..')
const BIN = path.join(repo, 'bin', 'doclint.cjs')
const temps: string[] = []

beforeAll(() => isolateGit())
afterAll(() => {
  for (const dir of temps) removeDir(dir)
})

/** A tree that notes every file read through it. */
function counting(inner: FileTree): {tree: FileTree; reads: string[]} {
  const reads: string[] = []
  const tree: FileTree = {
    label: inner.label,
    read: (file) => {
      reads.push(file)
      return inner.read(file)
    },
    list: (dir) => inner.list(dir),
    exists: (file) => inner.exists(file),
    isDir: (dir) => inner.isDir(dir),
    ...(inner.stamp ? {stamp: (file: string) => inner.stamp?.(file)} : {})
  }
  return {tree, reads}
}

/** The ovs-like fixture committed in a fresh repository. */
function ovsRepository(): string {
  const dir = makeRepo()
  temps.push(dir)
  cpSync(path.join(repo, 'fixtures', 'patch-mode', 'ovs-like'), dir, {recursive: true})
  git(dir, 'add', '.')
  git(dir, 'commit', '-q', '-m', 'Base')
  return dir
}

describe('facts found by stamp', () => {
  it('a document whose blob is unchanged is not read; the findings are those of a cold run', async () => {
    const dir = ovsRepository()
    const options = {cwd: dir, root: dir, paths: ['Documentation'], cacheFile: 'cache'}
    const first = await prepareEngine(options)
    const head = new GitTree(dir, 'HEAD')
    await checkTreeCached(first, head, 'HEAD')
    head.close()
    expect(await saveCache(first, options)).toEqual([])

    // one document changed in a new commit: the check runs again, the other documents' facts
    // come from the cache by their blob ids
    const bonding = path.join(dir, 'Documentation/topics/bonding.rst')
    writeFileSync(bonding, `${readFileSync(bonding, 'utf8')}\nSee :doc:\`nowhere\`.\n`)
    git(dir, 'commit', '-q', '-am', 'A dangling link')
    const second = await prepareEngine(options)
    const after = new GitTree(dir, 'HEAD')
    const {tree, reads} = counting(after)
    const cached = await checkTreeCached(second, tree, 'HEAD')
    after.close()
    expect(reads.filter((file) => file.endsWith('.rst'))).toEqual([
      'Documentation/topics/bonding.rst'
    ])
    expect(second.cache.misses).toBe(1)

    const cold = await prepareEngine({cwd: dir, root: dir, paths: ['Documentation']})
    const plain = new GitTree(dir, 'HEAD')
    const uncached = await checkTreeCached(cold, plain, 'HEAD')
    plain.close()
    expect(cached.diagnostics).toEqual(uncached.diagnostics)
    expect(cached.diagnostics.map((finding) => finding.ruleId)).toEqual(['doc-unknown'])
  })

  it('a stamp taken through a recording is a query of its own, valid only while it holds', async () => {
    const stamped = (files: Record<string, string>): FileTree => {
      const inner = new MemoryTree(files)
      return Object.assign(Object.create(inner) as FileTree, {
        stamp: (file: string) => (file in files ? `s:${files[file]}` : undefined)
      })
    }
    const recording = new RecordingTree(stamped({'a.rst': 'A'}))
    expect(recording.stamp?.('a.rst')).toBe('s:A')
    expect(recording.queries).toEqual([{op: 'stamp', path: 'a.rst', stamp: 's:A'}])
    expect(recording.questions).toEqual([{op: 'read', path: 'a.rst'}])
    expect(isQueryList(JSON.parse(JSON.stringify(recording.queries)))).toBe(true)
    expect(isQueryList([{op: 'stamp', path: 'a.rst'}])).toBe(false)
    expect(await answersSame(stamped({'a.rst': 'A'}), recording.queries)).toBe(true)
    expect(await answersSame(stamped({'a.rst': 'B'}), recording.queries)).toBe(false)
    // a tree without stamps cannot confirm one
    expect(await answersSame(new MemoryTree({'a.rst': 'A'}), recording.queries)).toBe(false)
  })
})

describe('the records --staged keeps', () => {
  it('after a commit, HEAD is answered by the record of the tree last checked as staged', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'doclint-slots-'))
    temps.push(dir)
    const file = path.join(dir, 'cache')
    let computed: string[] = []
    const codec = {
      encode: (value: string) => value,
      decode: (data: unknown) => (typeof data === 'string' ? data : undefined)
    }
    const check = async (cache: FactsCache, files: Record<string, string>) =>
      cache.fromTree(
        () => 'check',
        new MemoryTree(files),
        async (tree) => {
          const text = new TextDecoder().decode(await tree.read('a.rst'))
          computed.push(text)
          return text
        },
        codec,
        {slots: 3}
      )
    /** One hook run: HEAD, then the staged tree. */
    const hook = async (head: string, staged: string) => {
      computed = []
      const cache = new FactsCache(undefined, FactsStore.open(file))
      expect(await check(cache, {'a.rst': head})).toBe(head)
      expect(await check(cache, {'a.rst': staged})).toBe(staged)
      await cache.save()
      return computed
    }
    expect(await hook('v1', 'v2')).toEqual(['v1', 'v2'])
    // v2 committed, v3 staged: HEAD comes from the record of the last staged tree
    expect(await hook('v2', 'v3')).toEqual(['v3'])
    // more edits staged on the same HEAD: HEAD's record outlives every slot turn
    expect(await hook('v2', 'v4')).toEqual(['v4'])
    expect(await hook('v2', 'v5')).toEqual(['v5'])
    expect(await hook('v2', 'v6')).toEqual(['v6'])
    // a tree staged again while it is still kept is not checked again
    expect(await hook('v2', 'v5')).toEqual([])
    expect(await hook('v2', 'v7')).toEqual(['v7'])
    // three records (v7, v2, v5): v6 fell out
    expect(await hook('v6', 'v2')).toEqual(['v6'])
  })
})

describe('a record known to answer a tree by its identity', () => {
  it('answers it again without asking, and the questions still count as asked', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'doclint-identity-'))
    temps.push(dir)
    const file = path.join(dir, 'cache')
    const codec = {
      encode: (value: string) => value,
      decode: (data: unknown) => (typeof data === 'string' ? data : undefined)
    }
    let computed = 0
    /** One run: check `files` as the tree named `identity`; what did the check read? */
    const run = async (files: Record<string, string>, identity: string) => {
      const cache = new FactsCache(undefined, FactsStore.open(file))
      const {tree, reads} = counting(new MemoryTree(files))
      const recording = new RecordingTree(tree, {answers: false})
      const value = await cache.fromTree(
        () => 'check',
        recording,
        async (recorded) => {
          computed++
          return new TextDecoder().decode(await recorded.read('a.rst'))
        },
        codec,
        {slots: 3, identity}
      )
      await cache.save()
      return {value, reads, questions: recording.questions}
    }
    const first = await run({'a.rst': 'one'}, 'commit 1')
    expect(first.value).toBe('one')
    expect(computed).toBe(1)
    // the same identity: no question asked of the tree, but the record's questions are noted
    const again = await run({'a.rst': 'one'}, 'commit 1')
    expect(again).toEqual({value: 'one', reads: [], questions: [{op: 'read', path: 'a.rst'}]})
    // another identity with the same bytes: asked, answered by the record, and noted for it
    const other = await run({'a.rst': 'one'}, 'commit 2')
    expect(other.value).toBe('one')
    expect(other.reads).toEqual(['a.rst'])
    expect((await run({'a.rst': 'one'}, 'commit 2')).reads).toEqual([])
    // other bytes under a new identity: computed
    expect((await run({'a.rst': 'two'}, 'commit 3')).value).toBe('two')
    expect(computed).toBe(2)
  })
})

describe('--staged through commits', () => {
  let dir: string
  const staged = (...extra: string[]) => {
    const result = spawnSync(process.execPath, [BIN, '--staged', '--format', 'json', ...extra], {
      cwd: dir,
      encoding: 'utf8'
    })
    return {
      status: result.status,
      diagnostics: (JSON.parse(result.stdout) as {diagnostics: unknown}).diagnostics
    }
  }

  beforeAll(() => {
    dir = committedRepo({
      'conf.py': "project = 'cycle'\n",
      'index.rst': 'Cycle\n=====\n\n.. toctree::\n\n   guide\n   notes\n',
      'guide.rst': 'Guide\n=====\n\nBack to :doc:`index`.\n',
      'notes.rst': 'Notes\n=====\n\nSee :doc:`guide`.\n'
    })
    temps.push(dir)
  })

  it('says what an uncached run says at every commit of an edit-stage-commit cycle', () => {
    const steps: [string, string][] = [
      ['guide.rst', 'Guide\n=====\n\nSee :doc:`nowhere`.\n'],
      ['notes.rst', 'Notes\n=====\n\nSee :doc:`guide` again.\n'],
      ['guide.rst', 'Guide\n=====\n\nBack to :doc:`index`.\n'],
      ['notes.rst', 'Notes\n=====\n\nSee :doc:`elsewhere`.\n']
    ]
    const statuses: (number | null)[] = []
    for (const [name, text] of steps) {
      writeFiles(dir, {[name]: text})
      git(dir, 'add', name)
      const cached = staged()
      expect(cached).toEqual(staged('--no-cache'))
      statuses.push(cached.status)
      git(dir, 'commit', '-q', '-m', `Edit ${name}`)
    }
    // introduced, nothing new, fixed (nothing introduced), introduced
    expect(statuses).toEqual([1, 0, 0, 1])
  })

  it('leaves the cache as it was when nothing is staged', () => {
    writeFiles(dir, {'guide.rst': 'Guide\n=====\n\nBack to :doc:`index`, twice.\n'})
    git(dir, 'add', 'guide.rst')
    staged()
    git(dir, 'commit', '-q', '-m', 'One more')
    const cacheFile = path.join(dir, '.git', 'doclint-cache')
    const before = readFileSync(cacheFile)
    expect(staged()).toEqual({status: 0, diagnostics: []})
    expect(readFileSync(cacheFile).equals(before)).toBe(true)
  })
})

afterAll(() => {
  for (const dir of temps.splice(0)) rmSync(dir, {recursive: true, force: true})
})
