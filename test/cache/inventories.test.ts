/**
 * A stored check made with inventories from the network (a real server on 127.0.0.1) is reused
 * while the on-disk copies it used are the ones a run would load: the same copy, fresh within
 * `intersphinx_cache_limit` (or any age offline). A new copy, an expired one or an inventory that
 * did not load means checking again.
 */
import {readdirSync, readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest'
import {checkTree, checkTreeCached, prepareEngine, saveCache} from '../../src/engine/run.js'
import {GitTree} from '../../src/tree/git.js'
import {OverlayTree} from '../../src/tree/overlay.js'
import {committedRepo, isolateGit, removeDir} from '../hook/git-repo.js'
import {startServer, type TestServer} from '../intersphinx/server.js'

const other = new Uint8Array(
  readFileSync(new URL('../intersphinx/fixtures/other.inv', import.meta.url))
)
const temps: string[] = []
let server: TestServer

beforeAll(async () => {
  isolateGit()
  server = await startServer({'/other/objects.inv': {body: other}})
})
afterAll(async () => {
  await server.close()
  for (const dir of temps) removeDir(dir)
})

function repo(): string {
  const dir = committedRepo({
    'conf.py': `extensions = ['sphinx.ext.intersphinx']\nintersphinx_mapping = {'other': ('${server.url}/other/', None)}\n`,
    'index.rst':
      'Index\n=====\n\nSee :ref:`other-intro`, :doc:`other:guide/page` and :ref:`missing-label`.\n'
  })
  temps.push(dir)
  return dir
}

/** Check HEAD with a fresh engine (as a new run does), save the cache; what was looked up? */
async function run(dir: string, extra: {offline?: boolean} = {}) {
  const options = {cwd: dir, root: dir, paths: ['.'], cacheFile: 'cache', ...extra}
  const engine = await prepareEngine(options)
  const head = new GitTree(dir, 'HEAD')
  const check = await checkTreeCached(engine, head, 'staged', {slots: 3})
  head.close()
  await saveCache(engine, options)
  return {
    reused: engine.cache.hits === 0 && engine.cache.misses === 0,
    findings: check.diagnostics.map((d) => `${d.ruleId} ${d.target ?? ''}`)
  }
}

/** The on-disk copy's metadata file (one inventory is cached). */
function copyMeta(dir: string): string {
  const folder = path.join(dir, '.git', 'doclint', 'intersphinx')
  const meta = readdirSync(folder).filter((name) => name.endsWith('.json'))
  expect(meta).toHaveLength(1)
  return path.join(folder, meta[0]!)
}

describe('a stored check made with inventories from the network', () => {
  it('is reused while the copy it used is the one on disk, and fresh', async () => {
    const dir = repo()
    const first = await run(dir)
    // the inventory answers two references; the third is missing everywhere
    expect(first.findings).toEqual(['ref-undefined missing-label'])
    expect(first.reused).toBe(false)
    const fetches = server.requests.length
    // the next run loads the same copy: the stored check holds, nothing is fetched
    const second = await run(dir)
    expect(second).toEqual({reused: true, findings: first.findings})
    expect(server.requests.length).toBe(fetches)
  })

  it('is checked again when the copy is another one', async () => {
    const dir = repo()
    await run(dir)
    const meta = copyMeta(dir)
    const data = JSON.parse(readFileSync(meta, 'utf8')) as {url: string; fetched: number}
    writeFileSync(meta, JSON.stringify({...data, fetched: data.fetched - 1}))
    expect((await run(dir)).reused).toBe(false)
    // and then reused again with that copy
    expect((await run(dir)).reused).toBe(true)
  })

  it('is checked again once the copy is older than intersphinx_cache_limit, unless offline', async () => {
    const dir = repo()
    await run(dir)
    const later = Date.now() + 6 * 86_400_000
    vi.spyOn(Date, 'now').mockReturnValue(later)
    try {
      // offline, an old copy is what a run would load: the check holds
      expect((await run(dir, {offline: true})).reused).toBe(true)
      // online, the run would fetch it again (five days by default)
      expect((await run(dir)).reused).toBe(false)
    } finally {
      vi.restoreAllMocks()
    }
  })

  it('is never reused when an inventory did not load', async () => {
    server.routes.set('/broken/objects.inv', {status: 500})
    const dir = committedRepo({
      'conf.py': `extensions = ['sphinx.ext.intersphinx']\nintersphinx_mapping = {'b': ('${server.url}/broken/', None)}\n`,
      'index.rst': 'Index\n=====\n\nSee :ref:`b:x`.\n'
    })
    temps.push(dir)
    const first = await run(dir)
    expect(first.findings).toEqual(['ref-undefined b:x'])
    expect((await run(dir)).reused).toBe(false)
  })
})

describe('a link edit in a project with inventories from the network', () => {
  it('is checked on the edited document alone, the inventories loaded from their copies', async () => {
    const dir = repo()
    await run(dir)
    const fetches = server.requests.length
    const index =
      'Index\n=====\n\nSee :ref:`other-intro`, :doc:`other:guide/page` and :ref:`missing-label`.\n'
    const edits = [
      // found in the tables: no inventory is loaded
      `${index}\nSee :doc:\`index\`.\n`,
      // looked up in the inventory: found there, and not found
      `${index}\nSee :ref:\`other:other-page\` and :ref:\`other:nope\`.\n`,
      // a broken link mended
      index.replace(':ref:`missing-label`', ':ref:`other-page`')
    ]
    for (const text of edits) {
      const options = {cwd: dir, root: dir, paths: ['.'], cacheFile: 'cache'}
      const engine = await prepareEngine(options)
      const base = new GitTree(dir, 'HEAD')
      const after = new OverlayTree(
        base,
        new Map([['index.rst', {kind: 'file' as const, bytes: Buffer.from(text)}]]),
        'staged'
      )
      await after.list()
      const cached = await checkTreeCached(engine, after, 'staged', {slots: 3})
      const full = await checkTree(await prepareEngine({cwd: dir, root: dir, paths: ['.']}), after)
      base.close()
      // carried over: the new text parsed, nothing else looked up
      expect({hits: engine.cache.hits, misses: engine.cache.misses}, text).toEqual({
        hits: 0,
        misses: 1
      })
      expect(cached.diagnostics).toEqual(full.diagnostics)
    }
    expect(server.requests.length).toBe(fetches)
  })
})
