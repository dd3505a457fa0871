/**
 * Renames: a change that renames a document (git's rename, or a delete plus a similar add) turns
 * into suggestions and fixes that follow it: toctree entries and `:doc:` targets rewritten, the
 * manifest line replaced where it stands, and the dry run's diff applies with `git apply`.
 */
import {spawnSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {changeRenames} from '../../src/fix/renames.js'
import type {FileChange} from '../../src/patch/apply.js'
import {MemoryTree} from '../../src/tree/memory.js'

const repo = path.resolve(import.meta.dirname, '..', '..')
const bin = path.join(repo, 'bin', 'doclint.cjs')
const temp = mkdtempSync(path.join(tmpdir(), 'doclint-renames-'))
afterAll(() => rmSync(temp, {recursive: true, force: true}))

const bonding = 'Bonding\n=======\n\nBonds join links.\nThey balance load.\nThey fail over.\n'

function run(
  cwd: string,
  command: string,
  ...args: string[]
): {status: number | null; stdout: string} {
  const result =
    command === 'doclint'
      ? spawnSync(process.execPath, [bin, ...args], {cwd, encoding: 'utf8'})
      : spawnSync(command, args, {cwd, encoding: 'utf8'})
  return {status: result.status, stdout: result.stdout}
}

function project(name: string): string {
  const dir = path.join(temp, name)
  mkdirSync(path.join(dir, 'Documentation', 'topics'), {recursive: true})
  const files: Record<string, string> = {
    'Makefile.am': 'include Documentation/automake.mk\n',
    'Documentation/automake.mk':
      'DOC_SOURCE = \\\n\tDocumentation/conf.py \\\n\tDocumentation/index.rst \\\n\tDocumentation/topics/bonding.rst \\\n\tDocumentation/topics/porting.rst\n',
    'Documentation/conf.py': "project = 'renames'\n",
    'Documentation/index.rst':
      'Renames\n=======\n\n.. toctree::\n\n   topics/bonding\n   topics/porting\n\nSee :doc:`topics/bonding` and :doc:`Bonds </topics/bonding>`.\n',
    'Documentation/topics/bonding.rst': bonding,
    'Documentation/topics/porting.rst': 'Porting\n=======\n\nElsewhere.\n'
  }
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text)
  const git = (...args: string[]): void => {
    expect(run(dir, 'git', '-c', 'user.name=t', '-c', 'user.email=t@t', ...args).status).toBe(0)
  }
  git('init', '-q')
  git('add', '-A')
  git('commit', '-qm', 'base')
  git('mv', 'Documentation/topics/bonding.rst', 'Documentation/topics/link-bonding.rst')
  return dir
}

describe('renames', () => {
  it('pairs a deleted file with a new one of mostly the same lines', async () => {
    const base = new MemoryTree({'a/bonding.rst': bonding, 'a/other.rst': 'Other\n=====\n'})
    const changes = new Map<string, FileChange>([
      ['a/bonding.rst', {kind: 'deleted'}],
      ['a/other.rst', {kind: 'deleted'}],
      ['a/link-bonding.rst', {kind: 'file', bytes: new TextEncoder().encode(`${bonding}More.\n`)}],
      ['a/unrelated.rst', {kind: 'file', bytes: new TextEncoder().encode('New\n===\n\nText.\n')}]
    ])
    expect([...(await changeRenames(base, changes))]).toEqual([
      ['a/bonding.rst', 'a/link-bonding.rst']
    ])
  })

  it('suggests the new name first in patch mode (--staged)', () => {
    const dir = project('staged')
    const {stdout} = run(dir, 'doclint', '--staged', '--format', 'json')
    const report = JSON.parse(stdout) as {diagnostics: {rule: string; message: string}[]}
    const messages = report.diagnostics
      .filter((d) => d.rule === 'doc-unknown' || d.rule === 'toctree-missing')
      .map((d) => d.message)
    expect(messages.length).toBe(3)
    for (const message of messages) expect(message).toContain('did you mean `topics/link-bonding`?')
  })

  it('--fix-dry-run rewrites the toctree entry, the :doc: targets and the manifest line in place', () => {
    const dir = project('fix')
    const {stdout} = run(dir, 'doclint', 'Documentation', '--fix-dry-run')
    const diff = stdout.slice(stdout.indexOf('--- a/'))
    expect(diff).toContain(
      '-\tDocumentation/topics/bonding.rst \\\n+\tDocumentation/topics/link-bonding.rst \\'
    )
    expect(diff).toContain('-   topics/bonding\n+   topics/link-bonding')
    expect(diff).toContain(
      '+See :doc:`topics/link-bonding` and :doc:`Bonds </topics/link-bonding>`.'
    )
    writeFileSync(path.join(temp, 'fix.diff'), diff)
    expect(run(dir, 'git', 'apply', '--check', path.join(temp, 'fix.diff')).status).toBe(0)
    // Applied for real, the tree is clean.
    run(dir, 'doclint', 'Documentation', '--fix')
    expect(run(dir, 'doclint', 'Documentation').status).toBe(0)
  })
})
