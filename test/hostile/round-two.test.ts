/**
 * Hostile input, round two (issue 18): nothing that was not checked is called clean. conf.py
 * branches a build never takes, rst_prolog links, file names that are not UTF-8, a FIFO as the
 * cache, `-o` into a missing folder. Each case runs the real bin on a real tree and, where Sphinx
 * is installed, compares the (rule, file, target) findings with the real Sphinx.
 */
import {execFileSync} from 'node:child_process'
import {existsSync, lstatSync, readFileSync, statSync} from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {oracle, sphinxAvailable} from '../graph/oracle.js'
import {
  cleanTemps,
  doclint,
  repoRoot,
  report,
  tempDir,
  writeTree,
  type JsonReport
} from './helpers.js'

afterAll(cleanTemps)

const SPHINX = sphinxAvailable()

const INDEX = 'Index\n=====\n\n.. toctree::\n\n   other\n'
const OTHER = 'Other\n=====\n\nSee :doc:`nothere`.\n'

/** (rule, target) of every error doclint reports, in file order. */
function findings(json: JsonReport): string[] {
  return json.diagnostics
    .filter((finding) => finding.severity === 'error')
    .map((finding) => `${finding.rule} ${(finding as {target?: string}).target ?? ''}`)
    .sort()
}

/** (rule, target) of every doc-unknown / ref-undefined warning of the real Sphinx. */
async function sphinxFindings(dir: string): Promise<string[]> {
  const records = await oracle(dir)
  return records
    .filter((record) => ['doc-unknown', 'ref-undefined'].includes(record.rule))
    .map((record) => `${record.rule} ${record.target ?? ''}`)
    .sort()
}

function tree(files: Record<string, string | Uint8Array>): string {
  const dir = tempDir()
  writeTree(dir, files)
  return dir
}

describe('conf.py branches a build never takes', () => {
  it.each([
    [
      'sys.version_info[0] < 3',
      "import sys\nif sys.version_info[0] < 3:\n    exclude_patterns = ['other.rst']\n"
    ],
    [
      'sys.version_info < (3,)',
      "from sys import version_info\nif version_info < (3,):\n    exclude_patterns = ['other.rst']\n"
    ],
    [
      'a Python 2 import in try',
      "try:\n    import urllib2\n    exclude_patterns = ['other.rst']\nexcept ImportError:\n    pass\n"
    ]
  ])('%s: the branch is not taken, other.rst is checked (exit 1), no note', async (_name, conf) => {
    const dir = tree({'conf.py': conf, 'index.rst': INDEX, 'other.rst': OTHER})
    const run = doclint(dir, ['-f', 'json', '.'])
    expect(run.code).toBe(1)
    const json = report(run)
    expect(findings(json)).toEqual(['doc-unknown nothere'])
    expect(json.summary.skipped ?? []).toEqual([])
    if (SPHINX) expect(await sphinxFindings(dir)).toEqual(['doc-unknown nothere'])
  })

  it('sys.version_info >= (3, 8) is true for Sphinx 8 (Python 3.10 at least)', () => {
    const conf =
      "import sys\nif sys.version_info >= (3, 8):\n    exclude_patterns = ['other.rst']\n"
    const dir = tree({'conf.py': conf, 'index.rst': 'Index\n=====\n', 'other.rst': OTHER})
    const json = report(doclint(dir, ['-f', 'json', '.']))
    expect(findings(json)).toEqual([])
    expect(json.summary.documents).toBe(1)
  })

  it('an import doclint cannot know: both ways are possible, the document is checked and the doubt is said', async () => {
    const conf =
      "try:\n    import sphinx_nonexistent_theme\n    exclude_patterns = ['other.rst']\nexcept ImportError:\n    pass\n"
    const dir = tree({'conf.py': conf, 'index.rst': INDEX, 'other.rst': OTHER})
    const run = doclint(dir, ['-f', 'json', '.'])
    expect(run.code).toBe(1)
    const json = report(run)
    expect(findings(json)).toEqual(['doc-unknown nothere'])
    expect(json.summary.skipped).toEqual([
      {
        path: 'conf.py',
        message: expect.stringMatching(
          /^`exclude_patterns` \(line 3\) depends on a condition doclint cannot decide \(unknown\)/
        )
      }
    ])
    expect(run.stderr).toContain('`exclude_patterns` (line 3) depends on a condition')
    if (SPHINX) expect(await sphinxFindings(dir)).toEqual(['doc-unknown nothere'])
  })

  it('a stdlib import in try runs the body: its exclusion holds', () => {
    const conf =
      "try:\n    import json, os.path\n    exclude_patterns = ['other.rst']\nexcept ImportError:\n    pass\n"
    const dir = tree({'conf.py': conf, 'index.rst': 'Index\n=====\n', 'other.rst': OTHER})
    const json = report(doclint(dir, ['-f', 'json', '.']))
    expect(findings(json)).toEqual([])
    expect(json.summary.documents).toBe(1)
    expect(json.summary.skipped ?? []).toEqual([])
  })

  it('exclude_patterns that differ by branch: only what every branch excludes is left out', () => {
    const conf = [
      'import os',
      "exclude_patterns = ['always.rst']",
      "if os.environ.get('FAST'):",
      "    exclude_patterns.append('other.rst')",
      ''
    ].join('\n')
    const dir = tree({
      'conf.py': conf,
      'index.rst': 'Index\n=====\n\n.. toctree::\n\n   other\n',
      'other.rst': OTHER,
      'always.rst': 'Always\n======\n\n:doc:`gone`\n'
    })
    const json = report(doclint(dir, ['-f', 'json', '.']))
    expect(findings(json)).toEqual(['doc-unknown nothere'])
  })
})

describe('rst_prolog and rst_epilog', () => {
  it('links in them are checked as Sphinx checks them in every document, placed in conf.py', async () => {
    const dir = tree({
      'conf.py': [
        'rst_prolog = """',
        '.. |x| replace:: see :doc:`nowhere` and :ref:`nolabel`',
        '"""',
        'rst_epilog = """',
        '.. |y| replace:: :doc:`/index`',
        '"""',
        ''
      ].join('\n'),
      'index.rst': 'Index\n=====\n\n.. toctree::\n\n   a\n   sub/b\n',
      'a.rst': 'A\n=\n\ntext |x| |y|\n',
      'sub/b.rst': 'B\n=\n\ntext\n'
    })
    const run = doclint(dir, ['-f', 'json', '.'])
    expect(run.code).toBe(1)
    const json = report(run)
    const located = json.diagnostics.map((finding) => [finding.rule, finding.file, finding.line])
    expect(located).toEqual([
      ['doc-unknown', 'conf.py', 2],
      ['doc-unknown', 'conf.py', 2],
      ['ref-undefined', 'conf.py', 2]
    ])
    // Sphinx: once per document (and per substitution use); doclint: once per way it resolves
    const resolved = json.diagnostics.map((finding) => (finding as {resolved?: string}).resolved)
    expect(resolved.slice(0, 2).sort()).toEqual(['nowhere', 'sub/nowhere'])
    if (SPHINX) {
      const sphinx = new Set(await sphinxFindings(dir))
      expect([...sphinx].sort()).toEqual([...new Set(findings(json))].sort())
    }
  })
})

describe('file names that are not UTF-8', () => {
  it('a Latin-1 name is listed and read in tree mode, its broken link reported as Sphinx does', async () => {
    const dir = tree({'conf.py': '', 'index.rst': 'Index\n=====\n'})
    // a name that is not UTF-8 cannot be given as a string: write it through the shell's bytes
    execFileSync(
      'sh',
      ['-c', `printf 'Cafe\\n====\\n\\nSee :doc:\`missing\`.\\n' > "$(printf 'caf\\351.rst')"`],
      {
        cwd: dir
      }
    )
    const run = doclint(dir, ['-f', 'json', '.'])
    expect(run.code).toBe(1)
    const json = report(run)
    expect(json.summary.documents).toBe(2)
    const broken = json.diagnostics.find((finding) => finding.rule === 'doc-unknown')
    expect(broken?.file).toBe('caf\udce9.rst')
    expect(broken?.line).toBe(4)
    if (SPHINX) {
      // the oracle run directly: its cache hashes the tree through string names
      const oracleBin = path.join(repoRoot, '..', 'shared', 'tools', 'sphinx-oracle')
      const records = execFileSync(oracleBin, [dir], {encoding: 'utf8'})
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as {rule: string; file: string; line: number})
      const sphinx = records.find((record) => record.rule === 'doc-unknown')
      // the oracle prints Python's surrogate escape as text (`caf\\udce9.rst`)
      const file = (sphinx?.file ?? '').replace(/\\u([0-9a-f]{4})/g, (_match, hex: string) =>
        String.fromCharCode(Number.parseInt(hex, 16))
      )
      expect(file).toBe('caf\udce9.rst')
      expect(sphinx?.line).toBe(4)
    }
  })
})

describe('the cache file', () => {
  it('a FIFO named as the cache does not block the run, and stays a FIFO', () => {
    const dir = tree({'conf.py': '', 'index.rst': 'Index\n=====\n'})
    execFileSync('mkfifo', [path.join(dir, '.doclintcache')])
    const run = doclint(dir, ['--cache', '.'])
    expect(run.signal).toBeNull()
    expect(run.code).toBe(0)
    expect(run.stderr).toMatch(/not a regular file/)
    expect(lstatSync(path.join(dir, '.doclintcache')).isFIFO()).toBe(true)
  })
})

describe('-o into a folder', () => {
  it('a missing folder is made, as ESLint does', () => {
    const dir = tree({'conf.py': '', 'index.rst': 'Index\n=====\n'})
    const run = doclint(dir, ['-f', 'json', '-o', 'out/deep/report.json', '.'])
    expect(run.code).toBe(0)
    expect(JSON.parse(readFileSync(path.join(dir, 'out/deep/report.json'), 'utf8'))).toHaveProperty(
      'summary'
    )
  })

  it('a file in the way: a clear error, exit 2, no stack trace', () => {
    const dir = tree({'conf.py': '', 'index.rst': 'Index\n=====\n', blocker: 'x'})
    const run = doclint(dir, ['-f', 'json', '-o', 'blocker/report.json', '.'])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(
      /^doclint: cannot write \S*blocker\/report\.json (?:\(--output\))?: /
    )
    expect(run.stderr).not.toMatch(/internal error|\n\s+at /)
    expect(statSync(path.join(dir, 'blocker')).isFile()).toBe(true)
    expect(existsSync(path.join(dir, 'blocker', 'report.json'))).toBe(false)
  })
})

describe('the config file', () => {
  it('a FIFO given as the config is refused (exit 2), never waited on', () => {
    const dir = tree({'conf.py': '', 'index.rst': 'Index\n=====\n'})
    execFileSync('mkfifo', [path.join(dir, 'doclint.config.json')])
    const run = doclint(dir, ['--config', 'doclint.config.json', '.'])
    expect(run.signal).toBeNull()
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/doclint\.config\.json: not a regular file; not read/)
  })

  it('a config over 1 MiB is refused unread (exit 2)', () => {
    const dir = tree({
      'conf.py': '',
      'index.rst': 'Index\n=====\n',
      'doclint.config.json': `{"ignore": [${'"x",'.repeat(300_000)} "y"]}`
    })
    const run = doclint(dir, ['.'])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/more than 1048576; not read/)
  })
})
