/**
 * Parity with real Sphinx 5.3 + MyST 0.18 (Debian's python3-myst-parser): on every fixture tree
 * that has Markdown documents, and every fixtures/markdown case, the (rule, file, target)
 * findings of Sphinx and of doclint (with `sphinx.version` 5.3) must be the same sets, except
 * where doclint deliberately differs (the named allow-list below says why). Unresolved Markdown
 * links compare as `mdlink` on both sides: Sphinx has one warning for them, doclint several rules.
 */
import {existsSync, readdirSync, statSync} from 'node:fs'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {checkTree, prepareEngine} from '../src/engine/run.js'
import {DiskTree} from '../src/tree/disk.js'
import {mystAvailable, mystOracle} from './graph/myst-oracle.js'
import {doclintKeys, GRAPH_RULES, oracleKeys, pool, type OracleRecord} from './graph/oracle.js'

const ROOT = path.resolve(import.meta.dirname, '..')
const FIXTURES = path.join(ROOT, 'fixtures')

interface Allowed {
  name: string
  reason: string
  /** Whether a key (`rule|file|target`) that only one side has is explained by this entry. */
  applies(key: string, side: 'oracle' | 'doclint', records: readonly OracleRecord[]): boolean
}

/** Where doclint deliberately differs from Sphinx 5.3 + MyST 0.18. */
const ALLOWED: Allowed[] = [
  {
    name: 'root-doc-fatal',
    reason:
      'A missing root document stops Sphinx before any other check; doclint goes on checking the rest.',
    applies: (_key, side, records) =>
      side === 'doclint' && records.some((record) => record.rule === 'root-doc-missing')
  },
  {
    name: 'outside-tree',
    reason: 'Paths that leave the tree root cannot be seen (and are never reported) by doclint.',
    applies: (key, side, records) =>
      side === 'oracle' &&
      records.some(
        (record) =>
          /^(?:image|download|include)-missing$/.test(record.rule) &&
          (record.target ?? '').startsWith('../') &&
          key === `${record.rule}|${record.file}|${path.posix.basename(record.target ?? '')}`
      )
  }
]

/** Whether a folder holds a `.md` file (at any depth). */
function hasMarkdown(dir: string): boolean {
  for (const name of readdirSync(dir)) {
    if (name === '_build' || name === '.git') continue
    const full = path.join(dir, name)
    const stat = statSync(full)
    if (stat.isDirectory() ? hasMarkdown(full) : name.endsWith('.md') && name !== 'README.md')
      return true
  }
  return false
}

function caseFolders(): {name: string; dir: string}[] {
  const trees: {name: string; dir: string}[] = []
  for (const group of [...GRAPH_RULES, 'markdown']) {
    const folder = path.join(FIXTURES, group)
    if (!existsSync(folder)) continue
    for (const name of readdirSync(folder).sort()) {
      const dir = path.join(folder, name)
      if (!statSync(dir).isDirectory() || !existsSync(path.join(dir, 'conf.py'))) continue
      if (group === 'markdown' || hasMarkdown(dir)) trees.push({name: `${group}/${name}`, dir})
    }
  }
  for (const dir of CORPORA) trees.push({name: dir, dir})
  return trees
}

/**
 * Real MyST trees to compare too, when given (`:`-separated Sphinx source folders, read-only;
 * extensions that are not installed must already be removed from their conf.py).
 */
const CORPORA = (process.env.DOCLINT_MYST_CORPORA ?? '')
  .split(':')
  .filter((dir) => dir !== '' && existsSync(path.join(dir, 'conf.py')))

const available = mystAvailable()
const trees = available ? caseFolders() : []
const records = new Map<string, OracleRecord[]>()
/** Keys compared per tree (Sphinx's side), to show the comparison is not vacuous. */
const compared = new Map<string, string[]>()

describe.skipIf(!available)('parity with Sphinx 5.3 + MyST 0.18', () => {
  beforeAll(async () => {
    const results = await pool(trees, 6, (tree) => mystOracle(tree.dir))
    trees.forEach((tree, index) => records.set(tree.dir, results[index] ?? []))
  }, 600_000)

  it('finds Markdown fixture trees', () => {
    expect(trees.length).toBeGreaterThanOrEqual(5)
  })

  afterAll(() => {
    const keys = [...compared.values()].flat()
    const links = keys.filter((key) => key.startsWith('mdlink|')).length
    console.info(
      `MyST parity: ${compared.size} trees, ${keys.length} Sphinx findings compared (${links} Markdown links)`
    )
  })

  for (const tree of trees) {
    it(tree.name, {timeout: 120_000}, async () => {
      const found = records.get(tree.dir) ?? []
      const engine = await prepareEngine({cwd: tree.dir, root: tree.dir, onlyRules: GRAPH_RULES})
      engine.config.sphinx.version = '5.3'
      const result = await checkTree(engine, new DiskTree(tree.dir))
      const graph = result.graphs[0]
      if (!graph) throw new Error(`no Sphinx project found in ${tree.dir}`)
      const theirs = oracleKeys(found)
      const ours = doclintKeys(result.diagnostics, graph.project.srcdir)
      const explained = (key: string, side: 'oracle' | 'doclint'): boolean =>
        ALLOWED.some((entry) => entry.applies(key, side, found))
      const missing = [...theirs.keys].filter(
        (key) => !ours.keys.has(key) && !explained(key, 'oracle')
      )
      const extra = [...ours.keys].filter(
        (key) => !theirs.keys.has(key) && !explained(key, 'doclint')
      )
      compared.set(tree.name, [...theirs.keys])
      expect({missing, extra}).toEqual({missing: [], extra: []})
      expect(ours.circular).toBe(theirs.circular)
    })
  }
})

it('names a reason for every allow-list entry', () => {
  for (const entry of ALLOWED) expect(entry.reason.length, entry.name).toBeGreaterThan(20)
})
