/** Shared helpers of the hostile-input tests: temp dirs, real git repos, the real bin, snapshots. */
import {execFileSync, spawnSync} from 'node:child_process'
import {createHash} from 'node:crypto'
import {
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
  mkdirSync
} from 'node:fs'
import os from 'node:os'
import path from 'node:path'

/** The repository root. */
export const repoRoot = path.resolve(import.meta.dirname, '..', '..')
/** The real command line entry. */
export const bin = path.join(repoRoot, 'bin', 'doclint.cjs')

const temps: string[] = []

/** A fresh temp dir, removed by {@link cleanTemps}. */
export function tempDir(prefix = 'doclint-hostile-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix))
  temps.push(dir)
  return dir
}

/** Remove every temp dir made by {@link tempDir} (call from afterAll). */
export function cleanTemps(): void {
  for (const dir of temps.splice(0)) rmSync(dir, {recursive: true, force: true})
}

/** Write files (path → text or bytes) under `dir`, making folders. */
export function writeTree(dir: string, files: Record<string, string | Uint8Array>): void {
  for (const [name, content] of Object.entries(files)) {
    const full = path.join(dir, name)
    mkdirSync(path.dirname(full), {recursive: true})
    writeFileSync(full, content)
  }
}

/** Run git in `cwd` with a fixed identity and date. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Dev',
      GIT_AUTHOR_EMAIL: 'dev@example.invalid',
      GIT_COMMITTER_NAME: 'Dev',
      GIT_COMMITTER_EMAIL: 'dev@example.invalid',
      GIT_AUTHOR_DATE: '2026-05-05T22:52:12Z',
      GIT_COMMITTER_DATE: '2026-05-05T22:52:12Z'
    }
  })
}

/** A committed git repository at `dir` holding `files`. */
export function makeRepo(dir: string, files: Record<string, string | Uint8Array>): string {
  mkdirSync(dir, {recursive: true})
  writeTree(dir, files)
  git(dir, 'init', '-q', '-b', 'main')
  git(dir, 'add', '-A')
  git(dir, 'commit', '-q', '-m', 'Base')
  return dir
}

/** What one run of the bin did. */
export interface Run {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

/** Run the real bin in `cwd`. */
export function doclint(cwd: string, args: string[], input?: string | Uint8Array): Run {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    input,
    maxBuffer: 256 * 1024 * 1024,
    env: {...process.env, NO_COLOR: '1'}
  })
  return {code: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr}
}

/** A diagnostic as the JSON reporter prints it. */
export interface JsonDiagnostic {
  rule: string
  severity: string
  file: string
  line: number
  message: string
  status?: string
}

/** The JSON reporter's output. */
export interface JsonReport {
  diagnostics: JsonDiagnostic[]
  summary: {
    patches?: {
      index: number
      applied: boolean
      status: string
      introduced: number
      checkedWith?: number
      checkedFrom?: number
    }[]
    files: number
    documents: number
    /** Files not read, or read in part, and limits met. */
    skipped?: {path: string; message: string}[]
  }
}

/** Parse a run's stdout as the JSON report. */
export function report(run: Run): JsonReport {
  return JSON.parse(run.stdout) as JsonReport
}

/**
 * Everything under `dir`: path → kind, mode and content hash (or link target). `skip` names
 * paths (relative) whose content is not compared, only their existence (git's index is
 * rewritten by a status refresh).
 */
export function snapshot(dir: string, skip: string[] = []): Map<string, string> {
  const out = new Map<string, string>()
  const walk = (folder: string): void => {
    for (const name of readdirSync(folder).sort()) {
      const full = path.join(folder, name)
      const relative = path.relative(dir, full)
      const stat = lstatSync(full)
      if (stat.isSymbolicLink()) out.set(relative, `link ${readlinkSync(full)}`)
      else if (stat.isDirectory()) {
        out.set(relative, `dir ${(stat.mode & 0o7777).toString(8)}`)
        walk(full)
      } else if (skip.includes(relative)) out.set(relative, 'file')
      else {
        const hash = createHash('sha256').update(readFileSync(full)).digest('hex')
        out.set(relative, `file ${(stat.mode & 0o7777).toString(8)} ${hash}`)
      }
    }
  }
  walk(dir)
  return out
}

/** Whether this process can read a chmod 000 file (root can: such tests are skipped). */
export function readsThroughPermissions(): boolean {
  const dir = tempDir('doclint-perm-')
  const file = path.join(dir, 'probe')
  writeFileSync(file, 'x', {mode: 0o000})
  try {
    readFileSync(file)
    return true
  } catch {
    return false
  }
}
