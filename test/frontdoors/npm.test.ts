/**
 * The published shape: `npm pack`, installed into an empty folder with `--omit=dev`, runs doclint
 * on a tree, `explain` and `rules`, and everything they name exists in the installed package. Then
 * the README's npm front door, word for word but for where the repository is: `npm install
 * --save-dev git+file://<this checkout>#<commit>` (no build, no devDependencies) and
 * `npx doclint install-hook`, after which `git commit` is refused on a dangling :doc:.
 */
import {execFileSync, spawnSync} from 'node:child_process'
import {cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {git, isolateGit, makeRepo, removeDir, writeFiles} from '../hook/git-repo.js'
import {checkoutAtHead, readmeBlocks} from './readme.js'

const ROOT = path.resolve(import.meta.dirname, '..', '..')
const VERSION = (
  JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {version: string}
).version

let work: string

function run(
  command: string,
  args: string[],
  cwd: string
): {status: number | null; stdout: string; stderr: string} {
  const result = spawnSync(command, args, {cwd, encoding: 'utf8', timeout: 600_000})
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: `${result.stderr}${result.error ?? ''}`
  }
}

beforeAll(() => {
  isolateGit()
  work = mkdtempSync(path.join(tmpdir(), 'doclint-npm-'))
})

afterAll(() => {
  removeDir(work)
})

describe('package.json', () => {
  it('has no script that makes npm prepare a git install, and no runtime dependency', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>
      dependencies?: Record<string, string>
    }
    // npm (pacote) installs every devDependency of a git dependency that has one of these.
    for (const script of ['build', 'prepare', 'prepack', 'preinstall', 'install', 'postinstall']) {
      expect(pkg.scripts[script], script).toBeUndefined()
    }
    expect(pkg.dependencies ?? {}).toEqual({})
  })
})

describe('npm pack, installed with --omit=dev', () => {
  let project: string
  let installed: string
  let doclint: string

  beforeAll(() => {
    // The test setup built dist/ (the type declarations the package ships come from it).
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], {
        cwd: ROOT,
        encoding: 'utf8'
      })
    ) as {filename: string}[]
    const tarball = path.join(work, (packed[0] as {filename: string}).filename)
    project = path.join(work, 'project')
    mkdirSync(project)
    const install = run(
      'npm',
      ['install', '--omit=dev', '--no-audit', '--no-fund', tarball],
      project
    )
    expect(install.status, install.stderr).toBe(0)
    installed = path.join(project, 'node_modules', 'doclint')
    doclint = path.join(project, 'node_modules', '.bin', 'doclint')
  }, 600_000)

  it('ships the bin and the bundles, and installs nothing else: it has no dependencies', () => {
    for (const file of [
      'bin/doclint.cjs',
      'dist/bundle/cli.cjs',
      'dist/bundle/heavy.cjs',
      'dist/bundle/near.cjs',
      'dist/bundle/rst.js',
      'dist/src/rst/index.d.ts'
    ]) {
      expect(existsSync(path.join(installed, file)), file).toBe(true)
    }
    expect(readdirSync(path.join(project, 'node_modules')).sort()).toEqual([
      '.bin',
      '.package-lock.json',
      'doclint'
    ])
    expect(existsSync(path.join(installed, 'src'))).toBe(false)
    expect(existsSync(path.join(installed, 'test'))).toBe(false)
  })

  it('checks a tree (the demo tree it ships)', () => {
    const tree = path.join(work, 'demo')
    cpSync(path.join(installed, 'fixtures', 'demo'), tree, {recursive: true})
    const result = run(doclint, ['Documentation', '--no-color'], tree)
    expect(result.status, result.stderr).toBe(1)
    expect(result.stdout).toMatch(
      /Documentation\/index\.rst:5:34 +error +Cannot find document `topics\/windows` +doc-unknown/
    )
    expect(run(doclint, ['--version'], tree).stdout).toBe(`${VERSION}\n`)
  })

  it('lists the rules and explains each, naming only files the package holds', () => {
    const rules = run(doclint, ['rules'], project)
    expect(rules.status).toBe(0)
    const ids = rules.stdout
      .trim()
      .split('\n')
      .map((line) => line.split(/\s+/)[0] as string)
    expect(ids).toContain('doc-unknown')
    expect(ids.sort()).toEqual(
      readdirSync(path.join(installed, 'rules'))
        .filter((name) => name.endsWith('.md'))
        .map((name) => name.slice(0, -3))
        .sort()
    )
    for (const id of ids) {
      const explain = run(doclint, ['explain', id], project)
      expect(explain.status, explain.stderr).toBe(0)
      expect(explain.stdout).toContain(id)
      for (const [, named] of explain.stdout.matchAll(/`(fixtures\/[^`\s]+?)\/?`/g)) {
        expect(existsSync(path.join(installed, named as string)), `${id}: ${named}`).toBe(true)
      }
    }
  })

  it('imports doclint/rst', () => {
    const out = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "import {parse} from 'doclint/rst'; console.log(parse('Title\\n=====\\n').type)"
      ],
      {cwd: project, encoding: 'utf8'}
    )
    expect(out).toBe('root\n')
  })
})

describe("the README's npm front door, from git", () => {
  it('installs from git without a build and writes a hook that refuses a dangling :doc:', () => {
    const repo = makeRepo()
    try {
      writeFiles(repo, {
        '.gitignore': 'node_modules/\n',
        'docs/conf.py': "project = 'npm'\n",
        'docs/index.rst': 'Npm\n===\n\n.. toctree::\n\n   guide\n',
        'docs/guide.rst': 'Guide\n=====\n\nBack to :doc:`index`.\n'
      })
      const source = checkoutAtHead(work)
      const head = git(source, 'rev-parse', 'HEAD').trim()
      const commands = (readmeBlocks('npm and a plain git hook', 'sh')[0] ?? '').trim().split('\n')
      expect(commands).toEqual([
        `npm install --save-dev git+https://github.com/doclint/doclint.git#v${VERSION}`,
        'npx doclint install-hook'
      ])
      for (const command of commands) {
        const [program, ...args] = command
          .replace(
            `git+https://github.com/doclint/doclint.git#v${VERSION}`,
            `git+file://${source}#${head}`
          )
          .split(' ')
        const result = run(program as string, args, repo)
        expect(result.status, `${command}\n${result.stderr}`).toBe(0)
      }
      git(repo, 'add', '.')
      const clean = run('git', ['commit', '-q', '-m', 'Add docs'], repo)
      expect(clean.status, clean.stderr).toBe(0)
      writeFiles(repo, {'docs/guide.rst': 'Guide\n=====\n\nSee :doc:`nowhere`.\n'})
      git(repo, 'add', '.')
      const broken = run('git', ['commit', '-q', '-m', 'Link nowhere'], repo)
      expect(broken.status).not.toBe(0)
      expect(broken.stdout + broken.stderr).toMatch(/Cannot find document `nowhere` +doc-unknown/)
    } finally {
      removeDir(repo)
    }
  }, 600_000)
})
