/**
 * What doclint prints (issue 19): ignores, the Sphinx-style format, findings in included files,
 * the graph, the patchwork dry run. Real trees, the real bin, a real HTTP server on 127.0.0.1.
 */
import {existsSync, readFileSync} from 'node:fs'
import path from 'node:path'
import {afterAll, afterEach, beforeEach, describe, expect, it} from 'vitest'
import {ReplayServer} from '../patchwork/replay-server.js'
import {cleanup, findings, run, runAsync, tree} from './helpers.js'

afterAll(cleanup)

const conf = {'conf.py': "project = 'x'\n"}
const broken = {
  ...conf,
  'index.rst': 'T\n=\n\n.. toctree::\n\n   a\n   b\n',
  'a.rst': 'A\n=\n\n:doc:`gone-a`\n',
  'b.md': '# B\n\n{doc}`gone-b`\n'
}

describe('ignores', () => {
  it('--ignore-pattern, relative to the current folder, gitignore syntax', () => {
    const dir = tree({...broken, 'conf.py': "extensions = ['myst_parser']\n"})
    const {found, stderr} = {
      ...run(['--format', 'json', '--ignore-pattern', '*.md'], dir),
      found: findings(run(['--format', 'json', '--ignore-pattern', '*.md'], dir).stdout)
    }
    expect(found.map((f) => f.file)).toEqual(['a.rst'])
    expect(stderr).toBe('')
  })

  it('.doclintignore at the tree root, with comments and negation', () => {
    const dir = tree({
      ...broken,
      'conf.py': "extensions = ['myst_parser']\n",
      '.doclintignore': '# generated pages\n*.rst\n!a.rst\nb.md\n'
    })
    const {stdout} = run(['--format', 'json'], dir)
    expect(findings(stdout).map((f) => f.file)).toEqual(['a.rst'])
    expect(findings(run(['--format', 'json', '--no-ignore'], dir).stdout)).toHaveLength(2)
  })

  it('config "ignore" matches ./b.md like b.md, and a pattern matching nothing says so', () => {
    const dir = tree({
      ...broken,
      'conf.py': "extensions = ['myst_parser']\n",
      'doclint.config.json': '{"ignore": ["./b.md", "nothing/**"]}\n'
    })
    const {stdout, stderr} = run(['--format', 'json'], dir)
    expect(findings(stdout).map((f) => f.file)).toEqual(['a.rst'])
    expect(stderr).toBe(
      'doclint: warning: doclint.config.json: ignore pattern "nothing/**" matches no file\n'
    )
    const flag = run(['--ignore-pattern', 'typo/*.rst'], dir)
    expect(flag.stderr).toContain(
      'doclint: warning: ignore pattern "typo/*.rst" (--ignore-pattern) matches no file'
    )
  })
})

describe('formats', () => {
  it('--format sphinx prints file:line: WARNING: message [rule], one line each', () => {
    const {code, stdout} = run(['fixtures/demo/Documentation', '--format', 'sphinx'])
    expect(code).toBe(1)
    const lines = stdout.trimEnd().split('\n')
    expect(lines).toHaveLength(7)
    for (const line of lines) {
      expect(line).toMatch(/^[^:\s]+:\d+: (ERROR|WARNING|INFO): .+ \[[a-z-]+\]$/)
    }
    expect(lines).toContain(
      'fixtures/demo/Documentation/index.rst:5: ERROR: Cannot find document `topics/windows` [doc-unknown]'
    )
    expect(lines).toContain(
      'fixtures/demo/Documentation/topics/tuning.rst:1: WARNING: Document is not included in any toctree [orphan]'
    )
  })

  it('prints a finding inside an included file once, with where it is included from', () => {
    const dir = tree({
      ...conf,
      'index.rst': 'T\n=\n\n.. toctree::\n\n   one\n   two\n',
      'one.rst': 'One\n===\n\n.. include:: shared.inc\n',
      'two.rst': 'Two\n===\n\nText.\n\n.. include:: shared.inc\n',
      'shared.inc': 'See :doc:`gone`.\n'
    })
    const {stdout} = run([], dir)
    const lines = stdout.split('\n')
    expect(lines.filter((line) => line.startsWith('shared.inc:1:'))).toHaveLength(1)
    expect(lines).toContain('    one.rst:4:14  included from here')
    expect(lines).toContain('    two.rst:6:14  included from here')
  })
})

describe('graph', () => {
  const docs = {
    ...conf,
    'index.rst': 'T\n=\n\n.. toctree::\n\n   a\n   b\n',
    'a.rst': 'A\n=\n\n:doc:`b` :doc:`b` :doc:`b` :doc:`gone`\n',
    'b.rst': 'B\n=\n\n.. toctree::\n\n   c\n',
    'c.rst': 'C\n=\n',
    'lonely.rst': 'L\n=\n'
  }

  it('merges repeated links into one edge with a count, and draws a legend', () => {
    const dir = tree(docs)
    const dot = run(['graph'], dir).stdout
    expect(dot.match(/^ {2}"a" -> "b"/gm)).toHaveLength(1)
    expect(dot).toContain('"a" -> "b" [style=dashed, label="×3"];')
    expect(dot).toContain('subgraph cluster_legend {')
    const json = JSON.parse(run(['graph', '--format', 'json'], dir).stdout) as {
      edges: {from: string; to: string; count?: number}[]
    }
    expect(json.edges.find((e) => e.from === 'a' && e.to === 'b')?.count).toBe(3)
  })

  it('writes --output FILE (format from the extension), and filters by root, depth, broken', () => {
    const dir = tree(docs)
    const written = run(['graph', '--output', 'g.dot'], dir)
    expect(written.code).toBe(0)
    expect(written.stdout).toBe('')
    expect(readFileSync(path.join(dir, 'g.dot'), 'utf8')).toMatch(/^digraph doclint/)
    const ids = (args: string[]): string[] =>
      (
        JSON.parse(run(['graph', '--format', 'json', ...args], dir).stdout) as {
          nodes: {id: string}[]
        }
      ).nodes
        .map((node) => node.id)
        .sort()
    expect(ids(['--root', 'b'])).toEqual(['b', 'c'])
    expect(ids(['--depth', '1'])).toEqual(['a', 'b', 'index'])
    // what is broken (the dangling link, the orphan) and its neighbours
    expect(ids(['--broken'])).toEqual(['a', 'gone', 'lonely'].sort())
    expect(run(['graph', '--root', 'nope'], dir).stderr).toBe(
      'doclint: no document "nope" in the graph (--root)\n'
    )
    expect(run(['graph', '--depth', 'x'], dir).code).toBe(2)
  })

  it.runIf(existsSync('/usr/bin/dot'))(
    'renders SVG and HTML with graphviz, legend included',
    () => {
      const dir = tree(docs)
      expect(run(['graph', '--output', 'g.svg'], dir).code).toBe(0)
      const svg = readFileSync(path.join(dir, 'g.svg'), 'utf8')
      expect(svg).toContain('<svg')
      expect(svg).toContain('Legend')
      const html = run(['graph', '--format', 'html'], dir).stdout
      expect(html).toMatch(/^<!doctype html>/)
      expect(html).toContain('<svg')
    }
  )
})

describe('patchwork --dry-run', () => {
  let server: ReplayServer
  let base: string
  beforeEach(async () => {
    server = new ReplayServer()
    base = await server.start()
  })
  afterEach(async () => {
    await server.close()
  })

  it('prints the checks it would post, as --format patchwork does, with patch ids and target_url', async () => {
    const dir = tree({...conf, 'index.rst': 'T\n=\n\nText.\n'})
    const mbox = [
      'From 1111111111111111111111111111111111111111 Mon Sep 17 00:00:00 2001',
      'From: A <a@example.org>',
      'Subject: [PATCH 1/1] doc: Link a page that does not exist',
      '',
      '---',
      'diff --git a/index.rst b/index.rst',
      '--- a/index.rst',
      '+++ b/index.rst',
      '@@ -1,4 +1,4 @@',
      ' T',
      ' =',
      ' ',
      '-Text.',
      '+See :doc:`gone`.',
      ''
    ].join('\n')
    server
      .on('GET', '/api/1.2/series/77/', {
        body: JSON.stringify({
          id: 77,
          name: 'doc',
          version: 1,
          received_all: true,
          patches: [{id: 9001, name: '[1/1] doc: Link a page', mbox: `${base}/patch/9001/mbox/`}]
        })
      })
      .on('GET', '/patch/9001/mbox/', {body: mbox, contentType: 'application/mbox'})
    const ran = await runAsync(
      [
        'patchwork',
        base,
        '77',
        '--dry-run',
        '--target-url',
        'https://ci.example.org/{series}/{patch}'
      ],
      dir
    )
    expect(ran.code).toBe(1)
    expect(JSON.parse(ran.stdout)).toEqual([
      {
        patch: 9001,
        index: 1,
        subject: 'doc: Link a page that does not exist',
        state: 'fail',
        context: 'doclint',
        description: '1 error introduced: index.rst:4 Cannot find document `gone` (doc-unknown)',
        target_url: 'https://ci.example.org/77/9001'
      }
    ])
    expect(ran.stderr).toContain(`doclint: would post fail to ${base}/api/1.2/patches/9001/checks/`)
    expect(server.requests.filter((request) => request.method === 'POST')).toEqual([])
  })
})
