/**
 * A project whose build runs sphinx-build -W fails on every Sphinx warning: doclint too, in tree
 * and patch modes, saying where -W is written; the configuration overrides what was found.
 */
import {spawnSync} from 'node:child_process'
import {cpSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'

const repo = path.resolve(import.meta.dirname, '..', '..')
const bin = path.join(repo, 'bin', 'doclint.cjs')
const fixture = path.join(repo, 'fixtures', 'orphan', 'werror-automake')
const temp = mkdtempSync(path.join(tmpdir(), 'doclint-werror-'))
afterAll(() => rmSync(temp, {recursive: true, force: true}))

function git(cwd: string, ...args: string[]): void {
  const result = spawnSync('git', args, {cwd, encoding: 'utf8'})
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`)
}

function doclint(
  cwd: string,
  ...args: string[]
): {status: number | null; stdout: string; stderr: string} {
  const result = spawnSync(process.execPath, [bin, ...args], {cwd, encoding: 'utf8'})
  return {status: result.status, stdout: result.stdout, stderr: result.stderr}
}

/** The fixture as a git repository, with its orphan listed in a toctree (a clean base). */
function cleanRepo(name: string): string {
  const dir = path.join(temp, name)
  cpSync(fixture, dir, {recursive: true})
  rmSync(path.join(dir, 'expected.txt'))
  writeFileSync(
    path.join(dir, 'Documentation', 'index.rst'),
    'Werror\n======\n\n.. toctree::\n\n   topics/bonding\n   topics/lost\n'
  )
  git(dir, 'init', '-q')
  git(dir, '-c', 'user.name=t', '-c', 'user.email=t@t', 'add', '-A')
  git(dir, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'base')
  return dir
}

describe('sphinx-build -W', () => {
  it('fails a staged change that introduces an orphan, saying why', () => {
    const dir = cleanRepo('staged')
    expect(doclint(dir, 'Documentation').status).toBe(0)
    writeFileSync(
      path.join(dir, 'Documentation', 'index.rst'),
      'Werror\n======\n\n.. toctree::\n\n   topics/bonding\n'
    )
    git(dir, 'add', '-A')
    const run = doclint(dir, '--staged', '--format', 'json')
    expect(run.status).toBe(1)
    const report = JSON.parse(run.stdout) as {
      diagnostics: {rule: string; severity: string; file: string}[]
      summary: {builds?: {project: string; warningsAreErrors: boolean; because?: string}[]}
    }
    expect(report.diagnostics.map((d) => `${d.severity} ${d.rule} ${d.file}`)).toContain(
      'error orphan Documentation/topics/lost.rst'
    )
    expect(report.summary.builds?.[0]).toMatchObject({
      project: 'Documentation',
      warningsAreErrors: true,
      because: 'Documentation/automake.mk:13'
    })
    expect(run.stderr).toContain(
      'the build runs with -W (Documentation/automake.mk:13): Sphinx warnings are errors'
    )
  })

  it('keeps warnings warnings when the configuration says the build does not use -W', () => {
    const dir = cleanRepo('configured')
    writeFileSync(
      path.join(dir, 'doclint.config.json'),
      JSON.stringify({sphinx: {warningsAreErrors: false}})
    )
    writeFileSync(
      path.join(dir, 'Documentation', 'index.rst'),
      'Werror\n======\n\n.. toctree::\n\n   topics/bonding\n'
    )
    const run = doclint(dir, 'Documentation', '--format', 'json')
    const report = JSON.parse(run.stdout) as {diagnostics: {rule: string; severity: string}[]}
    expect(report.diagnostics.map((d) => `${d.severity} ${d.rule}`)).toEqual(['warning orphan'])
    expect(run.status).toBe(0)
  })
})
