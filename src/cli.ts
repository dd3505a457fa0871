/** argv → options → run → reporter → exit code. No logic beyond wiring. */
import {lstatSync, readFileSync} from 'node:fs'
import path from 'node:path'
import {parseArgs} from 'node:util'
import type {Severity} from './diagnostic.js'
import type {RunResult} from './engine/types.js'
import {PACKAGE_ROOT, VERSION} from './version.js'

/** `--cache` without `--cache-location` (kept here: importing the store costs a module load). */
const DEFAULT_CACHE_FILE = '.doclintcache'

/** Nothing at error level (patch modes: nothing introduced). */
export const EXIT_OK = 0
/** Problems found (or --max-warnings exceeded, or a patch did not apply). */
export const EXIT_PROBLEMS = 1
/** The tool could not run: bad usage, unreadable config, crash. */
export const EXIT_USAGE = 2

const HELP = `Usage: doclint [options] [PATH...]
       doclint rules | explain RULE (or --explain RULE) | graph [PATH] [--format dot|mermaid|json]
       doclint install-hook [--force] | patchwork URL SERIES [--dry-run] [--token-env NAME]

Check a Sphinx documentation tree (PATH: the folder with conf.py, or above it; default .)
and its build manifests. Patch modes say which findings each patch introduces.

Output:
  -f, --format NAME        stylish (default), json, sarif, github, junit, patchwork;
                           repeat with --output to write several formats in one run
  -o, --output FILE        write the preceding --format to FILE (atomically)
      --quiet              report errors only
      --max-warnings N     exit 1 when there are more than N warnings
      --no-color           no colours in stylish output
Configuration:
  -c, --config FILE        doclint.config.json to use (default: searched upward)
      --rule ID=SEVERITY   off | info | warn | error; repeatable
      --cache              keep parsed facts between runs; unchanged files are not re-parsed
      --cache-location F   the cache file (default .doclintcache in the current folder);
                           implies --cache
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
  -h, --help               this text
  -v, --version            the version
`

interface CliOptions {
  values: {
    format?: string[]
    output?: string[]
    quiet?: boolean
    'max-warnings'?: string
    'no-color'?: boolean
    color?: boolean
    config?: string
    rule?: string[]
    fix?: boolean
    'fix-dry-run'?: boolean
    patch?: string[]
    base?: string
    staged?: boolean
    range?: string
    'ignore-whitespace'?: boolean
    all?: boolean
    help?: boolean
    version?: boolean
    force?: boolean
    'dry-run'?: boolean
    'token-env'?: string
    explain?: string
    cache?: boolean
    'cache-location'?: string
  }
  positionals: string[]
  /** (format, output) pairs in command-line order. */
  outputs: {format: string; output?: string}[]
}

function parse(argv: string[]): CliOptions {
  const {values, positionals, tokens} = parseArgs({
    args: argv,
    allowPositionals: true,
    tokens: true,
    options: {
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
      explain: {type: 'string'},
      cache: {type: 'boolean'},
      'cache-location': {type: 'string'}
    }
  })
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
  return {values, positionals, outputs}
}

function parseRuleFlags(flags: string[] = []): Record<string, Severity | 'off'> {
  const result: Record<string, Severity | 'off'> = {}
  for (const flag of flags) {
    const match = /^([a-z0-9-]+)=(off|info|warn|warning|error)$/.exec(flag)
    if (!match) throw new CliUsageError(`--rule expects ID=off|info|warn|error, got "${flag}"`)
    const level = match[2]
    result[match[1] as string] =
      level === 'warn' || level === 'warning' ? 'warning' : (level as Severity | 'off')
  }
  return result
}

class CliUsageError extends Error {
  override name = 'CliUsageError'
}

async function emit(result: RunResult, options: CliOptions): Promise<void> {
  const {isFormat, loadReporter} = await import('./report/index.js')
  const color =
    !options.values['no-color'] &&
    (options.values.color === true || (process.stdout.isTTY === true && !process.env.NO_COLOR))
  for (const {format, output} of options.outputs) {
    if (!isFormat(format)) throw new CliUsageError(`Unknown format "${format}"`)
    const reporter = await loadReporter(format)
    const text = reporter(result, {color: output === undefined ? color : false})
    if (output === undefined) {
      process.stdout.write(text)
    } else {
      const {writeFileAtomic} = await import('./fs/atomic.js')
      const target = path.resolve(result.cwd, output)
      // A plain path anywhere is the user's choice; a symlink (planted in a hostile tree) is
      // followed only when it stays inside the tree.
      // (a file where a folder should be: writeFileAtomic says so)
      const link = isLink(target)
      await writeFileAtomic(target, text, {makeDir: true, ...(link ? {within: result.root} : {})})
    }
  }
}

function isLink(file: string): boolean {
  try {
    return lstatSync(file, {throwIfNoEntry: false})?.isSymbolicLink() === true
  } catch {
    return false
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

async function commandExplain(id: string | undefined): Promise<number> {
  const {rules} = await import('../rules/index.js')
  const rule = rules.find((candidate) => candidate.meta.id === id)
  if (!rule) {
    process.stderr.write(`doclint: unknown rule "${id ?? ''}"; \`doclint rules\` lists them\n`)
    return EXIT_USAGE
  }
  const doc = path.join(PACKAGE_ROOT, 'rules', `${rule.meta.id}.md`)
  process.stdout.write(readFileSync(doc, 'utf8'))
  return EXIT_OK
}

/** Run the command line; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  let options: CliOptions
  try {
    options = parse(argv)
  } catch (error) {
    process.stderr.write(
      `doclint: ${error instanceof Error ? error.message : String(error)}\n${HELP}`
    )
    return EXIT_USAGE
  }
  const {values, positionals} = options
  if (values.version) {
    process.stdout.write(`${VERSION}\n`)
    return EXIT_OK
  }
  if (values.help) {
    process.stdout.write(HELP)
    return EXIT_OK
  }
  try {
    const [command, ...rest] = positionals
    if (command === 'rules') return await commandRules()
    if (command === 'explain') return await commandExplain(rest[0])
    if (values.explain !== undefined) return await commandExplain(values.explain)
    if (command === 'graph') {
      const {commandGraph} = await import('./commands/graph.js')
      return await commandGraph(rest, options.outputs[0]?.format ?? 'dot')
    }
    if (command === 'install-hook') {
      const {commandInstallHook} = await import('./commands/install-hook.js')
      return await commandInstallHook({force: values.force === true})
    }
    const cacheFile =
      values['cache-location'] ?? (values.cache === true ? DEFAULT_CACHE_FILE : undefined)
    if (cacheFile === '') throw new CliUsageError('--cache-location expects a file name')
    if (command === 'patchwork') {
      const {commandPatchwork} = await import('./commands/patchwork.js')
      return await commandPatchwork(rest, {
        cacheFile,
        dryRun: values['dry-run'] === true,
        tokenEnv: values['token-env'] ?? 'PATCHWORK_TOKEN',
        base: values.base,
        ignoreWhitespace: values['ignore-whitespace'] === true,
        config: values.config,
        emit: (result) => emit(result, options)
      })
    }
    const maxWarnings = values['max-warnings']
    if (maxWarnings !== undefined && !/^\d+$/.test(maxWarnings)) {
      throw new CliUsageError(`--max-warnings expects a whole number, got "${maxWarnings}"`)
    }
    const ruleOverrides = parseRuleFlags(values.rule)
    const engineOptions = {
      cwd: process.cwd(),
      paths: positionals,
      ruleOverrides,
      ...(values.config === undefined ? {} : {configPath: values.config}),
      ...(cacheFile === undefined ? {} : {cacheFile})
    }
    let result: RunResult
    if (values.patch?.length || values.staged || values.range) {
      const {runPatchMode} = await import('./commands/patch-mode.js')
      const {createProgress} = await import('./progress.js')
      const progress = createProgress(process.stderr)
      result = await runPatchMode(engineOptions, {
        onPatch: (done, total, subject) => progress.update(done, total, subject),
        patches: values.patch ?? [],
        base: values.base,
        staged: values.staged === true,
        range: values.range,
        ignoreWhitespace: values['ignore-whitespace'] === true,
        all: values.all === true
      }).finally(() => progress.done())
    } else {
      const {lintTree, prepareEngine} = await import('./engine/run.js')
      const engine = await prepareEngine(engineOptions)
      result = await lintTree(engineOptions, engine)
      if (values.fix || values['fix-dry-run']) {
        const {applyTreeFixes} = await import('./commands/fix.js')
        result = await applyTreeFixes(result, engine, {
          dryRun: values['fix-dry-run'] === true
        })
      }
    }
    if (values.quiet) {
      const errorsOnly = (findings: RunResult['diagnostics']) =>
        findings.filter((finding) => finding.severity === 'error')
      result.diagnostics = errorsOnly(result.diagnostics)
      for (const patch of result.patches ?? []) {
        patch.introduced = errorsOnly(patch.introduced)
        patch.fixed = errorsOnly(patch.fixed)
        patch.existing = errorsOnly(patch.existing)
      }
    }
    await emit(result, options)
    // Not findings (no rule id), but never silent: a hostile tree must not hide files.
    for (const skipped of result.skipped ?? []) {
      process.stderr.write(`doclint: warning: ${skipped.path}: ${skipped.message}\n`)
    }
    return exitCode(result, options)
  } catch (error) {
    const name = error instanceof Error ? error.name : ''
    if (
      [
        'ConfigError',
        'UsageError',
        'CliUsageError',
        'LimitError',
        'PatchInputError',
        'UnsafeWriteError'
      ].includes(name)
    ) {
      process.stderr.write(`doclint: ${(error as Error).message}\n`)
      return EXIT_USAGE
    }
    throw error
  }
}
