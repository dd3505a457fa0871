/**
 * Replay of real history: every commit C of a repository, mailed as `git format-patch -1 C`, is
 * run through patch mode against C^ and held against git and against tree mode.
 *
 * - Apply parity: doclint applies the patch exactly when `git apply --check` does on C^, every
 *   path it changes ends with C's blob and mode, and the patched tree lists what C's tree lists.
 * - Self-consistency: what patch mode says the commit introduces is tree(C) − tree(C^), and what
 *   it fixes is tree(C^) − tree(C), by finding identity (files renamed as the patch renames them).
 *   tree(X) is a whole-tree check of commit X with the same engine.
 * - A run of consecutive commits checked as one series says, patch by patch, what each checked
 *   alone says.
 *
 * A commit that changes no path any check of C^ asked about cannot change the findings (a check
 * is a function of the answers it got); tree(C) is then taken to be tree(C^) without a check,
 * except on every `verifyEvery`-th such commit, where it is checked anyway and must agree.
 */
import {execFile, spawn} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {promisify} from 'node:util'
import {RecordingTree, type TreeQuestion} from '../cache/recording-tree.js'
import {assignKeys} from '../engine/identity.js'
import {checkTree, type Engine} from '../engine/run.js'
import {gitBlobId} from '../hash.js'
import type {Finding, PatchResult} from '../engine/types.js'
import {applyPatch} from '../patch/apply.js'
import {parseDiff} from '../patch/diff.js'
import {readPatchInput} from '../patch/read.js'
import type {PatchInput} from '../patch/types.js'
import {DiskTree} from '../tree/disk.js'
import {GitTree} from '../tree/git.js'
import {OverlayTree} from '../tree/overlay.js'
import {GITLINK_MODE, type FileTree} from '../tree/types.js'
import {changesAnswer, runSeries, withAliases} from './run.js'

const execFileAsync = promisify(execFile)

/** What went wrong with one commit. */
export interface Divergence {
  commit: string
  kind:
    'apply' | 'blob' | 'listing' | 'introduced' | 'fixed' | 'series' | 'unchanged-claim' | 'error'
  detail: string
}

/** One commit's replay. */
export interface CommitReplay {
  commit: string
  subject: string
  /** Whether `git apply --check` applies the patch on C^; and doclint. */
  gitApplies: boolean
  doclintApplies: boolean
  /** What doclint said when it refused (patch-apply / patch-malformed messages). */
  refusal?: string[]
  /** Whether the commit changed any path a check of C^ asked about. */
  touchesChecks: boolean
  introduced: number
  fixed: number
  /** Patch mode's own time for this commit (apply + checks), ms. */
  ms: number
  divergences: Divergence[]
}

/** What a replay found. */
export interface ReplayReport {
  commits: CommitReplay[]
  /** Merges met and left out (a merge has no single patch). */
  merges: number
  divergences: Divergence[]
  /** Commits whose "changes nothing checked" claim was verified by a check anyway. */
  verifiedUnchanged: number
  /** Patches checked again as part of a series. */
  seriesChecked: number
  /** Peak resident set size seen between commits, MiB. */
  rssMiB: number
}

/** Options of {@link replay}. */
export interface ReplayOptions {
  /** A git directory (bare or a work tree's). */
  repo: string
  /** A prepared engine (configuration, rules, folders to check). */
  engine: Engine
  /** Commits to replay, oldest first (merges are counted and left out). */
  commits: string[]
  /** Check every n-th commit that changes nothing checked anyway (0: never). Default 10. */
  verifyEvery?: number
  /** Also run each run of consecutive commits (at most this many) as one series. Default 0. */
  seriesLength?: number
  /**
   * Check tree(X) on a checkout of X in this work tree (made with `git worktree add`, removed at
   * the end) rather than on the git tree: tree mode as a user runs it on disk, links and all.
   */
  checkout?: string
  /** More `git format-patch` options (`-C` to mail copies as copies). */
  formatPatchArgs?: string[]
  /** Called after each commit. */
  onCommit?: (result: CommitReplay, done: number, total: number) => void
}

const GIT_ENV = {...process.env, GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat', LC_ALL: 'C'}

async function git(
  repo: string,
  args: string[],
  env: NodeJS.ProcessEnv = GIT_ENV
): Promise<Buffer> {
  const {stdout} = await execFileAsync('git', ['--git-dir', repo, ...args], {
    encoding: 'buffer',
    maxBuffer: 1 << 30,
    env
  })
  return stdout
}

/** Run git with `input` on stdin: exit status and stderr. */
function gitWithInput(
  repo: string,
  args: string[],
  input: Uint8Array,
  env: NodeJS.ProcessEnv
): Promise<{status: number; stderr: string}> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['--git-dir', repo, ...args], {
      env,
      stdio: ['pipe', 'ignore', 'pipe']
    })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-4000)
    })
    child.on('error', reject)
    child.on('close', (status) => resolve({status: status ?? 128, stderr}))
    child.stdin.on('error', () => undefined)
    child.stdin.end(input)
  })
}

/** One `git diff-tree --raw` record: the state of a path after the commit. */
interface RawChange {
  path: string
  /** Mode and blob after; undefined when the commit deletes the path. */
  after?: {mode: string; oid: string}
}

/** The paths a commit changes (no rename detection: a rename is a deletion and a creation). */
async function rawChanges(repo: string, parent: string, commit: string): Promise<RawChange[]> {
  const output = await git(repo, [
    'diff-tree',
    '-r',
    '-z',
    '--raw',
    '--no-renames',
    parent,
    commit,
    '--'
  ])
  const fields = output.toString('utf8').split('\0')
  const changes: RawChange[] = []
  for (let k = 0; k + 1 < fields.length; k += 2) {
    // `:old-mode new-mode old-oid new-oid status` NUL path NUL
    const [, newMode = '', , newOid = '', status = ''] = (fields[k] as string).slice(1).split(' ')
    const file = fields[k + 1] as string
    changes.push(status === 'D' ? {path: file} : {path: file, after: {mode: newMode, oid: newOid}})
  }
  return changes
}

/** A commit's parents, subject. */
async function commitInfo(
  repo: string,
  commit: string
): Promise<{sha: string; parents: string[]; subject: string}> {
  const [sha = commit, parents = '', subject = ''] = (
    await git(repo, ['show', '-s', '--format=%H%x01%P%x01%s', commit, '--'])
  )
    .toString('utf8')
    .trim()
    .split('\u0001')
  return {sha, parents: parents.split(' ').filter(Boolean), subject}
}

/** A tree check and what it asked of the tree. */
interface Checked {
  findings: Finding[]
  questions: TreeQuestion[]
}

async function check(engine: Engine, tree: FileTree): Promise<Checked> {
  const recording = new RecordingTree(tree, {answers: false})
  const {diagnostics} = await checkTree(engine, recording)
  return {findings: diagnostics, questions: recording.questions}
}

/** Findings' keys, sorted, one a line. */
const keysOf = (findings: Finding[]): string =>
  findings
    .map((finding) => finding.key ?? '')
    .sort()
    .join('\n')

const describe = (finding: Finding): string =>
  `${finding.ruleId} ${finding.file}:${finding.range.start.line} ${finding.message}`

/** Replay commits one by one; see the module comment. */
export async function replay(options: ReplayOptions): Promise<ReplayReport> {
  const {repo, engine} = options
  const verifyEvery = options.verifyEvery ?? 10
  const report: ReplayReport = {
    commits: [],
    merges: 0,
    divergences: [],
    verifiedUnchanged: 0,
    seriesChecked: 0,
    rssMiB: process.memoryUsage().rss / 2 ** 20
  }
  const scratch = mkdtempSync(path.join(tmpdir(), 'doclint-replay-'))
  const checkout = options.checkout
  if (checkout !== undefined)
    await git(repo, ['worktree', 'add', '-q', '--detach', checkout, 'HEAD'])
  // tree(X): the git tree of X, or a checkout of it read from disk
  const treeOf = async (sha: string, gitTree: GitTree): Promise<FileTree> => {
    if (checkout === undefined) return gitTree
    await execFileAsync('git', ['-C', checkout, 'checkout', '-q', '--detach', sha], {env: GIT_ENV})
    return new DiskTree(checkout)
  }
  const indexEnv = {...GIT_ENV, GIT_INDEX_FILE: path.join(scratch, 'index')}
  // tree(X) of the last commit checked, to serve as tree(C^) of the next
  let last: {sha: string; checked: Checked} | undefined
  let unchangedSeen = 0
  // a run of consecutive commits, for the series check
  const runs: SeriesRun[] = []
  let current: SeriesRun | undefined
  try {
    for (const [position, given] of options.commits.entries()) {
      const info = await commitInfo(repo, given)
      if (info.parents.length > 1) {
        report.merges++
        current = undefined
        continue
      }
      const parent = info.parents[0]
      if (parent === undefined) continue
      const divergences: Divergence[] = []
      const diverge = (kind: Divergence['kind'], detail: string): void => {
        divergences.push({commit: info.sha, kind, detail})
      }
      const mail = await git(repo, [
        'format-patch',
        '-1',
        '--stdout',
        ...(options.formatPatchArgs ?? []),
        info.sha
      ])
      const read = await readPatchInput(new Uint8Array(mail), `commit ${info.sha.slice(0, 12)}`, {
        maxBytes: engine.config.limits.maxPatchSize,
        maxPatches: engine.config.limits.maxPatches,
        maxMimeBytes: engine.config.limits.maxMimeSize
      })
      await git(repo, ['read-tree', parent], indexEnv)
      const gitApply = await gitWithInput(repo, ['apply', '--cached', '--check'], mail, indexEnv)
      const gitApplies = gitApply.status === 0
      const patch: PatchInput | undefined = read.patches[0]
      const before = new GitTree(repo, parent, `${info.sha.slice(0, 12)}^`)
      const after = new GitTree(repo, info.sha, info.sha.slice(0, 12))
      const started = performance.now()
      let result: PatchResult | undefined
      let doclintApplies = false
      let refusal: string[] | undefined
      let touches = true
      try {
        // Patch mode, as `doclint --patch` runs it (series machinery, one patch).
        if (patch !== undefined && read.problems.length === 0) {
          const results = await runSeries({
            base: before,
            patches: [patch],
            check: async (tree) => (await checkTree(engine, tree)).diagnostics
          })
          result = results[0]
        }
        const ms = performance.now() - started
        doclintApplies = result?.applied === true
        if (!doclintApplies) {
          refusal = [
            ...read.problems.map((problem) => problem.message),
            ...(result?.introduced ?? []).map((finding) => finding.message)
          ]
        }
        if (doclintApplies !== gitApplies) {
          diverge(
            'apply',
            gitApplies
              ? `git applies it, doclint does not: ${(refusal ?? []).join('; ')}`
              : `git refuses it (${gitApply.stderr.trim().split('\n')[0]}), doclint applies it`
          )
        }
        if (doclintApplies && patch !== undefined) {
          // Apply parity: the changes against C's blobs; the listing against C's.
          const applied = await applyPatch(before, parseDiff(patch.diff), {source: patch.source})
          if (!applied.ok) throw new Error('applies in a series but not alone')
          const expected = await rawChanges(repo, parent, info.sha)
          const seen = new Set<string>()
          for (const change of expected) {
            seen.add(change.path)
            const ours = applied.changes.get(change.path)
            if (change.after === undefined) {
              if (ours !== undefined && ours.kind !== 'deleted')
                diverge('blob', `${change.path}: git deletes it, doclint keeps it`)
              else if (ours === undefined && (await before.exists(change.path)))
                diverge('blob', `${change.path}: git deletes it, doclint leaves it`)
              continue
            }
            if (change.after.mode === GITLINK_MODE) {
              // a submodule: nothing of it is in the tree
              if (ours !== undefined && ours.kind !== 'deleted')
                diverge('blob', `${change.path}: a submodule in git, a file in doclint's tree`)
              continue
            }
            if (ours === undefined || ours.kind === 'deleted') {
              diverge(
                'blob',
                `${change.path}: git makes it ${change.after.oid.slice(0, 12)}, doclint has no change`
              )
            } else if (ours.kind === 'unknown') {
              diverge('blob', `${change.path}: doclint does not know its bytes`)
            } else {
              const oid = gitBlobId(ours.bytes, change.after.oid)
              if (oid !== change.after.oid)
                diverge(
                  'blob',
                  `${change.path}: git has ${change.after.oid.slice(0, 12)}, doclint ${oid.slice(0, 12)}`
                )
              if (ours.mode !== undefined && ours.mode !== change.after.mode)
                diverge(
                  'blob',
                  `${change.path}: git's mode ${change.after.mode}, doclint's ${ours.mode}`
                )
            }
          }
          for (const [file, change] of applied.changes) {
            if (!seen.has(file) && change.kind !== 'deleted')
              diverge('blob', `${file}: doclint changes it, git does not`)
          }
          const patched = await new OverlayTree(before, applied.changes).list()
          const real = await after.list()
          if (patched.join('\n') !== real.join('\n')) {
            const ours = new Set(patched)
            const theirs = new Set(real)
            const extra = patched.filter((file) => !theirs.has(file)).slice(0, 3)
            const missing = real.filter((file) => !ours.has(file)).slice(0, 3)
            diverge(
              'listing',
              `patched tree lists ${extra.join(', ') || 'nothing more'}; C lists ${missing.join(', ') || 'nothing more'}`
            )
          }
          // Self-consistency: tree(C) − tree(C^) by identity.
          const treeBefore =
            last?.sha === parent ? last.checked : await check(engine, await treeOf(parent, before))
          touches = changesAnswer(
            treeBefore.questions,
            await withAliases(
              expected.map((change) => change.path),
              before,
              after
            )
          )
          let treeAfter: Checked
          if (touches) treeAfter = await check(engine, await treeOf(info.sha, after))
          else if (verifyEvery > 0 && unchangedSeen++ % verifyEvery === 0) {
            treeAfter = await check(engine, await treeOf(info.sha, after))
            report.verifiedUnchanged++
            if (keysOf(treeBefore.findings) !== keysOf(treeAfter.findings))
              diverge(
                'unchanged-claim',
                'changes nothing checked, yet tree(C) differs from tree(C^)'
              )
          } else treeAfter = treeBefore
          // before's findings keyed as they would be with files renamed as the patch renames them
          const renamed = assignKeys(
            treeBefore.findings.map((f) => ({...f, file: applied.renames.get(f.file) ?? f.file}))
          )
          const beforeKeys = new Set(renamed.map((finding) => finding.key ?? ''))
          const afterKeys = new Set(treeAfter.findings.map((finding) => finding.key ?? ''))
          const expectIntroduced = treeAfter.findings.filter((f) => !beforeKeys.has(f.key ?? ''))
          // fixed findings are named as they were before the patch (their own keys)
          const expectFixed = treeBefore.findings.filter(
            (_finding, k) => !afterKeys.has(renamed[k]?.key ?? '')
          )
          compareSets('introduced', result?.introduced ?? [], expectIntroduced, diverge)
          compareSets('fixed', result?.fixed ?? [], expectFixed, diverge)
          last = {sha: info.sha, checked: treeAfter}
        } else {
          last = undefined
        }
        // the series check: consecutive commits that applied
        if (options.seriesLength && patch !== undefined && doclintApplies && result) {
          if (
            current === undefined ||
            current.patches.length >= options.seriesLength ||
            current.last !== parent
          ) {
            current = {base: parent, last: parent, patches: [], results: []}
            runs.push(current)
          }
          current.patches.push(patch)
          current.results.push(result)
          current.last = info.sha
        } else current = undefined
        const entry: CommitReplay = {
          commit: info.sha,
          subject: info.subject,
          gitApplies,
          doclintApplies,
          ...(refusal === undefined ? {} : {refusal}),
          touchesChecks: touches,
          introduced: result?.introduced.length ?? 0,
          fixed: result?.fixed.length ?? 0,
          ms,
          divergences
        }
        report.commits.push(entry)
        report.divergences.push(...divergences)
        report.rssMiB = Math.max(report.rssMiB, process.memoryUsage().rss / 2 ** 20)
        options.onCommit?.(entry, position + 1, options.commits.length)
      } catch (error) {
        const divergence: Divergence = {
          commit: info.sha,
          kind: 'error',
          detail: error instanceof Error ? (error.stack ?? error.message) : String(error)
        }
        report.divergences.push(divergence)
        report.commits.push({
          commit: info.sha,
          subject: info.subject,
          gitApplies,
          doclintApplies,
          touchesChecks: touches,
          introduced: 0,
          fixed: 0,
          ms: performance.now() - started,
          divergences: [divergence]
        })
        last = undefined
        current = undefined
      } finally {
        before.close()
        after.close()
      }
    }
    for (const series of runs.filter((entry) => entry.patches.length > 1)) {
      const base = new GitTree(repo, series.base)
      try {
        const numbered = series.patches.map((patch, index) => ({
          ...patch,
          index: index + 1,
          total: series.patches.length
        }))
        const results = await runSeries({
          base,
          patches: numbered,
          check: async (tree) => (await checkTree(engine, tree)).diagnostics
        })
        for (const [index, result] of results.entries()) {
          report.seriesChecked++
          const alone = series.results[index]
          const commit = series.patches[index]?.id ?? series.patches[index]?.source ?? '?'
          const key = keysOf
          if (
            !alone ||
            result.applied !== alone.applied ||
            key(result.introduced) !== key(alone.introduced) ||
            key(result.fixed) !== key(alone.fixed)
          ) {
            const divergence: Divergence = {
              commit,
              kind: 'series',
              detail: `as patch ${index + 1} of a series of ${numbered.length} it introduces ${result.introduced.length} and fixes ${result.fixed.length}; alone ${alone?.introduced.length ?? '?'} and ${alone?.fixed.length ?? '?'}`
            }
            report.divergences.push(divergence)
          }
        }
      } finally {
        base.close()
      }
    }
  } finally {
    rmSync(scratch, {recursive: true, force: true})
    if (checkout !== undefined) {
      await git(repo, ['worktree', 'remove', '--force', checkout]).catch(() => undefined)
    }
  }
  return report
}

/** Consecutive commits that applied, to be run again as one series. */
interface SeriesRun {
  /** The parent of the first. */
  base: string
  /** The last commit so far. */
  last: string
  patches: PatchInput[]
  results: PatchResult[]
}

/** Patch mode's findings against the expected ones, by key. */
function compareSets(
  kind: 'introduced' | 'fixed',
  said: Finding[],
  expected: Finding[],
  diverge: (kind: Divergence['kind'], detail: string) => void
): void {
  const saidKeys = new Set(said.map((finding) => finding.key ?? ''))
  const expectedKeys = new Set(expected.map((finding) => finding.key ?? ''))
  const extra = said.filter((finding) => !expectedKeys.has(finding.key ?? ''))
  const missing = expected.filter((finding) => !saidKeys.has(finding.key ?? ''))
  if (extra.length > 0 || missing.length > 0) {
    diverge(
      kind,
      [
        ...extra
          .slice(0, 5)
          .map((finding) => `patch mode says ${kind}, the trees do not: ${describe(finding)}`),
        ...missing
          .slice(0, 5)
          .map((finding) => `the trees say ${kind}, patch mode does not: ${describe(finding)}`)
      ].join('; ')
    )
  }
}
