/**
 * Run the Sphinx oracle (../shared/tools/sphinx-oracle: real Sphinx 5.3) on a tree and compare
 * its findings with doclint's as sets of (rule, file, target). Oracle output is cached in the
 * temp folder, keyed by a hash of the tree's files, so reruns are fast.
 */
import {execFile, execFileSync} from 'node:child_process'
import {createHash} from 'node:crypto'
import {existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {promisify} from 'node:util'
import {rules} from '../../rules/index.js'
import type {Diagnostic} from '../../src/diagnostic.js'
import {sharedPath} from '../shared.js'

const run = promisify(execFile)

/** Where the oracle script lives (overridable for other machines). */
export const ORACLE = process.env.SPHINX_ORACLE ?? sharedPath('tools/sphinx-oracle')

/** One line of oracle output. */
export interface OracleRecord {
  rule: string
  file: string
  line: number | null
  target: string | null
  message: string
}

/**
 * The oracle's `rule|file|target` keys for the small tree `dir`, for `rules` only, run afresh
 * (no cache). `env` adds to the oracle's environment (a PYTHONPATH for a tree's own extension).
 */
export async function oracleRuleKeys(
  dir: string,
  ruleIds: ReadonlySet<string>,
  python?: string,
  env: Record<string, string> = {}
): Promise<string[]> {
  const {stdout} = await run(ORACLE, [dir], {
    maxBuffer: 16 * 1024 * 1024,
    env: {
      ...process.env,
      // Sphinx 8+ colours its warnings under CI=true, which the oracle does not strip
      NO_COLOR: '1',
      ...env,
      ...(python ? {ORACLE_PYTHON: python} : {})
    }
  })
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as {rule: string; file: string; target: string | null})
    .filter((record) => ruleIds.has(record.rule))
    .map((record) => `${record.rule}|${record.file}|${record.target ?? ''}`)
    .sort()
}

/** Sphinx 9 for the second oracle: the virtualenv .ci/run makes, or DOCLINT_SPHINX9_PYTHON. */
export const SPHINX9_PYTHON =
  process.env.DOCLINT_SPHINX9_PYTHON ??
  process.env.ORACLE_PYTHON_9 ??
  path.resolve(
    import.meta.dirname,
    '..',
    '..',
    'node_modules',
    '.cache',
    'doclint-sphinx9',
    'bin',
    'python'
  )

/**
 * Why the comparison with Debian's Sphinx 5.3 cannot run on this machine (no oracle script: a
 * checkout without `../shared` beside it; no Sphinx), or undefined when it can. Tests that compare
 * with it say so in a skipped test of that name.
 */
export function sphinx5Missing(): string | undefined {
  if (!existsSync(ORACLE)) return `no sphinx-oracle at ${ORACLE}`
  return sphinxAvailable() ? undefined : 'no Sphinx for /usr/bin/python3'
}

/**
 * The oracles a test compares with: `[name, sphinx.version, python]`, Sphinx 5.3 where it can run
 * (see sphinx5Missing), Sphinx 9 where installed.
 */
export function oracleVersions(): [string, '5.3' | '8', string | undefined][] {
  return [
    ...(sphinx5Missing() === undefined
      ? [['Sphinx 5.3', '5.3', undefined] as [string, '5.3', undefined]]
      : []),
    ...(sphinxAvailable(SPHINX9_PYTHON)
      ? [['Sphinx 9', '8', SPHINX9_PYTHON] as [string, '8', string]]
      : [])
  ]
}

/** Whether a python (default: Debian's) can import Sphinx (and the oracle script is there). */
export function sphinxAvailable(python = '/usr/bin/python3'): boolean {
  if (!existsSync(ORACLE) || !existsSync(python)) return false
  try {
    execFileSync(python, ['-c', 'import sphinx'], {stdio: 'ignore'})
    return true
  } catch {
    return false
  }
}

function listFiles(dir: string, prefix = ''): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir).sort()) {
    if (name === '.git' || name === '_build' || name === 'node_modules') continue
    const full = path.join(dir, name)
    const stat = statSync(full)
    if (stat.isDirectory()) out.push(...listFiles(full, `${prefix}${name}/`))
    else if (stat.isFile()) out.push(`${prefix}${name}`)
  }
  return out
}

/** A hash of every file path and content under `dir`. */
export function treeHash(dir: string): string {
  const hash = createHash('sha256')
  for (const file of listFiles(dir)) {
    hash.update(file)
    hash.update('\u0000')
    hash.update(readFileSync(path.join(dir, file)))
    hash.update('\u0000')
  }
  return hash.digest('hex')
}

/**
 * The oracle's findings for a Sphinx source folder (cached by content hash and place in `root`).
 * `root` is the folder the oracle copies (files beside the source folder that conf.py or includes
 * read).
 */
export async function oracle(dir: string, root = dir, python?: string): Promise<OracleRecord[]> {
  // One cache per python: each Sphinx has its own answers.
  const flavour =
    python === undefined
      ? ''
      : // `-nc`: answers recorded with NO_COLOR (earlier ones hold Sphinx 9's coloured output)
        `-${createHash('sha256').update(python).digest('hex').slice(0, 8)}-nc`
  const cacheDir = path.join(os.tmpdir(), `doclint-sphinx-oracle${flavour}`)
  mkdirSync(cacheDir, {recursive: true})
  // Where the folder sits in the copied root changes what `../` paths reach.
  const place = path.relative(root, dir).split(path.sep).join('/')
  const suffix =
    place === '' ? '' : `-${createHash('sha256').update(place).digest('hex').slice(0, 12)}`
  const cacheFile = path.join(cacheDir, `${treeHash(dir)}${suffix}.jsonl`)
  let text: string
  if (existsSync(cacheFile)) {
    text = readFileSync(cacheFile, 'utf8')
  } else if (process.env.DOCLINT_ORACLE_CACHED_ONLY) {
    // a report over what earlier runs cached (the corpus parity test), without running Sphinx
    throw new Error(`no cached oracle output for ${dir}`)
  } else {
    try {
      const result = await run(ORACLE, [dir], {
        maxBuffer: 64 * 1024 * 1024,
        env: {
          ...process.env,
          // Sphinx 8+ colours its warnings under CI=true, which the oracle does not strip
          NO_COLOR: '1',
          ORACLE_ROOT: root,
          ...(python === undefined ? {} : {ORACLE_PYTHON: python})
        }
      })
      text = result.stdout
    } catch (error) {
      // A missing root document is fatal in Sphinx: the build stops with nothing else to say.
      const stderr = (error as {stderr?: string}).stderr ?? ''
      // Sphinx 5.3: `root file X not found`; Sphinx 9: `unable to load the master document (X)`.
      const fatal =
        /root file (.+) not found/.exec(stderr) ??
        /unable to load the (?:master|root) document \((.+?)\)/.exec(stderr)
      if (!fatal) throw error
      const record: OracleRecord = {
        rule: 'root-doc-missing',
        file: '',
        line: null,
        target: path.basename(fatal[1] ?? ''),
        message: fatal[0]
      }
      text = `${JSON.stringify(record)}\n`
    }
    writeFileSync(cacheFile, text)
  }
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as OracleRecord)
}

/** Run `task` over `items` with at most `limit` at a time. */
export async function pool<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length)
  let next = 0
  const workers = Array.from({length: Math.min(limit, items.length)}, async () => {
    while (next < items.length) {
      const index = next++
      results[index] = await task(items[index] as T)
    }
  })
  await Promise.all(workers)
  return results
}

/**
 * Sphinx warning texts → doclint rule ids, in rule order: every rule's `meta.sphinxMatch`
 * patterns (rules/*.ts), the one place the mapping is written.
 */
export const SPHINX_PATTERNS: [RegExp, string][] = [
  ...rules.flatMap((rule) =>
    (rule.meta.sphinxMatch?.patterns ?? []).map((pattern): [RegExp, string] => [
      pattern,
      rule.meta.id
    ])
  ),
  // An unresolved Markdown link (MyST) is one Sphinx warning that doclint splits over the rules
  // that fit the target (its `mdlink*` messages): compared as the pseudo-rule `mdlink`.
  [/^'myst' reference target not found: (.*)$/, 'mdlink']
]

/** The document-graph rules: those that mirror a Sphinx warning (`meta.sphinx`). */
export const GRAPH_RULES = rules
  .filter((rule) => rule.meta.sphinx !== undefined)
  .map((rule) => rule.meta.id)

/** How each rule's findings are compared (`meta.sphinxMatch.compare`). */
const COMPARE = new Map(
  rules.map((rule) => [rule.meta.id, rule.meta.sphinxMatch?.compare ?? 'none'] as const)
)

/** The rules whose findings are compared one by one (plus Markdown links as `mdlink`). */
export const COMPARED_RULES = new Set([
  ...rules
    .filter((rule) => ['target', 'resolved', 'file'].includes(COMPARE.get(rule.meta.id) ?? ''))
    .map((rule) => rule.meta.id),
  'mdlink'
])

/** Rules compared only by whether the tree has a finding of theirs (the toctree cycle). */
function presenceOnly(rule: string): boolean {
  return COMPARE.get(rule) === 'presence'
}

/** The rule and target a Sphinx warning's first line names (`other` when no rule mirrors it). */
export function classify(line: string): {rule: string; target: string | null} {
  // Sphinx 7.3+ ends a warning with its type (` [ref.ref]`), docutils' with ` [docutils]`.
  const first = line.replace(/ \[[\w.-]+\]$/, '')
  for (const [pattern, id] of SPHINX_PATTERNS) {
    const match = pattern.exec(first)
    if (match) return {rule: id, target: match[1] ?? null}
  }
  return {rule: 'other', target: null}
}

/** `rule|file|target` for comparison; include paths compare by file name (docutils prints them relative to its cwd). */
export function key(rule: string, file: string, target: string): string {
  const what = rule === 'include-missing' ? path.posix.basename(target.replace(/'$/, '')) : target
  return `${rule}|${file}|${what}`
}

/**
 * The oracle's line pattern needs `file:LINE: LEVEL:`; Sphinx writes `file:: LEVEL:` for a node
 * with a source but no line (an image inside a substitution, say), and the oracle then glues that
 * warning to the message before it. Split such lines back into records of their own.
 */
function withHiddenRecords(records: readonly OracleRecord[]): OracleRecord[] {
  const out: OracleRecord[] = []
  for (const record of records) {
    const lines = record.message.split('\n')
    const kept: string[] = []
    for (const line of lines) {
      const hidden = /^([^:\s][^:]*?):(\d*): (WARNING|ERROR|CRITICAL): (.*)$/.exec(line)
      if (!hidden || kept.length === 0) {
        kept.push(line)
        continue
      }
      const message = hidden[4] ?? ''
      const {rule, target} = classify(message)
      out.push({
        rule,
        file: hidden[1] ?? '',
        line: hidden[2] ? Number(hidden[2]) : null,
        target,
        message
      })
    }
    out.push({...record, message: kept.join('\n')})
  }
  return out
}

/** The oracle's findings as comparison keys (plus whether it saw a toctree cycle). */
export function oracleKeys(records: readonly OracleRecord[]): {
  keys: Set<string>
  circular: boolean
} {
  const keys = new Set<string>()
  let circular = false
  for (const record of withHiddenRecords(records)) {
    let rule = record.rule
    let target = record.target ?? ''
    // What the shared oracle leaves as `other` or names with an id that is not a doclint rule's
    // (its `link-target-duplicate`): classified by the rules' own patterns.
    if (rule === 'other' || !COMPARE.has(rule)) {
      const classified = classify(record.message.split('\n')[0] ?? '')
      rule = classified.rule
      target = classified.target ?? ''
    }
    if (presenceOnly(rule)) circular = true
    if (!COMPARED_RULES.has(rule)) continue
    if (COMPARE.get(rule) === 'file') target = ''
    // Sphinx prints repr(): a backslash comes out doubled.
    if (/unknown document: '|undefined label: '|not found: '|glossary: '/.test(record.message)) {
      target = target.replace(/\\\\/g, '\\')
    }
    // Messages inside included files come back relative to the oracle's copy of the tree.
    const file = record.file.includes('/root/')
      ? record.file.slice(record.file.lastIndexOf('/root/') + 6)
      : record.file
    keys.add(key(rule, file, target))
  }
  return {keys, circular}
}

/** doclint's findings as comparison keys; `srcdir` is stripped from file paths. */
export function doclintKeys(
  diagnostics: readonly Diagnostic[],
  srcdir: string
): {keys: Set<string>; circular: boolean} {
  const keys = new Set<string>()
  let circular = false
  const prefix = srcdir === '' ? '' : `${srcdir}/`
  for (const d of diagnostics) {
    if (presenceOnly(d.ruleId)) circular = true
    if (!COMPARED_RULES.has(d.ruleId)) continue
    const file = d.file.startsWith(prefix) ? d.file.slice(prefix.length) : d.file
    // Markdown links are one kind of warning to Sphinx, several rules to doclint.
    if (d.messageId.startsWith('mdlink')) {
      keys.add(key('mdlink', file, d.target ?? ''))
      continue
    }
    const compare = COMPARE.get(d.ruleId)
    const target =
      compare === 'file'
        ? ''
        : compare === 'resolved'
          ? (d.resolved ?? d.target ?? '')
          : (d.target ?? '')
    keys.add(key(d.ruleId, file, target))
  }
  return {keys, circular}
}
