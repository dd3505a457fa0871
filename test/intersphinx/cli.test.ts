/**
 * The command line with intersphinx: inventories fetched from a server on 127.0.0.1 into the
 * cache in the tree's .git folder (and nowhere else), `--offline`, and the JSON summary's
 * `unchecked` count and extension lists. Runs bin/doclint.cjs (`npm run build` first).
 */
import {execFile} from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {startServer, type TestServer} from './server.js'

const bin = path.resolve(import.meta.dirname, '../../bin/doclint.cjs')

let server: TestServer
let scratch: string
beforeAll(async () => {
  server = await startServer({
    '/other/objects.inv': {body: readFileSync(new URL('fixtures/other.inv', import.meta.url))}
  })
  scratch = mkdtempSync(path.join(os.tmpdir(), 'doclint-intersphinx-cli-'))
})
afterAll(async () => {
  await server.close()
  rmSync(scratch, {recursive: true, force: true})
})

interface Summary {
  errors: number
  infos: number
  unchecked: number
  extensions?: {modelled: string[]; known: string[]; unknown: string[]}
}

/** Run doclint (asynchronously: the server answers from this process). */
function doclint(
  args: string[],
  cwd: string
): Promise<{
  code: number
  json: {diagnostics: {rule: string; severity: string; target?: string}[]; summary: Summary}
}> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, '--format', 'json', ...args],
      {
        cwd,
        env: {
          ...process.env,
          NO_COLOR: '1',
          XDG_CACHE_HOME: path.join(scratch, 'xdg'),
          HOME: path.join(scratch, 'home')
        }
      },
      (error, stdout) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0
        resolve({code, json: JSON.parse(stdout) as never})
      }
    )
  })
}

function project(name: string): string {
  const dir = path.join(scratch, name)
  mkdirSync(path.join(dir, '.git'), {recursive: true})
  writeFileSync(
    path.join(dir, 'conf.py'),
    `extensions = ['sphinx.ext.intersphinx', 'sphinxcontrib.bibtex', 'myownext']\nintersphinx_mapping = {'other': ('${server.url}/other', None)}\n`
  )
  writeFileSync(
    path.join(dir, 'index.rst'),
    'Home\n====\n\n:ref:`other-intro`, :ref:`other:other-page` and :ref:`nowhere`.\n'
  )
  return dir
}

describe('doclint with intersphinx inventories', () => {
  it('fetches into .git/doclint/intersphinx, and says which extensions it knows', async () => {
    const dir = project('online')
    const {code, json} = await doclint(['.'], dir)
    expect(json.diagnostics.map((d) => [d.rule, d.severity, d.target])).toEqual([
      ['ref-undefined', 'error', 'nowhere']
    ])
    expect(code).toBe(1)
    expect(json.summary.unchecked).toBe(0)
    expect(json.summary.extensions).toEqual({
      modelled: ['sphinx.ext.intersphinx'],
      known: ['sphinxcontrib.bibtex'],
      unknown: ['myownext']
    })
    expect(readdirSync(path.join(dir, '.git', 'doclint', 'intersphinx')).length).toBe(2)
    expect(existsSync(path.join(scratch, 'xdg'))).toBe(false)
    expect(existsSync(path.join(scratch, 'home'))).toBe(false)
    // --offline now reads the cached copy: the same findings, no request
    const before = server.requests.length
    const offline = await doclint(['--offline', '.'], dir)
    expect(server.requests.length).toBe(before)
    expect(offline.json.diagnostics.map((d) => [d.rule, d.severity, d.target])).toEqual([
      ['ref-undefined', 'error', 'nowhere']
    ])
  })

  it('--offline without a cached copy: what the inventory could answer is info, never an error', async () => {
    const dir = project('offline')
    const before = server.requests.length
    const {code, json} = await doclint(['--offline', '.'], dir)
    expect(server.requests.length).toBe(before)
    expect(json.diagnostics.map((d) => [d.rule, d.severity, d.target])).toEqual([
      ['ref-undefined', 'info', 'other-intro'],
      ['ref-undefined', 'info', 'other:other-page'],
      ['ref-undefined', 'info', 'nowhere']
    ])
    expect(json.summary.unchecked).toBe(3)
    expect(json.summary.errors).toBe(0)
    expect(code).toBe(0)
  })
})
