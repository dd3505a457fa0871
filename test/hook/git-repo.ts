/** Real git repositories in temp folders for the hook tests, isolated from the user's git config. */
import {execFileSync, spawnSync} from 'node:child_process'
import {mkdtempSync, mkdirSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'

/** Keep the machine's global/system git config (a global core.hooksPath…) out of the tests. */
export function isolateGit(): void {
  const home = mkdtempSync(path.join(tmpdir(), 'doclint-git-home-'))
  writeFileSync(path.join(home, '.gitconfig'), '')
  process.env['GIT_CONFIG_GLOBAL'] = path.join(home, '.gitconfig')
  process.env['GIT_CONFIG_NOSYSTEM'] = '1'
  process.env['GIT_AUTHOR_NAME'] = 'Doc Lint'
  process.env['GIT_AUTHOR_EMAIL'] = 'doclint@example.org'
  process.env['GIT_COMMITTER_NAME'] = 'Doc Lint'
  process.env['GIT_COMMITTER_EMAIL'] = 'doclint@example.org'
}

/** A fresh repository; returns its folder. */
export function makeRepo(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'doclint-hook-'))
  git(dir, 'init', '-q', '-b', 'main')
  return dir
}

/** Run git, returning stdout (throws on failure). */
export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, {cwd: dir, encoding: 'utf8'})
}

/** Run git without throwing: status and both streams. */
export function tryGit(
  dir: string,
  ...args: string[]
): {status: number | null; stdout: string; stderr: string} {
  const result = spawnSync('git', args, {cwd: dir, encoding: 'utf8', timeout: 120_000})
  return {status: result.status, stdout: result.stdout, stderr: result.stderr}
}

/** Write files (POSIX relative paths) into a folder. */
export function writeFiles(dir: string, files: Record<string, string | Uint8Array>): void {
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, ...name.split('/'))
    mkdirSync(path.dirname(file), {recursive: true})
    writeFileSync(file, text)
  }
}

/** A fresh repository holding `files` in one commit; returns its folder. */
export function committedRepo(files: Record<string, string>, message = 'Base'): string {
  const dir = makeRepo()
  writeFiles(dir, files)
  git(dir, 'add', '.')
  git(dir, 'commit', '-q', '-m', message)
  return dir
}

/** Remove a temp folder. */
export function removeDir(dir: string): void {
  rmSync(dir, {recursive: true, force: true})
}
