/**
 * Stamps: a cache replays a run's questions against the disk by comparing each file's and
 * folder's stamp (device, inode, size, times) instead of reading it again. An equal stamp must
 * mean an unchanged file, a stamp is withheld while a change could still hide in the same clock
 * tick, and a listing that met a problem is never stamped (the problem must be met again).
 */
import {spawnSync} from 'node:child_process'
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync
} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'
import {afterAll, describe, expect, it} from 'vitest'
import {answersSame, RecordingTree} from '../../src/cache/recording-tree.js'
import {lintTree, prepareEngine} from '../../src/engine/run.js'
import {DiskTree} from '../../src/tree/disk.js'
import type {FileTree} from '../../src/tree/types.js'

const repo = path.resolve(import.meta.dirname, '..', '..')
const temps: string[] = []
afterAll(() => {
  for (const dir of temps) rmSync(dir, {recursive: true, force: true})
})

function tempTree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'doclint-stamps-'))
  temps.push(dir)
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), {recursive: true})
    writeFileSync(path.join(dir, name), text)
  }
  return dir
}

/** A tree that counts reads and listings, to see what a replay skipped. */
function counting(inner: DiskTree): {tree: FileTree; reads: string[]; lists: number} {
  const seen = {reads: [] as string[], lists: 0}
  const tree: FileTree = {
    label: inner.label,
    read: (file) => {
      seen.reads.push(file)
      return inner.read(file)
    },
    list: (dir) => {
      seen.lists++
      return inner.list(dir)
    },
    exists: (file) => inner.exists(file),
    isDir: (dir) => inner.isDir(dir),
    stamp: (file) => inner.stamp(file),
    listStamped: (dir) => {
      seen.lists++
      return inner.listStamped(dir)
    }
  }
  return {
    tree,
    get reads() {
      return seen.reads
    },
    get lists() {
      return seen.lists
    }
  }
}

/** Record a little computation on a disk tree; settled: 0 so fresh files are stamped. */
async function record(dir: string) {
  const recording = new RecordingTree(new DiskTree(dir, {settledMs: 0}))
  await recording.read('docs/a.rst')
  await recording.list('docs')
  await recording.exists('docs/b.rst')
  return recording.queries
}

describe('DiskTree stamps', () => {
  it('are withheld for files changed within the settle time, given once it has passed', () => {
    const dir = tempTree({'a.rst': 'a'})
    expect(new DiskTree(dir).stamp('a.rst')).toBeUndefined()
    expect(new DiskTree(dir, {settledMs: 0}).stamp('a.rst')).toMatch(/^\d+:\d+:\d+:1:/)
    expect(new DiskTree(dir, {settledMs: 0}).stamp('missing.rst')).toBeUndefined()
    expect(new DiskTree(dir, {settledMs: 0}).stamp('../a.rst')).toBeUndefined()
  })

  it('change with the content, and a listing is stamped by every folder it read', async () => {
    const dir = tempTree({'docs/a.rst': 'a', 'docs/sub/b.rst': 'b'})
    const before = new DiskTree(dir, {settledMs: 0})
    const stamp = before.stamp('docs/a.rst')
    const listing = await before.listStamped('docs')
    expect(listing.files).toEqual(['docs/a.rst', 'docs/sub/b.rst'])
    expect(listing.folders?.map(([folder]) => folder)).toEqual(['docs', 'docs/sub'])
    await sleep(20)
    writeFileSync(path.join(dir, 'docs/a.rst'), 'a changed')
    writeFileSync(path.join(dir, 'docs/sub/c.rst'), 'c')
    const after = new DiskTree(dir, {settledMs: 0})
    expect(after.stamp('docs/a.rst')).not.toBe(stamp)
    expect(after.stamp('docs/sub')).not.toBe(listing.folders?.[1]?.[1])
    expect(after.stamp('docs')).toBe(listing.folders?.[0]?.[1])
  })

  it('a listing that meets a problem, or lists nothing that exists, is not stamped', async () => {
    const dir = tempTree({'docs/a.rst': 'a'})
    const outside = tempTree({'x.rst': 'x'})
    symlinkSync(outside, path.join(dir, 'docs', 'out'))
    const tree = new DiskTree(dir, {settledMs: 0})
    const listing = await tree.listStamped('docs')
    expect(listing.files).toEqual(['docs/a.rst'])
    expect(listing.folders).toBeUndefined()
    expect(tree.problems.map((problem) => problem.path)).toEqual(['docs/out'])
    // asked again: the problem is already known, but this listing met it too
    expect((await tree.listStamped('docs')).folders).toBeUndefined()
    expect((await tree.listStamped('nowhere')).folders).toBeUndefined()
  })
})

describe('replaying recorded questions with stamps', () => {
  it('reads nothing when every stamp is unchanged', async () => {
    const dir = tempTree({'docs/a.rst': 'a', 'docs/b.rst': 'b'})
    const queries = await record(dir)
    expect(queries.find((query) => query.op === 'read')).toHaveProperty('stamp')
    expect(queries.find((query) => query.op === 'list')).toHaveProperty('folders')
    const replay = counting(new DiskTree(dir, {settledMs: 0}))
    expect(await answersSame(replay.tree, queries)).toBe(true)
    expect(replay.reads).toEqual([])
    expect(replay.lists).toBe(0)
  })

  it('notices an edit of the same size, a new file, a deleted file and a replaced folder', async () => {
    const edits: [string, (dir: string) => void][] = [
      ['same size', (dir) => writeFileSync(path.join(dir, 'docs/a.rst'), 'A')],
      ['new file', (dir) => writeFileSync(path.join(dir, 'docs/c.rst'), 'c')],
      ['deleted file', (dir) => unlinkSync(path.join(dir, 'docs/b.rst'))],
      [
        'replaced folder',
        (dir) => {
          rmSync(path.join(dir, 'docs'), {recursive: true})
          mkdirSync(path.join(dir, 'docs'))
          writeFileSync(path.join(dir, 'docs/a.rst'), 'a')
          writeFileSync(path.join(dir, 'docs/b.rst'), 'b')
        }
      ]
    ]
    for (const [name, edit] of edits) {
      const dir = tempTree({'docs/a.rst': 'a', 'docs/b.rst': 'b'})
      const queries = await record(dir)
      await sleep(20)
      edit(dir)
      const same = await answersSame(new DiskTree(dir, {settledMs: 0}), queries)
      // a replaced folder with the same files gives the same answers: the bytes decide
      expect(same, name).toBe(name === 'replaced folder')
    }
  })

  it('a fresh file recorded without a stamp is compared by its bytes', async () => {
    const dir = tempTree({'docs/a.rst': 'a', 'docs/b.rst': 'b'})
    const recording = new RecordingTree(new DiskTree(dir))
    await recording.read('docs/a.rst')
    await recording.list('docs')
    expect(recording.queries[0]).not.toHaveProperty('stamp')
    expect(recording.queries[1]).not.toHaveProperty('folders')
    const replay = counting(new DiskTree(dir, {settledMs: 0}))
    expect(await answersSame(replay.tree, recording.queries)).toBe(true)
    expect(replay.reads).toEqual(['docs/a.rst'])
  })
})

describe('--cache with settled files', () => {
  it('answers an unchanged tree from the whole-run record and sees an edit right after it', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'doclint-stamps-ovs-'))
    temps.push(dir)
    cpSync(path.join(repo, 'fixtures', 'patch-mode', 'ovs-like'), dir, {recursive: true})
    // past the settle time, so the first run stamps every file and folder
    await sleep(3200)
    const options = {cwd: dir, paths: ['Documentation'], cacheFile: '.doclintcache'}
    const first = await lintTree(options, await prepareEngine(options))
    expect(first.diagnostics).toEqual([])
    const stored = readFileSync(path.join(dir, '.doclintcache'), 'utf8')
    expect(stored).toContain('"stamp":')
    expect(stored).toContain('"folders":')

    const unchanged = await prepareEngine(options)
    await lintTree(options, unchanged)
    expect(unchanged.cache.hits + unchanged.cache.misses).toBe(0)

    // an edit that keeps the size, made at once: the change time gives it away
    const bonding = path.join(dir, 'Documentation/topics/bonding.rst')
    const text = readFileSync(bonding, 'utf8')
    const edited = text.replace(/:doc:`([^`]+)`/, (_whole, target: string) => {
      return `:doc:\`${target.slice(0, -1)}X\``
    })
    expect(edited).not.toBe(text)
    expect(edited.length).toBe(text.length)
    writeFileSync(bonding, edited)
    const engine = await prepareEngine(options)
    const after = await lintTree(options, engine)
    expect(engine.cache.misses).toBe(1)
    expect(after.diagnostics.map((finding) => finding.ruleId)).toEqual(['doc-unknown'])

    // and the command line agrees with an uncached run
    const run = (args: string[]) =>
      spawnSync(
        process.execPath,
        [path.join(repo, 'bin', 'doclint.cjs'), 'Documentation', ...args],
        {
          cwd: dir,
          encoding: 'utf8',
          env: {...process.env, NO_COLOR: '1'}
        }
      ).stdout.replace(/\d+ ms/, '')
    expect(run(['--cache'])).toBe(run([]))
  })
})
