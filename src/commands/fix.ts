/** `--fix` / `--fix-dry-run`: apply safe fixes in passes, re-linting between them. */
import path from 'node:path'
import type {Fix} from '../diagnostic.js'
import {checkTree, type Engine} from '../engine/run.js'
import type {RunResult} from '../engine/types.js'
import {applyFixes} from '../fix/apply.js'
import {formatUnifiedDiff} from '../fix/diff.js'
import {writeFileAtomic} from '../fs/atomic.js'
import type {FileChange} from '../tree/overlay.js'
import {DiskTree} from '../tree/disk.js'
import {OverlayTree} from '../tree/overlay.js'
import type {FileTree} from '../tree/types.js'
import {now} from '../progress.js'

/** ESLint's bound: fixes that keep producing fixes stop here. */
const MAX_PASSES = 10

/** Fixes to apply from a run: safe ones only. */
export function safeFixes(result: Pick<RunResult, 'diagnostics'>): Fix[] {
  return result.diagnostics.flatMap((finding) =>
    finding.fix && finding.fix.applicability === 'safe' ? [finding.fix] : []
  )
}

/** What fixing in memory gave: the texts before and after, and the run on the fixed tree. */
export interface FixOutcome {
  /** Files changed, sorted, with their text before and after. */
  changed: {file: string; before: string; after: string}[]
  /** Findings on the fixed tree (the input findings when nothing changed). */
  diagnostics: RunResult['diagnostics']
  documents: number
  files: string[]
}

/**
 * Apply safe fixes to an in-memory overlay of `tree`, pass after pass (re-linting between passes,
 * at most MAX_PASSES), without writing anything.
 */
export async function fixInMemory(
  engine: Engine,
  tree: FileTree,
  first: Pick<RunResult, 'diagnostics' | 'documents' | 'files'>
): Promise<FixOutcome> {
  const decoder = new TextDecoder()
  const original = new Map<string, string>()
  const current = new Map<string, string>()
  let {diagnostics, documents, files} = first
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const fixes = safeFixes({diagnostics})
    if (fixes.length === 0) break
    const texts = new Map<string, string>()
    for (const fix of fixes) {
      for (const edit of fix.edits) {
        if (texts.has(edit.file)) continue
        const known = current.get(edit.file)
        if (known !== undefined) {
          texts.set(edit.file, known)
          continue
        }
        const bytes = await tree.read(edit.file)
        if (bytes === undefined) continue
        const text = decoder.decode(bytes)
        original.set(edit.file, text)
        texts.set(edit.file, text)
      }
    }
    const applied = applyFixes(texts, fixes)
    if (applied.changed.length === 0) break
    for (const file of applied.changed) current.set(file, applied.files.get(file) ?? '')
    const changes = new Map<string, FileChange>()
    for (const [file, text] of current)
      changes.set(file, {kind: 'file', bytes: new TextEncoder().encode(text)})
    const check = await checkTree(engine, new OverlayTree(tree, changes, 'fixed'))
    diagnostics = check.diagnostics
    documents = check.documents
    files = check.files
  }
  const changed = [...current.keys()]
    .filter((file) => current.get(file) !== original.get(file))
    .sort()
    .map((file) => ({file, before: original.get(file) ?? '', after: current.get(file) ?? ''}))
  return {changed, diagnostics, documents, files}
}

/**
 * `--fix`: fix in memory, then write every changed file atomically (never outside the tree); with
 * `dryRun`, print a unified diff instead (to `diffTo`: stderr when stdout carries a machine
 * format). Returns the run after the fixes.
 */
export async function applyTreeFixes(
  first: RunResult,
  engine: Engine,
  {dryRun, diffTo = process.stdout}: {dryRun: boolean; diffTo?: {write(text: string): unknown}}
): Promise<RunResult> {
  const started = now()
  // The engine that produced `first`: its facts cache makes each pass re-parse only fixed files.
  const disk = new DiskTree(engine.root, {maxFileSize: engine.config.limits.maxFileSize})
  const outcome = await fixInMemory(engine, disk, first)
  for (const {file, before, after} of outcome.changed) {
    if (dryRun) {
      diffTo.write(formatUnifiedDiff(file, before, after))
    } else {
      await writeFileAtomic(path.join(engine.root, ...file.split('/')), after, {
        within: engine.root
      })
    }
  }
  if (outcome.changed.length > 0) {
    const names = outcome.changed.map(({file}) => file).join(', ')
    process.stderr.write(`doclint: ${dryRun ? 'would fix' : 'fixed'} ${names}\n`)
  }
  const after = dryRun ? first : outcome
  return {
    ...first,
    diagnostics: after.diagnostics,
    documents: after.documents,
    files: after.files,
    elapsedMs: first.elapsedMs + (now() - started)
  }
}
