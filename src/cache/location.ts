/**
 * Where `--cache` keeps its file when no `--cache-location` is given: inside the repository's git
 * directory (`doclint-cache`, the file `git rev-parse --git-path doclint-cache` names), so it is
 * never an untracked file in the work tree and each worktree has its own. Outside a repository:
 * `.doclintcache` in the current folder.
 *
 * Found without running git (a process start costs more than the rest of a cached run): `$GIT_DIR`
 * when git set it (hooks run with it), else the nearest `.git` folder above `cwd`, or the folder a
 * `.git` file (a worktree, a submodule) points at.
 */
import {lstatSync, readFileSync} from 'node:fs'
import path from 'node:path'

/** The cache file's name inside the git directory. */
export const GIT_CACHE_NAME = 'doclint-cache'

/** The cache file's name outside a repository (relative to the current folder). */
export const PLAIN_CACHE_FILE = '.doclintcache'

/** The git directory of the repository holding `cwd`, or undefined outside one. */
export function gitDirectory(
  cwd: string,
  env: NodeJS.ProcessEnv = process.env
): string | undefined {
  const fromEnv = env['GIT_DIR']
  if (fromEnv !== undefined && fromEnv !== '') return path.resolve(cwd, fromEnv)
  let dir = path.resolve(cwd)
  for (;;) {
    const dotGit = path.join(dir, '.git')
    const stat = lstatSync(dotGit, {throwIfNoEntry: false})
    if (stat?.isDirectory()) return dotGit
    if (stat?.isFile()) {
      const match = /^gitdir: (.+?)\r?\n?$/m.exec(readFileSync(dotGit, 'utf8'))
      return match?.[1] === undefined ? undefined : path.resolve(dir, match[1])
    }
    const parent = path.dirname(dir)
    if (parent === dir) return undefined
    dir = parent
  }
}

/** The default cache file for a run in `cwd` (absolute inside a repository). */
export function defaultCacheFile(cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  const gitDir = gitDirectory(cwd, env)
  return gitDir === undefined ? PLAIN_CACHE_FILE : path.join(gitDir, GIT_CACHE_NAME)
}
