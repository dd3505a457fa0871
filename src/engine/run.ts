/**
 * The engine: one question ("given a file tree, what is broken?") asked of any FileTree. Tree mode
 * asks it once of the disk; patch modes ask it of the base and of each patched overlay.
 */
import {closeSync, existsSync, openSync, readSync, statSync, type Stats} from 'node:fs'
import path from 'node:path'
import type {DoclintConfig} from '../config/types.js'
import {loadConfig} from '../config/load.js'
import {isRange, type Diagnostic, type Range, type Severity} from '../diagnostic.js'
import {FactsStore} from '../cache/facts-store.js'
import {reachesShift, shiftedFrom} from '../cache/facts-shift.js'
import {describeFsError} from '../fs/read.js'
import {UsageError} from '../errors.js'
import {isInside} from '../paths.js'
import type {FactsExtractor} from '../graph/context.js'
import type {DocFacts} from '../facts/types.js'
import type {IntersphinxState} from '../intersphinx/types.js'
import {FactsCache, type RecordCodec} from '../graph/facts-cache.js'
import {InventoryCache, defaultCacheDir} from '../intersphinx/cache.js'
import type {Graph} from '../graph/types.js'
import {XREF_SCOPE_KINDS} from '../graph/xref-view.js'
import type {ManifestSet} from '../manifests/types.js'
import {compilePattern} from '../project/patterns.js'
import {findSourceDir} from '../project/find.js'
import {
  buildRootMarker,
  findBuildRoot,
  MESON_HEAD_BYTES,
  type BuildRoot,
  type RootProbe
} from '../project/root.js'
import type {SphinxProject} from '../project/types.js'
import {formatMessage, type ReportInput, type Rule, type RuleMeta} from '../rule.js'
import type {FileTree} from '../tree/types.js'
import {DiskTree} from '../tree/disk.js'
import {SizeLimitedTree} from '../tree/limited.js'
import {ReadsLogTree} from '../tree/reads-log.js'
import {contentDigest, differingQueries, type TreeQuery} from '../cache/recording-tree.js'
import type {TreeRecord} from '../cache/facts-store.js'
import {pushAll} from '../arrays.js'
import {rules as allRules} from '../../rules/index.js'
import {workingTreeRenames} from '../fix/renames.js'
import {assignKeys} from './identity.js'
import {escalateWarnings, toDiagnostic} from './findings.js'
import {
  isStoredXrefs,
  recheckXrefs,
  storedXrefsOf,
  type StoredXrefs,
  withoutScopedFindings,
  xrefsHome,
  type XrefDocument
} from './xref-check.js'
import {Suppressions} from './suppress.js'
import type {FollowedBuild} from '../build/summary.js'
import type {BuildInfo} from '../build/types.js'
import {plainDataCodec} from '../cache/json-codec.js'
import type {BuildSummary, ExtensionSummary, Finding, RunResult} from './types.js'
import {now} from '../progress.js'

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
  /**
   * A PATH with no conf.py and no document is an error (`doclint .` in an empty folder), not a
   * clean tree. Tree runs ask for it; patch modes do not (a patch may add the documents).
   */
  requireSources?: boolean
  /** False (`--no-inline-config`): suppression comments are ignored. */
  inlineConfig?: boolean
  /** `--report-unused-disable-directives`: report suppressions that silence nothing. */
  reportUnusedDisableDirectives?: Severity
  /**
   * List every suppression as a `disable-directive` finding (patch and gate modes: the series
   * diff then keeps the ones a patch adds).
   */
  listSuppressions?: boolean
  /** `--offline`: never fetch an intersphinx inventory (cached copies and tree files only). */
  offline?: boolean
}

/** A prepared engine: configuration read, rules chosen; ready to check any tree. */
export interface Engine {
  config: DoclintConfig
  /** Absolute tree root. */
  root: string
  /**
   * How the root was chosen: given (`--root`, patch modes), marked (`.git`, a doclint config, the
   * top of a build), or a fallback (the first PATH or cwd, nothing marking a root at or above it).
   */
  rootFrom?: 'given' | 'marked' | 'fallback'
  cwd: string
  /** Sphinx source folders to check, relative to the root ('' = the root), as the disk has them. */
  sources: string[]
  /**
   * The folders asked for, relative to the root, with what resolving them needs: each tree checked
   * resolves them again (a patch that adds or moves conf.py moves the source folder with it).
   */
  requested?: {paths: string[]; configDir: string | undefined}
  rules: {rule: Rule; severity: Severity; options: Record<string, unknown>}[]
  cache: FactsCache
  /** How suppression comments are treated (EngineOptions of the same names). */
  suppressions: {inlineConfig: boolean; reportUnused?: Severity; list: boolean}
  /** Fetched intersphinx inventories (`.git/doclint/intersphinx` or the user's cache folder). */
  inventoryCache: InventoryCache
  /** `--offline`. */
  offline: boolean
  /** Facts front ends of non-RST parsers (the Markdown one once a tree needs it), by parser. */
  extractors: Map<string, FactsExtractor>
}

export {UsageError}

const ROOT_MARKERS = ['.git', 'doclint.config.json', 'doclint.config.jsonc']

/** What is at an absolute path, or undefined (missing, unreadable folder on the way). */
function statQuietly(file: string): Stats | undefined {
  try {
    return statSync(file, {throwIfNoEntry: false})
  } catch {
    return undefined
  }
}

/** The disk, for the few questions finding the top of a build asks (absolute paths). */
const DISK_PROBE: RootProbe = {
  exists: (file) => Promise.resolve(statQuietly(file)?.isFile() ?? false),
  isDir: (dir) => Promise.resolve(statQuietly(dir)?.isDirectory() ?? false),
  read: (file) => {
    // Only the head: a meson.build's `project(` comes first. Never a FIFO or a device.
    if (statQuietly(file)?.isFile() !== true) return Promise.resolve(undefined)
    try {
      const fd = openSync(file, 'r')
      try {
        const buffer = new Uint8Array(MESON_HEAD_BYTES)
        return Promise.resolve(buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0)))
      } finally {
        closeSync(fd)
      }
    } catch {
      return Promise.resolve(undefined)
    }
  }
}

/**
 * The tree root for a folder: the nearest ancestor (inclusive) holding `.git` or a doclint config;
 * without one, the nearest ancestor that is the top of a build (`configure.ac` with `Makefile.am`,
 * a meson.build calling `project(`, setup.py or pyproject.toml: project/root.ts), read upward as
 * ESLint reads its configuration, so that `doclint X/Documentation` on an unpacked tarball reads
 * the manifests of X as `doclint X` does; without either, `fallback`. Manifests (Makefile.am,
 * meson.build) live above the Sphinx folder, so the tree must start at the project root, not at
 * `Documentation/`.
 */
export async function findTreeRoot(
  start: string,
  fallback: string
): Promise<{root: string; from: 'marked' | 'fallback'}> {
  let dir = path.resolve(start)
  let build: string | undefined
  for (;;) {
    if (ROOT_MARKERS.some((marker) => existsSync(path.join(dir, marker)))) {
      return {root: dir, from: 'marked'}
    }
    if (build === undefined && (await buildRootMarker(DISK_PROBE, dir)) !== undefined) build = dir
    const parent = path.dirname(dir)
    if (parent === dir) break
    dir = parent
  }
  // A fallback (cwd) that holds the build's top already reads its manifests.
  if (build !== undefined && !isInside(fallback, build)) return {root: build, from: 'marked'}
  return {root: fallback, from: build === fallback ? 'marked' : 'fallback'}
}

/** The deepest folder holding every one of `folders` (absolute). */
function commonFolder(folders: string[]): string {
  let common = folders[0] ?? path.parse(process.cwd()).root
  for (const folder of folders.slice(1)) {
    while (!isInside(common, folder)) common = path.dirname(common)
  }
  return common
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
  for (const [index, p] of paths.entries()) {
    // Named as typed: the user's words, not a rewritten path.
    const typed = options.paths?.[index] ?? '.'
    if (!existsSync(p)) throw new UsageError(`no such file or folder: ${typed}`)
    if (!statSync(p).isDirectory()) {
      throw new UsageError(`${typed} is not a folder; give the documentation folder`)
    }
  }
  const configDir = config.path === undefined ? undefined : path.dirname(config.path)
  let root: string
  let rootFrom: NonNullable<Engine['rootFrom']>
  if (options.root === undefined) {
    // Each PATH's root; several PATHs (two projects side by side) share the folder holding all.
    const found = await Promise.all(paths.map((p) => findTreeRoot(p, isInside(cwd, p) ? cwd : p)))
    const roots = [...new Set(found.map((item) => item.root))]
    const common = commonFolder(roots)
    // Unrelated folders share only the file system's root: the first PATH's root says so below.
    root = path.dirname(common) === common && roots.length > 1 ? (roots[0] as string) : common
    // The root is a top only when a marker chose it (not a folder merely holding several).
    rootFrom = found.some((item) => item.from === 'marked' && item.root === root)
      ? 'marked'
      : 'fallback'
  } else {
    root = path.resolve(options.root)
    rootFrom = 'given'
  }
  const tree = new DiskTree(root)
  const sources: string[] = []
  const requested: string[] = []
  for (const [index, p] of paths.entries()) {
    if (!isInside(root, p)) throw new UsageError(`${p} is outside the tree root ${root}`)
    const relative = toPosix(path.relative(root, p))
    requested.push(relative)
    const found = await resolveSources(tree, relative, config, configDir, root)
    if (found !== undefined) sources.push(...found)
    else if (options.requireSources !== true) sources.push(clean(relative))
    else throw new UsageError(`no conf.py found under ${options.paths?.[index] ?? '.'}`)
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
    rootFrom,
    cwd,
    sources: [...new Set(sources)],
    requested: {paths: requested, configDir},
    rules: enabled,
    suppressions: {
      inlineConfig: options.inlineConfig !== false,
      ...(options.reportUnusedDisableDirectives === undefined
        ? {}
        : {reportUnused: options.reportUnusedDisableDirectives}),
      list: options.listSuppressions === true
    },
    inventoryCache: new InventoryCache(defaultCacheDir(root)),
    extractors: new Map(),
    offline: options.offline === true || config.intersphinx?.offline === true,
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
): Promise<string[] | undefined> {
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
  // No conf.py and no index document: checked with Sphinx's defaults only when there is
  // something to check (an empty folder is a mistake, not a clean tree).
  if (!(await tree.list(base === '' ? undefined : base)).some((file) => DOCUMENT.test(file))) {
    return undefined
  }
  return [base]
}

/**
 * An automake fragment (`automake.mk`, `doc.am`) at the top of a tree nothing marks as a build's
 * top (no `.git`, no configure.ac, no top Makefile.am, no doclint config, no `--root`): its words
 * are relative to a Makefile.am above the folder checked (`doclint Documentation` on a copy of
 * Open vSwitch's documentation alone), so reading it would call every file it lists missing.
 */
async function unrootedFragment(
  engine: Engine,
  tree: FileTree,
  buildRoot: BuildRoot
): Promise<string | undefined> {
  if (engine.rootFrom !== 'fallback' || buildRoot.marker !== undefined || buildRoot.folder !== '')
    return undefined
  if (await tree.exists('Makefile.am')) return undefined
  if (engine.config.manifests !== undefined && engine.config.manifests.length > 0) return undefined
  for (const name of ['automake.mk', 'subdir.am']) if (await tree.exists(name)) return name
  return (await tree.list()).find(
    (file) => !file.includes('/') && file.endsWith('.am') && file !== 'Makefile.am'
  )
}

/** Files a Sphinx tree without conf.py could hold as documents. */
const DOCUMENT = /\.(rst|md|txt)$/

function clean(p: string): string {
  return p === '.' ? '' : p.replace(/(?<!\/)\/+$/, '')
}

/**
 * The config's `ignore` patterns: whether a finding's file is ignored, noting which patterns
 * matched (one that matches no file read is most likely a typo).
 */
function ignoredBy(engine: Engine): {
  ignore: RegExp[]
  ignoreUsed: Set<number>
  ignored: (file: string) => boolean
} {
  // `./b.md` and `b.md` are the same path (patterns are relative to the tree root).
  const ignore = engine.config.ignore.map((glob) => compilePattern(glob.replace(/^(?:\.\/)+/, '')))
  const ignoreUsed = new Set<number>()
  const ignored = (file: string): boolean => {
    const index = ignore.findIndex((pattern) => pattern.test(file))
    if (index >= 0) ignoreUsed.add(index)
    return index >= 0
  }
  return {ignore, ignoreUsed, ignored}
}

/** Everything one check of one tree found, plus what was checked. */
export interface TreeCheck {
  diagnostics: Finding[]
  documents: number
  files: string[]
  graphs: Graph[]
  /** Documents read only in part (a limit was reached): warnings, not findings. */
  notes: {path: string; message: string}[]
  /** The build followed for each project (sphinx-build's flags, read statically). */
  builds: BuildSummary[]
  /** The projects' Sphinx extensions: modelled by doclint, known only by name, unknown. */
  extensions?: ExtensionSummary
  /**
   * Some inventory from the network did not load: a later run may load it, so the findings are
   * never reused.
   */
  remoteInventories?: boolean
  /**
   * The on-disk copies of the inventories that came from the network: the findings hold while
   * each copy is the one used and, unless offline, fresh (`intersphinx_cache_limit`).
   */
  inventories?: StoredInventory[]
  /** The documents that affect findings only through their facts (see factsOnlyOf). */
  factsOnly?: FactsOnly
  /**
   * Each project's name tables, when the check is kept (`--cache`): an edit that changes only
   * cross-references is checked against them (engine/xref-check.ts).
   */
  xrefs?: StoredXrefs[]
}

/** An inventory copy a check used (TreeCheck.inventories); `until` null: it never expires. */
export interface StoredInventory {
  name: string
  fetched: number
  until: number | null
}

/**
 * Documents nothing read but their own facts (no build file reader, no include, no extension
 * model): by tree path, the index of its facts key context in `contexts` and the key its facts
 * are kept under in the cache. Whatever else their bytes say cannot change a finding.
 */
export interface FactsOnly {
  contexts: string[]
  docs: Record<string, [number, string]>
}

/**
 * The largest build file (Makefile.am, automake.mk, meson.build, conf.py for man pages) read for
 * manifests: 512 KiB, 18 times the largest in Open vSwitch, OVN, DPDK and FRR (28 KB). A hostile
 * 8 MB Makefile.am of chained variables took 6.8 s and 730 MB; two files of 1 MB, 1.2 s.
 */
const BUILD_FILE_MAX_BYTES = 512 * 1024

/** Check one tree (disk, git revision, index or patched overlay) with a prepared engine. */
export async function checkTree(
  engine: Engine,
  given: FileTree,
  options: {renames?: Map<string, string>} = {}
): Promise<TreeCheck> {
  const limited = new SizeLimitedTree(given, engine.config.limits.maxFileSize)
  // Everything but the documents' own reads goes through `tree`, which notes what it reads: a
  // document nothing else read affects findings only through its facts (see factsOnlyOf).
  const otherReads = new Set<string>()
  const tree = new ReadsLogTree(limited, otherReads)
  const diagnostics: Finding[] = []
  const files = new Set<string>()
  const graphs: Graph[] = []
  const notes: TreeCheck['notes'] = []
  let documents = 0
  const extensions: ExtensionSummary = {modelled: [], known: [], unknown: []}
  let remoteInventories = false
  const inventories: StoredInventory[] = []
  const {ignore, ignoreUsed, ignored} = ignoredBy(engine)
  const {buildGraph, followBuild, RST_CONTEXT_PREFIX} = await import('./heavy.js')
  // the build file, conf.py and manifest readers: loaded only when a stored value does not hold
  const readers = () => import('./readers.js')
  const factsOnly: FactsOnly = {contexts: [], docs: {}}
  const xrefs: StoredXrefs[] = []
  const builds: BuildSummary[] = []
  for (const srcdir of await sourcesIn(engine, tree)) {
    // Each project's build files are read from its own build folder (several projects under one
    // PATH each have theirs).
    const buildRoot = await findBuildRoot(tree, srcdir, {
      treeRootIsTop: engine.rootFrom !== 'fallback'
    })
    const root = buildRoot.folder
    // How the project's own build runs sphinx-build: -W makes its warnings errors here too.
    // With --cache, what the build files and conf.py say is kept while they are unchanged.
    const found = await engine.cache.fromTree(
      () => `builds\u0000${srcdir}\u0000${root}`,
      tree,
      async (recorded) => (await readers()).findBuilds(recorded, srcdir, root),
      BUILDS_CODEC
    )
    const build = followBuild(found, srcdir, engine.config)
    if (root !== '') build.summary.root = root
    builds.push(build.summary)
    const projectConfig = configForBuild(engine.config, build)
    const project: SphinxProject = await engine.cache.fromTree(
      () => `project\u0000${JSON.stringify({srcdir, config: projectConfig})}`,
      tree,
      async (recorded) => (await readers()).loadProject(recorded, srcdir, projectConfig),
      PROJECT_CODEC
    )
    pushAll(notes, project.notes ?? [])
    const unrooted = await unrootedFragment(engine, tree, buildRoot)
    if (unrooted !== undefined) {
      notes.push({
        path: unrooted,
        message: `manifests not checked: an automake fragment, written relative to a Makefile.am above the folder checked, which is not there (check the project from its top folder)`
      })
    }
    const manifests: ManifestSet =
      unrooted !== undefined
        ? {lists: []}
        : await engine.cache.fromTree(
            () => `${manifestsKey(project, engine.config)}\u0000${root}`,
            tree,
            async (recorded) => {
              // Build files are small (28 KB at most in six real projects) and costly to read: bounded
              // on their own, below limits.maxFileSize.
              const limited = new SizeLimitedTree(
                recorded,
                Math.min(BUILD_FILE_MAX_BYTES, engine.config.limits.maxFileSize),
                'build file'
              )
              const {readManifests} = await readers()
              const set = await readManifests(limited, project, engine.config, {
                reuse: (key, from, compute) => engine.cache.reuse(key, from, compute),
                root
              })
              if (limited.problems.length > 0) set.notes = limited.problems
              return set
            },
            MANIFEST_CODEC
          )
    pushAll(notes, manifests.notes ?? [])
    const graph = await buildGraph({
      tree: limited,
      otherReads,
      project,
      config: engine.config,
      cache: engine.cache,
      manifests,
      inventoryCache: engine.inventoryCache,
      offline: engine.offline,
      extractors: engine.extractors
    })
    if (options.renames && options.renames.size > 0) followRenames(graph, options.renames)
    graphs.push(graph)
    factsOnlyOf(graph, otherReads, limited, engine.cache, factsOnly, RST_CONTEXT_PREFIX)
    documents += graph.documents.size
    if (graph.extensions) {
      for (const kind of ['modelled', 'known', 'unknown'] as const) {
        for (const name of graph.extensions.summary[kind])
          if (!extensions[kind].includes(name)) extensions[kind].push(name)
      }
    }
    for (const item of graph.intersphinx?.loaded ?? []) {
      if (!item.source.includes('://')) continue
      if (item.inventory === undefined || item.copy === undefined) {
        remoteInventories = true
        continue
      }
      const days = graph.intersphinx?.settings.cacheLimitDays ?? 0
      const {name, fetched} = item.copy
      inventories.push({name, fetched, until: days < 0 ? null : fetched + days * 86400})
    }
    for (const document of graph.documents.values()) {
      files.add(document.path)
      for (const problem of document.facts.problems) {
        // The parsers' budgets (src/rst/ast.ts maxElements and maxBlockElements; the Markdown
        // budgets of src/markdown/facts.ts) mark what they cut with kind `limit`.
        if (problem.kind === 'limit') {
          notes.push({path: document.path, message: problem.message})
        }
      }
      if (document.includesCut) notes.push({path: document.path, message: document.includesCut})
    }
    const max = engine.config.limits.maxFindings
    const suppressions = engine.suppressions.inlineConfig ? new Suppressions(graph) : undefined
    const first = diagnostics.length
    for (const {rule, severity, options} of engine.rules) {
      let kept = 0
      const report = (input: ReportInput): void => {
        if (ignored(input.file)) return
        if (
          suppressions?.match(rule.meta.id, input.file, findingLine(input.range), () =>
            formatMessage(rule.meta.messages[input.messageId] ?? input.messageId, input.data)
          )
        ) {
          return
        }
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
    if (build.warningsFail) escalateWarnings(diagnostics, first, engine.rules, build.because)
    // the name tables, for a later check of an edit of cross-references alone (kept with --cache)
    const label = srcdir === '' ? '.' : srcdir
    const tables = engine.cache.knowsStamps ? storedXrefsOf(graph, label, build) : undefined
    if (tables) xrefs.push(tables)
    if (suppressions) {
      pushAll(
        diagnostics,
        suppressionFindings(suppressions, engine.suppressions).filter(
          (finding) => !ignored(finding.file)
        )
      )
    }
    // Output is grouped by project when a run checks several.
    for (let i = first; i < diagnostics.length; i++) {
      const finding = diagnostics[i]
      if (finding) finding.project = label
    }
  }
  // An ignore pattern that matches no file read is most likely a typo: say so.
  if (ignore.length > 0) {
    const read = [...files, ...graphs.flatMap((graph) => [...graph.files.keys()])]
    for (const [index, pattern] of ignore.entries()) {
      if (!ignoreUsed.has(index) && !read.some((file) => pattern.test(file))) {
        const config = engine.config.path
        notes.push({
          path: config === undefined ? 'ignore' : toPosix(path.relative(engine.cwd, config)),
          message: `ignore pattern "${engine.config.ignore[index] ?? ''}" matches no file`
        })
      }
    }
  }
  const merged = mergeIncluded(diagnostics, graphs)
  sortDiagnostics(merged)
  assignKeys(merged)
  pushAll(notes, limited.problems)
  const hasExtensions =
    extensions.modelled.length + extensions.known.length + extensions.unknown.length > 0
  // a document read for something else in another project of the tree is not facts-only there
  for (const path of Object.keys(factsOnly.docs)) {
    if (otherReads.has(path)) delete factsOnly.docs[path]
  }
  return {
    diagnostics: merged,
    documents,
    ...(Object.keys(factsOnly.docs).length > 0 ? {factsOnly} : {}),
    ...(xrefs.length > 0 ? {xrefs} : {}),
    files: [...files].sort(),
    graphs,
    notes,
    builds,
    ...(hasExtensions ? {extensions} : {}),
    ...(remoteInventories ? {remoteInventories} : {}),
    ...(inventories.length > 0 ? {inventories} : {})
  }
}

/**
 * Add a graph's facts-only documents (TreeCheck.factsOnly): whole RST documents (their facts can
 * be made again from their context alone) that nothing else read as bytes or stamp, and that the
 * size limit did not keep unread.
 */
function factsOnlyOf(
  graph: Graph,
  otherReads: ReadonlySet<string>,
  limited: SizeLimitedTree,
  cache: FactsCache,
  into: FactsOnly,
  rstPrefix: string
): void {
  const inputs = graph.factsInputs
  if (!inputs) return
  const refused = new Set(limited.problems.map((problem) => problem.path))
  for (const [path, context] of inputs.documents) {
    if (!context.startsWith(rstPrefix)) continue
    if (otherReads.has(path) || inputs.rawTexts.has(path) || refused.has(path)) continue
    const facts = graph.files.get(path)
    // the key the persistent cache keeps these facts under (no cache: nothing to compare later)
    const key = facts === undefined ? undefined : cache.keyOf(facts)
    if (key === undefined) continue
    let index = into.contexts.indexOf(context)
    if (index < 0) index = into.contexts.push(context) - 1
    into.docs[path] = [index, key]
  }
}

/**
 * A finding inside an included file is found once per document that includes it: when it is
 * found more than once, keep one, with "included from here" related locations naming each
 * include directive that brings the file in.
 */
function mergeIncluded(diagnostics: Finding[], graphs: Graph[]): Finding[] {
  const includers = new Map<string, {file: string; range: Range; docPath: string}[]>()
  for (const graph of graphs) {
    for (const document of graph.documents.values()) {
      for (const include of document.includes) {
        if (include.treePath === undefined || include.include.directive !== 'include') continue
        const list = includers.get(include.treePath) ?? []
        if (
          !list.some(
            (known) =>
              known.file === include.file && known.range.start.offset === include.range.start.offset
          )
        ) {
          list.push({file: include.file, range: include.range, docPath: document.path})
        }
        includers.set(include.treePath, list)
      }
    }
  }
  if (includers.size === 0) return diagnostics
  const seen = new Map<string, Finding>()
  const out: Finding[] = []
  for (const finding of diagnostics) {
    const from = includers.get(finding.file)
    if (from === undefined) {
      out.push(finding)
      continue
    }
    const key = [
      finding.ruleId,
      finding.file,
      finding.range.start.offset,
      finding.range.end.offset,
      finding.message
    ].join('\u0000')
    const first = seen.get(key)
    if (first === undefined) {
      seen.set(key, finding)
      out.push(finding)
      continue
    }
    // Found again through another includer: one finding, naming every include of the file.
    if (first.related?.some((r) => r.message.startsWith('included from here')) === true) continue
    first.related = [...(first.related ?? [])]
    // a file included a thousand times is named a few times, not a thousand
    for (const place of from.slice(0, MAX_INCLUDED_FROM)) {
      first.related.push({
        file: place.file,
        range: place.range,
        message:
          place.file === place.docPath
            ? 'included from here'
            : `included from here (in document \`${place.docPath}\`)`
      })
    }
  }
  return out
}

/** Most "included from here" places listed for one finding. */
const MAX_INCLUDED_FROM = 10

/** A finding's line for suppressions: Infinity for a whole-file finding (orphan at 1:1). */
function findingLine(range: Range): number {
  const {start, end} = range
  return start.line === 1 && start.column === 1 && end.offset === start.offset
    ? Infinity
    : start.line
}

/** The range of a suppression comment's first line. */
function directiveRange(line: number): Range {
  // Offsets are not known here; the line is what reporters print and identity ignores.
  return {start: {line, column: 1, offset: 0}, end: {line, column: 1, offset: 0}}
}

/**
 * Findings about suppressions: unused ones (`--report-unused-disable-directives`), and every one
 * with what it hides (patch and gate modes, where the series diff keeps those a patch adds).
 */
function suppressionFindings(
  suppressions: Suppressions,
  settings: Engine['suppressions']
): Finding[] {
  const out: Finding[] = []
  if (settings.reportUnused !== undefined) {
    for (const {file, suppression} of suppressions.unused()) {
      const kind = suppression.text.split(' ')[0] ?? suppression.text
      const from =
        suppression.rules.length > 0
          ? ` (no problems were reported from ${suppression.rules.map((id) => `\`${id}\``).join(', ')})`
          : ''
      out.push({
        ruleId: 'unused-disable-directive',
        messageId: 'unused',
        message:
          suppression.kind === 'enable'
            ? `Unused \`${kind}\` directive (nothing it names was disabled)`
            : `Unused \`${kind}\` directive${from}`,
        severity: settings.reportUnused,
        file,
        range: directiveRange(suppression.line),
        target: suppression.text
      })
    }
  }
  if (settings.list) {
    for (const {file, suppression, hidden} of suppressions.all()) {
      if (suppression.kind === 'enable') continue
      const what =
        hidden.length === 0
          ? 'hides no problem'
          : `hides ${hidden.length === 1 ? '1 problem' : `${hidden.length} problems`}: ${hidden
              .slice(0, 3)
              .map((h) => `${h.message} (${h.ruleId})`)
              .join('; ')}${hidden.length > 3 ? '; …' : ''}`
      out.push({
        ruleId: 'disable-directive',
        messageId: 'suppression',
        message: `Suppression \`${suppression.text}\` ${what}`,
        severity: 'warning',
        file,
        range: directiveRange(suppression.line),
        target: suppression.text
      })
    }
  }
  return out
}

/** A renamed document is the first suggestion for its old name (see Graph.renames). */
function followRenames(graph: Graph, paths: Map<string, string>): void {
  const docnames = new Map<string, string>()
  const docnameOf = (file: string): string | undefined => {
    const srcdir = graph.project.srcdir
    const relative =
      srcdir === ''
        ? file
        : file.startsWith(`${srcdir}/`)
          ? file.slice(srcdir.length + 1)
          : undefined
    if (relative === undefined) return undefined
    const suffix = graph.project.sourceSuffix.find(([known]) => relative.endsWith(known))?.[0]
    return suffix === undefined ? undefined : relative.slice(0, -suffix.length)
  }
  for (const [from, to] of paths) {
    const before = docnameOf(from)
    const after = docnameOf(to)
    if (before !== undefined && after !== undefined && graph.documents.has(after)) {
      docnames.set(before, after)
    }
  }
  graph.renames = {paths, docnames}
  if (docnames.size === 0) return
  const closest = graph.closestDocuments
  graph.closestDocuments = (name) => {
    const renamed = docnames.get(name)
    if (renamed === undefined) return closest(name)
    return [renamed, ...closest(name).filter((other) => other !== renamed)]
  }
}

/** The configuration with what the build's own command line sets (`-t`, `-D root_doc`). */
function configForBuild(config: DoclintConfig, build: FollowedBuild): DoclintConfig {
  const tags = config.sphinx.tags === undefined ? build.tags : undefined
  const rootDoc = config.sphinx.rootDoc === undefined ? build.rootDoc : undefined
  if (tags === undefined && rootDoc === undefined) return config
  return {
    ...config,
    sphinx: {
      ...config.sphinx,
      ...(tags === undefined ? {} : {tags}),
      ...(rootDoc === undefined ? {} : {rootDoc})
    }
  }
}

/**
 * The Sphinx source folders of `tree`: the requested folders resolved in that tree, as tree mode
 * resolves them on the disk (a patch that adds, drops or moves conf.py changes them); the engine's
 * own when it was built without requested folders.
 */
export async function sourcesIn(engine: Engine, tree: FileTree): Promise<string[]> {
  if (engine.requested === undefined) return engine.sources
  const sources: string[] = []
  for (const relative of engine.requested.paths) {
    const found = await resolveSources(
      tree,
      relative,
      engine.config,
      engine.requested.configDir,
      engine.root
    )
    pushAll(sources, found ?? [clean(relative)])
  }
  return [...new Set(sources)]
}

/** What the build files say (findBuilds), stored as plain data. */
const BUILDS_CODEC = plainDataCodec<BuildInfo>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as Partial<BuildInfo>).builds)
)

/** A project as conf.py gives it (loadProject), stored as plain data. */
const PROJECT_CODEC = plainDataCodec<SphinxProject>((value) => {
  if (typeof value !== 'object' || value === null) return false
  const project = value as Partial<SphinxProject>
  return (
    typeof project.srcdir === 'string' &&
    typeof project.rootDoc === 'string' &&
    Array.isArray(project.sourceSuffix) &&
    project.conf instanceof Map &&
    project.confLines instanceof Map &&
    Array.isArray(project.unresolved)
  )
})

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
    rootFrom: engine.rootFrom,
    cwd: engine.cwd,
    sources: engine.sources,
    rules: engine.rules.map(({rule, severity, options}) => [rule.meta.id, severity, options]),
    suppressions: engine.suppressions,
    config: engine.config
  })}`
}

type StoredCheck = Omit<TreeCheck, 'graphs'>

/** A check's findings to JSON and back; anything not shaped like one is computed again. */
const CHECK_CODEC: RecordCodec<StoredCheck> = {
  encode: (check) => check,
  decode: (data) => {
    if (typeof data !== 'object' || data === null) return undefined
    const {diagnostics, documents, files, notes, remoteInventories} = data as Record<
      string,
      unknown
    >
    // Inventories fetched over the network may have changed (or loaded now): check again.
    if (remoteInventories === true) return undefined
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
    const check = data as StoredCheck
    if (check.inventories !== undefined && !isStoredInventories(check.inventories)) return undefined
    // facts-only documents or name tables in a shape not their own are not trusted: only the
    // findings are kept
    if (
      (check.factsOnly !== undefined && !isFactsOnly(check.factsOnly)) ||
      (check.xrefs !== undefined && !isStoredXrefs(check.xrefs))
    ) {
      const {factsOnly: _dropped, xrefs: _tables, ...findings} = check
      return findings
    }
    return check
  }
}

function isStoredInventories(value: unknown): value is StoredInventory[] {
  return (
    Array.isArray(value) &&
    value.every((item: unknown) => {
      if (typeof item !== 'object' || item === null) return false
      const {name, fetched, until} = item as Record<string, unknown>
      return (
        typeof name === 'string' &&
        typeof fetched === 'number' &&
        (until === null || typeof until === 'number')
      )
    })
  )
}

/**
 * CHECK_CODEC, and a check made from inventories from the network holds only while each copy it
 * used is still the one on disk and, unless offline, fresh: the run would load that copy again.
 */
function checkCodec(engine: Engine): RecordCodec<StoredCheck> {
  return {
    encode: CHECK_CODEC.encode,
    decode: (data) => {
      const check = CHECK_CODEC.decode(data)
      if (check?.inventories === undefined) return check
      const now = Math.floor(Date.now() / 1000)
      const held = check.inventories.every(
        (copy) =>
          (engine.offline || copy.until === null || copy.until >= now) &&
          engine.inventoryCache.fetchedAt(copy.name) === copy.fetched
      )
      return held ? check : undefined
    }
  }
}

function isFactsOnly(value: unknown): value is FactsOnly {
  if (typeof value !== 'object' || value === null) return false
  const {contexts, docs} = value as Record<string, unknown>
  if (!Array.isArray(contexts) || !contexts.every((context) => typeof context === 'string'))
    return false
  if (typeof docs !== 'object' || docs === null || Array.isArray(docs)) return false
  return Object.values(docs).every(
    (entry: unknown) =>
      Array.isArray(entry) &&
      entry.length === 2 &&
      Number.isInteger(entry[0]) &&
      (entry[0] as number) >= 0 &&
      (entry[0] as number) < contexts.length &&
      typeof entry[1] === 'string'
  )
}

function isStoredFinding(value: unknown): value is Finding {
  if (typeof value !== 'object' || value === null) return false
  const {ruleId, message, severity, file, range} = value as Record<string, unknown>
  return (
    typeof ruleId === 'string' &&
    typeof message === 'string' &&
    (severity === 'error' || severity === 'warning' || severity === 'info') &&
    typeof file === 'string' &&
    isRange(range)
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
  const started = now()
  const engine = prepared ?? (await prepareEngine(options))
  const tree = new DiskTree(engine.root, {maxFileSize: engine.config.limits.maxFileSize})
  // With --cache, a run whose every question of the tree gets the answer it got last time (the
  // same listings, the same bytes in every file read) reuses last time's findings outright.
  // Renames staged or made in the work tree (`git mv`): suggestions and fixes follow them.
  const renames = await workingTreeRenames(engine.root)
  const result = await engine.cache.fromTree(
    () => `${checkKey(engine)}\u0000${JSON.stringify([...renames])}`,
    tree,
    async (recorded) => {
      const {graphs: _graphs, ...check} = await checkTree(engine, recorded, {renames})
      return check
    },
    checkCodec(engine),
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
    elapsedMs: now() - started,
    rules: engine.rules.map(({rule}) => rule.meta),
    ...(skipped.length > 0 ? {skipped} : {}),
    ...(result.builds?.length ? {builds: result.builds} : {}),
    ...(result.extensions ? {extensions: result.extensions} : {})
  }
}

/**
 * `checkTree` without its graphs, reused from the `--cache` store when the tree answers every
 * question the stored check asked as it did (a git tree stamps each file by its blob id, so an
 * unchanged commit is not even read). Patch modes check the base and each patched tree: the
 * base of `--staged`, HEAD, rarely changes between runs. `role` keeps the records of the trees of
 * one run apart (the base's and the patched tree's), unless `slots` lets one role keep several
 * (--staged: after a commit, HEAD is the tree the last run checked as staged).
 */
export async function checkTreeCached(
  engine: Engine,
  tree: FileTree,
  role: string,
  options: {renames?: Map<string, string>; slots?: number; identity?: string} = {}
): Promise<StoredCheck> {
  const renames = options.renames ?? new Map<string, string>()
  return engine.cache.fromTree(
    () => `${checkKey(engine)}\u0000${role}\u0000${JSON.stringify([...renames])}`,
    tree,
    async (recorded) => {
      const {graphs: _graphs, ...check} = await checkTree(
        engine,
        recorded,
        options.renames ? {renames: options.renames} : {}
      )
      return check
    },
    checkCodec(engine),
    options.slots === undefined
      ? {}
      : {
          slots: options.slots,
          near: (records) => nearCheck(engine, tree, records),
          ...(options.identity === undefined ? {} : {identity: options.identity})
        }
  )
}

/** Most changed documents a stored check is carried over to (more: the tree is checked). */
const MAX_NEAR_DOCUMENTS = 16

/**
 * A stored check that holds for `tree` although its record does not answer it: the only files
 * that differ are facts-only documents (TreeCheck.factsOnly) whose facts are the same as before
 * (an edit of their prose: a typo fixed, a sentence added). Findings are a function of facts and
 * of what else was read, so they are the same. The record is rewritten to ask for the new bytes
 * of those documents, so it answers this tree (and the next HEAD after a commit of it).
 */
async function nearCheck(
  engine: Engine,
  tree: FileTree,
  records: readonly TreeRecord[]
): Promise<{record: TreeRecord; value: StoredCheck} | undefined> {
  for (const record of records) {
    const check = checkCodec(engine).decode(record.value)
    const factsOnly = check?.factsOnly
    if (check === undefined || factsOnly === undefined) continue
    const differing = await differingQueries(
      tree,
      record.queries,
      MAX_NEAR_DOCUMENTS,
      (path) => factsOnly.docs[path] !== undefined
    )
    if (differing === undefined || differing.length === 0) continue
    const same = await sameFacts(engine, tree, {...check, factsOnly}, differing)
    if (same === undefined) continue
    // documents whose cross-references changed: their findings of scope xrefs are made again
    let rechecked: {diagnostics: Diagnostic[]; xrefs: StoredXrefs[]} | undefined
    if (same.xrefDocuments.length > 0) {
      const stored = check.xrefs
      if (stored === undefined) continue
      const recheck = (inventories?: ReadonlyMap<number, IntersphinxState>) =>
        recheckXrefs(
          {
            rules: engine.rules,
            ignored: ignoredBy(engine).ignored,
            maxFindings: engine.config.limits.maxFindings
          },
          check.diagnostics,
          stored,
          same.xrefDocuments,
          inventories
        )
      let result = recheck()
      // a reference to look up in intersphinx inventories: the check's own copies are loaded
      if (result === 'inventories') {
        const inventories = await inventoriesOf(engine, tree, check)
        result = inventories === undefined ? undefined : recheck(inventories)
      }
      if (result === undefined || result === 'inventories') continue
      rechecked = result
    }
    const replaced = same.questions
    const queries: TreeQuery[] = []
    const written = new Set<string>()
    for (const query of record.queries) {
      const renewed = query.path === null ? undefined : replaced.get(query.path)
      if (renewed === undefined || (query.op !== 'read' && query.op !== 'stamp')) {
        queries.push(query)
      } else if (!written.has(renewed.path)) {
        written.add(renewed.path)
        queries.push(renewed)
      }
    }
    // the stored facts, stamps and records this check was made from are wanted again later
    engine.cache.retainStored()
    // a document whose facts moved is compared with its new facts from now on
    const docs = {...factsOnly.docs}
    let moved = false
    for (const [path, key] of same.factsKeys) {
      const entry = docs[path]
      if (entry !== undefined && entry[1] !== key) {
        docs[path] = [entry[0], key]
        moved = true
      }
    }
    let value: StoredCheck = moved ? {...check, factsOnly: {...factsOnly, docs}} : check
    if (rechecked !== undefined) {
      const diagnostics: Finding[] = rechecked.diagnostics
      assignKeys(sortDiagnostics(diagnostics))
      value = {...value, diagnostics, xrefs: rechecked.xrefs}
      moved = true
    }
    return {
      record: {queries, value: moved ? CHECK_CODEC.encode(value) : record.value},
      value
    }
  }
  return undefined
}

/**
 * The intersphinx inventories of each project of `check` that has them, loaded again as the check
 * loaded them: undefined unless every inventory from the network loads from the very copy the
 * check used (TreeCheck.inventories; a copy that changed since would change other findings too).
 */
async function inventoriesOf(
  engine: Engine,
  tree: FileTree,
  check: StoredCheck
): Promise<Map<number, IntersphinxState> | undefined> {
  const {loadInventories} = await import('../intersphinx/load.js')
  const copies = new Set((check.inventories ?? []).map((copy) => `${copy.name} ${copy.fetched}`))
  const states = new Map<number, IntersphinxState>()
  for (const [index, entry] of (check.xrefs ?? []).entries()) {
    const settings = entry.tables.intersphinx
    if (settings === undefined) continue
    // from the copies on disk only: the check used those (checkCodec), and nothing is fetched
    const state = await loadInventories(settings, {
      tree: new SizeLimitedTree(tree, engine.config.limits.maxFileSize),
      srcdir: entry.srcdir,
      offline: true,
      cache: engine.inventoryCache
    })
    for (const item of state.loaded) {
      if (!item.source.includes('://')) continue
      const copy = item.copy
      if (copy === undefined || !copies.has(`${copy.name} ${copy.fetched}`)) return undefined
    }
    states.set(index, state)
  }
  return states
}

/**
 * For each differing file question: the file must be a facts-only document that is still a file
 * within the size limit, and its facts now must be those the check saw, or those facts with the
 * positions from some point on moved (prose added or removed before them) where the check found
 * nothing from that point on (facts-shift.ts). Returns the question to ask of each instead (its
 * new bytes), and the key of the facts of each whose facts moved; undefined when any is not so.
 */
async function sameFacts(
  engine: Engine,
  tree: FileTree,
  check: StoredCheck & {factsOnly: FactsOnly},
  differing: readonly TreeQuery[]
): Promise<
  | {
      questions: Map<string, TreeQuery & {path: string}>
      factsKeys: Map<string, string>
      xrefDocuments: XrefDocument[]
    }
  | undefined
> {
  const {rstFactsOfContext, decodeText} = await import('./near.js')
  const factsOnly = check.factsOnly
  const replaced = new Map<string, TreeQuery & {path: string}>()
  const factsKeys = new Map<string, string>()
  const xrefDocuments: XrefDocument[] = []
  for (const query of differing) {
    const path = query.path
    if (path === null || replaced.has(path)) continue
    const entry = factsOnly.docs[path]
    const context = entry === undefined ? undefined : factsOnly.contexts[entry[0]]
    if (entry === undefined || context === undefined) return undefined
    // the facts the check saw, still in the cache, or nothing to compare with (and no parse)
    const before = engine.cache.byKey(entry[1])
    if (before === undefined) return undefined
    // stamped before it is read: a change while reading shows in the next stamp
    const stamp = tree.stamp?.(path)
    const bytes = await tree.read(path)
    if (bytes === undefined || bytes.length > engine.config.limits.maxFileSize) return undefined
    const facts = rstFactsOfContext(context, decodeText(bytes), engine.cache)
    if (facts === undefined) return undefined
    if (facts !== before && JSON.stringify(facts) !== JSON.stringify(before)) {
      const start = shiftedFrom(before, facts)
      if (start === undefined || reachesShift(check, path, start)) {
        // its cross-references alone changed: they are checked again (xref-check.ts)
        const changed = xrefsOnlyChanged(engine, check, path, before, facts)
        if (changed === undefined) return undefined
        xrefDocuments.push(changed)
      }
      const key = engine.cache.keyOf(facts)
      if (key === undefined) return undefined
      factsKeys.set(path, key)
    }
    const answer = contentDigest(bytes)
    replaced.set(
      path,
      stamp === undefined ? {op: 'read', path, answer} : {op: 'read', path, answer, stamp}
    )
  }
  return {questions: replaced, factsKeys, xrefDocuments}
}

/**
 * The document at `path` as xref-check.ts checks it again, when its facts differ from `before`
 * in the cross-references only rules of scope `xrefs` read (XREF_SCOPE_KINDS) alone, the rest
 * equal or moved from one point on with nothing the check found there besides findings of scope
 * `xrefs` in the document; undefined otherwise, or when the check kept no tables for it or the
 * document has suppression comments (whether they silence anything depends on the findings).
 */
function xrefsOnlyChanged(
  engine: Engine,
  check: StoredCheck,
  path: string,
  before: DocFacts,
  facts: DocFacts
): XrefDocument | undefined {
  if (!xrefsHome(check.xrefs, path) || facts.suppressions.length > 0) return undefined
  // every fact but the references those rules alone read (a download is not one of them)
  const rest = (of: DocFacts): DocFacts => ({
    ...of,
    xrefs: of.xrefs.filter((xref) => !XREF_SCOPE_KINDS.has(xref.kind))
  })
  if (JSON.stringify(rest(before)) === JSON.stringify(rest(facts))) return {path, facts}
  const start = shiftedFrom(rest(before), rest(facts))
  if (start === undefined) return undefined
  const others = withoutScopedFindings(check.diagnostics, engine.rules, new Set([path]))
  if (reachesShift({diagnostics: others, notes: check.notes}, path, start)) return undefined
  return {path, facts, start}
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
