import {spawnSync} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'

const repo = path.resolve(import.meta.dirname, '..')
const bin = path.join(repo, 'bin', 'doclint.cjs')
const pkg = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as {version: string}
const temps: string[] = []
afterAll(() => {
  for (const dir of temps) rmSync(dir, {recursive: true, force: true})
})

function run(
  args: string[],
  cwd = repo,
  input?: string
): {code: number; stdout: string; stderr: string} {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    input,
    env: {...process.env, NO_COLOR: '1'}
  })
  return {code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr}
}

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'doclint-cli-'))
  temps.push(dir)
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), {recursive: true})
    writeFileSync(path.join(dir, file), text)
  }
  return dir
}

describe('doclint CLI', () => {
  it('prints the version', () => {
    const {code, stdout} = run(['--version'])
    expect(code).toBe(0)
    expect(stdout.trim()).toBe(pkg.version)
  })

  it('reports the demo tree like a compiler and exits 1', () => {
    const {code, stdout} = run(['fixtures/demo/Documentation'])
    expect(code).toBe(1)
    expect(stdout).toMatch(
      /^fixtures\/demo\/Documentation\/index\.rst:5:\d+ +error +Cannot find document `topics\/windows` +doc-unknown$/m
    )
    expect(stdout).toMatch(
      /^fixtures\/demo\/Documentation\/topics\/tuning\.rst:1:1 +warning +Document is not included in any toctree +orphan$/m
    )
    expect(stdout).toMatch(/documents checked, \d+ problems/)
  })

  it('prints JSON per the output contract, paths relative to the current folder', () => {
    const {code, stdout} = run(
      ['Documentation', '--format', 'json'],
      path.join(repo, 'fixtures/demo')
    )
    expect(code).toBe(1)
    const json = JSON.parse(stdout) as {
      version: number
      diagnostics: {rule: string; file: string; target?: string; resolved?: string}[]
    }
    expect(json.version).toBe(1)
    const unknown = json.diagnostics.find((d) => d.rule === 'doc-unknown')
    expect(unknown).toMatchObject({
      file: 'Documentation/index.rst',
      target: 'topics/windows',
      resolved: 'topics/windows'
    })
  })

  it('exits 0 on a clean tree, and --rule / --quiet / --max-warnings change the outcome', () => {
    const dir = tree({
      'conf.py': "project = 'x'\n",
      'index.rst': 'Title\n=====\n\n.. toctree::\n\n   a\n',
      'a.rst': 'A\n=\n\nSee :doc:`index`.\n',
      'b.rst': 'B\n=\n'
    })
    expect(run([], dir).code).toBe(0) // only an orphan warning
    expect(run(['--max-warnings', '0'], dir).code).toBe(1)
    expect(run(['--rule', 'orphan=error'], dir).code).toBe(1)
    expect(run(['--rule', 'orphan=off'], dir).stdout).not.toContain('orphan')
    const quiet = run(['--quiet'], dir)
    expect(quiet.stdout).not.toContain('warning')
  })

  it('honours doclint-disable-next-line', () => {
    const dir = tree({
      'conf.py': "project = 'x'\n",
      'index.rst':
        'Title\n=====\n\n.. doclint-disable-next-line doc-unknown\nSee :doc:`nope`.\n\nAnd :doc:`gone`.\n'
    })
    const {stdout} = run(['--format', 'json'], dir)
    const targets = (JSON.parse(stdout) as {diagnostics: {target?: string}[]}).diagnostics.map(
      (d) => d.target
    )
    expect(targets).toContain('gone')
    expect(targets).not.toContain('nope')
  })

  it('exits 2 with a clear message on a bad configuration', () => {
    const dir = tree({
      'conf.py': '',
      'index.rst': 'T\n=\n',
      'doclint.config.json': '{\n  "rulez": {}\n}\n'
    })
    const {code, stderr} = run([], dir)
    expect(code).toBe(2)
    expect(stderr).toMatch(/doclint\.config\.json:2:\d+.*rulez/)
  })

  it('exits 2 on bad usage', () => {
    expect(run(['--format', 'nope', 'fixtures/demo/Documentation']).code).toBe(2)
    expect(run(['--rule', 'orphan']).code).toBe(2)
    expect(run(['no/such/folder']).code).toBe(2)
    expect(run(['--bogus']).code).toBe(2)
  })

  it('checks --rule as the config checks rules: an unknown id exits 2 with a suggestion', () => {
    const typo = run(['--rule', 'orphn=off', 'fixtures/demo/Documentation'])
    expect(typo.code).toBe(2)
    expect(typo.stderr).toContain('--rule: unknown rule "orphn"; did you mean "orphan"?')
    const level = run(['--rule', 'orphan=loud', 'fixtures/demo/Documentation'])
    expect(level.code).toBe(2)
    expect(level.stderr).toContain('expected ID=off|info|warn|error, got "orphan=loud"')
  })

  it('lists rules and explains one', () => {
    const rules = run(['rules'])
    expect(rules.code).toBe(0)
    expect(rules.stdout).toMatch(/^doc-unknown +/m)
    const explain = run(['explain', 'orphan'])
    expect(explain.code).toBe(0)
    // rendered for a terminal: headings underlined, no generated-example markers
    expect(explain.stdout).toMatch(/^What it checks\n-+$/m)
    expect(explain.stdout).not.toContain('<!--')
    expect(explain.stdout).not.toContain('```')
    expect(run(['explain', 'nope']).code).toBe(2)
  })

  it('writes several formats in one run, atomically', () => {
    const out = tree({})
    const {code} = run([
      'fixtures/demo/Documentation',
      '--format',
      'json',
      '--output',
      path.join(out, 'report.json'),
      '--format',
      'stylish'
    ])
    expect(code).toBe(1)
    const json = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as {
      version: number
    }
    expect(json.version).toBe(1)
  })

  it('draws the graph', () => {
    const dot = run(['graph', 'fixtures/demo/Documentation'])
    expect(dot.code).toBe(0)
    expect(dot.stdout).toContain('digraph doclint')
    expect(dot.stdout).toMatch(/"topics\/index" -> "topics\/windows" \[color=red, fontcolor=red\]/)
    const mermaid = run(['graph', 'fixtures/demo/Documentation', '--format', 'mermaid'])
    expect(mermaid.stdout).toMatch(/^flowchart LR/)
    const json = JSON.parse(
      run(['graph', 'fixtures/demo/Documentation', '--format', 'json']).stdout
    ) as {
      nodes: {id: string; orphan?: boolean}[]
    }
    expect(json.nodes.find((node) => node.id === 'topics/tuning')?.orphan).toBe(true)
  })
})
