/**
 * doclint against the real Sphinx with intersphinx on and real inventories loaded: both read
 * the same conf.py, whose intersphinx_mapping points at a server on 127.0.0.1 serving the
 * objects.inv Sphinx 5.3 built for fixtures/other-src and CPython's from python3-doc. The
 * oracle runs Debian's Sphinx 5.3 and, when ORACLE_PYTHON_9 names a Python with Sphinx 9
 * (default: the virtualenv .ci/run makes in node_modules/.cache/doclint-sphinx9), Sphinx 9.0.4.
 */
import {mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {InventoryCache} from '../../src/intersphinx/cache.js'
import {DiskTree} from '../../src/tree/disk.js'
import {buildGraph} from '../../src/graph/build.js'
import {FactsCache} from '../../src/graph/facts-cache.js'
import {loadProject} from '../../src/project/load.js'
import {defaultConfig, runRules} from '../graph/lint-helper.js'
import {pythonInventoryPath} from './paths.js'
import {startServer, type TestServer} from './server.js'
import {oracleRuleKeys, oracleVersions, sphinx5Missing} from '../graph/oracle.js'

/** The rules intersphinx changes; the oracle's keys for them. */
const RULES = new Set(['ref-undefined', 'term-undefined', 'doc-unknown', 'ref-untitled'])

let server: TestServer
let scratch: string
beforeAll(async () => {
  server = await startServer({
    '/other/objects.inv': {body: readFileSync(new URL('fixtures/other.inv', import.meta.url))},
    '/py/objects.inv': {body: readFileSync(pythonInventoryPath())}
  })
  scratch = mkdtempSync(path.join(os.tmpdir(), 'doclint-intersphinx-parity-'))
})
afterAll(async () => {
  await server.close()
  rmSync(scratch, {recursive: true, force: true})
})

const INDEX = `Home
====

.. _untitled-here:

Some text for an untitled label.

* :ref:\`other-intro\` found in any inventory, unprefixed
* :ref:\`other:other-page\` found with the inventory's name
* :ref:\`Other:other-page\` lower-cased with the target: found in \`other\`
* :ref:\`nosuchinv:foo\` no inventory of that name: a label name
* :ref:\`missing-label\` nowhere
* :ref:\`other:nothere\` not in that inventory
* :ref:\`mixed-case-label\` in the inventory, lower-cased by Sphinx
* :ref:\`tut-informal\` CPython's tutorial
* :ref:\`python:tut-intro\` CPython's, by name
* :ref:\`untitled-here\` a local label without a title
* :ref:\`local <untitled-here>\` with one
* :term:\`widget\` a term of the other project, in another case
* :term:\`python:iterator\` CPython's glossary, by name
* :term:\`Gizmo\` nowhere
* :term:\`other:Gizmo\` not in that inventory
* :doc:\`other:guide/page\` a page of the other project
* :doc:\`guide/page\` unprefixed: std:doc is disabled by default
* :doc:\`python:library/os\` CPython's
* :doc:\`python:library/nothere\` not there
* :doc:\`nosuchinv:library/os\` no such inventory
* :external:ref:\`other-intro\` external role
* :external+other:ref:\`other-page\` external role with an inventory
`

function writeTree(dir: string, conf: string, index = INDEX): void {
  mkdirSync(dir, {recursive: true})
  writeFileSync(path.join(dir, 'conf.py'), conf)
  writeFileSync(path.join(dir, 'index.rst'), index)
}

async function doclintKeys(
  dir: string,
  version: '8' | '5.3',
  offline = false
): Promise<{keys: string[]; unchecked: string[]}> {
  const tree = new DiskTree(dir)
  const config = defaultConfig(version)
  const project = await loadProject(tree, '', config)
  const graph = await buildGraph({
    tree,
    project,
    config,
    cache: new FactsCache(),
    inventoryCache: new InventoryCache(path.join(scratch, 'inventories')),
    offline
  })
  const found = runRules(graph).filter((d) => RULES.has(d.ruleId))
  const isUnchecked = (id: string): boolean => /nchecked$/.test(id)
  return {
    keys: found
      .filter((d) => !isUnchecked(d.messageId))
      .map((d) => `${d.ruleId}|${d.file}|${d.target ?? ''}`)
      .sort(),
    unchecked: found
      .filter((d) => isUnchecked(d.messageId))
      .map((d) => `${d.ruleId}|${d.file}|${d.target ?? ''}`)
      .sort()
  }
}

function oracleKeys(dir: string, python?: string): Promise<string[]> {
  return oracleRuleKeys(dir, RULES, python)
}

const oracles: [string, '5.3' | '8', string | undefined][] = oracleVersions()
const missing = sphinx5Missing()
if (missing !== undefined)
  it.skip(`intersphinx parity with Sphinx 5.3 (skipped: ${missing})`, () => {})

describe.each(oracles)('intersphinx parity with %s', (_name, version, python) => {
  it('named mapping, inventories over HTTP: the same findings', async () => {
    const dir = path.join(scratch, `named-${version}`)
    writeTree(
      dir,
      `extensions = ['sphinx.ext.intersphinx']
intersphinx_mapping = {
    'other': ('${server.url}/other', None),
    'python': ('https://docs.python.org/3', ('${server.url}/nothing.inv', '${server.url}/py/objects.inv')),
}
`
    )
    const ours = await doclintKeys(dir, version)
    expect(ours.unchecked).toEqual([])
    expect(ours.keys).toEqual(await oracleKeys(dir, python))
    expect(ours.keys).toContain('ref-undefined|index.rst|nosuchinv:foo')
  }, 60_000)

  it("intersphinx_disabled_reftypes = ['*']: only prefixed targets look outside", async () => {
    const dir = path.join(scratch, `disabled-${version}`)
    writeTree(
      dir,
      `extensions = ['sphinx.ext.intersphinx']
intersphinx_mapping = {'other': ('${server.url}/other', None), 'python': ('${server.url}/py', None)}
intersphinx_disabled_reftypes = ['*']
`
    )
    const ours = await doclintKeys(dir, version)
    expect(ours.keys).toEqual(await oracleKeys(dir, python))
    expect(ours.keys).toContain('ref-undefined|index.rst|other-intro')
  }, 60_000)

  it('an inventory that cannot be loaded: what it could answer is unchecked, the rest is reported', async () => {
    const dir = path.join(scratch, `failed-${version}`)
    writeTree(
      dir,
      `extensions = ['sphinx.ext.intersphinx']
intersphinx_mapping = {'other': ('${server.url}/other', None), 'python': ('${server.url}/gone', None)}
intersphinx_disabled_reftypes = ['std:doc', 'std:label']
`
    )
    const ours = await doclintKeys(dir, version)
    // labels are disabled unprefixed, so only python:… labels need the lost inventory
    expect(ours.unchecked).toEqual(
      [
        'doc-unknown|index.rst|python:library/nothere',
        'doc-unknown|index.rst|python:library/os',
        'ref-undefined|index.rst|python:tut-intro',
        'term-undefined|index.rst|Gizmo',
        'term-undefined|index.rst|other:Gizmo',
        'term-undefined|index.rst|python:iterator'
      ].sort()
    )
    // Sphinx (which could not load it either) reports every one of those; doclint the others alike
    const theirs = await oracleKeys(dir, python)
    expect(ours.keys).toEqual(theirs.filter((key) => !ours.unchecked.includes(key)))
  }, 60_000)
})
