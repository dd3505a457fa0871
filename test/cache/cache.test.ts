/**
 * `--cache`: facts and manifests kept between runs. The cache must never change a finding: every
 * run with it is compared with a run without it, on a real tree copied to a temp dir and edited
 * between runs (documents, links, the automake list, a deleted file).
 */
import {spawnSync} from 'node:child_process'
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync
} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {FactsStore} from '../../src/cache/facts-store.js'
import {lintTree, prepareEngine} from '../../src/engine/run.js'
import {emptyFacts} from '../../src/facts/types.js'
import {FactsCache} from '../../src/graph/facts-cache.js'
import {MemoryTree} from '../../src/tree/memory.js'

const repo = path.resolve(import.meta.dirname, '..', '..')
const bin = path.join(repo, 'bin', 'doclint.js')
const temps: string[] = []
afterAll(() => {
  for (const dir of temps) rmSync(dir, {recursive: true, force: true})
})

function ovsLike(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'doclint-cache-'))
  temps.push(dir)
  cpSync(path.join(repo, 'fixtures', 'patch-mode', 'ovs-like'), dir, {recursive: true})
  return dir
}

interface Run {
  code: number
  stderr: string
  findings: string[]
}

function doclint(cwd: string, args: string[]): Run {
  const result = spawnSync(process.execPath, [bin, 'Documentation', '--format', 'json', ...args], {
    cwd,
    encoding: 'utf8',
    env: {...process.env, NO_COLOR: '1'}
  })
  const report = JSON.parse(result.stdout) as {
    diagnostics: {rule: string; file: string; line: number; column: number; message: string}[]
  }
  return {
    code: result.status ?? -1,
    stderr: result.stderr,
    findings: report.diagnostics.map(
      (finding) =>
        `${finding.file}:${finding.line}:${finding.column} ${finding.rule} ${finding.message}`
    )
  }
}

/** A run with the cache must say exactly what a run without it says. */
function expectSameAsUncached(dir: string, args: string[] = ['--cache']): Run {
  const cached = doclint(dir, args)
  const plain = doclint(dir, [])
  expect(cached.findings).toEqual(plain.findings)
  expect(cached.code).toBe(plain.code)
  return cached
}

describe('--cache on the command line', () => {
  it('writes .doclintcache only when asked, and never changes a finding across edits', () => {
    const dir = ovsLike()
    doclint(dir, [])
    expect(existsSync(path.join(dir, '.doclintcache'))).toBe(false)

    const first = expectSameAsUncached(dir)
    expect(first.findings).toEqual([])
    const cacheFile = path.join(dir, '.doclintcache')
    const stored = JSON.parse(readFileSync(cacheFile, 'utf8')) as {
      entries: Record<string, unknown>
      records: Record<string, unknown>
    }
    expect(Object.keys(stored.entries).length).toBeGreaterThanOrEqual(8)
    expect(Object.keys(stored.records)).toHaveLength(1)
    expectSameAsUncached(dir)

    // A broken link in one document: that document's facts are new.
    const bonding = path.join(dir, 'Documentation/topics/bonding.rst')
    writeFileSync(bonding, `${readFileSync(bonding, 'utf8')}\nSee :doc:\`nowhere\`.\n`)
    const broken = expectSameAsUncached(dir)
    expect(broken.findings).toEqual([
      expect.stringMatching(/^Documentation\/topics\/bonding\.rst:\d+:\d+ doc-unknown /)
    ])

    // A file deleted from disk but still listed: the manifests are read again.
    unlinkSync(path.join(dir, 'Documentation/topics/windows.rst'))
    const deleted = expectSameAsUncached(dir)
    expect(deleted.findings.some((finding) => finding.includes('manifest-missing'))).toBe(true)

    // The automake list edited to match: the manifest record is invalidated by its content.
    const automake = path.join(dir, 'Documentation/automake.mk')
    writeFileSync(
      automake,
      readFileSync(automake, 'utf8').replace('\tDocumentation/topics/windows.rst \\\n', '')
    )
    const edited = expectSameAsUncached(dir)
    expect(edited.findings.some((finding) => finding.includes('manifest-missing'))).toBe(false)
  })

  it('rebuilds a damaged or foreign cache file instead of trusting it', () => {
    const dir = ovsLike()
    const cacheFile = path.join(dir, 'cache.json')
    const damaged = [
      'not json',
      '[]',
      JSON.stringify({doclint: 'x', format: 1, code: 'y', entries: {}}),
      '{"doclint":'
    ]
    for (const text of damaged) {
      writeFileSync(cacheFile, text)
      const run = expectSameAsUncached(dir, ['--cache-location', 'cache.json'])
      expect(run.stderr).toBe('')
      const rewritten = JSON.parse(readFileSync(cacheFile, 'utf8')) as {entries: object}
      expect(Object.keys(rewritten.entries).length).toBeGreaterThan(0)
    }
    // Entries of the right version but the wrong shape are dropped one by one.
    const good = JSON.parse(readFileSync(cacheFile, 'utf8')) as {
      entries: Record<string, unknown>
      records: Record<string, unknown>
    }
    for (const key of Object.keys(good.entries)) good.entries[key] = {xrefs: 'nope'}
    for (const key of Object.keys(good.records)) good.records[key] = {queries: [{op: 'rm'}]}
    writeFileSync(cacheFile, JSON.stringify(good))
    expectSameAsUncached(dir, ['--cache-location', 'cache.json'])
  })

  it('never writes through a symbolic link, and a write failure is a warning, not a failure', () => {
    const dir = ovsLike()
    const outside = mkdtempSync(path.join(os.tmpdir(), 'doclint-cache-outside-'))
    temps.push(outside)
    const victim = path.join(outside, 'victim.txt')
    writeFileSync(victim, 'keep me\n')
    symlinkSync(victim, path.join(dir, '.doclintcache'))
    const linked = expectSameAsUncached(dir)
    expect(linked.stderr).toMatch(
      /warning: \.doclintcache: cannot write the cache: .*symbolic link/
    )
    expect(readFileSync(victim, 'utf8')).toBe('keep me\n')

    const missingFolder = expectSameAsUncached(dir, ['--cache-location', 'no/such/dir/cache'])
    expect(missingFolder.stderr).toMatch(/no\/such\/dir\/cache: cannot write the cache/)
    expect(missingFolder.code).toBe(0)
  })

  it('rejects an empty --cache-location', () => {
    const dir = ovsLike()
    const result = spawnSync(process.execPath, [bin, 'Documentation', '--cache-location='], {
      cwd: dir,
      encoding: 'utf8'
    })
    expect(result.status).toBe(2)
    expect(result.stderr).toMatch(/--cache-location expects a file name/)
  })
})

describe('the cache in the engine', () => {
  it('a second run parses nothing and reads the manifests from the record', async () => {
    const dir = ovsLike()
    const options = {cwd: dir, paths: ['Documentation'], cacheFile: '.doclintcache'}
    const first = await prepareEngine(options)
    const before = await lintTree(options, first)
    expect(first.cache.misses).toBeGreaterThanOrEqual(8)

    const second = await prepareEngine(options)
    const after = await lintTree(options, second)
    expect(second.cache.misses).toBe(0)
    expect(second.cache.hits).toBe(first.cache.misses)
    expect(after.diagnostics).toEqual(before.diagnostics)
  })

  it('fromTree recomputes when any recorded answer changes', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'doclint-cache-unit-'))
    temps.push(dir)
    const file = path.join(dir, 'cache')
    const compute = async (tree: {
      read(p: string): Promise<Uint8Array | undefined>
      list(d?: string): Promise<string[]>
      exists(p: string): Promise<boolean>
    }) => {
      calls++
      const text = await tree.read('a.txt')
      const files = await tree.list('docs')
      const exists = await tree.exists('b.txt')
      return `${text ? new TextDecoder().decode(text) : '-'}|${files.join(',')}|${exists}`
    }
    const codec = {
      encode: (value: string) => value,
      decode: (data: unknown) => (typeof data === 'string' ? data : undefined)
    }
    let calls = 0
    const ask = async (files: Record<string, string>) => {
      const cache = new FactsCache(undefined, FactsStore.open(file))
      const value = await cache.fromTree(() => 'key', new MemoryTree(files), compute, codec)
      await cache.save()
      return value
    }
    const files = {'a.txt': 'A', 'docs/x.rst': 'x'}
    expect(await ask(files)).toBe('A|docs/x.rst|false')
    expect(await ask(files)).toBe('A|docs/x.rst|false')
    expect(calls).toBe(1)
    expect(await ask({...files, 'a.txt': 'changed'})).toBe('changed|docs/x.rst|false')
    expect(await ask({...files, 'a.txt': 'changed', 'docs/y.rst': ''})).toBe(
      'changed|docs/x.rst,docs/y.rst|false'
    )
    expect(await ask({...files, 'a.txt': 'changed', 'docs/y.rst': '', 'b.txt': ''})).toBe(
      'changed|docs/x.rst,docs/y.rst|true'
    )
    expect(calls).toBe(4)
  })

  it('stores only what the last run used, so the file follows the tree', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'doclint-cache-unit-'))
    temps.push(dir)
    const file = path.join(dir, 'cache')
    const round = async (texts: string[]) => {
      const cache = new FactsCache(undefined, FactsStore.open(file))
      const context = FactsCache.context('restructuredtext', {})
      for (const text of texts) cache.get(context, text, emptyFacts)
      await cache.save()
      return cache
    }
    await round(['a', 'b', 'c'])
    const second = await round(['a', 'd'])
    expect(second.misses).toBe(1)
    const stored = JSON.parse(readFileSync(file, 'utf8')) as {entries: object}
    expect(Object.keys(stored.entries)).toHaveLength(2)
  })
})
