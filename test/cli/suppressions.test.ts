/**
 * Inline suppressions as ESLint has them (issue 19), and a gate that lists the suppressions a
 * patch adds (issue 18): real trees on disk, real git repositories, the real bin.
 */
import {writeFileSync} from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {cleanup, findings, git, run, tree} from './helpers.js'

afterAll(cleanup)

const conf = {'conf.py': "project = 'x'\n"}

function lint(files: Record<string, string>, ...args: string[]) {
  const dir = tree({...conf, ...files})
  const ran = run(['--format', 'json', ...args], dir)
  return {...ran, found: findings(ran.stdout)}
}

describe('suppression comments', () => {
  it('silences the next line only: a blank line after the comment is that line', () => {
    const {found} = lint({
      'index.rst': [
        'T',
        '=',
        '',
        '.. doclint-disable-next-line doc-unknown',
        'See :doc:`silenced`.',
        '',
        '.. doclint-disable-next-line doc-unknown',
        '',
        'See :doc:`after-blank`.',
        ''
      ].join('\n')
    })
    expect(found.map((f) => f.target)).toEqual(['after-blank'])
  })

  it('silences blocks between doclint-disable and doclint-enable, per rule or all', () => {
    const {found} = lint({
      'index.rst': [
        'T',
        '=',
        '',
        '.. doclint-disable doc-unknown, ref-undefined -- moved next release',
        '',
        ':doc:`a` :ref:`b`',
        '',
        '.. doclint-enable ref-undefined',
        '',
        ':doc:`c` :ref:`d`',
        '',
        '.. doclint-enable',
        '',
        ':doc:`e`',
        ''
      ].join('\n')
    })
    expect(found.map((f) => f.target)).toEqual(['d', 'e'])
  })

  it('disables a whole file from its top, whole-file findings (orphan) included', () => {
    const {found} = lint({
      'index.rst': 'T\n=\n',
      'lonely.rst': '.. doclint-disable\n\nL\n=\n\n:doc:`gone`\n'
    })
    expect(found).toEqual([])
  })

  it('reads MyST % comments like <!-- --> comments', () => {
    const {found} = lint({
      'conf.py': "extensions = ['myst_parser']\n",
      'index.md': [
        '# T',
        '',
        '% doclint-disable-next-line doc-unknown',
        '{doc}`percent`',
        '',
        '<!-- doclint-disable-next-line doc-unknown -->',
        '{doc}`html`',
        '',
        '{doc}`kept`',
        ''
      ].join('\n')
    })
    expect(found.map((f) => f.target)).toEqual(['kept'])
  })

  it('--no-inline-config turns suppressions off', () => {
    const {found} = lint(
      {'index.rst': 'T\n=\n\n.. doclint-disable-next-line\n:doc:`a`\n'},
      '--no-inline-config'
    )
    expect(found.map((f) => f.target)).toEqual(['a'])
  })

  it('--report-unused-disable-directives reports what silences nothing, as errors', () => {
    const {code, found, stdout} = lint(
      {
        'index.rst': [
          'T',
          '=',
          '',
          '.. doclint-disable-next-line doc-unknown',
          ':doc:`a`',
          '',
          '.. doclint-disable-next-line orphan',
          'Fine.',
          '',
          '.. doclint-enable ref-undefined',
          ''
        ].join('\n')
      },
      '--report-unused-disable-directives'
    )
    expect(code).toBe(1)
    expect(found.map((f) => [f.rule, f.line])).toEqual([
      ['unused-disable-directive', 7],
      ['unused-disable-directive', 10]
    ])
    expect(stdout).toContain(
      'Unused `doclint-disable-next-line` directive (no problems were reported from `orphan`)'
    )
    const warned = lint(
      {'index.rst': 'T\n=\n\n.. doclint-disable-next-line orphan\nFine.\n'},
      '--report-unused-disable-directives-severity',
      'warn'
    )
    expect(warned.code).toBe(0)
    expect(warned.stdout).toMatch(/"rule": "unused-disable-directive",\s+"severity": "warning"/)
  })
})

describe('a gate lists the suppressions a patch adds', () => {
  function repo(): string {
    const dir = tree({
      ...conf,
      'index.rst': 'T\n=\n\n.. toctree::\n\n   other\n',
      'other.rst': 'O\n=\n\nText.\n'
    })
    git(dir, 'init', '-q')
    git(dir, 'add', '-A')
    git(dir, 'commit', '-qm', 'base')
    // the patch breaks a link and silences it in the same breath
    writeFileSync(
      path.join(dir, 'other.rst'),
      'O\n=\n\n.. doclint-disable-next-line doc-unknown\nSee :doc:`gone`.\n'
    )
    git(dir, 'commit', '-qam', 'Hide a broken link')
    return dir
  }

  it('reports the added suppression and what it hides (--range, exit status by severity)', () => {
    const dir = repo()
    const {code, stdout} = run(['--range', 'HEAD~1..HEAD', '--format', 'json'], dir)
    const introduced = (
      JSON.parse(stdout) as {diagnostics: {rule: string; status: string; message: string}[]}
    ).diagnostics.filter((d) => d.status === 'introduced')
    expect(introduced.map((d) => d.rule)).toEqual(['disable-directive'])
    expect(introduced[0]?.message).toBe(
      'Suppression `doclint-disable-next-line doc-unknown` hides 1 problem: Cannot find document `gone` (doc-unknown)'
    )
    // a warning: --max-warnings 0 (or the Action's fail-on: warning) stops it
    expect(code).toBe(0)
    expect(run(['--range', 'HEAD~1..HEAD', '--max-warnings', '0'], dir).code).toBe(1)
  })

  it('with --no-inline-config the hidden finding itself is introduced', () => {
    const dir = repo()
    const {code, stdout} = run(
      ['--range', 'HEAD~1..HEAD', '--no-inline-config', '--format', 'json'],
      dir
    )
    expect(code).toBe(1)
    const rules = (
      JSON.parse(stdout) as {diagnostics: {rule: string; status: string}[]}
    ).diagnostics
      .filter((d) => d.status === 'introduced')
      .map((d) => d.rule)
    expect(rules).toEqual(['doc-unknown'])
  })

  it('does not list suppressions the base already had', () => {
    const dir = repo()
    writeFileSync(path.join(dir, 'index.rst'), 'T\n=\n\n.. toctree::\n\n   other\n\nMore.\n')
    git(dir, 'commit', '-qam', 'Unrelated')
    const {code, stdout} = run(['--range', 'HEAD~1..HEAD', '--format', 'json'], dir)
    expect(code).toBe(0)
    expect(stdout).not.toContain('"status": "introduced"')
  })
})
