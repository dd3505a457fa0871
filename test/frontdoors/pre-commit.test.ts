/**
 * The real pre-commit framework (installed with pip into a virtualenv) runs this checkout's hook:
 * `pre-commit try-repo <checkout> doclint` in a scratch repository, and the README's
 * `.pre-commit-config.yaml` installed with `pre-commit install`, so `git commit` itself is refused.
 * pre-commit installs a `language: node` hook with `npm install -g git+file://<clone>`: no build,
 * no devDependencies (the CLI is the committed bundle).
 *
 * pre-commit clones the repository it is given at HEAD (try-repo adds uncommitted changes to
 * tracked files). When this checkout has uncommitted changes, the hook comes from a snapshot of
 * it (one commit of its files as they are), so that one install serves every test.
 */
import {spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {parse, stringify} from 'yaml'
import {git, isolateGit, makeRepo, removeDir, writeFiles} from '../hook/git-repo.js'
import {checkoutAtHead, readmeBlock} from './readme.js'

/** A virtualenv with pre-commit, kept between runs (creating one takes a while). */
const VENV = path.join(tmpdir(), `doclint-test-pre-commit-venv-${process.getuid?.() ?? 0}`)

let preCommit: string | undefined
let unavailable = ''
let work: string
let hookRepo: string
let env: NodeJS.ProcessEnv

function run(
  command: string,
  args: string[],
  cwd: string,
  extra: NodeJS.ProcessEnv = {}
): {status: number | null; output: string} {
  const result = spawnSync(command, args, {
    cwd,
    env: {...env, ...extra},
    encoding: 'utf8',
    timeout: 600_000
  })
  return {status: result.status, output: `${result.stdout}${result.stderr}${result.error ?? ''}`}
}

/** pre-commit from the virtualenv, installing it there first when needed. */
function installPreCommit(): string | undefined {
  const bin = path.join(VENV, 'bin', 'pre-commit')
  if (spawnSync(bin, ['--version']).status === 0) return bin
  rmSync(VENV, {recursive: true, force: true})
  const venv = spawnSync('python3', ['-m', 'venv', VENV], {encoding: 'utf8'})
  if (venv.status !== 0) {
    unavailable = `python3 -m venv failed: ${venv.stderr || String(venv.error)}`
    return undefined
  }
  const pip = spawnSync(
    path.join(VENV, 'bin', 'pip'),
    ['install', '-q', '--retries', '0', '--timeout', '15', 'pre-commit'],
    {
      encoding: 'utf8',
      timeout: 600_000
    }
  )
  if (pip.status !== 0 || spawnSync(bin, ['--version']).status !== 0) {
    unavailable = `pip install pre-commit failed: ${pip.stderr || String(pip.error)}`
    rmSync(VENV, {recursive: true, force: true})
    return undefined
  }
  return bin
}

/** A Sphinx tree whose automake manifest lists its documents and an image. */
const TREE = {
  'Makefile.am': 'EXTRA_DIST =\ninclude Documentation/automake.mk\n',
  'Documentation/automake.mk':
    'DOC_SOURCE = \\\n' +
    '\tDocumentation/conf.py \\\n' +
    '\tDocumentation/index.rst \\\n' +
    '\tDocumentation/guide.rst \\\n' +
    '\tDocumentation/images/logo.png\n\n' +
    'EXTRA_DIST += $(DOC_SOURCE)\n',
  'Documentation/conf.py': "project = 'Scratch'\nroot_doc = 'index'\n",
  'Documentation/index.rst': 'Scratch\n=======\n\n.. toctree::\n\n   guide\n',
  'Documentation/guide.rst':
    'Guide\n=====\n\nBack to :doc:`index`.\n\n.. image:: images/logo.png\n',
  'Documentation/images/logo.png': 'PNG'
}

beforeAll(() => {
  isolateGit()
  work = mkdtempSync(path.join(tmpdir(), 'doclint-pre-commit-'))
  env = {
    ...process.env,
    PRE_COMMIT_HOME: path.join(work, 'pre-commit-home'),
    // pre-commit's own colours and progress stay out of the assertions.
    PRE_COMMIT_COLOR: 'never',
    NO_COLOR: '1'
  }
  preCommit = installPreCommit()
  if (preCommit !== undefined) hookRepo = checkoutAtHead(work)
}, 900_000)

afterAll(() => {
  if (work !== undefined) removeDir(work)
})

describe('pre-commit try-repo <this checkout> doclint', () => {
  let repo: string

  beforeAll(() => {
    repo = makeRepo()
    writeFiles(repo, TREE)
    git(repo, 'add', '.')
  })

  afterAll(() => {
    removeDir(repo)
  })

  it('accepts a clean commit', ({skip}) => {
    if (preCommit === undefined) return skip(`pre-commit cannot be installed: ${unavailable}`)
    const check = run(preCommit, ['try-repo', hookRepo, 'doclint'], repo)
    expect(check.status, check.output).toBe(0)
    expect(check.output).toMatch(/^doclint\.+Passed$/m)
    git(repo, 'commit', '-q', '-m', 'Add docs')
  }, 900_000)

  it('refuses a commit that adds a dangling :doc:, with the finding', ({skip}) => {
    if (preCommit === undefined) return skip(`pre-commit cannot be installed: ${unavailable}`)
    writeFiles(repo, {
      'Documentation/guide.rst':
        'Guide\n=====\n\nBack to :doc:`index`. See :doc:`install`.\n\n.. image:: images/logo.png\n'
    })
    git(repo, 'add', '.')
    const check = run(preCommit, ['try-repo', hookRepo, 'doclint'], repo)
    expect(check.status).toBe(1)
    expect(check.output).toMatch(/^doclint\.+Failed$/m)
    expect(check.output).toMatch(
      /Documentation\/guide\.rst:4:\d+ +error +Cannot find document `install` +doc-unknown/
    )
    git(repo, 'reset', '-q', '--hard')
  }, 900_000)

  it('runs when a file the manifest lists (an image) is deleted', ({skip}) => {
    if (preCommit === undefined) return skip(`pre-commit cannot be installed: ${unavailable}`)
    git(repo, 'rm', '-q', 'Documentation/images/logo.png')
    const check = run(preCommit, ['try-repo', hookRepo, 'doclint'], repo)
    expect(check.status).toBe(1)
    expect(check.output).toMatch(/^doclint\.+Failed$/m)
    expect(check.output).toMatch(/Cannot find image `images\/logo\.png` +image-missing/)
    expect(check.output).toMatch(
      /Cannot find `Documentation\/images\/logo\.png`, listed in `DOC_SOURCE` +manifest-missing/
    )
    git(repo, 'reset', '-q', '--hard')
  }, 900_000)
})

describe("the README's .pre-commit-config.yaml, installed with pre-commit install", () => {
  it('refuses `git commit` of a dangling :doc: and lets a clean one through', ({skip}) => {
    if (preCommit === undefined) return skip(`pre-commit cannot be installed: ${unavailable}`)
    const repo = makeRepo()
    try {
      // The README's snippet, word for word, but for where the repository is: this checkout
      // at its HEAD instead of GitHub at a tag.
      const config = parse(readmeBlock('pre-commit', 'yaml')) as {
        repos: {repo: string; rev: string; hooks: {id: string}[]}[]
      }
      expect(config.repos).toHaveLength(1)
      const entry = config.repos[0] as {repo: string; rev: string; hooks: {id: string}[]}
      expect(entry.repo).toBe('https://github.com/doclint/doclint')
      expect(entry.rev).toMatch(/^v\d+\.\d+\.\d+$/)
      entry.repo = hookRepo
      entry.rev = git(hookRepo, 'rev-parse', 'HEAD').trim()
      writeFiles(repo, {...TREE, '.pre-commit-config.yaml': stringify(config)})
      const install = run(preCommit, ['install'], repo)
      expect(install.status, install.output).toBe(0)
      git(repo, 'add', '.')
      const clean = run('git', ['commit', '-q', '-m', 'Add docs'], repo)
      expect(clean.status, clean.output).toBe(0)
      writeFiles(repo, {
        'Documentation/index.rst':
          'Scratch\n=======\n\nSee :doc:`nowhere`.\n\n.. toctree::\n\n   guide\n'
      })
      git(repo, 'add', '.')
      const broken = run('git', ['commit', '-q', '-m', 'Link nowhere'], repo)
      expect(broken.status).not.toBe(0)
      expect(broken.output).toMatch(/Cannot find document `nowhere` +doc-unknown/)
      expect(git(repo, 'log', '--format=%s').trim()).toBe('Add docs')
      // The cache went into the git directory, not the work tree.
      expect(existsSync(path.join(repo, '.git', 'doclint-cache'))).toBe(true)
      expect(git(repo, 'status', '--porcelain', '--untracked-files=all')).toBe(
        'M  Documentation/index.rst\n'
      )
    } finally {
      removeDir(repo)
    }
  }, 900_000)
})
