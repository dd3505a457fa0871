/**
 * Patch modes end to end, through the real bin, in real git repositories: the seed scenario (the
 * Open vSwitch "Remove Windows docs" patch, on a tree of our own with the same shape), and each
 * input form and base.
 */
import {execFileSync, spawnSync} from 'node:child_process'
import {cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

const repoRoot = path.resolve(import.meta.dirname, '..')
const bin = path.join(repoRoot, 'bin', 'doclint.cjs')
const seedTree = path.join(repoRoot, 'fixtures', 'patch-mode', 'ovs-like')
const temps: string[] = []

interface Json {
  diagnostics: {
    rule: string
    file: string
    line: number
    target?: string
    status?: string
    patch?: {index: number; subject: string}
  }[]
  summary: {
    patches?: {
      index: number
      subject: string
      applied: boolean
      introduced: number
      fixed: number
      status: string
    }[]
  }
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_DATE: '2026-05-05T22:52:12Z',
      GIT_COMMITTER_DATE: '2026-05-05T22:52:12Z'
    }
  })
}

function doclint(
  cwd: string,
  args: string[],
  input?: string
): {code: number; json: Json | undefined; stdout: string; stderr: string} {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    input,
    env: {...process.env, NO_COLOR: '1'}
  })
  let json: Json | undefined
  if (args.includes('json')) json = JSON.parse(result.stdout) as Json
  return {code: result.status ?? -1, json, stdout: result.stdout, stderr: result.stderr}
}

/** A fresh repository holding the seed-shaped tree, committed. */
function makeRepo(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'doclint-patch-'))
  temps.push(dir)
  cpSync(seedTree, dir, {recursive: true})
  git(dir, 'init', '-q', '-b', 'main')
  git(dir, 'config', 'user.email', 'dev@example.invalid')
  git(dir, 'config', 'user.name', 'Dev')
  git(dir, 'add', '-A')
  git(dir, 'commit', '-q', '-m', 'Base')
  return dir
}

function edit(dir: string, file: string, replace: (text: string) => string): void {
  const full = path.join(dir, file)
  writeFileSync(full, replace(readFileSync(full, 'utf8')))
}

/** The parts of the seed change: each is one hunk of the real patch. */
const parts = {
  delete: (dir: string) => rmSync(path.join(dir, 'Documentation/topics/windows.rst')),
  toctree: (dir: string) =>
    edit(dir, 'Documentation/topics/index.rst', (t) => t.replace('   windows\n', '')),
  docLink: (dir: string) =>
    edit(dir, 'Documentation/index.rst', (t) => t.replace('    - :doc:`topics/windows`\n', '')),
  manifest: (dir: string) =>
    edit(dir, 'Documentation/automake.mk', (t) =>
      t.replace('\tDocumentation/topics/windows.rst \\\n', '')
    )
}
type Part = keyof typeof parts

/** Make the change (all parts but `skip`) as a format-patch file, then restore the base. */
function seedPatch(dir: string, skip?: Part): string {
  for (const [name, apply] of Object.entries(parts)) if (name !== skip) apply(dir)
  git(dir, 'add', '-A')
  git(dir, 'commit', '-q', '-m', 'Documentation: Remove Windows docs.')
  const file = path.join(dir, '..', `${path.basename(dir)}-${skip ?? 'full'}.patch`)
  temps.push(file)
  writeFileSync(file, git(dir, 'format-patch', '-1', '--stdout'))
  git(dir, 'reset', '-q', '--hard', 'HEAD~1')
  return file
}

afterAll(() => {
  for (const dir of temps) rmSync(dir, {recursive: true, force: true})
})

describe('the seed scenario: removing a document and every mention of it', () => {
  let dir: string
  beforeAll(() => {
    dir = makeRepo()
  })

  it('the base tree is clean', () => {
    const {code, stdout} = doclint(dir, ['Documentation'])
    expect(stdout).toContain('no problems')
    expect(code).toBe(0)
  })

  it('the whole patch is clean', () => {
    const patch = seedPatch(dir)
    const {code, json} = doclint(dir, ['Documentation', '--patch', patch, '--format', 'json'])
    expect(json?.summary.patches).toEqual([
      expect.objectContaining({
        subject: 'Documentation: Remove Windows docs.',
        applied: true,
        introduced: 0,
        status: 'clean'
      })
    ])
    expect(code).toBe(0)
  })

  const expectations: [Part, {rule: string; file: string; line: number}][] = [
    ['toctree', {rule: 'toctree-missing', file: 'Documentation/topics/index.rst', line: 8}],
    ['docLink', {rule: 'doc-unknown', file: 'Documentation/index.rst', line: 12}],
    ['manifest', {rule: 'manifest-missing', file: 'Documentation/automake.mk', line: 9}]
  ]
  for (const [skip, expected] of expectations) {
    it(`the patch without its ${skip} hunk introduces exactly one finding, in the untouched file`, () => {
      const patch = seedPatch(dir, skip)
      const {code, json} = doclint(dir, ['Documentation', '--patch', patch, '--format', 'json'])
      const introduced = json?.diagnostics.filter((d) => d.status === 'introduced') ?? []
      expect(introduced).toEqual([
        expect.objectContaining({
          ...expected,
          patch: {index: 1, subject: 'Documentation: Remove Windows docs.'}
        })
      ])
      expect(code).toBe(1)
    })
  }

  it('reports the stylish form grouped by patch', () => {
    const patch = seedPatch(dir, 'toctree')
    const {stdout} = doclint(dir, ['Documentation', '--patch', patch])
    expect(stdout).toMatch(/^\[1\/1\] Documentation: Remove Windows docs\. +1 new problem$/m)
    expect(stdout).toMatch(
      /^Documentation\/topics\/index\.rst:8:\d+ +error +.*windows.* +toctree-missing$/m
    )
  })
})

describe('inputs and bases', () => {
  it('reads an mbox series with a cover letter and reports per patch', () => {
    const dir = makeRepo()
    parts.toctree(dir)
    git(dir, 'commit', '-qam', 'Documentation: Drop the Windows toctree entry.')
    parts.delete(dir)
    parts.docLink(dir)
    parts.manifest(dir)
    git(dir, 'add', '-A')
    git(dir, 'commit', '-qm', 'Documentation: Remove Windows docs.')
    const out = path.join(dir, '..', `${path.basename(dir)}-series`)
    temps.push(out)
    git(dir, 'format-patch', '-q', '--cover-letter', '-2', '-o', out)
    const mbox = execFileSync('sh', ['-c', `cat "${out}"/*.patch`], {encoding: 'utf8'})
    git(dir, 'reset', '-q', '--hard', 'HEAD~2')
    const {code, json} = doclint(dir, ['Documentation', '--patch', '-', '--format', 'json'], mbox)
    // Patch 1 removes the toctree entry of a document that still exists: an orphan (a warning).
    expect(json?.summary.patches?.map((p) => [p.index, p.subject, p.applied])).toEqual([
      [1, 'Documentation: Drop the Windows toctree entry.', true],
      [2, 'Documentation: Remove Windows docs.', true]
    ])
    const first = json?.diagnostics.filter((d) => d.patch?.index === 1 && d.status === 'introduced')
    expect(first?.map((d) => [d.rule, d.file])).toEqual([
      ['orphan', 'Documentation/topics/windows.rst']
    ])
    // Patch 2 deletes the orphan: its finding is fixed, nothing new.
    const second = json?.diagnostics.filter((d) => d.patch?.index === 2)
    expect(second?.map((d) => [d.rule, d.status])).toEqual([['orphan', 'fixed']])
    expect(code).toBe(0)
  })

  it('checks staged changes against HEAD (the pre-commit case)', () => {
    const dir = makeRepo()
    edit(dir, 'Documentation/topics/bonding.rst', (t) => t + '\nSee :doc:`nowhere`.\n')
    git(dir, 'add', '-A')
    const {code, json} = doclint(dir, ['Documentation', '--staged', '--format', 'json'])
    expect(json?.diagnostics.map((d) => [d.rule, d.file, d.status])).toEqual([
      ['doc-unknown', 'Documentation/topics/bonding.rst', 'introduced']
    ])
    expect(code).toBe(1)
    // Unstaged edits are not the commit's business.
    git(dir, 'reset', '-q')
    expect(doclint(dir, ['Documentation', '--staged']).code).toBe(0)
  })

  it('checks each commit of a range as one patch, and --base applies to a revision', () => {
    const dir = makeRepo()
    parts.delete(dir)
    parts.toctree(dir)
    parts.docLink(dir)
    git(dir, 'add', '-A')
    git(dir, 'commit', '-qm', 'Remove Windows docs, forgetting automake.mk')
    const {code, json} = doclint(dir, [
      'Documentation',
      '--range',
      'HEAD~1..HEAD',
      '--format',
      'json'
    ])
    expect(json?.diagnostics.map((d) => [d.rule, d.file, d.line])).toEqual([
      ['manifest-missing', 'Documentation/automake.mk', 9]
    ])
    expect(code).toBe(1)
    const diff = git(dir, 'diff', 'HEAD~1', 'HEAD', '--', 'Documentation/automake.mk')
    expect(diff).toBe('')
  })

  it('gives patch-apply for a patch that does not apply, and patch-malformed for garbage', () => {
    const dir = makeRepo()
    const bad =
      '--- a/Documentation/index.rst\n+++ b/Documentation/index.rst\n@@ -1,2 +1,2 @@\n-No such line\n+Other\n context\n'
    const applied = doclint(dir, ['Documentation', '--patch', '-', '--format', 'json'], bad)
    expect(applied.json?.diagnostics.map((d) => d.rule)).toEqual(['patch-apply'])
    expect(applied.code).toBe(1)
    const garbage = doclint(
      dir,
      ['Documentation', '--patch', '-', '--format', 'json'],
      'hello, this is not a patch\n'
    )
    expect(garbage.json?.diagnostics.map((d) => d.rule)).toEqual(['patch-malformed'])
    expect(garbage.code).toBe(1)
  })
})
