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
import fc from 'fast-check'
import {afterAll, describe, expect, it} from 'vitest'
import {FactsStore, MAX_CACHE_VALUES, ValueBudget} from '../../src/cache/facts-store.js'
import {lintTree, prepareEngine} from '../../src/engine/run.js'
import {emptyFacts} from '../../src/facts/types.js'
import {FactsCache} from '../../src/graph/facts-cache.js'
import {MemoryTree} from '../../src/tree/memory.js'

const repo = path.resolve(import.meta.dirname, '..', '..')
const bin = path.join(repo, 'bin', 'doclint.cjs')
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

interface CacheFile {
  head: {doclint: string; format: number; code: string; runs: Record<string, unknown>}
  /** Records (`R` and `V` lines), facts (`F`) and stamps (`S`), by key. */
  records: Record<string, unknown>
  entries: Record<string, unknown>
  stamps: Record<string, unknown>
}

/** A cache file (src/cache/facts-store.ts): a JSON head, then one line per entry. */
function readCache(file: string): CacheFile {
  const [head, ...lines] = readFileSync(file, 'utf8').split('\n')
  const cache: CacheFile = {head: JSON.parse(head!) as never, records: {}, entries: {}, stamps: {}}
  for (const line of lines) {
    const tab = line.indexOf('\t')
    if (tab < 0) continue
    const kind = line[0]
    const table = kind === 'F' ? cache.entries : kind === 'S' ? cache.stamps : cache.records
    table[line.slice(1, tab)] = JSON.parse(line.slice(tab + 1))
  }
  return cache
}

/** The head a cache file written in `dir` now would have (version and code fingerprint). */
function readCacheHeadOf(dir: string): CacheFile['head'] {
  const file = path.join(dir, 'head-probe')
  doclint(dir, ['--cache-location', 'head-probe'])
  const {head} = readCache(file)
  unlinkSync(file)
  return head
}

function writeCache(file: string, cache: CacheFile): void {
  const lines = [JSON.stringify(cache.head)]
  for (const [kind, table] of [
    ['R', cache.records],
    ['F', cache.entries],
    ['S', cache.stamps]
  ] as const) {
    for (const [key, value] of Object.entries(table)) {
      lines.push(`${kind}${key}\t${JSON.stringify(value)}`)
    }
  }
  writeFileSync(file, `${lines.join('\n')}\n`)
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
    const stored = readCache(cacheFile)
    expect(Object.keys(stored.entries).length).toBeGreaterThanOrEqual(8)
    // the builds found, the project as conf.py gives it, the manifests; and the whole run
    expect(Object.keys(stored.records)).toHaveLength(3)
    expect(Object.keys(stored.head.runs)).toHaveLength(1)
    expectSameAsUncached(dir)
    // a run answered by the whole-run record leaves the file as it was
    expect(readCache(cacheFile)).toEqual(stored)

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
      // the format of the first release: one line
      JSON.stringify({...readCacheHeadOf(dir), format: 1, entries: {}}),
      '{"doclint":'
    ]
    for (const text of damaged) {
      writeFileSync(cacheFile, text)
      const run = expectSameAsUncached(dir, ['--cache-location', 'cache.json'])
      expect(run.stderr).toBe('')
      expect(Object.keys(readCache(cacheFile).entries).length).toBeGreaterThan(0)
    }
    // Entries and records of the right version but the wrong shape are dropped one by one, and
    // damaged lines after a good head are ignored.
    const good = readCache(cacheFile)
    for (const key of Object.keys(good.entries)) good.entries[key] = {xrefs: 'nope'}
    for (const key of Object.keys(good.records)) good.records[key] = {queries: [{op: 'rm'}]}
    writeCache(cacheFile, good)
    expectSameAsUncached(dir, ['--cache-location', 'cache.json'])
    const {head} = readCache(cacheFile)
    const key = Object.keys(good.entries)[0]
    writeFileSync(
      cacheFile,
      `${JSON.stringify({...head, runs: {}})}\n{"a":\n[]\nF${key}\t{"xrefs":\nR../x\t{}\nX${key}\t{}\n`
    )
    expectSameAsUncached(dir, ['--cache-location', 'cache.json'])
    expect(Object.keys(readCache(cacheFile).entries).length).toBeGreaterThan(0)
    // A whole-run record whose findings are not findings is computed again.
    const bad = readCache(cacheFile)
    for (const record of Object.values(bad.head.runs)) {
      ;(record as {value: unknown}).value = {
        diagnostics: [{ruleId: 1}],
        documents: 0,
        files: [],
        notes: []
      }
    }
    writeCache(cacheFile, bad)
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
  it('a second run is answered by the whole-run record; after an edit only that file is parsed', async () => {
    const dir = ovsLike()
    const options = {cwd: dir, paths: ['Documentation'], cacheFile: '.doclintcache'}
    const first = await prepareEngine(options)
    const before = await lintTree(options, first)
    expect(first.cache.misses).toBeGreaterThanOrEqual(8)

    // nothing changed: no document is even looked up
    const second = await prepareEngine(options)
    const after = await lintTree(options, second)
    expect(second.cache.misses + second.cache.hits).toBe(0)
    expect(after.diagnostics).toEqual(before.diagnostics)
    expect(after.files).toEqual(before.files)

    // one document changed: the run is checked again, the others' facts come from the file
    const bonding = path.join(dir, 'Documentation/topics/bonding.rst')
    writeFileSync(bonding, `${readFileSync(bonding, 'utf8')}\nSee :doc:\`nowhere\`.\n`)
    const third = await prepareEngine(options)
    const edited = await lintTree(options, third)
    expect(third.cache.misses).toBe(1)
    expect(third.cache.hits).toBe(first.cache.misses - 1)
    expect(edited.diagnostics.map((finding) => finding.ruleId)).toEqual(['doc-unknown'])
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

  it('reads the rest of the file only from the file its head came from', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'doclint-cache-unit-'))
    temps.push(dir)
    const file = path.join(dir, 'cache')
    const context = FactsCache.context('restructuredtext', {})
    const fill = async (texts: string[]) => {
      const cache = new FactsCache(undefined, FactsStore.open(file))
      for (const text of texts) cache.get(context, text, emptyFacts)
      await cache.save()
    }
    await fill(['a', 'b'])
    // opened (head read), then another run replaces the file before the entries are needed
    const store = FactsStore.open(file)
    await fill(['a', 'b', 'c'])
    expect(store.get(context, 'a')).toBeUndefined()
    // the same file throughout: its entries are used
    expect(FactsStore.open(file).get(context, 'c')).toBeDefined()
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
    expect(Object.keys(readCache(file).entries)).toHaveLength(2)
  })

  it('parses at most MAX_CACHE_VALUES values from one file, however its entries split them', () => {
    const budget = new ValueBudget()
    const eighth = `[${'1,'.repeat(MAX_CACHE_VALUES / 8 - 1)}1]`
    let parsed = 0
    expect(() => {
      for (;;) parsed += (budget.parse(eighth) as number[]).length
    }).toThrow(/too many values/)
    expect(parsed).toBeLessThanOrEqual(MAX_CACHE_VALUES)
    expect(parsed).toBeGreaterThanOrEqual(MAX_CACHE_VALUES / 2)
    // text long in characters but with few values still parses
    const fresh = new ValueBudget()
    const long = JSON.stringify('x'.repeat(MAX_CACHE_VALUES * 2))
    expect((fresh.parse(long) as string).length).toBe(MAX_CACHE_VALUES * 2)
    expect(fresh.parse('{"a":1}')).toEqual({a: 1})
  })

  it('never throws on damaged entry lines, and trusts none of them (fuzzed, fixed seed)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'doclint-cache-fuzz-'))
    temps.push(dir)
    const file = path.join(dir, 'cache')
    const context = FactsCache.context('restructuredtext', {})
    // a valid file: its head, and entry lines to damage
    const cache = new FactsCache(undefined, FactsStore.open(file))
    cache.get(context, 'a', emptyFacts)
    await cache.fromTree(
      () => 'k',
      new MemoryTree({'x.rst': 'x'}),
      async (t) => t.list(),
      {
        encode: (value: string[]) => value,
        decode: (data: unknown) => (Array.isArray(data) ? (data as string[]) : undefined)
      }
    )
    await cache.save()
    const [head, ...entries] = readFileSync(file, 'utf8').split('\n')
    const keys = entries.map((line) => line.slice(1, line.indexOf('\t')))
    const line = fc.oneof(
      fc.string(),
      fc
        .tuple(fc.constantFrom('R', 'V', 'F', 'S', 'X'), fc.constantFrom(...keys), fc.string())
        .map(([kind, key, json]) => `${kind}${key}\t${json}`),
      fc
        .tuple(fc.constantFrom('R', 'F', 'S'), fc.constantFrom(...keys), fc.jsonValue())
        .map(([kind, key, value]) => `${kind}${key}\t${JSON.stringify(value)}`)
    )
    await fc.assert(
      fc.asyncProperty(fc.array(line, {maxLength: 8}), async (lines) => {
        writeFileSync(file, [head, ...lines, ''].join('\n'))
        const store = FactsStore.open(file)
        const facts = store.get(context, 'a')
        // facts that come back have the shape of facts, whatever the line held
        if (facts !== undefined) expect(Array.isArray(facts.xrefs)).toBe(true)
        const record = store.getRecord('k')
        if (record !== undefined) expect(Array.isArray(record.queries)).toBe(true)
        store.put(context, 'b', emptyFacts())
        await store.save()
        // what it wrote reads back
        expect(FactsStore.open(file).get(context, 'b')).toEqual(emptyFacts())
      }),
      {seed: 20261207, numRuns: 200}
    )
  })
})
