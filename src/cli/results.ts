/**
 * What the CLI does to runs after the engine: merge the runs of PATHs that have different config
 * files, keep only a file the user named, drop ignored files, keep errors only (`--quiet`).
 */
import path from 'node:path'
import ignorePackage from 'ignore'
import type {Finding, RunResult} from '../engine/types.js'
import {isInside} from '../paths.js'

// `ignore` is CommonJS: its function is both module.exports and its `default`.
const ignore = ignorePackage.default

function toPosix(p: string): string {
  return p.split(path.sep).join('/')
}

/** The deepest folder holding every path. */
function commonFolder(paths: string[]): string {
  let common = paths[0] ?? path.sep
  for (const p of paths.slice(1)) {
    while (!isInside(common, p)) common = path.dirname(common)
  }
  return common
}

/** One run out of several (PATHs with different config files), files rebased on a common root. */
export function mergeRuns(runs: RunResult[]): RunResult {
  const [first] = runs
  if (first === undefined) throw new Error('mergeRuns: no runs')
  if (runs.length === 1) return first
  const root = commonFolder(runs.map((run) => run.root))
  const rebase = (run: RunResult, file: string): string =>
    toPosix(path.relative(root, path.join(run.root, ...file.split('/'))))
  const diagnostics: Finding[] = []
  const files = new Set<string>()
  for (const run of runs) {
    for (const finding of run.diagnostics) {
      diagnostics.push({
        ...finding,
        file: rebase(run, finding.file),
        ...(finding.related
          ? {related: finding.related.map((r) => ({...r, file: rebase(run, r.file)}))}
          : {})
      })
    }
    for (const file of run.files) files.add(rebase(run, file))
  }
  const rules = new Map(runs.flatMap((run) => run.rules.map((meta) => [meta.id, meta] as const)))
  const skipped = runs.flatMap((run) => run.skipped ?? [])
  const builds = runs.flatMap((run) => run.builds ?? [])
  return {
    ...first,
    root,
    diagnostics: diagnostics.sort(
      (a, b) =>
        (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
        a.range.start.line - b.range.start.line ||
        a.range.start.column - b.range.start.column
    ),
    files: [...files].sort(),
    documents: runs.reduce((sum, run) => sum + run.documents, 0),
    elapsedMs: runs.reduce((sum, run) => sum + run.elapsedMs, 0),
    rules: [...rules.values()],
    ...(skipped.length > 0 ? {skipped} : {}),
    ...(builds.length > 0 ? {builds} : {})
  }
}

/** Apply `keep` to every list of findings of a run (tree and patch modes). */
export function filterFindings(result: RunResult, keep: (finding: Finding) => boolean): void {
  result.diagnostics = result.diagnostics.filter(keep)
  for (const patch of result.patches ?? []) {
    patch.introduced = patch.introduced.filter(keep)
    patch.fixed = patch.fixed.filter(keep)
    patch.existing = patch.existing.filter(keep)
  }
}

/** A finding's file as an absolute path. */
export function absoluteFile(result: RunResult, file: string): string {
  return path.join(result.root, ...file.split('/'))
}

/**
 * Ignore patterns in gitignore syntax (`--ignore-pattern`, `.doclintignore`), each relative to a
 * folder. `matched` tells which patterns matched some file (a pattern that matches nothing is
 * named on stderr, so a typo is not silent).
 */
export class IgnoreList {
  readonly #entries: {
    pattern: string
    base: string
    source: string
    matched: boolean
    negated: boolean
    matcher: ReturnType<typeof ignore>
  }[] = []

  add(pattern: string, base: string, source: string): void {
    const trimmed = pattern.trim()
    if (trimmed === '' || trimmed.startsWith('#')) return
    const normal = normalizePattern(trimmed)
    const negated = normal.startsWith('!')
    this.#entries.push({
      pattern: normal,
      base,
      source,
      matched: false,
      negated,
      matcher: ignore().add(negated ? normal.slice(1) : normal)
    })
  }

  get size(): number {
    return this.#entries.length
  }

  /** Whether `file` (absolute) is ignored, gitignore-style: the last matching pattern decides. */
  ignores(file: string): boolean {
    let ignored = false
    for (const entry of this.#entries) {
      if (!isInside(entry.base, file)) continue
      const relative = toPosix(path.relative(entry.base, file))
      if (relative === '' || relative.startsWith('..')) continue
      if (entry.matcher.ignores(relative)) {
        entry.matched = true
        ignored = !entry.negated
      }
    }
    return ignored
  }

  /** Patterns that matched no file tested so far. */
  unmatched(): {pattern: string; source: string}[] {
    return this.#entries
      .filter((entry) => !entry.matched)
      .map(({pattern, source}) => ({pattern, source}))
  }
}

/** `./x` and `x` are the same pattern (gitignore has no `./`; users write it anyway). */
export function normalizePattern(pattern: string): string {
  const negated = pattern.startsWith('!')
  let body = negated ? pattern.slice(1) : pattern
  while (body.startsWith('./')) body = body.slice(2)
  if (body === '.' || body === '') body = '**'
  return negated ? `!${body}` : body
}
