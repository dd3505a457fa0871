import {chmodSync, lstatSync, readFileSync, realpathSync, symlinkSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {afterEach, beforeAll, describe, expect, it} from 'vitest'
import {
  HOOK_MARKER,
  HookInstallError,
  hookScript,
  hooksDirectory,
  installHook
} from '../../src/hook/install.js'
import {git, isolateGit, makeRepo, removeDir, tryGit, writeFiles} from './git-repo.js'

const made: string[] = []
function repo(): string {
  const dir = makeRepo()
  made.push(dir)
  return dir
}

beforeAll(() => {
  isolateGit()
})

afterEach(() => {
  for (const dir of made.splice(0)) removeDir(dir)
})

describe('installHook', () => {
  it('writes an executable, marked pre-commit hook into .git/hooks', async () => {
    const dir = repo()
    const result = await installHook({repoDir: dir})
    expect(result).toEqual({
      path: path.join(realpathSync(dir), '.git', 'hooks', 'pre-commit'),
      replaced: false,
      local: false
    })
    const text = readFileSync(result.path, 'utf8')
    expect(text.split('\n').slice(0, 2)).toEqual(['#!/bin/sh', HOOK_MARKER])
    expect(text).toContain('\n  exec node_modules/.bin/doclint --staged --cache\n')
    expect(text).toContain('\nexec npx --no-install doclint --staged --cache\n')
    expect(lstatSync(result.path).mode & 0o777).toBe(0o755)
  })

  it('names no absolute path: neither this Node nor this checkout', () => {
    const text = hookScript()
    expect(text).not.toContain(process.execPath)
    expect(text).not.toContain(path.resolve(import.meta.dirname, '..', '..'))
    // After the shebang, no line names an absolute path.
    expect(
      text
        .split('\n')
        .slice(1)
        .filter((line) => /(^|\s)\//.test(line))
    ).toEqual([])
  })

  it('replaces its own hook on re-install', async () => {
    const dir = repo()
    await installHook({repoDir: dir})
    const again = await installHook({repoDir: dir})
    expect(again.replaced).toBe(true)
    expect(readFileSync(again.path, 'utf8')).toBe(hookScript())
  })

  it('says whether the repository has its own doclint', async () => {
    const dir = repo()
    expect((await installHook({repoDir: dir})).local).toBe(false)
    writeFiles(dir, {'node_modules/.bin/doclint': '#!/bin/sh\n'})
    expect((await installHook({repoDir: dir})).local).toBe(true)
  })

  it('refuses to replace a hook it did not write, unless forced', async () => {
    const dir = repo()
    const hook = path.join(dir, '.git', 'hooks', 'pre-commit')
    writeFileSync(hook, '#!/bin/sh\necho mine\n')
    const error = await installHook({repoDir: dir}).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(HookInstallError)
    expect(error).toMatchObject({reason: 'foreign-hook'})
    expect(readFileSync(hook, 'utf8')).toBe('#!/bin/sh\necho mine\n')
    const forced = await installHook({repoDir: dir, force: true})
    expect(forced.replaced).toBe(true)
    expect(readFileSync(hook, 'utf8')).toBe(hookScript())
  })

  it('replaces a symlinked hook by a file without writing through the link', async () => {
    const dir = repo()
    const shared = path.join(dir, 'shared-hook.sh')
    writeFileSync(shared, '#!/bin/sh\nexit 0\n')
    const hook = path.join(dir, '.git', 'hooks', 'pre-commit')
    symlinkSync(shared, hook)
    await expect(installHook({repoDir: dir})).rejects.toMatchObject({reason: 'foreign-hook'})
    await installHook({repoDir: dir, force: true})
    expect(lstatSync(hook).isSymbolicLink()).toBe(false)
    expect(readFileSync(shared, 'utf8')).toBe('#!/bin/sh\nexit 0\n')
  })

  it('honours core.hooksPath, relative to the work tree, from a subfolder', async () => {
    const dir = repo()
    git(dir, 'config', 'core.hooksPath', '.githooks')
    writeFiles(dir, {'docs/index.rst': 'Title\n=====\n'})
    const sub = path.join(dir, 'docs')
    expect(await hooksDirectory(sub)).toBe(path.join(realpathSync(dir), '.githooks'))
    const result = await installHook({repoDir: sub})
    expect(result.path).toBe(path.join(realpathSync(dir), '.githooks', 'pre-commit'))
    expect(readFileSync(result.path, 'utf8')).toContain(HOOK_MARKER)
  })

  it('fails clearly outside a repository', async () => {
    const dir = repo()
    removeDir(path.join(dir, '.git'))
    // GIT_CEILING_DIRECTORIES stops git from finding a repository above the temp folder.
    process.env['GIT_CEILING_DIRECTORIES'] = path.dirname(dir)
    try {
      await expect(installHook({repoDir: dir})).rejects.toMatchObject({
        reason: 'not-a-repository'
      })
    } finally {
      delete process.env['GIT_CEILING_DIRECTORIES']
    }
  })

  it("is the hook git runs: the project's doclint, with --staged --cache, decides the commit", async () => {
    const dir = repo()
    // A stand-in for the project's doclint that fails when the staged text says so.
    writeFiles(dir, {
      'node_modules/.bin/doclint': [
        '#!/bin/sh',
        '[ "$*" = "--staged --cache" ] || exit 3',
        'if git diff --cached | grep -q BROKEN; then echo "doclint: broken" >&2; exit 1; fi',
        ''
      ].join('\n'),
      '.gitignore': 'node_modules/\n'
    })
    chmodSync(path.join(dir, 'node_modules', '.bin', 'doclint'), 0o755)
    await installHook({repoDir: dir})
    writeFiles(dir, {'index.rst': 'Fine\n====\n'})
    git(dir, 'add', '.')
    expect(tryGit(dir, 'commit', '-q', '-m', 'ok').status).toBe(0)
    writeFiles(dir, {'index.rst': 'BROKEN\n'})
    git(dir, 'add', 'index.rst')
    const refused = tryGit(dir, 'commit', '-q', '-m', 'bad')
    expect(refused.status).not.toBe(0)
    expect(refused.stderr).toContain('doclint: broken')
    expect(git(dir, 'log', '--format=%s').trim()).toBe('ok')
  })
})
