/** argv → options → run → reporter → exit code. No logic beyond wiring. */
import {existsSync, readFileSync, statSync} from 'node:fs'
import path from 'node:path'
import {parseArgs} from 'node:util'
import {
  CliUsageError,
  HELP_HINT,
  conflictingModes,
  describeParseError,
  typedFlag,
  useColor
} from './cli/usage.js'
import {IgnoreList, absoluteFile, filterFindings, mergeRuns} from './cli/results.js'
import {writeOutput} from './fs/output.js'
import type {Severity} from './diagnostic.js'
import type {RunResult} from './engine/types.js'
import {DoclintError} from './errors.js'
import {defaultCacheFile} from './cache/location.js'
import {PACKAGE_ROOT, VERSION} from './version.js'

/** Nothing at error level (patch modes: nothing introduced). */
export const EXIT_OK = 0
/** Problems found (or --max-warnings exceeded, or a patch did not apply). */
export const EXIT_PROBLEMS = 1
/** The tool could not run: bad usage, unreadable config, crash. */
export const EXIT_USAGE = 2

const HELP = `Usage: doclint [options] [PATH...]
       doclint rules | explain RULE (or --explain RULE)
       doclint graph [PATH] [--format dot|mermaid|json|svg|html] [--output FILE]
                     [--root DOC] [--depth N] [--broken]
       doclint install-hook [--force] | patchwork URL SERIES [--dry-run] [--token-env NAME]
       doclint mv OLD NEW | rm DOC... [--dry-run] | lsp --stdio

Check a Sphinx documentation tree (PATH: the folder with conf.py, or above it; a document
in it to report on that file only; default .) and its build manifests. Patch modes say
which findings each patch introduces.

Output:
  -f, --format NAME        stylish (default), sphinx, json, sarif, github, junit, patchwork,
                           markdown;
                           repeat with --output to write several formats in one run
  -o, --output FILE        write the preceding --format to FILE (atomically)
      --quiet              report errors only
      --max-warnings N     exit 1 when there are more than N warnings
      --color, --no-color  force colours on or off (default: on a terminal; FORCE_COLOR
                           and NO_COLOR are honoured)
Configuration:
  -c, --config FILE        doclint.config.json to use (default: searched upward from PATH)
      --rule ID=SEVERITY   off | info | warn | error; repeatable
      --ignore-pattern P   do not report on files matching P (gitignore syntax, relative
                           to the current folder); repeatable. .doclintignore files too
      --no-ignore          do not use ignore patterns (--ignore-pattern, .doclintignore)
      --no-inline-config   ignore doclint-disable comments in documents
      --report-unused-disable-directives
                           report doclint-disable comments that silence nothing (errors)
      --report-unused-disable-directives-severity off|warn|error
                           the same, at this severity
      --cache              keep parsed facts between runs; unchanged files are not re-parsed
                           (on by default with --staged; --no-cache turns it off)
      --cache-location F   the cache file (default doclint-cache in the git directory, or
                           .doclintcache outside a repository); implies --cache
      --offline            fetch no intersphinx inventory (cached copies and files in the
                           tree only; what the others could answer is reported as info)
Fixes:
      --fix                apply safe fixes (manifest lists)
      --fix-dry-run        print the fixes as a unified diff, write nothing
Patch modes:
      --patch FILE         a patch, mbox series, plain diff or patchwork JSON (- for stdin);
                           repeatable
      --base REV           apply patches to git revision REV instead of the working tree
      --staged             check the index against HEAD (pre-commit)
      --range A..B         check each commit of a range as one patch of a series
      --ignore-whitespace  match patch context ignoring whitespace changes
      --all                also list findings the base already had
patchwork:
      --dry-run            post nothing; print the checks as --format patchwork does
      --token-env NAME     environment variable holding the API token (PATCHWORK_TOKEN)
      --target-url URL     link each check to URL ({series}, {patch}, {index} replaced)
  -h, --help               this text
  -v, --version            the version

Exit status: 0 no errors (patch modes: none introduced), 1 problems found, 2 doclint
could not run (bad usage or configuration).
`

/** The options parseArgs accepts (the help text above describes each). */
const OPTIONS = {
  format: {type: 'string', short: 'f', multiple: true},
  output: {type: 'string', short: 'o', multiple: true},
  quiet: {type: 'boolean'},
  'max-warnings': {type: 'string'},
  'no-color': {type: 'boolean'},
  color: {type: 'boolean'},
  config: {type: 'string', short: 'c'},
  rule: {type: 'string', multiple: true},
  fix: {type: 'boolean'},
  'fix-dry-run': {type: 'boolean'},
  patch: {type: 'string', multiple: true},
  base: {type: 'string'},
  staged: {type: 'boolean'},
  range: {type: 'string'},
  'ignore-whitespace': {type: 'boolean'},
  all: {type: 'boolean'},
  help: {type: 'boolean', short: 'h'},
  version: {type: 'boolean', short: 'v'},
  force: {type: 'boolean'},
  'dry-run': {type: 'boolean'},
  'token-env': {type: 'string'},
  'target-url': {type: 'string'},
  explain: {type: 'string'},
  cache: {type: 'boolean'},
  'no-cache': {type: 'boolean'},
  offline: {type: 'boolean'},
  'cache-location': {type: 'string'},
  'ignore-pattern': {type: 'string', multiple: true},
  'no-ignore': {type: 'boolean'},
  'no-inline-config': {type: 'boolean'},
  'report-unused-disable-directives': {type: 'boolean'},
  'report-unused-disable-directives-severity': {type: 'string'},
  root: {type: 'string'},
  depth: {type: 'string'},
  broken: {type: 'boolean'}
} as const

type Values = ReturnType<
  typeof parseArgs<{options: typeof OPTIONS; allowPositionals: true}>
>['values']

interface CliOptions {
  values: Values
  positionals: string[]
  /** (format, output) pairs in command-line order. */
  outputs: {format: string; output?: string}[]
  /** The arguments as typed (messages name flags as the user wrote them). */
  argv: string[]
}

function parse(argv: string[]): CliOptions {
  let parsed
  try {
    parsed = parseArgs({args: argv, allowPositionals: true, tokens: true, options: OPTIONS})
  } catch (error) {
    throw new CliUsageError(describeParseError(argv, OPTIONS, error))
  }
  const {values, positionals, tokens} = parsed
  // Pair each --output with the --format before it; a format without output goes to stdout.
  const outputs: CliOptions['outputs'] = []
  for (const token of tokens ?? []) {
    if (token.kind !== 'option') continue
    if (token.name === 'format') outputs.push({format: token.value ?? ''})
    if (token.name === 'output') {
      const last = outputs.at(-1)
      if (last && last.output === undefined) last.output = token.value ?? ''
      else outputs.push({format: 'stylish', output: token.value ?? ''})
    }
  }
  if (outputs.length === 0) outputs.push({format: 'stylish'})
  return {values, positionals, outputs, argv}
}

async function parseRuleFlags(flags: string[] = []): Promise<Record<string, Severity | 'off'>> {
  const result: Record<string, Severity | 'off'> = {}
  if (flags.length === 0) return result
  // The same check, and the same words, as a "rules" key in the config file.
  const [{parseRuleFlag}, {rules}] = await Promise.all([
    import('./config/parse.js'),
    import('../rules/index.js')
  ])
  const ids = rules.map((rule) => rule.meta.id)
  for (const flag of flags) {
    const {id, severity} = parseRuleFlag(flag, ids)
    result[id] = severity
  }
  return result
}

/** The formats a run writes to stdout (those without --output): at most one (ESLint). */
function checkOutputs(options: CliOptions): void {
  const toStdout = options.outputs.filter((output) => output.output === undefined)
  if (toStdout.length > 1) {
    throw new CliUsageError(
      `--format ${toStdout.map((o) => o.format).join(' and --format ')} would both write to stdout; give all but one an --output FILE`
    )
  }
  for (const {output} of options.outputs) {
    if (output === '') throw new CliUsageError('--output expects a file name')
  }
}

function colorOf(options: CliOptions): boolean {
  return useColor(
    {color: options.values.color, noColor: options.values['no-color']},
    process.env,
    process.stdout.isTTY === true
  )
}

/** Whether the report on stdout is for people (progress lines and diffs may share the terminal). */
function stdoutIsStylish(options: CliOptions): boolean {
  return options.outputs.every(
    (output) => output.output !== undefined || output.format === 'stylish'
  )
}

async function emit(
  result: RunResult,
  options: CliOptions,
  settings: {series?: string} = {}
): Promise<void> {
  const {isFormat, loadReporter} = await import('./report/index.js')
  const color = colorOf(options)
  for (const {format} of options.outputs) {
    if (!isFormat(format)) throw new CliUsageError(`unknown format "${format}" (--format)`)
  }
  for (const {format, output} of options.outputs) {
    const reporter = await loadReporter(format as Parameters<typeof loadReporter>[0], {
      ...(options.values['target-url'] === undefined
        ? {}
        : {targetUrl: options.values['target-url']}),
      ...settings
    })
    const text = reporter(result, {color: output === undefined ? color : false})
    if (output === undefined) {
      process.stdout.write(text)
    } else {
      await writeOutput(result.cwd, result.root, output, text)
    }
  }
}

function exitCode(result: RunResult, options: CliOptions): number {
  // Patch modes judge only what the patches introduce; a tree run judges everything.
  const judged = result.patches
    ? result.patches.flatMap((patch) => patch.introduced)
    : result.diagnostics
  if (result.patches?.some((patch) => !patch.applied)) return EXIT_PROBLEMS
  if (judged.some((finding) => finding.severity === 'error')) return EXIT_PROBLEMS
  const limit = options.values['max-warnings']
  if (limit !== undefined) {
    const warnings = judged.filter((finding) => finding.severity === 'warning').length
    if (warnings > Number(limit)) return EXIT_PROBLEMS
  }
  return EXIT_OK
}

async function commandRules(): Promise<number> {
  const {rules} = await import('../rules/index.js')
  const width = Math.max(...rules.map((rule) => rule.meta.id.length))
  for (const rule of rules) {
    const flags = `${rule.meta.defaultSeverity}${rule.meta.fixable ? ', fixable' : ''}`
    process.stdout.write(`${rule.meta.id.padEnd(width)}  ${rule.meta.description} (${flags})\n`)
  }
  return EXIT_OK
}

async function commandExplain(id: string | undefined, color: boolean): Promise<number> {
  if (id === undefined || id === '') {
    throw new CliUsageError(
      'explain needs a rule id: doclint explain RULE (`doclint rules` lists them)'
    )
  }
  const {rules} = await import('../rules/index.js')
  const rule = rules.find((candidate) => candidate.meta.id === id)
  if (!rule) {
    const {closest} = await import('fastest-levenshtein')
    const ids = rules.map((candidate) => candidate.meta.id)
    const near = closest(id, ids)
    const {distance} = await import('fastest-levenshtein')
    const hint =
      distance(id, near) <= Math.max(2, Math.floor(near.length / 3))
        ? `; did you mean "${near}"?`
        : '; `doclint rules` lists them'
    throw new CliUsageError(`unknown rule "${id}"${hint}`)
  }
  const doc = path.join(PACKAGE_ROOT, 'rules', `${rule.meta.id}.md`)
  const {renderMarkdown} = await import('./cli/markdown.js')
  // The page has no title of its own (README and docs/rules.md give it): the rule id is one.
  const text = `# ${rule.meta.id}\n\n${readFileSync(doc, 'utf8')}`
  process.stdout.write(renderMarkdown(text, {color}))
  return EXIT_OK
}

/** `--report-unused-disable-directives[-severity]`, as ESLint spells them. */
function unusedDirectives(values: Values): {reportUnusedDisableDirectives?: Severity} {
  const given = values['report-unused-disable-directives-severity']
  if (given === undefined) {
    return values['report-unused-disable-directives'] === true
      ? {reportUnusedDisableDirectives: 'error'}
      : {}
  }
  const level = {off: 'off', warn: 'warning', warning: 'warning', error: 'error'}[given]
  if (level === undefined) {
    throw new CliUsageError(
      `--report-unused-disable-directives-severity expects off, warn or error, got "${given}"`
    )
  }
  return level === 'off' ? {} : {reportUnusedDisableDirectives: level as Severity}
}

/** A PATH as typed and what it names. */
interface TypedPath {
  typed: string
  /** The folder to check (the PATH, or for a file the nearest folder above it with conf.py). */
  folder: string
  /** Set when the PATH is a file: report on it only. */
  file?: string
}

/**
 * Check each PATH before any work, naming it as typed: a missing one is an error, a file stands
 * for its tree (the nearest folder above it with conf.py) and limits the report to itself, as
 * ESLint lints the files it is given.
 */
function resolvePaths(cwd: string, positionals: string[]): TypedPath[] {
  const out: TypedPath[] = []
  for (const typed of positionals.length > 0 ? positionals : ['.']) {
    const full = path.resolve(cwd, typed)
    let stat
    try {
      stat = statSync(full, {throwIfNoEntry: false})
    } catch {
      stat = undefined
    }
    if (stat === undefined) throw new CliUsageError(`no such file or folder: ${typed}`)
    if (stat.isDirectory()) {
      out.push({typed, folder: full})
      continue
    }
    let dir = path.dirname(full)
    for (;;) {
      if (existsSync(path.join(dir, 'conf.py'))) break
      const parent = path.dirname(dir)
      if (parent === dir) {
        throw new CliUsageError(
          `${typed} is not a folder, and no folder above it has a conf.py; give the documentation folder`
        )
      }
      dir = parent
    }
    out.push({typed, folder: dir, file: full})
  }
  return out
}

/** Run the command line; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  // Commands with flags of their own.
  if (argv[0] === 'lsp') {
    const {commandLsp} = await import('./lsp/server.js')
    return await commandLsp(argv.slice(1))
  }
  if (argv[0] === 'mv' || argv[0] === 'rm') {
    const {commandRefactor} = await import('./commands/refactor.js')
    return await commandRefactor(argv[0], argv.slice(1))
  }
  try {
    return await run(argv)
  } catch (error) {
    const name = error instanceof Error ? error.name : ''
    if (name === 'CliUsageError') {
      process.stderr.write(`doclint: ${(error as Error).message}\n${HELP_HINT}\n`)
      return EXIT_USAGE
    }
    if (error instanceof DoclintError) {
      process.stderr.write(`doclint: ${error.message}\n`)
      return error.exitCode
    }
    throw error
  }
}

async function run(argv: string[]): Promise<number> {
  const options = parse(argv)
  const {values, positionals} = options
  if (values.version) {
    process.stdout.write(`${VERSION}\n`)
    return EXIT_OK
  }
  if (values.help) {
    process.stdout.write(HELP)
    return EXIT_OK
  }
  const [command, ...rest] = positionals
  if (command === 'rules') return await commandRules()
  if (command === 'explain') return await commandExplain(rest[0], colorOf(options))
  if (values.explain !== undefined) return await commandExplain(values.explain, colorOf(options))
  const conflict = conflictingModes({
    staged: values.staged === true,
    range: values.range !== undefined,
    patch: (values.patch?.length ?? 0) > 0,
    base: values.base !== undefined,
    fix: values.fix === true,
    'fix-dry-run': values['fix-dry-run'] === true
  })
  if (conflict) {
    const [a, b] = conflict.map((name) => typedFlag(argv, name))
    throw new CliUsageError(`${a} and ${b} cannot be used together`)
  }
  checkOutputs(options)
  if (command === 'graph') {
    const {commandGraph} = await import('./commands/graph.js')
    const depth = values.depth
    if (depth !== undefined && !/^\d+$/.test(depth)) {
      throw new CliUsageError(`--depth expects a whole number, got "${depth}"`)
    }
    return await commandGraph(rest, {
      outputs: options.outputs,
      ...(values.config === undefined ? {} : {config: values.config}),
      ...(values.root === undefined ? {} : {root: values.root}),
      ...(depth === undefined ? {} : {depth: Number(depth)}),
      broken: values.broken === true,
      color: colorOf(options)
    })
  }
  if (command === 'install-hook') {
    const {commandInstallHook} = await import('./commands/install-hook.js')
    return await commandInstallHook({force: values.force === true})
  }
  // The pre-commit check (--staged) caches unless told not to; the file goes in the git dir.
  const cached = values.cache === true || (values.staged === true && values['no-cache'] !== true)
  const cacheFile =
    values['cache-location'] ?? (cached ? defaultCacheFile(process.cwd()) : undefined)
  if (cacheFile === '') throw new CliUsageError('--cache-location expects a file name')
  const inlineConfig = values['no-inline-config'] !== true
  if (command === 'patchwork') {
    const {commandPatchwork} = await import('./commands/patchwork.js')
    return await commandPatchwork(rest, {
      cacheFile,
      dryRun: values['dry-run'] === true,
      tokenEnv: values['token-env'] ?? 'PATCHWORK_TOKEN',
      base: values.base,
      ignoreWhitespace: values['ignore-whitespace'] === true,
      config: values.config,
      inlineConfig,
      ...(values['target-url'] === undefined ? {} : {targetUrl: values['target-url']}),
      formatGiven: values.format !== undefined,
      progress: stdoutIsStylish(options),
      emit: (result, settings) => emit(result, options, settings)
    })
  }
  const maxWarnings = values['max-warnings']
  if (maxWarnings !== undefined && !/^\d+$/.test(maxWarnings)) {
    throw new CliUsageError(`--max-warnings expects a whole number, got "${maxWarnings}"`)
  }
  const ruleOverrides = await parseRuleFlags(values.rule)
  const cwd = process.cwd()
  const patchMode = (values.patch?.length ?? 0) > 0 || values.staged === true || !!values.range
  const paths = patchMode && positionals.length === 0 ? [] : resolvePaths(cwd, positionals)
  const baseOptions = {
    cwd,
    ruleOverrides,
    inlineConfig,
    ...unusedDirectives(values),
    ...(values.offline === true ? {offline: true} : {}),
    ...(cacheFile === undefined ? {} : {cacheFile})
  }
  let result: RunResult
  if (patchMode) {
    const {runPatchMode} = await import('./commands/patch-mode.js')
    const {createProgress} = await import('./progress.js')
    const {findConfigSync} = await import('./config/find.js')
    const first = paths[0]?.folder
    const configPath = values.config ?? (first === undefined ? undefined : findConfigSync(first))
    const progress = createProgress(process.stderr, {
      enabled: stdoutIsStylish(options),
      delayMs: 500
    })
    result = await runPatchMode(
      {
        ...baseOptions,
        paths: paths.map((p) => p.folder),
        // a gate on others' patches (--patch, --range) reports the suppressions a patch adds;
        // a local commit (--staged) suppresses by design
        listSuppressions: inlineConfig && values.staged !== true,
        ...(configPath === undefined ? {} : {configPath})
      },
      {
        onPatch: (done, total, subject) => progress.update(done, total, subject),
        patches: values.patch ?? [],
        base: values.base,
        staged: values.staged === true,
        range: values.range,
        ignoreWhitespace: values['ignore-whitespace'] === true,
        all: values.all === true
      }
    ).finally(() => progress.done())
  } else {
    // Each PATH with the config file found upward from it (ESLint, markdownlint); PATHs that
    // share a config file are checked in one run.
    const {findConfigSync} = await import('./config/find.js')
    const groups = new Map<string, TypedPath[]>()
    for (const p of paths) {
      const config = values.config ?? findConfigSync(p.folder) ?? ''
      groups.set(config, [...(groups.get(config) ?? []), p])
    }
    const {lintTree, prepareEngine} = await import('./engine/run.js')
    const {createProgress} = await import('./progress.js')
    // A big tree: after a second, say what is being checked (stderr, a terminal, people's format).
    const progress = createProgress(process.stderr, {enabled: stdoutIsStylish(options)})
    let checking = ''
    const timer = setTimeout(() => progress.note(`checking ${checking}…`), 1000)
    timer.unref()
    const runs: RunResult[] = []
    try {
      for (const [config, group] of groups) {
        checking = group.map((p) => p.typed).join(' ')
        const engineOptions = {
          ...baseOptions,
          requireSources: true,
          paths: group.map((p) => (p.file === undefined ? p.typed : p.folder)),
          ...(config === '' ? {} : {configPath: config})
        }
        const engine = await prepareEngine(engineOptions)
        let one = await lintTree(engineOptions, engine)
        if (values.fix || values['fix-dry-run']) {
          const {applyTreeFixes} = await import('./commands/fix.js')
          one = await applyTreeFixes(one, engine, {
            dryRun: values['fix-dry-run'] === true,
            // the diff shares stdout only with a report for people
            diffTo: stdoutIsStylish(options) ? process.stdout : process.stderr
          })
        }
        runs.push(one)
      }
    } finally {
      clearTimeout(timer)
      progress.done()
    }
    result = mergeRuns(runs)
    // A file PATH: report on that file only (ESLint lints the files it is given).
    if (paths.every((p) => p.file !== undefined)) {
      const files = new Set(paths.map((p) => p.file))
      filterFindings(result, (finding) => files.has(absoluteFile(result, finding.file)))
    }
  }
  if (values['no-ignore'] !== true) {
    const ignores = new IgnoreList()
    for (const pattern of values['ignore-pattern'] ?? [])
      ignores.add(pattern, cwd, '--ignore-pattern')
    const ignoreFile = path.join(result.root, '.doclintignore')
    if (existsSync(ignoreFile)) {
      for (const line of readFileSync(ignoreFile, 'utf8').split(/\r?\n/)) {
        ignores.add(line, result.root, path.relative(cwd, ignoreFile).split(path.sep).join('/'))
      }
    }
    if (ignores.size > 0) {
      for (const file of result.files) ignores.ignores(absoluteFile(result, file))
      filterFindings(result, (finding) => !ignores.ignores(absoluteFile(result, finding.file)))
      for (const {pattern, source} of ignores.unmatched()) {
        process.stderr.write(
          `doclint: warning: ignore pattern "${pattern}" (${source}) matches no file\n`
        )
      }
    }
  }
  if (values.quiet) filterFindings(result, (finding) => finding.severity === 'error')
  await emit(result, options)
  // Not findings (no rule id), but never silent: a hostile tree must not hide files.
  for (const skipped of result.skipped ?? []) {
    process.stderr.write(`doclint: warning: ${skipped.path}: ${skipped.message}\n`)
  }
  for (const build of result.builds ?? []) {
    if (build.warningsAreErrors) {
      process.stderr.write(
        `doclint: note: ${build.project}: the build runs with -W (${build.because ?? ''}): Sphinx warnings are errors\n`
      )
    }
    for (const note of build.notes ?? []) {
      process.stderr.write(`doclint: note: ${build.project}: ${note}\n`)
    }
  }
  return exitCode(result, options)
}
