/**
 * Series runs (orchestration above patch mechanics and the engine): apply each patch in turn and
 * say which findings it introduces and fixes.
 */
import {changeRenames} from '../fix/renames.js'
import {RecordingTree, type TreeQuestion} from '../cache/recording-tree.js'
import type {Range} from '../diagnostic.js'
import {assignKeys} from '../engine/identity.js'
import type {Finding, PatchInfo, PatchResult} from '../engine/types.js'
import {normalizeDir} from '../tree/memory.js'
import {OverlayTree} from '../tree/overlay.js'
import type {FileTree} from '../tree/types.js'
import {applyPatch, NameFolder, type ApplyOptions, type ApplyResult} from '../patch/apply.js'
import {parseDiff} from '../patch/diff.js'
import type {PatchInput, PatchProblem} from '../patch/types.js'

/** Options of {@link runSeries}. */
export interface SeriesOptions {
  /** The tree the first patch applies to. */
  base: FileTree
  /** Patches in series order. */
  patches: PatchInput[]
  /** Match context with whitespace ignored (for whitespace-damaged mail). */
  ignoreWhitespace?: boolean
  /** `-p N` for every patch (default: 1 for git diffs, guessed for plain diffs). */
  strip?: number
  /** Lints a tree; findings carry `key` (engine/identity.ts). Called once per distinct tree. */
  /** `renames`: what the change checked renamed (old → new path), so fixes can follow. */
  /** `checked`: the tree itself (`tree` notes the questions asked of it). */
  check: (
    tree: FileTree,
    renames: Map<string, string> | undefined,
    checked: FileTree
  ) => Promise<Finding[]>
  /** Also list findings present before and after each patch. */
  all?: boolean
  /** Called with each patched tree (e.g. to keep the last one). */
  onTree?: (tree: FileTree, patch: PatchInfo) => void
  /**
   * What checks may still cost (`check` charges it). Once it is spent, the patches left are
   * applied without a check of their own, and the tree after the last one is checked once: its
   * result lists what they introduce and fix together (`checkedFrom`, `checkedWith`).
   */
  budget?: {left: number}
  /**
   * The real tree of a commit, for patches that are commits (`PatchInput.commit`): a commit
   * whose parent is not the tree the chain reached starts again from its parent's tree, and a
   * merge is checked against its parents' trees. The caller closes what it returns.
   */
  revision?: (rev: string) => FileTree
  /** `limits.maxFileSize`: binary data declaring more is not decoded. */
  maxFileSize?: number
  /** Known bytes of blobs a patch produces (ApplyOptions.postImage: `--staged`'s work tree). */
  postImage?: ApplyOptions['postImage']
}

/**
 * Whether changing the files at `paths` can change the answer to any recorded question: a read
 * or existence check of the path itself (every tree looks a file up by the path as given), or a
 * listing or folder check of a folder above it (folders as the trees clean them up).
 */
export function changesAnswer(
  questions: readonly TreeQuestion[],
  paths: Iterable<string>
): boolean {
  const exact = new Set<string>()
  const folders = new Set<string>()
  let everything = false
  for (const question of questions) {
    if (question.op === 'read' || question.op === 'exists') exact.add(question.path ?? '')
    else {
      const folder = normalizeDir(question.path ?? undefined)
      // an unsafe folder lists nothing, whatever a patch does
      if (folder === '') everything = true
      else if (folder !== undefined) folders.add(folder)
    }
  }
  for (const path of paths) {
    if (everything || exact.has(path) || folders.has(path)) return true
    for (let cut = path.lastIndexOf('/'); cut > 0; cut = path.lastIndexOf('/', cut - 1)) {
      if (folders.has(path.slice(0, cut))) return true
    }
  }
  return false
}

/** The PatchInfo reporters show for a PatchInput. */
export function patchInfoOf(input: PatchInput): PatchInfo {
  const info: PatchInfo = {index: input.index, total: input.total, subject: input.subject}
  if (input.id !== undefined) info.id = input.id
  if (input.patchworkId !== undefined) info.patchworkId = input.patchworkId
  return info
}

/** Where a problem points: its hunk's line in the tree's file, when the file can be read. */
async function rangeOf(problem: PatchProblem, tree: FileTree): Promise<Range> {
  const line = problem.line ?? 1
  let offset = 0
  if (problem.file !== undefined && line > 1) {
    const bytes = await tree.read(problem.file).catch(() => undefined)
    if (bytes !== undefined) {
      const text = new TextDecoder().decode(bytes)
      let current = 1
      for (let i = 0; i < text.length && current < line; i++) {
        if (text.charCodeAt(i) === 10) {
          current++
          offset = i + 1
        }
      }
      if (current < line)
        return {start: {line: 1, column: 1, offset: 0}, end: {line: 1, column: 1, offset: 0}}
    }
  }
  const point = {line, column: 1, offset}
  return {start: point, end: point}
}

/** Turn patch problems into findings on the patch (keys assigned). */
export async function problemFindings(
  problems: PatchProblem[],
  patch: PatchInfo,
  tree: FileTree
): Promise<Finding[]> {
  const findings: Finding[] = []
  for (const problem of problems) {
    const message =
      problem.file === undefined && problem.source !== undefined
        ? `${problem.message} (in ${problem.source})`
        : problem.message
    findings.push({
      ruleId: problem.ruleId,
      messageId: problem.messageId,
      message,
      severity: 'error',
      file: problem.file ?? '',
      range: await rangeOf(problem, tree),
      status: 'introduced',
      patch
    })
  }
  return assignKeys(findings)
}

/**
 * A PatchResult for a patch (or input) that could not be used: its problems as introduced
 * findings. For problems of a whole input, pass a PatchInfo such as `{index: 0, total, subject}`.
 */
export async function problemResult(
  problems: PatchProblem[],
  patch: PatchInfo,
  tree: FileTree,
  files: string[] = []
): Promise<PatchResult> {
  return {
    patch,
    applied: false,
    introduced: await problemFindings(problems, patch, tree),
    fixed: [],
    existing: [],
    files
  }
}

/** Copies of findings with their files renamed, keyed again (a renamed file keeps its findings). */
function mapThroughRenames(
  findings: Finding[],
  renames: Map<string, string>
): Map<string, Finding> {
  const copies = findings.map((finding) => {
    const file = renames.get(finding.file)
    const copy: Finding = {...finding}
    if (file !== undefined) copy.file = file
    return {copy, original: finding}
  })
  if (renames.size > 0) assignKeys(copies.map(({copy}) => copy))
  const byKey = new Map<string, Finding>()
  for (const {copy, original} of copies) byKey.set(copy.key ?? '', original)
  return byKey
}

function keyed(findings: Finding[]): Finding[] {
  // Findings should arrive keyed; key any that do not so comparison stays sound.
  if (findings.some((finding) => finding.key === undefined)) assignKeys(findings)
  return findings
}

/**
 * Changed paths, with every path that reads one of them through a link before or after the change
 * (a check that read a link asked about the link's path, not its target's).
 */
export async function withAliases(
  paths: Iterable<string>,
  before: FileTree,
  after: FileTree
): Promise<string[]> {
  const all = [...paths]
  if (before.aliasesOf === undefined && after.aliasesOf === undefined) return all
  const more: string[] = []
  for (const path of all) {
    more.push(...((await before.aliasesOf?.(path)) ?? []))
    more.push(...((await after.aliasesOf?.(path)) ?? []))
  }
  return [...all, ...more]
}

/** The result of a patch left unchecked: never clean, with the reason. */
function notCheckedResult(patch: PatchInfo, reason: string): PatchResult {
  return {
    patch,
    applied: false,
    notChecked: reason,
    introduced: [],
    fixed: [],
    existing: [],
    files: []
  }
}

/** Files a combined diff (`git show --cc`) names. */
function combinedDiffFiles(diff: string): string[] {
  const files = new Set<string>()
  for (const match of diff.matchAll(/^diff --(?:cc|combined) (.+)$/gm))
    files.add(match[1] as string)
  return [...files].sort()
}

/**
 * Apply each patch onto the previous result and compare findings before and after it by identity
 * key: introduced = after − before, fixed = before − after, existing (with `all`) = both. `check`
 * runs once per tree (the previous after is the next before).
 *
 * A patch that does not apply gives one result with its problems as introduced findings. In a
 * mailed series nothing after it can be checked (each patch was written on top of it): the later
 * patches are reported as not checked, never as clean. Commits (`PatchInput.commit`, with
 * `revision` to read their real trees) restart from their own parent whenever the chain does not
 * lead there: after a commit that does not apply, and across the branches of a range. A merge is
 * checked as `git show --cc` sees it: it introduces what is in none of its parents and fixes what
 * was in all of them.
 */
export async function runSeries(options: SeriesOptions): Promise<PatchResult[]> {
  const results: PatchResult[] = []
  let tree = options.base
  let findings: Finding[] | undefined
  // What the last check asked of its tree: a patch that changes none of the answers cannot
  // change the findings (the check is a function of those answers), so it is not run again.
  let asked: TreeQuestion[] = []
  const check = async (checked: FileTree, renames?: Map<string, string>): Promise<Finding[]> => {
    const recording = new RecordingTree(checked, {answers: false})
    const found = keyed(await options.check(recording, renames, checked))
    asked = recording.questions
    return found
  }
  const folder = new NameFolder()
  const all = options.all === true
  // Patches applied but not checked once the budget is spent, and the renames they made.
  let group: PatchResult[] = []
  let groupRenames = new Map<string, string>()
  const flush = async (): Promise<void> => {
    const last = group[group.length - 1]
    if (last && findings) {
      // The patches left are checked as one change; the last of them holds what they do.
      const afterFindings = await check(tree)
      Object.assign(last, compare(findings, afterFindings, groupRenames, last.patch, all))
      findings = afterFindings
      // one patch past the budget is checked on its own after all: nothing to say about it
      if (group.length > 1) {
        last.checkedFrom = group[0]!.patch.index
        for (const result of group.slice(0, -1)) result.checkedWith = last.patch.index
      }
    }
    group = []
    groupRenames = new Map()
  }
  // The commit whose tree `tree` is, when the patches are commits; a patch that did not apply
  // (a mailed series: everything after it is unchecked).
  let head: string | undefined = options.patches[0]?.commit?.parents[0]
  let stopped: PatchInfo | undefined
  for (const input of options.patches) {
    const patch = patchInfoOf(input)
    const commit = options.revision === undefined ? undefined : input.commit
    if (commit !== undefined && options.revision !== undefined) {
      const parent = commit.parents[0]
      if (parent !== undefined && head !== parent) {
        await flush()
        tree = options.revision(parent)
        findings = undefined
        asked = []
        head = parent
      }
    }
    if (stopped !== undefined) {
      results.push(
        notCheckedResult(
          patch,
          `not checked: [PATCH ${stopped.index}/${stopped.total}] before it does not apply, and it was written on top of that patch`
        )
      )
      continue
    }
    if (commit !== undefined && commit.parents.length > 1 && options.revision !== undefined) {
      await flush()
      const parentFindings = [(findings ??= await check(tree))]
      for (const other of commit.parents.slice(1)) {
        parentFindings.push(await check(options.revision(other)))
      }
      const merged = options.revision(commit.sha)
      const afterFindings = await check(merged)
      results.push({
        patch,
        applied: true,
        ...compareMerge(parentFindings, afterFindings, patch, all),
        files: combinedDiffFiles(input.diff)
      })
      options.onTree?.(merged, patch)
      tree = merged
      findings = afterFindings
      head = commit.sha
      continue
    }
    const parsed = parseDiff(input.diff, {source: input.source})
    const applyOptions: Parameters<typeof applyPatch>[2] = {source: input.source, folder}
    if (options.ignoreWhitespace === true) applyOptions.ignoreWhitespace = true
    if (options.strip !== undefined) applyOptions.strip = options.strip
    if (options.maxFileSize !== undefined) applyOptions.maxFileSize = options.maxFileSize
    if (options.postImage !== undefined) applyOptions.postImage = options.postImage
    const applied: ApplyResult = await applyPatch(tree, parsed, applyOptions)
    if (!applied.ok) {
      results.push(await problemResult(applied.problems, patch, tree, applied.files))
      // a commit after it starts again from its own parent; a mailed patch cannot
      if (commit !== undefined) head = undefined
      else stopped = patch
      continue
    }
    findings ??= await check(tree)
    const after = new OverlayTree(tree, applied.changes, `after [${input.index}/${input.total}]`)
    const changes = changesAnswer(asked, await withAliases(applied.changes.keys(), tree, after))
    // once one patch is left unchecked, so is every later one
    const spent = options.budget !== undefined && options.budget.left <= 0
    head = commit?.sha
    if (group.length > 0 || (changes && spent)) {
      const result: PatchResult = {
        patch,
        applied: true,
        introduced: [],
        fixed: [],
        existing: [],
        files: applied.files
      }
      results.push(result)
      group.push(result)
      groupRenames = composeRenames(groupRenames, applied.renames)
      options.onTree?.(after, patch)
      tree = after
      continue
    }
    const afterFindings = changes
      ? await check(after, await changeRenames(tree, applied.changes, applied.renames))
      : findings
    results.push({
      patch,
      applied: true,
      ...compare(findings, afterFindings, applied.renames, patch, all),
      files: applied.files
    })
    options.onTree?.(after, patch)
    tree = after
    findings = afterFindings
  }
  await flush()
  return results
}

/**
 * A merge's findings against its parents': introduced = in the merge and in none of its parents
 * (an evil merge, or a conflict resolved into breakage); fixed = in every parent and not in the
 * merge. What one branch brought is its own commits' to report.
 */
function compareMerge(
  parents: Finding[][],
  afterFindings: Finding[],
  patch: PatchInfo,
  all: boolean
): Pick<PatchResult, 'introduced' | 'fixed' | 'existing'> {
  const keySets = parents.map((findings) => new Set(findings.map((finding) => finding.key ?? '')))
  const afterKeys = new Set(afterFindings.map((finding) => finding.key ?? ''))
  const introduced: Finding[] = []
  const existing: Finding[] = []
  for (const finding of afterFindings) {
    const key = finding.key ?? ''
    if (keySets.some((keys) => keys.has(key))) {
      if (all) existing.push({...finding, status: 'existing', patch})
    } else introduced.push({...finding, status: 'introduced', patch})
  }
  const fixed = (parents[0] ?? [])
    .filter((finding) => {
      const key = finding.key ?? ''
      return !afterKeys.has(key) && keySets.every((keys) => keys.has(key))
    })
    .map((finding) => ({...finding, status: 'fixed' as const, patch}))
  return {introduced, fixed, existing}
}

/** Findings after a change against those before it (files renamed as the change renamed them). */
function compare(
  findings: Finding[],
  afterFindings: Finding[],
  renames: Map<string, string>,
  patch: PatchInfo,
  all: boolean
): Pick<PatchResult, 'introduced' | 'fixed' | 'existing'> {
  const before = mapThroughRenames(findings, renames)
  const afterKeys = new Set(afterFindings.map((finding) => finding.key ?? ''))
  const introduced: Finding[] = []
  const existing: Finding[] = []
  for (const finding of afterFindings) {
    if (before.has(finding.key ?? '')) {
      if (all) existing.push({...finding, status: 'existing', patch})
    } else {
      introduced.push({...finding, status: 'introduced', patch})
    }
  }
  const fixed: Finding[] = []
  for (const [key, original] of before) {
    if (!afterKeys.has(key)) fixed.push({...original, status: 'fixed', patch})
  }
  return {introduced, fixed, existing}
}

/** Renames `first` then `second` as one map from the names before both. */
function composeRenames(
  first: Map<string, string>,
  second: Map<string, string>
): Map<string, string> {
  if (second.size === 0) return first
  const composed = new Map<string, string>()
  const reached = new Set<string>()
  for (const [from, to] of first) {
    composed.set(from, second.get(to) ?? to)
    reached.add(to)
  }
  // a name the first renames away holds another file by the second: not one from before both
  for (const [from, to] of second) {
    if (!reached.has(from) && !first.has(from)) composed.set(from, to)
  }
  return composed
}
