/** `--patch`, `--staged`, `--range`: which findings each patch of a series introduces. */
import {lstatSync, promises as fsPromises, readFileSync, realpathSync} from 'node:fs'
import path from 'node:path'
import {
  checkTreeCached,
  prepareEngine,
  saveCache,
  UsageError,
  type EngineOptions
} from '../engine/run.js'
import type {DoclintConfig} from '../config/types.js'
import type {BuildSummary, Finding, PatchResult, RunResult} from '../engine/types.js'
import {readUpTo} from '../fs/read.js'
import {readPatchInput} from '../patch/read.js'
import {problemFindings, runSeries} from '../series/run.js'
import type {PatchInput, PatchProblem} from '../patch/types.js'
import {DiskTree} from '../tree/disk.js'
import {commitAsPatch} from '../patch/commits.js'
import {
  decodeEntries,
  encodeEntries,
  GitTree,
  listRange,
  PATCH_DIFF_OPTIONS,
  runGit
} from '../tree/git.js'
import {readHeadCommit} from '../tree/refs.js'
import {gitDirectory} from '../cache/location.js'
import {sha256} from '../hash.js'
import {MemoryTree} from '../tree/memory.js'
import {OverlayTree} from '../tree/overlay.js'
import {readWorkTreeBlob} from '../tree/work-tree.js'
import type {FileTree} from '../tree/types.js'
import {pushAll} from '../arrays.js'
import {isInside} from '../paths.js'
import {now} from '../progress.js'

/**
 * What one check of a series costs beyond its documents, in documents: a check of a two-document
 * tree takes about 1 ms here, what checking about 60 documents adds to a bigger one.
 */
const SERIES_CHECK_COST = 100

/** Records of checked trees `--staged` keeps: HEAD, the staged tree, and the one before. */
const STAGED_RECORDS = 3

/** What the patch flags asked for. */
export interface PatchModeOptions {
  /** Files (or `-` for stdin) holding patches, mails, mboxes or patchwork JSON. */
  patches: string[]
  /** Apply to this git revision instead of the working tree. */
  base?: string | undefined
  /** Check the index against HEAD. */
  staged: boolean
  /** Check each commit of `A..B`. */
  range?: string | undefined
  ignoreWhitespace: boolean
  all: boolean
  /** Called once per patch checked (progress line). */
  onPatch?: (done: number, total: number, subject: string) => void
  /**
   * Patches already read, or a reader given the configured limits (the patchwork gate reads its
   * mboxes with them); used instead of `patches` files.
   */
  inputs?: PatchInput[] | ((limits: DoclintConfig['limits']) => Promise<PatchInput[]>)
  /** Fetch a patchwork mbox by URL (patchwork series JSON names its patches by URL). */
  fetchMbox?: (url: string) => Promise<string>
}

/** A usage error when a run has more patches than `limits.maxPatches`. */
function refuseTooMany(patches: PatchInput[], maxPatches: number): void {
  if (patches.length > maxPatches) {
    throw new UsageError(
      `${patches.length} patches, more than the limit of ${maxPatches} (limits.maxPatches)`
    )
  }
}

/**
 * What `git rev-parse --show-toplevel` would say, found without starting git (a process start is
 * a good part of a cached `--staged` run), in the plain cases only: a `.git` folder above `cwd`,
 * or `$GIT_DIR` without `$GIT_WORK_TREE` (as in hooks: then `cwd` is the top). Undefined whenever
 * anything else could decide it (worktree links, `core.worktree`, the discovery settings).
 */
function plainTopLevel(cwd: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (
    env['GIT_WORK_TREE'] !== undefined ||
    env['GIT_CEILING_DIRECTORIES'] !== undefined ||
    env['GIT_DISCOVERY_ACROSS_FILESYSTEM'] !== undefined ||
    env['GIT_COMMON_DIR'] !== undefined
  ) {
    return undefined
  }
  const gitDir = env['GIT_DIR']
  let top: string | undefined
  let configFile: string
  if (gitDir !== undefined && gitDir !== '') {
    top = cwd
    configFile = path.join(path.resolve(cwd, gitDir), 'config')
  } else {
    for (let dir = cwd; ; dir = path.dirname(dir)) {
      const stats = lstatSync(path.join(dir, '.git'), {throwIfNoEntry: false})
      if (stats?.isDirectory()) {
        top = dir
        break
      }
      // a `.git` file (linked worktree, submodule) or a link: git decides
      if (stats !== undefined) return undefined
      if (path.dirname(dir) === dir) return undefined
    }
    // inside the git directory itself there is no work tree
    if (isInside(path.join(top, '.git'), cwd)) return undefined
    configFile = path.join(top, '.git', 'config')
  }
  try {
    // core.worktree (or anything naming a work tree) moves the top, a bare repository has none:
    // git decides
    if (/worktree|bare\s*=\s*true/i.test(readFileSync(configFile, 'utf8'))) return undefined
    return realpathSync.native(top)
  } catch {
    return undefined
  }
}

/** HEAD's commit id from the git directory's files, or undefined when only git can say. */
function headCommitOf(cwd: string): string | undefined {
  try {
    const gitDir = gitDirectory(cwd)
    return gitDir === undefined ? undefined : readHeadCommit(gitDir)
  } catch {
    return undefined
  }
}

/** The repository root for cwd, or undefined outside a git work tree. */
async function gitTopLevel(cwd: string): Promise<string | undefined> {
  const plain = plainTopLevel(cwd)
  if (plain !== undefined) return plain
  try {
    return (await runGit(cwd, ['rev-parse', '--show-toplevel'])).toString('utf8').trim()
  } catch {
    return undefined
  }
}

/** Read stdin, stopping one chunk past `limit`: a patch bomb is refused without being held. */
async function readStdin(limit: number): Promise<Uint8Array> {
  return (await readUpTo(process.stdin as AsyncIterable<Uint8Array>, limit)).bytes
}

/** Read a patch file unless its size is over `limit` (then only the size is returned). */
async function readPatchFile(file: string, limit: number): Promise<Uint8Array | number> {
  // node:fs/promises is loaded here, when a patch file is read, not at every start
  const {size} = await fsPromises.stat(file)
  return size > limit ? size : await fsPromises.readFile(file)
}

/** Read every `--patch` input into one series (inputs in command-line order). */
async function readInputs(
  files: string[],
  cwd: string,
  limits: {maxPatchSize: number; maxPatches: number; maxMimeSize: number},
  fetchMbox: PatchModeOptions['fetchMbox']
): Promise<{patches: PatchInput[]; problems: PatchProblem[]}> {
  const patches: PatchInput[] = []
  const problems: PatchProblem[] = []
  for (const file of files) {
    let bytes: Uint8Array | number
    try {
      bytes =
        file === '-'
          ? await readStdin(limits.maxPatchSize)
          : await readPatchFile(path.resolve(cwd, file), limits.maxPatchSize)
    } catch (error) {
      throw new UsageError(
        `Cannot read patch ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`
      )
    }
    const name = file === '-' ? 'stdin' : file
    if (typeof bytes === 'number') {
      problems.push({
        ruleId: 'patch-malformed',
        messageId: 'tooLarge',
        message: `Input is ${bytes} bytes, more than the limit of ${limits.maxPatchSize} (limits.maxPatchSize); not read`,
        source: name
      })
      continue
    }
    const read = await readPatchInput(bytes, name, {
      maxBytes: limits.maxPatchSize,
      maxPatches: limits.maxPatches,
      maxMimeBytes: limits.maxMimeSize
    })
    pushAll(problems, read.problems)
    pushAll(patches, read.patches)
    for (const reference of read.references) {
      if (!fetchMbox) {
        problems.push({
          ruleId: 'patch-malformed',
          messageId: 'needsFetch',
          message: `Patch \`${reference.subject}\` is only named by URL (${reference.mbox}); use \`doclint patchwork\``,
          source: name
        })
        continue
      }
      const mbox = await fetchMbox(reference.mbox)
      const fetched = await readPatchInput(new TextEncoder().encode(mbox), reference.mbox, {
        maxBytes: limits.maxPatchSize,
        maxPatches: 1,
        maxMimeBytes: limits.maxMimeSize
      })
      pushAll(problems, fetched.problems)
      for (const patch of fetched.patches) {
        patch.index = reference.index
        patch.total = reference.total
        patch.patchworkId = reference.patchworkId
        patches.push(patch)
      }
    }
  }
  refuseTooMany(patches, limits.maxPatches)
  // Several separate single-patch files form one series in command-line order.
  if (files.length > 1 && patches.every((patch) => patch.total === 1)) {
    patches.forEach((patch, index) => {
      patch.index = index + 1
      patch.total = patches.length
    })
  }
  return {patches, problems}
}

/** Run a patch mode and produce a RunResult whose diagnostics are the per-patch findings. */
export async function runPatchMode(
  options: EngineOptions,
  mode: PatchModeOptions
): Promise<RunResult> {
  const started = now()
  const cwd = path.resolve(options.cwd)
  // --staged: the staged diff is asked for while the repository root is looked up and the engine
  // prepared (paths from the repository root whatever `diff.relative` says).
  const stagedDiff = mode.staged
    ? runGit(cwd, ['diff', '--cached', '--no-relative', ...PATCH_DIFF_OPTIONS]).then(
        (bytes) => ({bytes}),
        (error: unknown) => ({error})
      )
    : undefined
  const top = await gitTopLevel(cwd)
  if ((mode.staged || mode.range !== undefined || mode.base !== undefined) && top === undefined) {
    throw new UsageError('--staged, --range and --base need a git repository')
  }
  // Patches name paths from the repository root, so the tree is rooted there.
  const root = top ?? cwd
  // --staged: HEAD's commit, read from the git directory's files when they are plain; its listing
  // is then kept in the cache (a commit's listing never changes) and git is not asked again.
  // Otherwise HEAD is listed while the engine is prepared. Blobs the work tree holds are read
  // from it (checked by their ids); git's cat-file is started only for one it does not hold.
  const headCommit = mode.staged && top !== undefined ? headCommitOf(cwd) : undefined
  const workTree = mode.staged ? {workTree: root} : {}
  let stagedHead =
    mode.staged && top !== undefined && headCommit === undefined
      ? new GitTree(root, 'HEAD', 'HEAD', undefined, workTree)
      : undefined
  stagedHead?.warm()
  let engine
  try {
    engine = await prepareEngine({...options, root})
  } catch (error) {
    stagedHead?.close()
    throw error
  }
  const listingKey = `git listing\u0000${headCommit ?? ''}`
  if (headCommit !== undefined) {
    const known = decodeEntries(engine.cache.storedValue(listingKey))
    stagedHead = new GitTree(root, headCommit, 'HEAD', known, workTree)
    stagedHead.warm()
  }
  const opened: {close(): void}[] = []
  const open = <T extends {close(): void}>(tree: T): T => {
    opened.push(tree)
    return tree
  }
  const limits = engine.config.limits
  try {
    let base: FileTree
    let patches: PatchInput[]
    let problems: PatchProblem[] = []
    if (mode.staged) {
      const head = open(stagedHead ?? new GitTree(root, 'HEAD', 'HEAD', undefined, workTree))
      // The git commands run at once: a pre-commit hook would otherwise wait for each process in
      // turn. Only when HEAD cannot be listed is it asked whether there is a HEAD at all (none:
      // the base is empty; else the listing is asked again, and its failure said, below).
      const [diffRun, listed] = await Promise.all([
        stagedDiff ?? {error: new Error('no diff')},
        head.list().then(
          () => true,
          () => false
        )
      ])
      base = listed || (await hasHead(root)) ? head : new MemoryTree({}, 'empty tree')
      if ('error' in diffRun) throw diffRun.error
      const diff = diffRun.bytes.toString('utf8')
      patches =
        diff.trim() === ''
          ? []
          : [{subject: 'staged changes', index: 1, total: 1, diff, source: 'index'}]
    } else if (mode.range !== undefined) {
      const range = mode.range
      // every commit, merges included: a merge is checked against its parents (runSeries)
      const commits = await listRange(root, range).catch((error: unknown) => {
        throw new UsageError(`Cannot list ${range}: ${gitMessage(error)}`)
      })
      if (commits.length > limits.maxPatches) {
        throw new UsageError(
          `${mode.range} has ${commits.length} commits, more than the limit of ${limits.maxPatches}`
        )
      }
      const first = commits[0]
      base =
        first === undefined || first.parents === 0
          ? new MemoryTree({}, 'empty tree')
          : open(new GitTree(root, `${first.sha}^`, `${first.sha.slice(0, 12)}^`))
      patches = []
      for (const [index, commit] of commits.entries()) {
        patches.push(
          await commitAsPatch(root, commit.sha, {index: index + 1, total: commits.length})
        )
      }
    } else {
      base =
        mode.base === undefined
          ? new DiskTree(root, {maxFileSize: limits.maxFileSize})
          : open(new GitTree(root, mode.base))
      if (mode.inputs) {
        patches = typeof mode.inputs === 'function' ? await mode.inputs(limits) : mode.inputs
        refuseTooMany(patches, limits.maxPatches)
      } else ({patches, problems} = await readInputs(mode.patches, cwd, limits, mode.fetchMbox))
    }
    // A bad revision is a usage error, said before any patch is read. Git trees keep their
    // listing, so this costs nothing later; a disk tree cannot fail this way and is not walked.
    if (base instanceof GitTree) {
      const revision = base
      await revision.list().catch((error: unknown) => {
        throw new UsageError(`Cannot read ${revision.label}: ${gitMessage(error)}`)
      })
    }
    const results: PatchResult[] = []
    if (problems.length > 0) {
      // Input that could not be read is one result of its own: it never applies.
      const info = {index: 0, total: patches.length, subject: 'unreadable input'}
      results.push({
        patch: info,
        applied: false,
        introduced: await problemFindings(problems, info, base),
        fixed: [],
        existing: [],
        files: []
      })
    }
    // the real trees of commits (--range), one per revision
    const revisions = new Map<string, GitTree>()
    const revision =
      mode.range === undefined
        ? undefined
        : (rev: string): FileTree => {
            let tree = revisions.get(rev)
            if (tree === undefined) {
              tree = open(new GitTree(root, rev, rev.slice(0, 12)))
              revisions.set(rev, tree)
            }
            return tree
          }
    /**
     * --staged: what fixes every byte of a checked tree, when something does: HEAD is its commit;
     * the staged tree is that commit with the staged diff applied.
     */
    const stagedIdentity = (tree: FileTree): string | undefined => {
      if (!mode.staged || headCommit === undefined || stagedHead === undefined) return undefined
      if (tree === stagedHead) return `commit ${headCommit}`
      const patch = patches[0]
      if (patches.length !== 1 || patch === undefined) return undefined
      if (tree instanceof OverlayTree && tree.base === stagedHead)
        return `staged ${headCommit} ${sha256(patch.diff)}`
      return undefined
    }
    let checked = 0
    let documents = 0
    const budget = {left: limits.maxSeriesDocuments}
    const notes = new Map<string, {path: string; message: string}>()
    const files = new Set<string>()
    let builds: BuildSummary[] = []
    results.push(
      ...(await runSeries({
        base,
        patches,
        ignoreWhitespace: mode.ignoreWhitespace,
        all: mode.all,
        check: async (tree, renames, checked) => {
          // With --cache an unchanged base (HEAD for --staged) is not checked again.
          // --staged: HEAD and the staged tree share three records (after a commit the new HEAD
          // is the tree the last run checked as staged)
          const identity = stagedIdentity(checked)
          const result = await checkTreeCached(engine, tree, mode.staged ? 'staged' : tree.label, {
            ...(renames ? {renames} : {}),
            ...(mode.staged ? {slots: STAGED_RECORDS} : {}),
            ...(identity === undefined ? {} : {identity})
          })
          for (const note of result.notes) notes.set(`${note.path}\u0000${note.message}`, note)
          documents = result.documents
          builds = result.builds
          budget.left -= result.documents + SERIES_CHECK_COST
          for (const file of result.files) files.add(file)
          return result.diagnostics
        },
        budget,
        maxFileSize: limits.maxFileSize,
        ...(revision === undefined ? {} : {revision}),
        // the staged blobs, mostly in the work tree too (pre-commit stashes what is not staged)
        ...(mode.staged
          ? {
              postImage: (file: string, oid: string, fileMode: string | undefined) =>
                readWorkTreeBlob(root, file, oid, fileMode)
            }
          : {}),
        onTree: (_tree, patch) => {
          checked++
          mode.onPatch?.(checked, patches.length, patch.subject)
        }
      }))
    )
    // a series that stops at a patch: which one, why, what was checked and what was not
    const unchecked = results.filter((result) => result.notChecked !== undefined)
    const firstUnchecked = unchecked[0]
    if (firstUnchecked !== undefined) {
      const stopper = results[results.indexOf(firstUnchecked) - 1]
      const checkedCount = results.filter(
        (result) => result.applied && result.notChecked === undefined
      ).length
      const why = stopper?.introduced[0]?.message ?? 'it does not apply'
      const total = firstUnchecked.patch.total
      notes.set('series-stopped', {
        path: `[${stopper?.patch.index ?? '?'}/${total}]`,
        message: `the series stops at patch ${stopper?.patch.index ?? '?'}: ${why}. ${checkedCount} patch${checkedCount === 1 ? ' was' : 'es were'} checked before it; patches ${unchecked.map((result) => result.patch.index).join(', ')} were written on top of it and are not checked (neither clean nor broken).`
      })
    }
    const joint = results.find((result) => result.checkedFrom !== undefined)
    if (joint) {
      const {checkedFrom, patch} = joint
      notes.set('series', {
        path: `[${checkedFrom}/${patch.total}]`,
        message: `the series spent its check budget (limits.maxSeriesDocuments: ${limits.maxSeriesDocuments} documents checked); patches ${checkedFrom} to ${patch.index} were checked together, as one change, and what they introduce or fix is listed under patch ${patch.index}.`
      })
    }
    const diagnostics: Finding[] = []
    for (const result of results) {
      pushAll(diagnostics, result.introduced)
      pushAll(diagnostics, result.fixed)
      pushAll(diagnostics, result.existing)
    }
    const gitListed = stagedHead?.listed
    if (headCommit !== undefined && gitListed !== undefined) {
      engine.cache.storeValue(listingKey, encodeEntries(gitListed))
    }
    // nothing to check (nothing staged): the cache is left as it was, not cut down to this run's
    const saved = patches.length === 0 ? [] : await saveCache(engine, options)
    const skipped = [...notes.values(), ...saved]
    return {
      mode: 'patch',
      root,
      cwd,
      diagnostics,
      patches: results,
      files: [...files].sort(),
      documents,
      elapsedMs: now() - started,
      rules: engine.rules.map(({rule}) => rule.meta),
      ...(skipped.length > 0 ? {skipped} : {}),
      ...(builds.length > 0 ? {builds} : {})
    }
  } finally {
    for (const tree of opened) tree.close()
  }
}

/** The first line git printed on stderr, for messages. */
function gitMessage(error: unknown): string {
  const stderr = (error as {stderr?: Buffer | string}).stderr
  const text = stderr === undefined ? String(error) : stderr.toString()
  return text.trim().split('\n')[0] ?? 'git failed'
}

async function hasHead(root: string): Promise<boolean> {
  try {
    await runGit(root, ['rev-parse', '--verify', '-q', 'HEAD'])
    return true
  } catch {
    return false
  }
}
