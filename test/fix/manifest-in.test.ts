/**
 * `--fix` for MANIFEST.in: a document no line ships gets the narrowest line that fits the
 * template (its kind on the nearest `recursive-include`, its name on an `include` line of its
 * folder, else a new `include` line); a named file that is gone leaves its line. The dry run's
 * diff applies with `git apply --check`, and after `--fix` the tree is clean.
 */
import {spawnSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {applyFixes} from '../../src/fix/apply.js'
import {manifestInInsertion, removeEntryEdits} from '../../src/fix/manifest-edits.js'
import {readManifestIn} from '../../src/manifests/manifest-in.js'
import type {ManifestList} from '../../src/manifests/types.js'
import {MemoryTree} from '../../src/tree/memory.js'

const repo = path.resolve(import.meta.dirname, '..', '..')
const bin = path.join(repo, 'bin', 'doclint.cjs')
const temp = mkdtempSync(path.join(tmpdir(), 'doclint-manifest-in-'))
afterAll(() => rmSync(temp, {recursive: true, force: true}))

function list(file: string): ManifestList {
  return {kind: 'MANIFEST.in', file, variable: 'sdist', entries: [], covers: [], ignore: []}
}

function insert(template: string, docPath: string, file = 'MANIFEST.in'): string {
  const sources = new Map([[file, template]])
  const insertion = manifestInInsertion(list(file), docPath, sources)
  expect(insertion).toBeDefined()
  return (
    applyFixes(sources, [
      {applicability: 'safe', description: '', edits: insertion?.edits ?? []}
    ]).files.get(file) ?? ''
  )
}

describe('manifestInInsertion', () => {
  it('adds the kind to the nearest recursive-include of the folder', () => {
    const template =
      'include README.rst\nrecursive-include docs *.rst\nrecursive-include docs/guide *.rst *.png\n'
    expect(insert(template, 'docs/guide/deep/setup.md')).toBe(
      'include README.rst\nrecursive-include docs *.rst\nrecursive-include docs/guide *.rst *.png *.md\n'
    )
    expect(insert(template, 'docs/faq.md')).toBe(
      'include README.rst\nrecursive-include docs *.rst *.md\nrecursive-include docs/guide *.rst *.png\n'
    )
    // `recursive-include . *.txt` reaches every folder; a comment stays after the words.
    expect(insert('recursive-include . *.txt  # text\n', 'docs/a.rst')).toBe(
      'recursive-include . *.txt *.rst  # text\n'
    )
  })

  it('adds the name to an include line of its folder, or its folder pattern where the line uses one', () => {
    expect(insert('include docs/conf.py docs/index.rst\ninclude LICENSE\n', 'docs/usage.rst')).toBe(
      'include docs/conf.py docs/index.rst docs/usage.rst\ninclude LICENSE\n'
    )
    expect(insert('include docs/*.rst\n', 'docs/notes.md')).toBe('include docs/*.rst docs/*.md\n')
  })

  it('else appends `include <path>`, relative to the template, keeping its line endings', () => {
    expect(insert('include LICENSE\n', 'docs/usage.rst')).toBe(
      'include LICENSE\ninclude docs/usage.rst\n'
    )
    // a file without a final newline keeps ending without one, and new lines follow each other
    // (--fix inserts one per pass: two insertions at one point conflict)
    expect(insert('include LICENSE', 'docs/usage.rst')).toBe(
      'include LICENSE\ninclude docs/usage.rst'
    )
    expect(insert(insert('include LICENSE', 'docs/a.rst'), 'guide/b.rst')).toBe(
      'include LICENSE\ninclude docs/a.rst\ninclude guide/b.rst'
    )
    expect(insert(insert('include LICENSE\n', 'docs/a.rst'), 'guide/b.rst')).toBe(
      'include LICENSE\ninclude docs/a.rst\ninclude guide/b.rst\n'
    )
    expect(insert('include LICENSE\r\n', 'docs/usage.rst')).toBe(
      'include LICENSE\r\ninclude docs/usage.rst\r\n'
    )
    expect(insert('include LICENSE\n', 'py/docs/usage.rst', 'py/MANIFEST.in')).toBe(
      'include LICENSE\ninclude docs/usage.rst\n'
    )
  })

  it('refuses a path outside the template folder or one a pattern would misread', () => {
    const sources = new Map([['py/MANIFEST.in', 'include LICENSE\n']])
    expect(manifestInInsertion(list('py/MANIFEST.in'), 'docs/a.rst', sources)).toBeUndefined()
    expect(manifestInInsertion(list('py/MANIFEST.in'), 'py/docs/a b.rst', sources)).toBeUndefined()
  })
})

describe('removing a named file from MANIFEST.in', () => {
  it('removes the word, or the line when it is the only one; never a pattern', async () => {
    const text = 'include docs/a.rst docs/b.rst\ninclude docs/c.rst\nrecursive-include docs *.md\n'
    const read = await readManifestIn(new MemoryTree({'MANIFEST.in': text}), 'MANIFEST.in')
    const entry = (p: string) => read.entries.find((e) => e.path === p)
    const remove = (p: string): string => {
      const found = entry(p)
      const edits = found && removeEntryEdits(text, found, 'MANIFEST.in')
      expect(edits).toBeDefined()
      return (
        applyFixes(new Map([['MANIFEST.in', text]]), [
          {applicability: 'safe', description: '', edits: edits ?? []}
        ]).files.get('MANIFEST.in') ?? ''
      )
    }
    expect(remove('docs/b.rst')).toBe(
      'include docs/a.rst\ninclude docs/c.rst\nrecursive-include docs *.md\n'
    )
    expect(remove('docs/a.rst')).toBe(
      'include docs/b.rst\ninclude docs/c.rst\nrecursive-include docs *.md\n'
    )
    expect(remove('docs/c.rst')).toBe(
      'include docs/a.rst docs/b.rst\nrecursive-include docs *.md\n'
    )
    const pattern = entry('docs/**/*.md')
    expect(pattern && removeEntryEdits(text, pattern, 'MANIFEST.in')).toBeUndefined()
  })
})

function run(cwd: string, command: string, ...args: string[]) {
  const result =
    command === 'doclint'
      ? spawnSync(process.execPath, [bin, ...args], {cwd, encoding: 'utf8'})
      : spawnSync(command, args, {cwd, encoding: 'utf8'})
  return {status: result.status, stdout: result.stdout}
}

describe('doclint --fix on a setuptools project', () => {
  it('the dry run diff applies with git apply --check, and --fix leaves nothing to report', () => {
    const dir = path.join(temp, 'setuptools')
    const files: Record<string, string> = {
      'pyproject.toml':
        '[build-system]\nrequires = ["setuptools>=61.2"]\nbuild-backend = "setuptools.build_meta"\n',
      // The shape of pypa/setuptools' template, and a docs file shipped by name.
      'MANIFEST.in':
        'recursive-include docs *.py *.txt *.rst *.css Makefile\ninclude docs/history.md docs/gone.md\ninclude *.rst\nprune docs/_build\n',
      'README.rst': 'demo\n====\n',
      'docs/conf.py':
        "project = 'demo'\nextensions = ['myst_parser']\nsource_suffix = {'.rst': 'restructuredtext', '.md': 'markdown'}\nexclude_patterns = ['_build']\n",
      'docs/index.rst':
        'demo\n====\n\n.. toctree::\n\n   history\n   userguide/index\n   userguide/quickstart\n   userguide/dependencies\n',
      'docs/history.md': '# History\n',
      'docs/userguide/index.rst': 'Guide\n=====\n',
      'docs/userguide/quickstart.md': '# Quickstart\n',
      'docs/userguide/dependencies.md': '# Dependencies\n'
    }
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, file)), {recursive: true})
      writeFileSync(path.join(dir, file), text)
    }
    run(dir, 'git', 'init', '-q')
    run(dir, 'git', 'add', '-A')
    run(dir, 'git', '-c', 'user.name=t', '-c', 'user.email=t@example.org', 'commit', '-qm', 'base')
    const before = run(dir, 'doclint', 'docs', '--format', 'json')
    const rules = (
      JSON.parse(before.stdout) as {diagnostics: {rule: string; file: string}[]}
    ).diagnostics
      .filter((d) => d.rule.startsWith('manifest-'))
      .map((d) => `${d.rule} ${d.file}`)
      .sort()
    expect(rules).toEqual([
      'manifest-missing MANIFEST.in',
      'manifest-unlisted docs/userguide/dependencies.md',
      'manifest-unlisted docs/userguide/quickstart.md'
    ])
    const {stdout} = run(dir, 'doclint', 'docs', '--fix-dry-run')
    const diff = stdout.slice(stdout.indexOf('--- a/'))
    expect(diff).toContain(
      [
        '-recursive-include docs *.py *.txt *.rst *.css Makefile',
        '-include docs/history.md docs/gone.md',
        '+recursive-include docs *.py *.txt *.rst *.css Makefile *.md',
        '+include docs/history.md',
        ' include *.rst'
      ].join('\n')
    )
    writeFileSync(path.join(temp, 'manifest-in.diff'), diff)
    expect(run(dir, 'git', 'apply', '--check', path.join(temp, 'manifest-in.diff')).status).toBe(0)
    run(dir, 'doclint', 'docs', '--fix')
    expect(readFileSync(path.join(dir, 'MANIFEST.in'), 'utf8')).toBe(
      'recursive-include docs *.py *.txt *.rst *.css Makefile *.md\ninclude docs/history.md\ninclude *.rst\nprune docs/_build\n'
    )
    const after = run(dir, 'doclint', 'docs', '--format', 'json')
    const left = (JSON.parse(after.stdout) as {diagnostics: {rule: string}[]}).diagnostics.filter(
      (d) => d.rule.startsWith('manifest-')
    )
    expect(left).toEqual([])
  })
})
