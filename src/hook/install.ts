/** `doclint install-hook`: write a git pre-commit hook that runs `doclint --staged`. */
import {execFile} from 'node:child_process'
import {promises as fs} from 'node:fs'
import path from 'node:path'
import {promisify} from 'node:util'
import {writeFileAtomic} from '../fs/atomic.js'

const run = promisify(execFile)

/** The line that marks a hook as doclint's own (and so safe to replace). */
export const HOOK_MARKER = '# doclint-managed-hook'

/** Thrown when the hook cannot be installed (not a repository, someone else's hook). */
export class HookInstallError extends Error {
  override name = 'HookInstallError'
  constructor(
    message: string,
    readonly reason: 'not-a-repository' | 'foreign-hook'
  ) {
    super(message)
  }
}

/** Options of `installHook`. */
export interface InstallHookOptions {
  /** Any folder inside the repository (or worktree). */
  repoDir: string
  /** Replace a pre-commit hook doclint did not write. */
  force?: boolean
}

/** Where the hook went, whether a file was there before, and whether the project has doclint. */
export interface InstallHookResult {
  path: string
  replaced: boolean
  /**
   * Whether the repository's top folder has `node_modules/.bin/doclint`. Without it the hook
   * runs `npx --no-install doclint`, which finds only a doclint installed globally.
   */
  local: boolean
}

/** What the hook runs: doclint on the staged tree, with the cache (kept in the git directory). */
export const HOOK_COMMAND = 'doclint --staged --cache'

/**
 * The hook script. It names no absolute path, so it survives moving the checkout and upgrading
 * Node: git runs a pre-commit hook at the top of the work tree, where the project's own
 * `node_modules/.bin/doclint` (which runs with the `node` on PATH) is looked for first;
 * `npx --no-install` never downloads anything.
 */
export function hookScript(): string {
  return [
    '#!/bin/sh',
    HOOK_MARKER,
    '# Written by `doclint install-hook`, which may replace it. Delete the marker line above to',
    '# keep your own edits. Skip once with `git commit --no-verify`.',
    'if [ -x node_modules/.bin/doclint ]; then',
    `  exec node_modules/.bin/${HOOK_COMMAND}`,
    'fi',
    `exec npx --no-install ${HOOK_COMMAND}`,
    ''
  ].join('\n')
}

/** The hooks folder git uses for this repository (honours core.hooksPath and worktrees). */
export async function hooksDirectory(repoDir: string): Promise<string> {
  let out: string
  try {
    const result = await run('git', ['rev-parse', '--git-path', 'hooks'], {cwd: repoDir})
    out = result.stdout
  } catch {
    throw new HookInstallError(`${repoDir} is not inside a git repository`, 'not-a-repository')
  }
  // --git-path answers relative to the cwd it ran in; core.hooksPath may be absolute or use ~.
  const answer = out.replace(/\r?\n$/, '')
  return path.resolve(repoDir, answer)
}

/** Whether the repository's top folder has doclint installed locally (what the hook runs). */
async function hasLocalDoclint(repoDir: string): Promise<boolean> {
  try {
    const {stdout} = await run('git', ['rev-parse', '--show-toplevel'], {cwd: repoDir})
    const top = stdout.replace(/\r?\n$/, '')
    await fs.access(path.join(top, 'node_modules', '.bin', 'doclint'))
    return true
  } catch {
    return false
  }
}

/**
 * Install the pre-commit hook. A hook doclint wrote (it has HOOK_MARKER) is replaced; any other
 * existing hook is left alone unless `force`.
 */
export async function installHook(options: InstallHookOptions): Promise<InstallHookResult> {
  const dir = await hooksDirectory(options.repoDir)
  const hook = path.join(dir, 'pre-commit')
  const stat = await fs.lstat(hook).catch(() => undefined)
  let replaced = false
  if (stat !== undefined) {
    const ours =
      stat.isFile() &&
      (await fs.readFile(hook, 'utf8')).split(/\r?\n/).some((line) => line.trim() === HOOK_MARKER)
    if (!ours && options.force !== true) {
      throw new HookInstallError(
        `${hook} exists and was not written by doclint; use --force to replace it`,
        'foreign-hook'
      )
    }
    // A symlinked hook is replaced by a file, never written through (its target may be shared).
    if (!stat.isFile()) await fs.rm(hook, {recursive: false, force: true})
    replaced = true
  }
  await fs.mkdir(dir, {recursive: true})
  await writeFileAtomic(hook, hookScript(), {within: dir, mode: 0o755})
  // The umask may have removed bits from the mode given to open(): the hook must be executable.
  await fs.chmod(hook, 0o755)
  return {path: hook, replaced, local: await hasLocalDoclint(options.repoDir)}
}
