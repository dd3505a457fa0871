/**
 * The command line as a new user meets it (issue 19): usage errors are one line naming the flag
 * or path as typed, exit 2; conflicting modes are refused; config is found from each PATH.
 */
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {cleanup, git, run, tree} from './helpers.js'

afterAll(cleanup)

const demo = 'fixtures/demo/Documentation'

describe('usage errors', () => {
  it.each([
    [['--staged', '--range', 'a..b'], '--staged and --range cannot be used together'],
    [['--staged', '--patch', 'x.patch'], '--staged and --patch cannot be used together'],
    [['--staged', '--fix'], '--fix and --staged cannot be used together'],
    [['--staged', '--fix-dry-run'], '--fix-dry-run and --staged cannot be used together'],
    [['--fix', '--fix-dry-run', demo], '--fix and --fix-dry-run cannot be used together'],
    [['--range', 'a..b', '--patch', 'x.patch'], '--range and --patch cannot be used together'],
    [['--staged', '--base', 'HEAD'], '--staged and --base cannot be used together']
  ])('refuses %j', (args, message) => {
    const {code, stdout, stderr} = run(args)
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toBe(`doclint: ${message}\nRun \`doclint --help\` for the options.\n`)
  })

  it('names an unknown flag in one line, with a suggestion, without the help', () => {
    const typo = run(['--formt', 'json', demo])
    expect(typo.code).toBe(2)
    expect(typo.stderr).toBe(
      'doclint: unknown option --formt; did you mean --format?\nRun `doclint --help` for the options.\n'
    )
    const unknown = run(['--bogus'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr.split('\n')[0]).toBe('doclint: unknown option --bogus')
    expect(unknown.stderr).not.toContain('Usage:')
    expect(run(['--format']).stderr).toMatch(/^doclint: option --format needs a value\n/)
    expect(run(['--quiet=yes']).stderr).toMatch(/^doclint: option --quiet takes no value/)
  })

  it('refuses several formats on stdout, as ESLint takes one', () => {
    const {code, stdout, stderr} = run([demo, '--format', 'sarif', '--format', 'json'])
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toMatch(/^doclint: --format sarif and --format json would both write to stdout/)
  })

  it('keeps --fix-dry-run --format json parseable: the diff goes to stderr', () => {
    const {code, stdout, stderr} = run([demo, '--fix-dry-run', '--format', 'json'])
    expect(code).toBe(1)
    expect(() => JSON.parse(stdout) as unknown).not.toThrow()
    expect(stderr).toMatch(/^--- a\/Documentation\/automake\.mk$/m)
    // with the default format the diff is part of what people read, on stdout
    expect(run([demo, '--fix-dry-run']).stdout).toMatch(/^--- a\/Documentation\/automake\.mk$/m)
  })

  it('names paths as typed: missing, a file outside any Sphinx tree, an empty folder', () => {
    const missing = run(['/nonexistent/path'])
    expect(missing.code).toBe(2)
    expect(missing.stderr.split('\n')[0]).toBe('doclint: no such file or folder: /nonexistent/path')
    const loose = tree({'README.md': '# x\n'})
    const file = run(['README.md'], loose)
    expect(file.code).toBe(2)
    expect(file.stderr.split('\n')[0]).toBe(
      'doclint: README.md is not a folder, and no folder above it has a conf.py; give the documentation folder'
    )
    const empty = tree({})
    const none = run(['.'], empty)
    expect(none.code).toBe(2)
    expect(none.stderr).toBe('doclint: no conf.py found under .\n')
    expect(run(['./'], empty).stderr).toBe('doclint: no conf.py found under ./\n')
  })

  it('names an --output it cannot write, without a stack trace', () => {
    // A missing folder is made, as ESLint does; a file where the folder should be cannot be.
    const blocker = path.join(mkdtempSync(path.join(tmpdir(), 'doclint-output-')), 'blocker')
    writeFileSync(blocker, 'x')
    for (const args of [
      [demo, '--format', 'json', '--output', `${blocker}/dir/x.json`],
      ['graph', demo, '--output', `${blocker}/g.dot`]
    ]) {
      const {code, stderr} = run(args)
      expect(code).toBe(2)
      expect(stderr).toMatch(
        /^doclint: cannot write \/\S+\/blocker\/\S+ \(--output\): a file is in the way of its folder\n$/
      )
    }
  })

  it('reports on a document given as PATH only, as ESLint lints the files it is given', () => {
    const {code, stdout} = run([`${demo}/intro/install.rst`, '--format', 'json'])
    expect(code).toBe(1)
    const files = new Set(
      (JSON.parse(stdout) as {diagnostics: {file: string}[]}).diagnostics.map((d) => d.file)
    )
    expect([...files]).toEqual([`${demo}/intro/install.rst`])
  })

  it('refuses --rule nope=off as the config file refuses the key', () => {
    const {code, stderr} = run([demo, '--rule', 'nope=off'])
    expect(code).toBe(2)
    expect(stderr).toBe('doclint: --rule: unknown rule "nope"\n')
    expect(run([demo, '--rule', 'orphn=off']).stderr).toBe(
      'doclint: --rule: unknown rule "orphn"; did you mean "orphan"?\n'
    )
    expect(run([demo, '--rule', 'orphan=warning']).code).toBe(1)
  })

  it('explains a rule for a terminal, suggests near names, and needs a name', () => {
    const near = run(['explain', 'orphn'])
    expect(near.code).toBe(2)
    expect(near.stderr.split('\n')[0]).toBe('doclint: unknown rule "orphn"; did you mean "orphan"?')
    const alone = run(['explain'])
    expect(alone.code).toBe(2)
    expect(alone.stderr.split('\n')[0]).toBe(
      'doclint: explain needs a rule id: doclint explain RULE (`doclint rules` lists them)'
    )
    const shown = run(['explain', 'doc-unknown'])
    expect(shown.code).toBe(0)
    expect(shown.stdout).not.toMatch(/<!--|```|^#/m)
    expect(shown.stdout).toMatch(/^doc-unknown\n=+$/m)
  })
})

describe('configuration', () => {
  const files = {
    'conf.py': "project = 'x'\n",
    'index.rst': 'T\n=\n\nSee :doc:`gone`.\n',
    'lonely.rst': 'L\n=\n'
  }

  it('finds doclint.config.json upward from each PATH, not from the current folder', () => {
    const top = tree({})
    const t2 = path.join(top, 't2')
    const one = tree({}, 'doclint-cli-one-')
    for (const dir of [t2, one]) {
      git(top, 'init', '-q', dir)
      for (const [file, text] of Object.entries(files)) write(path.join(dir, file), text)
    }
    write(path.join(t2, 'doclint.config.json'), '{"rules": {"orphan": "off"}}\n')
    write(path.join(one, 'doclint.config.json'), '{"rules": {"doc-unknown": "off"}}\n')
    const only = run(['t2', '--format', 'json'], top)
    expect(only.stdout).not.toContain('"orphan"')
    expect(only.stdout).toContain('"doc-unknown"')
    // two PATHs, two config files: each checked with its own
    const both = run(['t2', one, '--format', 'json'], top)
    const rules = (JSON.parse(both.stdout) as {diagnostics: {rule: string; file: string}[]})
      .diagnostics
    expect(
      rules.map((d) => [d.rule, path.basename(path.dirname(path.resolve(top, d.file)))]).sort()
    ).toEqual([
      ['doc-unknown', 't2'],
      ['orphan', path.basename(one)]
    ])
  })

  it('accepts "warning" as a severity in the config file', () => {
    const dir = tree({...files, 'doclint.config.json': '{"rules": {"doc-unknown": "warning"}}\n'})
    const {code, stdout} = run(['--format', 'json'], dir)
    expect(code).toBe(0)
    expect(stdout).toMatch(/"rule": "doc-unknown",\s+"severity": "warning"/)
  })
})

describe('colour', () => {
  it('honours FORCE_COLOR and NO_COLOR, and --help lists --color and --no-color', () => {
    const ansi = /\u001B\[/
    expect(run([demo], undefined, {env: {NO_COLOR: undefined, FORCE_COLOR: '1'}}).stdout).toMatch(
      ansi
    )
    expect(run([demo], undefined, {env: {NO_COLOR: '1'}}).stdout).not.toMatch(ansi)
    expect(run([demo, '--color'], undefined, {env: {NO_COLOR: '1'}}).stdout).toMatch(ansi)
    expect(run([demo, '--no-color'], undefined, {env: {FORCE_COLOR: '1'}}).stdout).not.toMatch(ansi)
    expect(
      run([demo], undefined, {env: {NO_COLOR: undefined, FORCE_COLOR: '0'}}).stdout
    ).not.toMatch(ansi)
    const help = run(['--help']).stdout
    expect(help).toContain('--color, --no-color')
    expect(help).toContain('FORCE_COLOR')
  })
})

function write(file: string, text: string): void {
  mkdirSync(path.dirname(file), {recursive: true})
  writeFileSync(file, text)
}
