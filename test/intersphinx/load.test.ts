import {mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {InventoryCache} from '../../src/intersphinx/cache.js'
import {fetchBytes} from '../../src/intersphinx/fetch.js'
import {loadInventories} from '../../src/intersphinx/load.js'
import type {IntersphinxSettings} from '../../src/intersphinx/types.js'
import {MemoryTree} from '../../src/tree/memory.js'
import {pythonInventoryPath} from './paths.js'
import {startServer, type TestServer} from './server.js'

const other = new Uint8Array(readFileSync(new URL('fixtures/other.inv', import.meta.url)))
const python = new Uint8Array(readFileSync(pythonInventoryPath()))

let server: TestServer
let scratch: string
beforeAll(async () => {
  server = await startServer({
    '/other/objects.inv': {body: other},
    '/py/objects.inv': {body: python},
    '/moved/objects.inv': {status: 301, headers: {location: '/other/objects.inv'}},
    '/loop': {status: 302, headers: {location: '/loop'}},
    '/to-file': {status: 302, headers: {location: 'file:///etc/passwd'}},
    '/slow/objects.inv': {body: other, delayMs: 3000},
    '/big/objects.inv': {body: new Uint8Array(2 * 1024 * 1024)},
    '/html/objects.inv': {body: '<html>not an inventory</html>'}
  })
  scratch = mkdtempSync(path.join(os.tmpdir(), 'doclint-intersphinx-'))
})
afterAll(async () => {
  await server.close()
  rmSync(scratch, {recursive: true, force: true})
})

function settings(
  entries: IntersphinxSettings['entries'],
  extra: Partial<IntersphinxSettings> = {}
): IntersphinxSettings {
  return {
    entries,
    cacheLimitDays: 5,
    disabledReftypes: ['std:doc'],
    sphinxVersion: '8',
    problems: [],
    ...extra
  }
}

const tree = new MemoryTree({'docs/conf.py': '', 'docs/inv/other.inv': other})

describe('fetchBytes', () => {
  it('follows a bounded number of redirects, http(s) only', async () => {
    const moved = await fetchBytes(`${server.url}/moved/objects.inv`)
    expect(moved.url).toBe(`${server.url}/other/objects.inv`)
    await expect(fetchBytes(`${server.url}/loop`)).rejects.toThrow(/more than 5 redirects/)
    await expect(fetchBytes(`${server.url}/to-file`)).rejects.toThrow(/not http or https/)
    await expect(fetchBytes('file:///etc/passwd')).rejects.toThrow(/not an http or https URL/)
  })

  it('sends no credentials, stops at the time limit and at the size cap', async () => {
    const before = server.requests.length
    const url = `http://user:secret@127.0.0.1:${server.port}/other/objects.inv`
    expect((await fetchBytes(url)).bytes.length).toBe(other.length)
    const request = server.requests[before]
    expect(request?.headers.authorization).toBeUndefined()
    expect(JSON.stringify(request?.headers)).not.toContain('secret')
    await expect(
      fetchBytes(`${server.url}/slow/objects.inv`, {timeoutMs: 200, maxBytes: 1e6, maxRedirects: 5})
    ).rejects.toThrow(/timed out/)
    await expect(
      fetchBytes(`${server.url}/big/objects.inv`, {
        timeoutMs: 5000,
        maxBytes: 1024 * 1024,
        maxRedirects: 5
      })
    ).rejects.toThrow(/larger than/)
  })
})

describe('loadInventories', () => {
  it('loads named, unnamed, several-location and local entries, and says why others failed', async () => {
    const cache = new InventoryCache(path.join(scratch, 'c1'))
    const state = await loadInventories(
      settings([
        {name: 'other', uri: `${server.url}/other`, locations: [null]},
        {
          name: 'python',
          uri: 'https://docs.python.org/3',
          locations: [`${server.url}/nothing`, `${server.url}/py/objects.inv`]
        },
        {name: 'local', uri: 'https://local.example', locations: ['inv/other.inv']},
        {name: 'outside', uri: 'https://x.example', locations: ['../../etc/other.inv']},
        {name: 'html', uri: `${server.url}/html`, locations: [null]},
        {name: null, uri: `${server.url}/other/`, locations: [null]}
      ]),
      {tree, srcdir: 'docs', cache}
    )
    expect([...state.named.keys()].sort()).toEqual(['local', 'other', 'python'])
    expect(state.named.get('python')?.get('std:term')?.has('iterator')).toBe(true)
    expect(state.main.get('std:label')?.has('tut-informal')).toBe(true)
    expect(state.failed.map((item) => [item.entry.name, item.error])).toEqual([
      ['outside', '../../etc/other.inv: outside the tree: doclint reads no file outside it'],
      [
        'html',
        `${server.url}/html/objects.inv: unknown or unsupported inventory version: "<html>not an inventory</html>"`
      ]
    ])
    // the unnamed one's links are made from its own base URI
    expect(state.main.get('std:label')?.get('other-intro')?.uri).toBe(
      `${server.url}/other/index.html#other-intro`
    )
  })

  it('caches fetched inventories on disk: fresh ones are not fetched again, stale ones are', async () => {
    const dir = path.join(scratch, 'c2')
    const entry = {name: 'other', uri: `${server.url}/other`, locations: [null]}
    const count = (): number =>
      server.requests.filter((r) => r.path === '/other/objects.inv').length
    const start = count()
    await loadInventories(settings([entry]), {
      tree,
      srcdir: 'docs',
      cache: new InventoryCache(dir),
      now: 1_000_000
    })
    expect(count()).toBe(start + 1)
    expect(
      readdirSync(dir)
        .sort()
        .map((name) => path.extname(name))
    ).toEqual(['.inv', '.json'])
    // within intersphinx_cache_limit (5 days): from the cache
    const again = await loadInventories(settings([entry]), {
      tree,
      srcdir: 'docs',
      cache: new InventoryCache(dir),
      now: 1_000_000 + 4 * 86400
    })
    expect(count()).toBe(start + 1)
    expect(again.loaded[0]?.cached).toBe(true)
    // past it: fetched again
    await loadInventories(settings([entry]), {
      tree,
      srcdir: 'docs',
      cache: new InventoryCache(dir),
      now: 1_000_000 + 6 * 86400
    })
    expect(count()).toBe(start + 2)
    // a negative limit never expires
    await loadInventories(settings([entry], {cacheLimitDays: -1}), {
      tree,
      srcdir: 'docs',
      cache: new InventoryCache(dir),
      now: 9e9
    })
    expect(count()).toBe(start + 2)
  })

  it('offline: cached copies of any age and local files only', async () => {
    const dir = path.join(scratch, 'c3')
    const entry = {name: 'other', uri: `${server.url}/other`, locations: [null]}
    const before = server.requests.length
    const cold = await loadInventories(settings([entry]), {
      tree,
      srcdir: 'docs',
      cache: new InventoryCache(dir),
      offline: true
    })
    expect(cold.failed[0]?.error).toMatch(/offline/)
    expect(server.requests.length).toBe(before)
    await loadInventories(settings([entry]), {
      tree,
      srcdir: 'docs',
      cache: new InventoryCache(dir),
      now: 1
    })
    const warm = await loadInventories(settings([entry]), {
      tree,
      srcdir: 'docs',
      cache: new InventoryCache(dir),
      offline: true,
      now: 9e9
    })
    expect(warm.failed).toEqual([])
    expect(warm.named.has('other')).toBe(true)
  })

  it('honours intersphinx_timeout', async () => {
    const state = await loadInventories(
      settings([{name: 'slow', uri: `${server.url}/slow`, locations: [null]}], {
        timeoutSeconds: 0.2
      }),
      {tree, srcdir: 'docs'}
    )
    expect(state.failed[0]?.error).toMatch(/timed out after 0.2 s/)
  })
})
