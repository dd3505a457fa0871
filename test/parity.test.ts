/**
 * Parity with real Sphinx, two versions: Debian's 5.3 (docutils 0.19) and the newest pip installs
 * here (9.0.4, docutils 0.22; .ci/run makes its virtualenv). For every fixture tree of the
 * document-graph rules and every shared sphinx-cases tree, the (rule, file, target) findings of
 * the oracle and of doclint (with the matching `sphinx.version`: "5.3", or "8" for current
 * Sphinx) must be the same sets, except where doclint deliberately differs (the named allow-list
 * below says why). A Sphinx that is not installed is skipped, by name.
 */
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs'
import {execFileSync} from 'node:child_process'
import os from 'node:os'
import path from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {checkTree, prepareEngine} from '../src/engine/run.js'
import {DiskTree} from '../src/tree/disk.js'
import {
  doclintKeys,
  GRAPH_RULES,
  oracle,
  oracleKeys,
  pool,
  sphinxAvailable,
  SPHINX9_PYTHON,
  type OracleRecord
} from './graph/oracle.js'
import {sharedPath} from './shared.js'

const ROOT = path.resolve(import.meta.dirname, '..')

/** One Sphinx to compare with, and the `sphinx.version` doclint mirrors it with. */
interface Oracle {
  name: string
  python: string
  version: '5.3' | '8'
}

/** Debian's Sphinx 5.3, and Sphinx 9 from the virtualenv .ci/run makes (or the one named). */
const ORACLES: Oracle[] = [
  {
    name: 'Sphinx 5.3',
    python: process.env.DOCLINT_SPHINX5_PYTHON ?? '/usr/bin/python3',
    version: '5.3'
  },
  {
    name: 'Sphinx 9',
    python: SPHINX9_PYTHON,
    version: '8'
  }
]

/** What `python` reports as its Sphinx version, and whether it has myst-parser. */
function probe(python: string): {sphinx: string; myst: boolean} | undefined {
  if (!sphinxAvailable(python)) return undefined
  const out = execFileSync(
    python,
    [
      '-c',
      'import sphinx, importlib.util as u; print(sphinx.__version__, bool(u.find_spec("myst_parser")))'
    ],
    {encoding: 'utf8'}
  ).trim()
  const [sphinx = '', myst = ''] = out.split(' ')
  return {sphinx, myst: myst === 'True'}
}

/** Whether a tree's conf.py turns on MyST (it needs myst-parser in the oracle's python). */
function usesMyst(dir: string): boolean {
  const conf = path.join(dir, 'conf.py')
  return existsSync(conf) && /['"]myst_(?:parser|nb)['"]/.test(readFileSync(conf, 'utf8'))
}

const SPHINX_CASES = process.env.SPHINX_CASES ?? sharedPath('docs/sphinx-cases')

interface Context {
  records: OracleRecord[]
  /** `toctree-duplicate|file|docname` keys of entries doclint reports as toctree-self. */
  selfEntries: Set<string>
  /** `toctree-untitled|file|docname` keys of untitled entries in toctrees inside `only`. */
  onlyUntitled: Set<string>
  /** Whether `sphinx.ext.intersphinx` is on. */
  intersphinx: boolean
  /** doclint's keys of findings inside the content of an object description (see below). */
  objectKeys: Set<string>
  /** `rule|target` of those findings. */
  objectPairs: Set<string>
  /** `rule|target` of the oracle's findings. */
  oraclePairs: Set<string>
}

interface Allowed {
  name: string
  reason: string
  /** The `sphinx.version`s the difference is about (all when absent). */
  versions?: Oracle['version'][]
  /** Whether a key (`rule|file|target`) that only one side has is explained by this entry. */
  applies(key: string, side: 'oracle' | 'doclint', context: Context): boolean
}

/** Where doclint deliberately differs from Sphinx 5.3's output. */
const ALLOWED: Allowed[] = [
  {
    name: 'self-entry',
    versions: ['5.3'],
    reason:
      'A document listing itself is reported once as toctree-self; Sphinx 5.3 says "duplicated entry" (and, at write time, circular).',
    applies: (key, side, {selfEntries}) =>
      side === 'oracle' && key.startsWith('toctree-duplicate|') && selfEntries.has(key)
  },
  {
    name: 'root-doc-fatal',
    reason:
      'A missing root document stops Sphinx before any other check; doclint goes on checking the rest.',
    applies: (_key, side, {records}) =>
      side === 'doclint' && records.some((record) => record.rule === 'root-doc-missing')
  },
  {
    name: 'oracle-skips-build-folders',
    reason:
      'The oracle does not copy `_build` folders into its temporary tree, so Sphinx never sees documents there.',
    applies: (key, side) => side === 'doclint' && /\|(?:.*\/)?_build\//.test(key)
  },
  {
    name: 'outside-tree',
    reason: 'Paths that leave the tree root cannot be seen (and are never reported) by doclint.',
    applies: (key, side) =>
      side === 'oracle' && /^(?:image|download|include)-missing\|[^|]*\|\.\.\//.test(key)
  },
  {
    name: 'only-untitled',
    reason:
      'Toctrees inside `.. only::` are not checked for untitled entries: whether Sphinx resolves them depends on the builder.',
    applies: (key, side, {onlyUntitled}) => side === 'oracle' && onlyUntitled.has(key)
  },
  {
    name: 'intersphinx',
    reason:
      "With intersphinx on, a label or term (or an `inv:`-prefixed document) may be in another project's inventory: doclint cannot read inventories and stays silent, while the oracle (offline, no inventory loads) reports them all.",
    applies: (key, side, {intersphinx}) =>
      side === 'oracle' &&
      intersphinx &&
      /^(?:ref-undefined\||term-undefined\||doc-unknown\|[^|]*\|[^:|/]+:)/.test(key)
  },
  {
    name: 'object-content-location',
    reason:
      "Sphinx 5.3 parses an object description's content with line offset 0 (sphinx/directives/__init__.py: nested_parse_with_titles(self.state, self.content, contentnode)), so a warning from a role inside `.. option::`, `.. py:function::` or a conf.py object type (FRR's `.. clicmd::`) is placed at that line number of the whole input: in `<rst_prolog>`, or another file. doclint reports the role where it is written; the rule and target agree.",
    applies: (key, side, {objectKeys, objectPairs, oraclePairs}) =>
      side === 'doclint'
        ? objectKeys.has(key) && oraclePairs.has(rulePlusTarget(key))
        : objectPairs.has(rulePlusTarget(key))
  }
]

/** Where doclint, in its current-Sphinx mode (`sphinx.version` "8"), differs from Sphinx 9.0.4. */
ALLOWED.push(
  {
    name: 'self-entry-9',
    versions: ['8'],
    reason:
      "A document listing itself is toctree-self to doclint; Sphinx 9 calls the entry a nonexisting document (toctree-missing), its toctree reader having skipped the document's own name.",
    applies: (key, side, {selfEntries}) =>
      side === 'oracle' &&
      key.startsWith('toctree-missing|') &&
      selfEntries.has(key.replace(/^toctree-missing\|/, 'toctree-duplicate|'))
  },
  {
    name: 'only-title-9',
    versions: ['8'],
    reason:
      'Sphinx 9 gives no title to a document whose only section is inside `.. only::` (sphinx-cases t17: nt-only, nt-onlytrue); Sphinx 5.3 takes it, and so does doclint in both modes (toctree-untitled is not version-aware yet).',
    applies: (key, side) =>
      side === 'oracle' && /^toctree-untitled\|[^|]*\|nt-only(?:true)?$/.test(key)
  },
  {
    name: 'index-before-title-9',
    versions: ['8'],
    reason:
      "Sphinx 7.1+ moves an `.. index::` between a label and a title after the title, so the label gets the title (sphinx-cases t24, lab-index); doclint's label landing here follows 5.3 (h5's label/directive/title work models it).",
    applies: (key, side) => side === 'doclint' && key === 'ref-untitled|index.rst|lab-index'
  },
  {
    name: 'protocol-relative-image-9',
    versions: ['8'],
    reason:
      'Sphinx 9 reads an image URI `//host/x.png` as a path from the source folder and names it `../../../host/x.png`; doclint names it as written. Both report it: only the target text differs.',
    applies: (key) => /^image-missing\|[^|]*\|(?:\.\.\/)*\/?cdn\.example\.com\/x\.png$/.test(key)
  }
)

/** `rule|target` of a `rule|file|target` key. */
function rulePlusTarget(key: string): string {
  const [rule = '', , ...target] = key.split('|')
  return `${rule}|${target.join('|')}`
}

/** Directives that are object descriptions in Sphinx 5.3 without a domain prefix. */
const OBJECT_DIRECTIVES = new Set([
  'describe',
  'object',
  'option',
  'cmdoption',
  'envvar',
  'function',
  'data',
  'class',
  'exception',
  'method',
  'classmethod',
  'staticmethod',
  'attribute',
  'property',
  'decorator',
  'decoratormethod',
  'type'
])

/** Domain directives that are no object descriptions (their content, if any, is placed right). */
const NOT_OBJECT = new Set([
  'module',
  'currentmodule',
  'namespace',
  'namespace-push',
  'namespace-pop',
  'alias'
])

/**
 * Whether 1-based `line` of `text` lies in the content of an object description (at any depth):
 * an enclosing less-indented `.. name::` line names one.
 */
function inObjectContent(text: string, line: number, objectTypes: readonly string[]): boolean {
  const lines = text.split('\n')
  const indent = (value: string): number => value.length - value.trimStart().length
  let limit = indent(lines[line - 1] ?? '')
  for (let index = line - 2; index >= 0 && limit > 0; index--) {
    const current = lines[index] ?? ''
    if (current.trim() === '' || indent(current) >= limit) continue
    limit = indent(current)
    const name = /^\s*\.\.\s+([\w:.-]+)::/.exec(current)?.[1]?.toLowerCase()
    if (name === undefined) continue
    const [domain, local] = name.includes(':') ? name.split(':', 2) : ['', name]
    if (OBJECT_DIRECTIVES.has(name) || objectTypes.includes(name)) return true
    if (domain !== '' && local !== undefined && !NOT_OBJECT.has(local)) return true
  }
  return false
}

/**
 * Real documentation trees checked too when present on this machine (read-only; never copied
 * into the repository): the Sphinx folder, and the tree root (`SRCDIR@ROOT`; default: the folder
 * above the Sphinx folder). DPDK's documents literalinclude sources from the whole repository.
 */
const CORPORA = (
  process.env.DOCLINT_PARITY_CORPORA ??
  [
    '/tmp/corpus/ovs/Documentation',
    '/tmp/corpus/ovs-parent/Documentation',
    '/tmp/corpus/DPDK+dpdk/doc/guides@/tmp/corpus/DPDK+dpdk',
    '/tmp/corpus/ovn/Documentation',
    '/tmp/corpus/frr/doc/user',
    '/tmp/corpus/frr/doc/developer',
    '/tmp/corpus/frr/doc/manpages'
  ].join(':')
)
  .split(':')
  .map((entry) => {
    const [dir = '', root = path.dirname(dir)] = entry.split('@')
    return {dir, root}
  })
  .filter(({dir}) => dir !== '' && existsSync(path.join(dir, 'conf.py')))

interface Tree {
  name: string
  /** The Sphinx source folder the oracle runs on. */
  dir: string
  /** The doclint tree root (the source folder itself, or the project root above it). */
  root: string
}

function caseFolders(): Tree[] {
  const trees: Tree[] = []
  for (const rule of GRAPH_RULES) {
    const folder = path.join(ROOT, 'fixtures', rule)
    if (!existsSync(folder)) continue
    for (const name of readdirSync(folder).sort()) {
      const dir = path.join(folder, name)
      if (statSync(dir).isDirectory())
        trees.push({name: `fixtures/${rule}/${name}`, dir, root: dir})
    }
  }
  if (existsSync(SPHINX_CASES)) {
    for (const name of readdirSync(SPHINX_CASES).sort()) {
      const dir = path.join(SPHINX_CASES, name)
      if (statSync(dir).isDirectory()) trees.push({name: `sphinx-cases/${name}`, dir, root: dir})
    }
  }
  for (const {dir, root} of CORPORA) trees.push({name: dir, dir, root})
  return trees
}

for (const sphinx of ORACLES) {
  const installed = probe(sphinx.python)
  const trees = installed ? caseFolders() : []
  const records = new Map<string, OracleRecord[]>()
  const title = installed
    ? `parity with ${sphinx.name} (sphinx-oracle, Sphinx ${installed.sphinx}${installed.myst ? ', myst-parser' : ''})`
    : `parity with ${sphinx.name}: skipped, no Sphinx at ${sphinx.python}`
  // Without myst-parser the oracle drops it from conf.py: Markdown trees cannot be compared.
  const comparable = (tree: Tree): boolean => installed?.myst === true || !usesMyst(tree.dir)

  describe.skipIf(!installed)(title, () => {
    if (!existsSync(SPHINX_CASES)) {
      it.skip(`the shared Sphinx cases (skipped: ${SPHINX_CASES} is absent)`, () => {})
    }
    beforeAll(async () => {
      const compared = trees.filter(comparable)
      const results = await pool(compared, 8, (tree) => oracle(tree.dir, tree.root, sphinx.python))
      compared.forEach((tree, index) => records.set(tree.dir, results[index] ?? []))
    }, 1_200_000)

    for (const tree of trees) {
      it.skipIf(!comparable(tree))(tree.name, {timeout: 120_000}, async () => {
        const found = records.get(tree.dir) ?? []
        // The real engine (config, project, suppressions), with Sphinx 5.3 behaviour selected.
        const engine = await prepareEngine({
          cwd: tree.root,
          root: tree.root,
          paths: [path.relative(tree.root, tree.dir) || '.'],
          onlyRules: GRAPH_RULES
        })
        engine.config.sphinx.version = sphinx.version
        // The tree is the root: the engine's path (the Sphinx folder) is relative to it.
        const result = await checkTree(engine, new DiskTree(tree.root))
        const diagnostics = result.diagnostics
        const graph = result.graphs[0]
        if (!graph) throw new Error(`no Sphinx project found in ${tree.dir}`)
        const theirs = oracleKeys(found)
        const ours = doclintKeys(diagnostics, graph.project.srcdir)
        const selfEntries = new Set(
          diagnostics
            .filter((d) => d.ruleId === 'toctree-self')
            .map((d) => `toctree-duplicate|${d.file}|${d.resolved ?? ''}`)
        )
        const onlyUntitled = new Set<string>()
        for (const document of graph.documents.values()) {
          for (const toctree of document.toctrees) {
            if (toctree.toctree.inOnly === undefined) continue
            for (const docname of toctree.includes) {
              if (graph.documents.get(docname)?.hasLocalToc === false) {
                onlyUntitled.add(`toctree-untitled|${toctree.file}|${docname}`)
              }
            }
          }
        }
        const objectKeys = new Set<string>()
        const texts = new Map<string, string>()
        for (const d of diagnostics) {
          const file = path.join(tree.root, d.file)
          if (!texts.has(file)) texts.set(file, existsSync(file) ? readFileSync(file, 'utf8') : '')
          if (
            !inObjectContent(
              texts.get(file) ?? '',
              d.range.start.line,
              graph.project.objectTypes ?? []
            )
          )
            continue
          for (const key of doclintKeys([d], graph.project.srcdir).keys) objectKeys.add(key)
        }
        const context: Context = {
          records: found,
          selfEntries,
          onlyUntitled,
          intersphinx: graph.intersphinx !== undefined,
          objectKeys,
          objectPairs: new Set([...objectKeys].map(rulePlusTarget)),
          oraclePairs: new Set([...theirs.keys].map(rulePlusTarget))
        }
        const explained = (key: string, side: 'oracle' | 'doclint'): boolean =>
          ALLOWED.some(
            (entry) =>
              (entry.versions === undefined || entry.versions.includes(sphinx.version)) &&
              entry.applies(key, side, context)
          )
        const missing = [...theirs.keys].filter(
          (key) => !ours.keys.has(key) && !explained(key, 'oracle')
        )
        const extra = [...ours.keys].filter(
          (key) => !theirs.keys.has(key) && !explained(key, 'doclint')
        )
        expect({missing, extra}).toEqual({missing: [], extra: []})
        // Cycles: Sphinx repeats them per document and builder; compare only whether there is one.
        // A self entry is a one-document cycle to Sphinx 5.3 and toctree-self to doclint.
        if (!(selfEntries.size > 0 && theirs.circular && !ours.circular)) {
          expect(ours.circular).toBe(theirs.circular)
        }
      })
    }
  })
}

it('names a reason for every allow-list entry', () => {
  for (const entry of ALLOWED) expect(entry.reason.length, entry.name).toBeGreaterThan(20)
})

const OVS = process.env.DOCLINT_PARITY_OVS ?? '/tmp/corpus/ovs'

/** Break a copy of a real tree in the ways the rules look for (each edit only where it applies). */
function seedDefects(docs: string): void {
  const edit = (file: string, change: (text: string) => string): void => {
    const full = path.join(docs, file)
    if (existsSync(full)) writeFileSync(full, change(readFileSync(full, 'utf8')))
  }
  const listAll = (dir: string, prefix = ''): string[] =>
    readdirSync(dir, {withFileTypes: true}).flatMap((entry) =>
      entry.isDirectory()
        ? listAll(path.join(dir, entry.name), `${prefix}${entry.name}/`)
        : [`${prefix}${entry.name}`]
    )
  const sources = listAll(docs)
    .filter((file) => file.endsWith('.rst'))
    .sort()
  let docs2 = 0
  let refs = 0
  for (const file of sources) {
    const text = readFileSync(path.join(docs, file), 'utf8')
    if (docs2 < 2 && /:doc:`[^`<]+`/.test(text)) {
      writeFileSync(path.join(docs, file), text.replace(/:doc:`([^`<]+)`/, ':doc:`$1-typo`'))
      docs2++
    } else if (refs < 2 && /:ref:`[^`<]+`/.test(text)) {
      writeFileSync(path.join(docs, file), text.replace(/:ref:`([^`<]+)`/, ':ref:`$1-typo`'))
      refs++
    }
  }
  const listed = sources.find((file) => file.startsWith('howto/') && !file.endsWith('index.rst'))
  if (listed) rmSync(path.join(docs, listed))
  writeFileSync(path.join(docs, 'howto/new-orphan.rst'), 'New\n===\n\nText.\n')
  edit('howto/qos.rst', (text) => text.replace(/(image|figure):: (\S+)/, '$1:: $2.missing'))
  edit('intro/install/general.rst', (text) => `${text}\n.. include:: no-such-file.rst\n`)
  writeFileSync(path.join(docs, 'topics/extra.rst'), 'Just text, no title.\n')
  edit(
    'topics/index.rst',
    (text) => `${text}\n.. toctree::\n   :glob:\n\n   extra\n   extra\n   nomatch-*\n`
  )
  edit(
    'intro/why-ovs.rst',
    (text) =>
      `${text}\nSee :term:\`no such term\` and :download:\`missing.tar.gz\`.\n\nA \`broken link\`_ here.\n`
  )
  for (const file of sources) {
    const full = path.join(docs, file)
    if (!existsSync(full)) continue
    const label = /^\.\. _([\w-]+):\s*\n\s*\n\S.*\n[=\-~^]+\n/m.exec(
      readFileSync(full, 'utf8')
    )?.[1]
    if (label && file !== 'faq/general.rst') {
      edit(
        'faq/general.rst',
        (text) => `${text}\n.. _${label}:\n\nDuplicate Section\n-----------------\n\nText.\n`
      )
      break
    }
  }
}

for (const sphinx of ORACLES) {
  describe.skipIf(
    !sphinxAvailable(sphinx.python) || !existsSync(path.join(OVS, 'Documentation', 'conf.py'))
  )(`parity with ${sphinx.name} on a real tree with seeded defects (Open vSwitch)`, () => {
    it('finds what Sphinx finds, and nothing else', {timeout: 900_000}, async () => {
      const root = mkdtempSync(path.join(os.tmpdir(), 'doclint-parity-ovs-'))
      try {
        cpSync(OVS, root, {recursive: true, filter: (source) => path.basename(source) !== '.git'})
        const docs = path.join(root, 'Documentation')
        seedDefects(docs)
        const found = await oracle(docs, root, sphinx.python)
        const engine = await prepareEngine({
          cwd: root,
          root,
          paths: ['Documentation'],
          onlyRules: GRAPH_RULES
        })
        engine.config.sphinx.version = sphinx.version
        const result = await checkTree(engine, new DiskTree(root))
        const theirs = oracleKeys(found)
        const ours = doclintKeys(result.diagnostics, 'Documentation')
        // Every seeded kind of defect shows up on the Sphinx side: the comparison is not vacuous.
        expect(theirs.keys.size).toBeGreaterThanOrEqual(12)
        const missing = [...theirs.keys].filter((key) => !ours.keys.has(key))
        const extra = [...ours.keys].filter((key) => !theirs.keys.has(key))
        expect({missing, extra}).toEqual({missing: [], extra: []})
      } finally {
        rmSync(root, {recursive: true, force: true})
      }
    })
  })
}
