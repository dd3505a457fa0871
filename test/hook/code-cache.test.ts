/**
 * An install from git (as pre-commit makes) has no build-made V8 code cache: for `--staged` the
 * bundles' code cache is kept in the git directory, beside the run cache. It must be written once,
 * reused while doclint and Node are the same, never written through a link, survive damage, and
 * never change what a run says.
 */
import {spawnSync} from 'node:child_process'
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  unlinkSync,
  utimesSync,
  writeFileSync
} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {committedRepo, git, isolateGit, removeDir, writeFiles} from './git-repo.js'

const ROOT = path.resolve(import.meta.dirname, '..', '..')
let install: string
let repo: string
const temps: string[] = []

/** The files an install from git holds (the committed bundle, no `.cache` beside it). */
function gitLikeInstall(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'doclint-git-install-'))
  temps.push(dir)
  cpSync(path.join(ROOT, 'bin'), path.join(dir, 'bin'), {recursive: true})
  cpSync(path.join(ROOT, 'rules'), path.join(dir, 'rules'), {recursive: true})
  cpSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'))
  cpSync(path.join(ROOT, 'dist', 'bundle'), path.join(dir, 'dist', 'bundle'), {
    recursive: true,
    filter: (source) => !source.endsWith('.cache')
  })
  return dir
}

function staged(...extra: string[]): {status: number | null; diagnostics: string} {
  return stagedIn(repo, ...extra)
}

function stagedIn(cwd: string, ...extra: string[]): {status: number | null; diagnostics: string} {
  const result = spawnSync(
    process.execPath,
    [path.join(install, 'bin', 'doclint.cjs'), '--staged', '--format', 'json', ...extra],
    {cwd, encoding: 'utf8'}
  )
  const {diagnostics} = JSON.parse(result.stdout) as {diagnostics: unknown}
  return {status: result.status, diagnostics: JSON.stringify(diagnostics)}
}

const codeCache = () => path.join(repo, '.git', 'doclint-code-cache')

/** The bundles a code cache file names, from its first line. */
function namedBundles(): string[] {
  const bytes = readFileSync(codeCache())
  const head = JSON.parse(bytes.subarray(0, bytes.indexOf(10)).toString('utf8')) as {
    entries: {name: string; length: number}[]
  }
  const total = head.entries.reduce((sum, entry) => sum + entry.length, 0)
  expect(bytes.length).toBe(bytes.indexOf(10) + 1 + total)
  return head.entries.map((entry) => entry.name).sort()
}

beforeAll(() => {
  isolateGit()
  install = gitLikeInstall()
  expect(readdirSync(path.join(install, 'dist', 'bundle')).some((f) => f.endsWith('.cache'))).toBe(
    false
  )
  repo = committedRepo({
    'conf.py': "project = 'code cache'\n",
    'index.rst': 'Code cache\n==========\n\n.. toctree::\n\n   guide\n',
    'guide.rst': 'Guide\n=====\n\nBack to :doc:`index`.\n'
  })
  temps.push(repo)
  writeFiles(repo, {'guide.rst': 'Guide\n=====\n\nSee :doc:`nowhere`.\n'})
  git(repo, 'add', 'guide.rst')
})

afterAll(() => {
  for (const dir of temps) removeDir(dir)
})

describe('the code cache of an install from git', () => {
  it('is written by the first --staged run, in the git directory, and reused after', () => {
    const first = staged()
    expect(first.status).toBe(1)
    expect(first.diagnostics).toContain('nowhere')
    expect(namedBundles()).toEqual(['cli', 'heavy', 'near', 'readers'])
    const written = statSync(codeCache())
    const second = staged()
    expect(second).toEqual(first)
    // reused, not written again
    const after = statSync(codeCache())
    expect([after.ino, after.mtimeMs]).toEqual([written.ino, written.mtimeMs])
    expect(staged('--no-cache')).toEqual(first)
    // nothing in the work tree
    expect(git(repo, 'status', '--porcelain', '--untracked-files=all')).toBe('M  guide.rst\n')
  })

  it('is made again for another doclint (a bundle file that changed)', () => {
    const before = statSync(codeCache())
    const bundle = path.join(install, 'dist', 'bundle', 'heavy.cjs')
    const later = new Date(Date.now() + 5000)
    utimesSync(bundle, later, later)
    expect(staged().status).toBe(1)
    const after = statSync(codeCache())
    expect(after.mtimeMs === before.mtimeMs && after.ino === before.ino).toBe(false)
    expect(namedBundles()).toEqual(['cli', 'heavy', 'near', 'readers'])
  })

  it('survives a damaged file and is never written through a link', () => {
    writeFileSync(codeCache(), 'junk\u0000{"entries":[{"name":"cli","key":1,"length":-5}]}\nxx')
    const damaged = staged()
    expect(damaged.status).toBe(1)
    expect(damaged.diagnostics).toContain('nowhere')
    // a valid file again (this run was answered without the heavy bundle: the cli's cache alone)
    expect(namedBundles()).toContain('cli')

    const outside = path.join(mkdtempSync(path.join(os.tmpdir(), 'doclint-outside-')), 'target')
    temps.push(path.dirname(outside))
    writeFileSync(outside, 'not yours\n')
    unlinkSync(codeCache())
    symlinkSync(outside, codeCache())
    const linked = staged()
    expect(linked.status).toBe(1)
    expect(linked.diagnostics).toContain('nowhere')
    expect(readFileSync(outside, 'utf8')).toBe('not yours\n')
    unlinkSync(codeCache())
  })

  it('lands beside the run cache in a linked worktree', () => {
    const other = path.join(mkdtempSync(path.join(os.tmpdir(), 'doclint-worktree-')), 'wt')
    temps.push(path.dirname(other))
    git(repo, 'worktree', 'add', '-q', '-b', 'side', other)
    writeFiles(other, {'guide.rst': 'Guide\n=====\n\nSee :doc:`elsewhere`.\n'})
    git(other, 'add', 'guide.rst')
    const result = stagedIn(other)
    expect(result.status).toBe(1)
    expect(result.diagnostics).toContain('elsewhere')
    const gitDir = git(other, 'rev-parse', '--absolute-git-dir').trim()
    expect(gitDir).not.toBe(path.join(repo, '.git'))
    expect(existsSync(path.join(gitDir, 'doclint-cache'))).toBe(true)
    expect(existsSync(path.join(gitDir, 'doclint-code-cache'))).toBe(true)
  })
})
