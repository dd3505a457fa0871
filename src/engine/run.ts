/**
 * The engine: one question ("given a file tree, what is broken?") asked of any FileTree. Tree mode
 * asks it once of the disk; patch modes ask it of the base and of each patched overlay.
 */
import {existsSync, statSync} from 'node:fs'
import path from 'node:path'
import type {DoclintConfig} from '../config/types.js'
import {loadConfig} from '../config/load.js'
import type {Diagnostic, Point, Range, Severity} from '../diagnostic.js'
import {FactsStore} from '../cache/facts-store.js'
import {describeFsError} from '../fs/read.js'
import {isInside} from '../paths.js'
import {FactsCache, type RecordCodec} from '../graph/facts-cache.js'
import type {Graph} from '../graph/types.js'
import type {ManifestSet} from '../manifests/types.js'
import {compilePattern} from '../project/patterns.js'
import {findSourceDir} from '../project/find.js'
import type {SphinxProject} from '../project/types.js'
import {formatMessage, type ReportInput, type Rule, type RuleMeta} from '../rule.js'
import type {FileTree} from '../tree/types.js'
import {DiskTree} from '../tree/disk.js'
import {SizeLimitedTree} from '../tree/limited.js'
import {pushAll} from '../arrays.js'
import {rules as allRules} from '../../rules/index.js'
import {assignKeys} from './identity.js'
import {isSuppressed} from './suppress.js'
import type {Finding, RunResult} from './types.js'

/** What a run is asked to do, before any file is read. */
export interface EngineOptions {
  /** Folder paths are relative to, and reports are relative to. */
  cwd: string
  /** Sphinx source folders (or folders above them), relative to cwd. Default `['.']`. */
  paths?: string[]
  /** An explicit config file. */
  configPath?: string
  /** `--rule id=severity` overrides. */
  ruleOverrides?: Record<string, Severity | 'off'>
  /** Run only these rules (at their configured or default severity). */
  onlyRules?: string[]
  /** The tree root (absolute); default: found upward from the first path (see findTreeRoot). */
  root?: string
  /** The rules to run (default: every rule in rules/index.ts). */
  rules?: Rule[]
  /** `--cache`: keep parsed facts in this file between runs (relative to cwd). */
  cacheFile?: string
}

/** A prepared engine: configuration read, rules chosen; ready to check any tree. */
export interface Engine {
  config: DoclintConfig
  /** Absolute tree root. */
  root: string
  cwd: string
  /** Sphinx source folders to check, relative to the root ('' = the root). */
  sources: string[]
  rules: {rule: Rule; severity: Severity; options: Record<string, unknown>}[]
  cache: FactsCache
}

/** Thrown for problems that stop a run before it starts (exit status 2). */
export class UsageError extends Error {
  override name = 'UsageError'
}

const ROOT_MARKERS = ['.git', 'doclint.config.json', 'doclint.config.jsonc']

/**
 * The tree root for a folder: the nearest ancestor (inclusive) holding `.git` or a doclint config;
 * without one, `fallback`. Manifests (Makefile.am, meson.build) live above the Sphinx folder, so
 * the tree must start at the project root, not at `Documentation/`.
 */
export function findTreeRoot(start: string, fallback: string): string {
  let dir = path.resolve(start)
  for (;;) {
    if (ROOT_MARKERS.some((marker) => existsSync(path.join(dir, marker)))) return dir
    const parent = path.dirname(dir)
    if (parent === dir) return fallback
    dir = parent
  }
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/')
}

/** Read configuration and decide what to check. Throws ConfigError / UsageError. */
export async function prepareEngine(options: EngineOptions): Promise<Engine> {
  const cwd = path.resolve(options.cwd)
  const chosenRules = options.rules ?? allRules
  const ruleIds = chosenRules.map((rule) => rule.meta.id)
  const optionSchemas: Record<string, Record<string, unknown>> = {}
  for (const rule of chosenRules) {
    if (rule.meta.options) optionSchemas[rule.meta.id] = rule.meta.options
  }
  const config = await loadConfig({
    cwd,
    ...(options.configPath === undefined ? {} : {path: path.resolve(cwd, options.configPath)}),
    ruleIds,
    ruleOptionSchemas: optionSchemas
  })
  const paths = (options.paths?.length ? options.paths : ['.']).map((p) => path.resolve(cwd, p))
  for (const p of paths) {
    if (!existsSync(p) || !statSync(p).isDirectory()) {
      throw new UsageError(`No such folder: ${toPosix(path.relative(cwd, p)) || p}`)
    }
  }
  const firstPath = paths[0] ?? cwd
  const configDir = config.path === undefined ? undefined : path.dirname(config.path)
  const root =
    options.root === undefined
      ? findTreeRoot(firstPath, isInside(cwd, firstPath) ? cwd : firstPath)
      : path.resolve(options.root)
  const tree = new DiskTree(root)
  const sources: string[] = []
  for (const p of paths) {
    if (!isInside(root, p)) throw new UsageError(`${p} is outside the tree root ${root}`)
    const relative = toPosix(path.relative(root, p))
    sources.push(...(await resolveSources(tree, relative, config, configDir, root)))
  }
  const enabled: Engine['rules'] = []
  for (const rule of chosenRules) {
    const id = rule.meta.id
    if (options.onlyRules && !options.onlyRules.includes(id)) continue
    const configured = config.rules[id]
    let severity: Severity | 'off' = configured?.severity ?? rule.meta.defaultSeverity
    const override = options.ruleOverrides?.[id]
    if (override !== undefined) severity = override
    if (severity === 'off') continue
    enabled.push({rule, severity, options: withDefaults(rule.meta, configured?.options ?? {})})
  }
  return {
    config,
    root,
    cwd,
    sources: [...new Set(sources)],
    rules: enabled,
    cache: new FactsCache(
      undefined,
      options.cacheFile === undefined
        ? undefined
        : FactsStore.open(path.resolve(cwd, options.cacheFile))
    )
  }
}

function withDefaults(meta: RuleMeta, given: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {}
  for (const [name, schema] of Object.entries(meta.options ?? {})) {
    if (schema && typeof schema === 'object' && 'default' in schema) {
      result[name] = (schema as {default: unknown}).default
    }
  }
  return {...result, ...given}
}

/** Folders never searched for a conf.py: build output, dependencies, virtual environments. */
const NOT_SOURCES =
  /(^|\/)(node_modules|_build|build|\.git|\.tox|\.venv|venv|site-packages|_templates)\//

/** How deep below a given folder a conf.py is looked for (FRR: doc/user/conf.py). */
const SEARCH_DEPTH = 3

/**
 * The Sphinx source folders for a path: conf.py there (or in source/, doc/, docs/); else a folder
 * with an index document; else every conf.py a few levels below (FRR keeps three Sphinx projects
 * in doc/user, doc/developer and doc/manpages); else the path itself with Sphinx's defaults.
 */
async function resolveSources(
  tree: FileTree,
  relative: string,
  config: DoclintConfig,
  configDir: string | undefined,
  root: string
): Promise<string[]> {
  if (config.root !== undefined && configDir !== undefined) {
    const fromConfig = toPosix(path.relative(root, path.resolve(configDir, config.root)))
    if (fromConfig === relative || relative === '' || relative === '.') return [clean(fromConfig)]
  }
  const base = clean(relative)
  const found = await findSourceDir(tree, base)
  if (found !== undefined) return [clean(found)]
  for (const sub of ['', 'docs', 'doc', 'source', 'Documentation']) {
    const candidate = clean([base, sub].filter(Boolean).join('/'))
    const prefix = candidate === '' ? '' : `${candidate}/`
    if ((await tree.exists(`${prefix}index.rst`)) || (await tree.exists(`${prefix}index.md`))) {
      return [candidate]
    }
  }
  const depth = base === '' ? 0 : base.split('/').length
  const below = (await tree.list(base === '' ? undefined : base)).filter(
    (file) =>
      (file === 'conf.py' || file.endsWith('/conf.py')) &&
      file.split('/').length - depth <= SEARCH_DEPTH + 1 &&
      !NOT_SOURCES.test(file)
  )
  if (below.length > 0) return below.map((file) => clean(path.posix.dirname(file)))
  return [base]
}

function clean(p: string): string {
  return p === '.' ? '' : p.replace(/(?<!\/)\/+$/, '')
}

/** Everything one check of one tree found, plus what was checked. */
export interface TreeCheck {
  diagnostics: Finding[]
  documents: number
  files: string[]
  graphs: Graph[]
  /** Documents read only in part (a limit was reached): warnings, not findings. */
  notes: {path: string; message: string}[]
}

/**
 * The largest build file (Makefile.am, automake.mk, meson.build, conf.py for man pages) read for
 * manifests: 512 KiB, 18 times the largest in Open vSwitch, OVN, DPDK and FRR (28 KB). A hostile
 * 8 MB Makefile.am of chained variables took 6.8 s and 730 MB; two files of 1 MB, 1.2 s.
 */
const BUILD_FILE_MAX_BYTES = 512 * 1024

/**
 * How the parsers' limit problems begin (src/rst/ast.ts, maxElements and maxBlockElements; the
 * Markdown budgets of src/facts/markdown.ts).
 */
const LIMIT_PROBLEM = /^Too much (?:inline markup|block markup|block nesting|Markdown markup):/

/** Check one tree (disk, git revision, index or patched overlay) with a prepared engine. */
export async function checkTree(engine: Engine, given: FileTree): Promise<TreeCheck> {
  const tree = new SizeLimitedTree(given, engine.config.limits.maxFileSize)
  const diagnostics: Finding[] = []
  const files = new Set<string>()
  const graphs: Graph[] = []
  const notes: TreeCheck['notes'] = []
  let documents = 0
  const ignore = engine.config.ignore.map((glob) => compilePattern(glob))
  const {buildGraph, loadProject, readManifests} = await import('./heavy.js')
  for (const srcdir of engine.sources) {
    const project: SphinxProject = await loadProject(tree, srcdir, engine.config)
    pushAll(notes, project.notes ?? [])
    const manifests = await engine.cache.fromTree(
      () => manifestsKey(project, engine.config),
      tree,
      async (recorded) => {
        // Build files are small (28 KB at most in six real projects) and costly to read: bounded
        // on their own, below limits.maxFileSize.
        const limited = new SizeLimitedTree(
          recorded,
          Math.min(BUILD_FILE_MAX_BYTES, engine.config.limits.maxFileSize),
          'build file'
        )
        const set = await readManifests(limited, project, engine.config)
        if (limited.problems.length > 0) set.notes = limited.problems
        return set
      },
      MANIFEST_CODEC
    )
    pushAll(notes, manifests.notes ?? [])
    const graph = await buildGraph({
      tree,
      project,
      config: engine.config,
      cache: engine.cache,
      manifests
    })
    graphs.push(graph)
    documents += graph.documents.size
    for (const document of graph.documents.values()) {
      files.add(document.path)
      for (const problem of document.facts.problems) {
        if (LIMIT_PROBLEM.test(problem.message)) {
          notes.push({path: document.path, message: problem.message})
        }
      }
      if (document.includesCut) notes.push({path: document.path, message: document.includesCut})
    }
    const max = engine.config.limits.maxFindings
    for (const {rule, severity, options} of engine.rules) {
      let kept = 0
      const report = (input: ReportInput): void => {
        if (ignore.some((pattern) => pattern.test(input.file))) return
        if (isSuppressed(graph, rule.meta.id, input.file, input.range.start.line)) return
        // Past the limit a finding costs a count, not an object, its message and its output.
        if (kept++ < max) diagnostics.push(toDiagnostic(rule.meta, severity, input))
      }
      try {
        rule.check({graph, options, report})
      } catch (error) {
        throw new Error(
          `rule ${rule.meta.id} failed: ${error instanceof Error ? error.stack : String(error)}`
        )
      }
      if (kept > max) {
        notes.push({
          path: srcdir === '' ? '.' : srcdir,
          message: `rule ${rule.meta.id} found ${kept} problems, more than limits.maxFindings (${max}); the first ${max} are listed, the rest are not.`
        })
      }
    }
  }
  sortDiagnostics(diagnostics)
  assignKeys(diagnostics)
  pushAll(notes, tree.problems)
  return {diagnostics, documents, files: [...files].sort(), graphs, notes}
}

/** What besides the tree decides the manifests: the project as conf.py gave it, the config. */
function manifestsKey(project: SphinxProject, config: DoclintConfig): string {
  return `manifests\u0000${JSON.stringify({project, config}, (_key, value: unknown) =>
    value instanceof Map
      ? [...(value as Map<unknown, unknown>)]
      : typeof value === 'bigint'
        ? `${value}n`
        : value
  )}`
}

/** What besides the tree decides a whole check: where it runs and what it was asked to check. */
function checkKey(engine: Engine): string {
  return `check\u0000${JSON.stringify({
    root: engine.root,
    cwd: engine.cwd,
    sources: engine.sources,
    rules: engine.rules.map(({rule, severity, options}) => [rule.meta.id, severity, options]),
    config: engine.config
  })}`
}

type StoredCheck = Omit<TreeCheck, 'graphs'>

/** A check's findings to JSON and back; anything not shaped like one is computed again. */
const CHECK_CODEC: RecordCodec<StoredCheck> = {
  encode: (check) => check,
  decode: (data) => {
    if (typeof data !== 'object' || data === null) return undefined
    const {diagnostics, documents, files, notes} = data as Record<string, unknown>
    if (
      !Array.isArray(diagnostics) ||
      !diagnostics.every(isStoredFinding) ||
      typeof documents !== 'number' ||
      !Array.isArray(files) ||
      !files.every((file) => typeof file === 'string') ||
      !Array.isArray(notes) ||
      !notes.every(
        (note: unknown) =>
          typeof note === 'object' &&
          note !== null &&
          typeof (note as {path?: unknown}).path === 'string' &&
          typeof (note as {message?: unknown}).message === 'string'
      )
    ) {
      return undefined
    }
    return data as StoredCheck
  }
}

function isStoredFinding(value: unknown): value is Finding {
  if (typeof value !== 'object' || value === null) return false
  const {ruleId, message, severity, file, range} = value as Record<string, unknown>
  const point = (p: unknown): boolean =>
    typeof p === 'object' &&
    p !== null &&
    typeof (p as Point).line === 'number' &&
    typeof (p as Point).column === 'number' &&
    typeof (p as Point).offset === 'number'
  return (
    typeof ruleId === 'string' &&
    typeof message === 'string' &&
    (severity === 'error' || severity === 'warning' || severity === 'info') &&
    typeof file === 'string' &&
    typeof range === 'object' &&
    range !== null &&
    point((range as Range).start) &&
    point((range as Range).end)
  )
}

/** ManifestSet to JSON and back (`sources` is a Map). */
const MANIFEST_CODEC: RecordCodec<ManifestSet> = {
  encode: (set) => ({...set, sources: set.sources ? [...set.sources] : undefined}),
  decode: (data) => {
    if (typeof data !== 'object' || data === null) return undefined
    const record = data as Record<string, unknown>
    if (!Array.isArray(record.lists)) return undefined
    const {sources, ...rest} = record
    const set = rest as unknown as ManifestSet
    if (Array.isArray(sources)) set.sources = new Map(sources as [string, string][])
    return set
  }
}

function toDiagnostic(meta: RuleMeta, severity: Severity, input: ReportInput): Diagnostic {
  const template = meta.messages[input.messageId] ?? input.messageId
  let message = formatMessage(template, input.data)
  if (input.suggestions?.length && !message.includes('did you mean')) {
    message += `; did you mean \`${input.suggestions[0]}\`?`
  }
  const diagnostic: Diagnostic = {
    ruleId: meta.id,
    messageId: input.messageId,
    message,
    // A rule may say one of its messages is only information (e.g. "could not evaluate").
    severity: meta.messageSeverities?.[input.messageId] ?? severity,
    file: input.file,
    range: input.range
  }
  if (input.target !== undefined) diagnostic.target = input.target
  if (input.resolved !== undefined) diagnostic.resolved = input.resolved
  if (input.related?.length) diagnostic.related = input.related
  if (input.suggestions?.length) diagnostic.suggestions = input.suggestions
  if (input.fix) diagnostic.fix = input.fix
  if (input.identity !== undefined) diagnostic.identity = input.identity
  return diagnostic
}

/** Sort by file, line, column, rule: the order of expected.txt and of every reporter. */
export function sortDiagnostics<T extends Diagnostic>(diagnostics: T[]): T[] {
  return diagnostics.sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.range.start.line - b.range.start.line ||
      a.range.start.column - b.range.start.column ||
      (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
      (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  )
}

/** `doclint PATH...` on the working tree; pass a prepared engine to reuse its facts cache. */
export async function lintTree(options: EngineOptions, prepared?: Engine): Promise<RunResult> {
  const started = performance.now()
  const engine = prepared ?? (await prepareEngine(options))
  const tree = new DiskTree(engine.root, {maxFileSize: engine.config.limits.maxFileSize})
  // With --cache, a run whose every question of the tree gets the answer it got last time (the
  // same listings, the same bytes in every file read) reuses last time's findings outright.
  const result = await engine.cache.fromTree(
    () => checkKey(engine),
    tree,
    async (recorded) => {
      const {graphs: _graphs, ...check} = await checkTree(engine, recorded)
      return check
    },
    CHECK_CODEC,
    {whole: true}
  )
  const skipped = [...tree.problems, ...result.notes, ...(await saveCache(engine, options))]
  return {
    mode: 'tree',
    root: engine.root,
    cwd: engine.cwd,
    diagnostics: result.diagnostics,
    files: result.files,
    documents: result.documents,
    elapsedMs: performance.now() - started,
    rules: engine.rules.map(({rule}) => rule.meta),
    ...(skipped.length > 0 ? {skipped} : {})
  }
}

/**
 * Write the `--cache` file, if one was asked for. A failure is returned as a skipped-file note,
 * not thrown: the findings stand, and a cache that cannot be written only costs the next run.
 */
export async function saveCache(
  engine: Engine,
  options: EngineOptions
): Promise<{path: string; message: string}[]> {
  if (options.cacheFile === undefined) return []
  try {
    await engine.cache.save()
    return []
  } catch (error) {
    const file = toPosix(path.relative(engine.cwd, path.resolve(engine.cwd, options.cacheFile)))
    return [
      {path: file, message: `cannot write the cache: ${describeFsError(error, 'no such folder')}`}
    ]
  }
}
