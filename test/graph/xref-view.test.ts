/**
 * The contract of rules whose scope is `xrefs` (src/rule.ts), held to on real trees: for every
 * document no other document includes, each such rule finds in a cross-reference view
 * (src/graph/xref-view.ts: the stored name tables and that document's own cross-references) exactly
 * what it finds in the whole graph in that document's file. Every fixture tree, then the corpus
 * trees present on this machine (named when absent).
 */
import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {GREEDY_RULE} from './greedy-rule.js'
import {rules} from '../../rules/index.js'
import {ConfigError} from '../../src/config/error.js'
import type {Diagnostic} from '../../src/diagnostic.js'
import {checkTree, prepareEngine, type Engine} from '../../src/engine/run.js'
import type {Graph, GraphDocument} from '../../src/graph/types.js'
import {
  InventoriesNeeded,
  isXrefTables,
  XREF_SCOPE_KINDS,
  XrefScopeError,
  xrefTablesOf,
  xrefView
} from '../../src/graph/xref-view.js'
import type {ReportInput, Rule} from '../../src/rule.js'
import {DiskTree} from '../../src/tree/disk.js'

const ROOT = path.resolve(import.meta.dirname, '..', '..')
const SCOPED = rules.filter((rule) => rule.meta.scope === 'xrefs')
const SCOPED_IDS = new Set(SCOPED.map((rule) => rule.meta.id))

/** What a rule reported, as JSON (suggestions, fixes and related places included). */
function findingsOf(rule: Rule, graph: Graph, file?: string): string[] {
  const found: string[] = []
  rule.check({
    graph,
    options: {},
    report: (input: ReportInput) => {
      if (file === undefined || input.file === file) found.push(JSON.stringify(input))
    }
  })
  return found
}

/** Tree paths some document includes (their findings are found through their includers). */
function includedFiles(graph: Graph): Set<string> {
  const files = new Set<string>()
  for (const document of graph.documents.values()) {
    for (const file of document.files) if (file !== document.path) files.add(file)
  }
  return files
}

interface Tally {
  trees: number
  withIntersphinx: number
  /** Documents whose check without inventories asked for them. */
  inventoriesNeeded: number
  /** Documents where every other rule was run without their references too. */
  othersCompared: number
  documents: number
  xrefs: number
  findings: number
}

/**
 * Every other rule finds the same when the facts of `document`'s own file lose their
 * cross-references of XREF_SCOPE_KINDS (the graph built again from them, as a run builds it): an
 * edit of those alone changes no finding but the scoped rules'.
 */
async function othersIgnore(
  engine: Engine,
  root: string,
  graph: Graph,
  document: GraphDocument,
  whole: Diagnostic[],
  tally: Tally
): Promise<void> {
  // the facts object the engine's cache hands out for this file's bytes
  const facts = graph.files.get(document.path)
  if (!facts) return
  const before = facts.xrefs
  const kept = before.filter((xref) => !XREF_SCOPE_KINDS.has(xref.kind))
  if (kept.length === before.length) return
  const others = (diagnostics: Diagnostic[]): string[] =>
    diagnostics
      .filter((d) => !SCOPED_IDS.has(d.ruleId))
      .map(({key: _key, ...rest}) => JSON.stringify(rest))
  facts.xrefs = kept
  try {
    const again = await checkTree(engine, new DiskTree(root))
    expect(again.graphs.find((g) => g.files.get(document.path) === facts)).toBeDefined()
    expect(others(again.diagnostics), document.path).toEqual(others(whole))
  } finally {
    facts.xrefs = before
  }
  tally.othersCompared++
}

/**
 * Hold every scoped rule to its contract on every graph of the tree at `root`, and every other
 * rule to ignoring those references in up to `others` documents of each graph.
 */
async function holdContract(
  root: string,
  tally: Tally,
  paths?: string[],
  others = Infinity
): Promise<void> {
  let engine
  try {
    engine = await prepareEngine({cwd: root, root, offline: true, ...(paths ? {paths} : {})})
  } catch (error) {
    // a fixture of a bad config: no graph to hold anything to
    if (error instanceof ConfigError) return
    throw error
  }
  const {graphs, diagnostics} = await checkTree(engine, new DiskTree(root))
  for (const graph of graphs) {
    tally.trees++
    const tables = xrefTablesOf(graph)
    // only the renames of a patch keep a graph from having tables
    if (tables === undefined) throw new Error(`no tables for ${root}`)
    if (graph.intersphinx) tally.withIntersphinx++
    // what is stored reads back as it was written
    const stored: unknown = JSON.parse(JSON.stringify(tables))
    expect(isXrefTables(stored)).toBe(true)
    if (!isXrefTables(stored)) continue
    const included = includedFiles(graph)
    let othersLeft = others
    for (const document of graph.documents.values()) {
      if (included.has(document.path)) continue
      if (othersLeft-- > 0) await othersIgnore(engine, root, graph, document, diagnostics, tally)
      const own = (file: string): boolean => file === document.path
      const viewed = {
        docname: document.docname,
        xrefs: document.xrefs.filter((xref) => own(xref.file)),
        mdlinks: document.mdlinks?.filter((link) => own(link.xref.file))
      }
      const view = xrefView(stored, viewed, {left: graph.suggestionBudget.left}, graph.intersphinx)
      // without its inventories, the view finds the same or asks for them, never finds otherwise
      const lazy = xrefView(stored, viewed, {left: graph.suggestionBudget.left})
      tally.documents++
      tally.xrefs += viewed.xrefs.length
      for (const rule of SCOPED) {
        const whole = findingsOf(rule, graph, document.path)
        const alone = findingsOf(rule, view)
        tally.findings += whole.length
        expect(alone, `${rule.meta.id} in ${document.path} (${root})`).toEqual(whole)
        try {
          expect(findingsOf(rule, lazy), `${rule.meta.id} in ${document.path}`).toEqual(whole)
        } catch (error) {
          if (!(error instanceof InventoriesNeeded)) throw error
          tally.inventoriesNeeded++
        }
      }
    }
  }
}

function newTally(): Tally {
  return {
    trees: 0,
    withIntersphinx: 0,
    inventoriesNeeded: 0,
    othersCompared: 0,
    documents: 0,
    xrefs: 0,
    findings: 0
  }
}

/** Fixture folders that are trees: those with a conf.py (or a config of their own). */
function fixtureTrees(): string[] {
  const trees: string[] = []
  const walk = (dir: string, depth: number): void => {
    const names = readdirSync(dir)
    if (names.includes('conf.py') || names.includes('doclint.config.json')) {
      trees.push(dir)
      return
    }
    if (depth === 0) return
    for (const name of names) {
      const child = path.join(dir, name)
      if (!name.startsWith('.') && statSync(child).isDirectory()) walk(child, depth - 1)
    }
  }
  // hostile and fuzz trees are built to be slow or broken, not to resolve references
  for (const name of readdirSync(path.join(ROOT, 'fixtures'))) {
    if (name === 'hostile' || name === 'fuzz-crashes') continue
    const dir = path.join(ROOT, 'fixtures', name)
    if (statSync(dir).isDirectory()) walk(dir, 3)
  }
  return trees.sort()
}

describe('rules of scope xrefs', () => {
  it('are the rules that look cross-references up', () => {
    expect(SCOPED.map((rule) => rule.meta.id).sort()).toEqual([
      'doc-unknown',
      'ref-undefined',
      'ref-untitled',
      'term-undefined'
    ])
  })

  it('find in a document alone what they find in the whole graph: every fixture tree', async () => {
    const tally = newTally()
    const trees = fixtureTrees()
    expect(trees.length).toBeGreaterThan(100)
    for (const root of trees) await holdContract(root, tally)
    // the fixtures of these rules are among them: the comparison is not of empty lists
    expect(tally.findings).toBeGreaterThan(50)
    expect(tally.othersCompared).toBeGreaterThan(50)
    expect(tally.xrefs).toBeGreaterThan(150)
  }, 120_000)

  const CORPUS = process.env.DOCLINT_CORPUS ?? '/tmp/corpus-wild'
  const projects = (
    JSON.parse(readFileSync(path.join(ROOT, 'bench', 'corpus.json'), 'utf8')) as {
      projects: {repo: string; docs: string[]}[]
    }
  ).projects
  const present = projects.filter((project) =>
    existsSync(path.join(CORPUS, project.repo.replace('/', '+')))
  )
  it.skipIf(present.length === 0)(
    `find in a document alone what they find in the whole graph: the corpus (${CORPUS}; skipped when absent)`,
    async () => {
      const tally = newTally()
      for (const project of present) {
        const root = path.join(CORPUS, project.repo.replace('/', '+'))
        for (const docs of project.docs) {
          if (!existsSync(path.join(root, docs, 'conf.py'))) continue
          await holdContract(root, tally, [docs], 10)
        }
      }
      if (process.env.DOCLINT_XREF_TALLY) console.log(JSON.stringify(tally))
      expect(tally.documents).toBeGreaterThan(0)
    },
    600_000
  )

  const OWN = ['ovs/Documentation', 'ovn/Documentation', 'frr/doc/user', 'frr/doc/developer']
    .map((tree) => path.join('/tmp/corpus', tree))
    .filter((dir) => existsSync(path.join(dir, 'conf.py')))
  it.skipIf(OWN.length === 0)(
    'find in a document alone what they find in the whole graph: Open vSwitch, OVN, FRR (/tmp/corpus; skipped when absent)',
    async () => {
      const tally = newTally()
      for (const dir of OWN) await holdContract(path.dirname(dir), tally, [path.basename(dir)])
      expect(tally.xrefs).toBeGreaterThan(100)
    },
    300_000
  )

  it('refuses a rule that reads more than its scope says', () => {
    const tables = {
      docnames: ['index', 'other'],
      generated: [],
      anon: [],
      titled: [],
      untitled: [],
      terms: [],
      termsLower: [],
      complete: true,
      mystHeadingAnchors: 0,
      budgetLeft: 1000
    }
    const view = xrefView(tables, {docname: 'index', xrefs: [], mdlinks: undefined})
    expect(() => findingsOf(GREEDY_RULE, view)).toThrow(XrefScopeError)
    expect(() => (view as unknown as {manifests: unknown}).manifests).toThrow(/manifests/)
  })

  it('never trusts tables of another shape', () => {
    const good = {
      docnames: ['a'],
      generated: [],
      anon: [['x', 1]],
      titled: [],
      untitled: [
        [
          'x',
          'a.rst',
          {start: {line: 1, column: 1, offset: 0}, end: {line: 1, column: 2, offset: 1}}
        ]
      ],
      terms: [],
      termsLower: [],
      complete: true,
      mystHeadingAnchors: 0,
      budgetLeft: 5
    }
    expect(isXrefTables(good)).toBe(true)
    for (const bad of [
      null,
      [],
      {...good, docnames: [1]},
      {...good, anon: [['x']]},
      {...good, untitled: [['x', 'a.rst', {start: {}}]]},
      {...good, budgetLeft: Number.POSITIVE_INFINITY},
      {...good, complete: 'yes'},
      {...good, extensionLabels: []}
    ]) {
      expect(isXrefTables(bad)).toBe(false)
    }
  })
})
