/**
 * Parity on the wild corpus (bench/corpus.json: 23 real projects doclint was not built against),
 * when it is extracted (`node scripts/corpus.js extract`; skipped by name otherwise): for each
 * Sphinx source folder, intact and with the deterministic defects of `scripts/corpus.js mutate`,
 * doclint's findings against Sphinx 5.3's and Sphinx 9's (each when installed), per rule, as
 * (rule, file, target) sets. Prints recall and precision per project and per rule, and writes
 * them to $TMPDIR/doclint-corpus-<version>.json.
 *
 * Most of these projects need extensions that are not installed here: the oracle removes them
 * from conf.py, so Sphinx then warns about what those extensions would have defined. Findings
 * are therefore counted, not asserted one by one; what is asserted is that doclint reports
 * nothing at error level that Sphinx does not, outside the differences named in DIFFERENCES.
 */
import {execFileSync} from 'node:child_process'
import {existsSync, readFileSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import type {Diagnostic} from '../src/diagnostic.js'
import {checkTree, prepareEngine} from '../src/engine/run.js'
import {DiskTree} from '../src/tree/disk.js'
import {
  doclintKeys,
  GRAPH_RULES,
  oracle,
  oracleKeys,
  pool,
  sphinxAvailable,
  type OracleRecord
} from './graph/oracle.js'

const ROOT = path.resolve(import.meta.dirname, '..')
const CORPUS = process.env.DOCLINT_CORPUS ?? '/tmp/corpus-wild'
const MUTATED = process.env.DOCLINT_CORPUS_MUTATED ?? `${CORPUS}-mutated`

interface Project {
  repo: string
  docs: string[]
}

const projects = (
  JSON.parse(readFileSync(path.join(ROOT, 'bench', 'corpus.json'), 'utf8')) as {
    projects: Project[]
  }
).projects
const folder = (project: Project): string => project.repo.replace('/', '+')

const ORACLES = [
  {
    name: 'Sphinx 5.3',
    python: process.env.DOCLINT_SPHINX5_PYTHON ?? '/usr/bin/python3',
    version: '5.3' as const
  },
  {
    name: 'Sphinx 9',
    python:
      process.env.DOCLINT_SPHINX9_PYTHON ??
      path.join(ROOT, 'node_modules', '.cache', 'doclint-sphinx9', 'bin', 'python'),
    version: '8' as const
  }
]

/** Where doclint and Sphinx differ on these trees, and why (checked by hand on the corpus). */
interface Difference {
  name: string
  reason: string
  applies(key: string, side: 'oracle' | 'doclint', context: DifferenceContext): boolean
}

interface DifferenceContext {
  records: OracleRecord[]
  /** `variant owner/name docs`. */
  tree: string
  /** The tree's conf.py. */
  conf: string
  /** Whether intersphinx is on. */
  intersphinx: boolean
}

const DIFFERENCES: Difference[] = [
  {
    name: 'missing-extension',
    reason:
      'The oracle removes extensions that are not installed here; Sphinx then reports their roles, labels and directives as broken, which doclint (reading conf.py as the project wrote it) does not.',
    applies: (key, side, {records}) =>
      side === 'oracle' &&
      /^(?:ref|term)-undefined\|/.test(key) &&
      records.some((record) =>
        /Unknown (?:interpreted text role|directive type)/.test(record.message)
      )
  },
  {
    name: 'intersphinx-silence',
    reason:
      "With intersphinx on, doclint's ref-undefined and term-undefined say nothing on this branch (a label may be in another project's inventory), while the oracle, offline, reports every label it cannot find (psf/requests: `tut-files`, CPython's). The intersphinx work (h5) resolves them against the inventories and makes the rest `info`.",
    applies: (key, side, {intersphinx}) =>
      side === 'oracle' &&
      intersphinx &&
      /^(?:(?:ref|term)-undefined\||doc-unknown\|[^|]*\|[^:|/]+:)/.test(key)
  },
  {
    name: 'written-by-conf-py',
    reason:
      "conf.py writes files at build time that doclint never sees, since it never runs conf.py: isc-projects/kea's setup() copies `../../platforms.rst` and the config templates into the source folder and generates `api.rst` (api2doc), so Sphinx finds them, and the labels in `platforms.rst` (`platforms`, `required-software`); doclint reports them missing.",
    applies: (key, side, {conf, tree}) => {
      if (side !== 'doclint') return false
      const target = key.split('|').slice(2).join('|')
      const base = target.split('/').pop() ?? target
      if (
        new RegExp(`['"](?:[^'"]*/)?${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}['"]`).test(conf)
      )
        return true
      if (/api2doc\.generate/.test(conf) && key === 'toctree-missing|index.rst|api') return true
      return (
        / isc-projects\/kea /.test(` ${tree} `) &&
        /^ref-undefined\|[^|]*\|(?:platforms|required-software)$/.test(key)
      )
    }
  },
  {
    name: 'root-doc-fatal',
    reason: 'A missing root document stops Sphinx before any other check; doclint goes on.',
    applies: (_key, side, {records}) =>
      side === 'doclint' && records.some((record) => record.rule === 'root-doc-missing')
  },
  {
    name: 'outside-tree',
    reason: 'Paths that leave the tree root cannot be seen (and are never reported) by doclint.',
    applies: (key, side) =>
      side === 'oracle' && /^(?:image|download|include)-missing\|[^|]*\|\.\.\//.test(key)
  }
]

interface Tally {
  tp: number
  fp: number
  fn: number
  /** Of fp and fn, those a named difference explains. */
  xfp: number
  xfn: number
}

function add(into: Map<string, Tally>, name: string, field: keyof Tally): void {
  const tally = into.get(name) ?? {tp: 0, fp: 0, fn: 0, xfp: 0, xfn: 0}
  tally[field]++
  into.set(name, tally)
}

function ratio(a: number, b: number): string {
  return b === 0 ? '  -  ' : (a / b).toFixed(3)
}

/** One Sphinx folder of one project, intact or mutated. */
interface Tree {
  name: string
  root: string
  dir: string
}

function treesOf(base: string, variant: string): Tree[] {
  const trees: Tree[] = []
  for (const project of projects) {
    const root = path.join(base, folder(project))
    for (const docs of project.docs) {
      const dir = path.join(root, docs)
      if (existsSync(path.join(dir, 'conf.py')))
        trees.push({name: `${variant} ${project.repo} ${docs}`, root, dir})
    }
  }
  return trees
}

const present = existsSync(CORPUS) && projects.some((p) => existsSync(path.join(CORPUS, folder(p))))

describe.skipIf(!present)(`corpus parity (${CORPUS})`, () => {
  beforeAll(() => {
    // Mutated copies, made once (deterministic: the same defects every time).
    for (const project of projects) {
      const src = path.join(CORPUS, folder(project))
      const dest = path.join(MUTATED, folder(project))
      if (!existsSync(src) || existsSync(path.join(dest, '.doclint-mutations.json'))) continue
      execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'corpus.js'), 'mutate', src, dest])
    }
  })

  for (const sphinx of ORACLES) {
    const available = sphinxAvailable(sphinx.python)
    it.skipIf(!available)(
      `${sphinx.name}: recall and precision, intact and mutated`,
      {timeout: 3_600_000},
      async () => {
        // DOCLINT_CORPUS_ONLY: a regular expression on `variant owner/name docs` (a partial run)
        const only = new RegExp(process.env.DOCLINT_CORPUS_ONLY ?? '')
        const trees = [...treesOf(CORPUS, 'intact'), ...treesOf(MUTATED, 'mutated')].filter(
          (tree) => only.test(tree.name)
        )
        const perRule = new Map<string, Tally>()
        const perProject = new Map<string, Tally>()
        const unexplained: string[] = []
        const skipped: string[] = []
        const details: Record<string, {missing: string[]; extra: string[]}> = {}
        await pool(trees, 2, async (tree) => {
          let records: OracleRecord[]
          try {
            records = await oracle(tree.dir, tree.root, sphinx.python)
          } catch (error) {
            details[tree.name] = {
              missing: [`oracle failed: ${String(error).slice(0, 200)}`],
              extra: []
            }
            skipped.push(tree.name)
            return
          }
          const engine = await prepareEngine({
            cwd: tree.root,
            root: tree.root,
            paths: [path.relative(tree.root, tree.dir)],
            onlyRules: GRAPH_RULES
          })
          engine.config.sphinx.version = sphinx.version
          engine.config.sphinx.tags ??= []
          const result = await checkTree(engine, new DiskTree(tree.root))
          const graph = result.graphs[0]
          if (!graph) throw new Error(`no Sphinx project in ${tree.dir}`)
          // info findings (could not check) are no claim either way
          const claims = result.diagnostics.filter((d: Diagnostic) => d.severity !== 'info')
          const theirs = oracleKeys(records).keys
          const ours = doclintKeys(claims, graph.project.srcdir).keys
          const errors = doclintKeys(
            claims.filter((d: Diagnostic) => d.severity === 'error'),
            graph.project.srcdir
          ).keys
          const confPath = path.join(tree.dir, 'conf.py')
          const context: DifferenceContext = {
            records,
            tree: tree.name,
            conf: existsSync(confPath) ? readFileSync(confPath, 'utf8') : '',
            intersphinx: graph.intersphinx !== undefined
          }
          const explained = (key: string, side: 'oracle' | 'doclint'): boolean =>
            DIFFERENCES.some((entry) => entry.applies(key, side, context))
          const missing: string[] = []
          const extra: string[] = []
          for (const key of new Set([...theirs, ...ours])) {
            const rule = key.split('|')[0] ?? ''
            const project = tree.name
            if (theirs.has(key) && ours.has(key)) {
              add(perRule, rule, 'tp')
              add(perProject, project, 'tp')
            } else if (ours.has(key)) {
              add(perRule, rule, 'fp')
              add(perProject, project, 'fp')
              if (explained(key, 'doclint')) {
                add(perRule, rule, 'xfp')
                add(perProject, project, 'xfp')
              }
              extra.push(key)
              if (errors.has(key) && !explained(key, 'doclint'))
                unexplained.push(`${tree.name}: ${key}`)
            } else {
              // counted even when explained: the numbers are the raw comparison
              add(perRule, rule, 'fn')
              add(perProject, project, 'fn')
              if (explained(key, 'oracle')) {
                add(perRule, rule, 'xfn')
                add(perProject, project, 'xfn')
              }
              missing.push(explained(key, 'oracle') ? `${key} (explained)` : key)
            }
          }
          details[tree.name] = {missing, extra}
        })
        const lines = [
          `${sphinx.name}: recall precision (tp, fp, fn) | without the named differences: recall precision`
        ]
        for (const [title, table] of [
          ['per project', perProject],
          ['per rule', perRule]
        ] as const) {
          lines.push(`-- ${title}`)
          for (const [name, t] of [...table].sort(([a], [b]) => a.localeCompare(b))) {
            lines.push(
              `${name.padEnd(56)} ${ratio(t.tp, t.tp + t.fn)} ${ratio(t.tp, t.tp + t.fp)} (${t.tp}, ${t.fp}, ${t.fn}) | ${ratio(t.tp, t.tp + t.fn - t.xfn)} ${ratio(t.tp, t.tp + t.fp - t.xfp)}`
            )
          }
        }
        if (skipped.length > 0) lines.push(`-- no oracle output (skipped): ${skipped.join(', ')}`)
        console.log(lines.join('\n'))
        writeFileSync(
          path.join(os.tmpdir(), `doclint-corpus-${sphinx.version}.json`),
          `${JSON.stringify({perRule: Object.fromEntries(perRule), perProject: Object.fromEntries(perProject), details}, null, 2)}\n`
        )
        expect(unexplained).toEqual([])
      }
    )
  }
})
