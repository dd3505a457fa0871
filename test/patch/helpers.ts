/** Shared helpers of the patch tests: real git repositories in temp folders, a fake linter. */
import {execFileSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {assignKeys} from '../../src/engine/identity.js'
import type {Finding} from '../../src/engine/types.js'
import type {FileTree} from '../../src/tree/types.js'

const GIT_ENV = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'Ada Tester',
  GIT_AUTHOR_EMAIL: 'ada@example.org',
  GIT_COMMITTER_NAME: 'Ada Tester',
  GIT_COMMITTER_EMAIL: 'ada@example.org',
  GIT_AUTHOR_DATE: '2026-01-02T03:04:05Z',
  GIT_COMMITTER_DATE: '2026-01-02T03:04:05Z',
  LC_ALL: 'C'
}

/** Run git in `cwd` and return stdout (throws with stderr on failure). */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    env: GIT_ENV,
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe']
  })
}

/** Run git and return stdout bytes. */
export function gitBytes(cwd: string, ...args: string[]): Buffer {
  return execFileSync('git', args, {cwd, env: GIT_ENV, stdio: ['pipe', 'pipe', 'pipe']})
}

/** Run git, returning whether it succeeded (for `git apply --check`). */
export function gitOk(cwd: string, ...args: string[]): boolean {
  try {
    execFileSync('git', args, {cwd, env: GIT_ENV, stdio: ['pipe', 'pipe', 'pipe']})
    return true
  } catch {
    return false
  }
}

const made: string[] = []

/** A fresh temp folder, removed by {@link cleanup}. */
export function tempDir(prefix = 'doclint-patch-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix))
  made.push(dir)
  return dir
}

/** Remove every temp folder made so far. */
export function cleanup(): void {
  for (const dir of made.splice(0)) rmSync(dir, {recursive: true, force: true})
}

/** Write files (creating folders) below `dir`. */
export function writeFiles(dir: string, files: Record<string, string | Uint8Array>): void {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name)
    mkdirSync(path.dirname(file), {recursive: true})
    writeFileSync(file, content)
  }
}

/** A new repository with `files` committed on `main`. */
export function makeRepo(files: Record<string, string | Uint8Array>): string {
  const dir = tempDir()
  git(dir, 'init', '-q', '-b', 'main')
  git(dir, 'config', 'core.autocrlf', 'false')
  writeFiles(dir, files)
  git(dir, 'add', '-A')
  git(dir, 'commit', '-q', '-m', 'base')
  return dir
}

/** Commit everything in the working tree. */
export function commitAll(dir: string, message: string): string {
  git(dir, 'add', '-A')
  git(dir, 'commit', '-q', '--allow-empty', '-m', message)
  return git(dir, 'rev-parse', 'HEAD').trim()
}

/** Lines of `BROKEN <target>` give one finding each (rule `fake-broken`), keyed like the engine. */
export async function fakeCheck(tree: FileTree): Promise<Finding[]> {
  const findings: Finding[] = []
  for (const file of await tree.list()) {
    const bytes = await tree.read(file)
    if (!bytes) continue
    const text = new TextDecoder().decode(bytes)
    let offset = 0
    text.split('\n').forEach((line, index) => {
      const match = /^BROKEN (\S+)/.exec(line)
      if (match) {
        const start = {line: index + 1, column: 1, offset}
        const end = {line: index + 1, column: line.length + 1, offset: offset + line.length}
        findings.push({
          ruleId: 'fake-broken',
          messageId: 'broken',
          message: `Broken \`${match[1]}\``,
          severity: 'error',
          file,
          range: {start, end},
          target: match[1] as string
        })
      }
      offset += line.length + 1
    })
  }
  return assignKeys(findings)
}

/** A fake check that counts its calls. */
export function countingCheck(): {check: (tree: FileTree) => Promise<Finding[]>; calls: string[]} {
  const calls: string[] = []
  return {
    calls,
    check: async (tree) => {
      calls.push(tree.label)
      return fakeCheck(tree)
    }
  }
}

/** Every file of a tree with its bytes, for comparing trees. */
export async function snapshot(tree: FileTree): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const file of await tree.list()) {
    const bytes = await tree.read(file)
    out[file] = bytes === undefined ? '<unreadable>' : Buffer.from(bytes).toString('latin1')
  }
  return out
}

/**
 * A small stand-in for the engine's doc-unknown/toctree-missing rules: `:doc:` links and toctree
 * entries of `.rst` files under `srcdir` that name no `.rst` document give a finding.
 */
export function docLinkCheck(srcdir: string): (tree: FileTree) => Promise<Finding[]> {
  return async (tree) => {
    const files = (await tree.list(srcdir)).filter((file) => file.endsWith('.rst'))
    const docs = new Set(files.map((file) => file.slice(srcdir.length + 1, -'.rst'.length)))
    const findings: Finding[] = []
    for (const file of files) {
      const text = new TextDecoder().decode(await tree.read(file))
      const here = path.posix.dirname(file.slice(srcdir.length + 1))
      const resolve = (target: string): string =>
        target.startsWith('/')
          ? target.slice(1)
          : path.posix.normalize(path.posix.join(here, target))
      const report = (target: string, offset: number, ruleId: string): void => {
        const resolved = resolve(target)
        if (docs.has(resolved)) return
        const line = text.slice(0, offset).split('\n').length
        const point = {line, column: 1, offset}
        findings.push({
          ruleId,
          messageId: 'missing',
          message: `Cannot find document \`${target}\``,
          severity: 'error',
          file,
          range: {start: point, end: point},
          target,
          resolved
        })
      }
      for (const match of text.matchAll(/:doc:`([^`<]*<)?([^`>]+)>?`/g))
        report((match[2] as string).trim(), match.index, 'fake-doc-unknown')
      const lines = text.split('\n')
      let offset = 0
      let inToctree = false
      for (const line of lines) {
        if (/^\s*\.\. toctree::/.test(line)) inToctree = true
        else if (inToctree && line.trim() !== '' && !/^\s/.test(line)) inToctree = false
        else if (inToctree && line.trim() !== '' && !line.trim().startsWith(':'))
          report(line.trim(), offset, 'fake-toctree-missing')
        offset += line.length + 1
      }
    }
    return assignKeys(findings)
  }
}
