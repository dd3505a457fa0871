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
      replaced: false
    })
    const text = readFileSync(result.path, 'utf8')
    expect(text.split('\n').slice(0, 2)).toEqual(['#!/bin/sh', HOOK_MARKER])
    expect(text).toContain('\nexec npx --no-install doclint --staged\n')
    expect(lstatSync(result.path).mode & 0o777).toBe(0o755)
  })

  it('replaces its own hook on re-install', async () => {
    const dir = repo()
    await installHook({repoDir: dir})
    const again = await installHook({repoDir: dir, bin: '/opt/doc lint/bin/doclint.cjs'})
    expect(again.replaced).toBe(true)
    expect(readFileSync(again.path, 'utf8')).toContain(
      `exec '${process.execPath}' '/opt/doc lint/bin/doclint.cjs' --staged`
    )
  })

  it('falls back to the running bin only when the repository has no local doclint', async () => {
    const dir = repo()
    const global = '/usr/lib/node_modules/doclint/bin/doclint.cjs'
    const without = await installHook({repoDir: dir, fallbackBin: global})
    expect(without.bin).toBe(global)
    expect(readFileSync(without.path, 'utf8')).toContain(`'${global}' --staged`)
    writeFiles(dir, {'node_modules/.bin/doclint': '#!/bin/sh\n'})
    const local = await installHook({repoDir: dir, fallbackBin: global})
    expect(local.bin).toBeUndefined()
    expect(readFileSync(local.path, 'utf8')).toContain('exec npx --no-install doclint --staged')
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

  it('is the hook git runs: its exit status decides the commit', async () => {
    const dir = repo()
    // A stand-in for the doclint bin that fails when the staged text says so.
    const bin = path.join(dir, '.git', 'fake-doclint.mjs')
    writeFileSync(
      bin,
      [
        "import {execFileSync} from 'node:child_process'",
        "const staged = execFileSync('git', ['diff', '--cached'], {encoding: 'utf8'})",
        "if (!process.argv.includes('--staged')) process.exit(3)",
        "if (staged.includes('BROKEN')) { console.error('doclint: broken'); process.exit(1) }",
        ''
      ].join('\n')
    )
    chmodSync(bin, 0o644)
    await installHook({repoDir: dir, bin})
    writeFiles(dir, {'index.rst': 'Fine\n====\n'})
    git(dir, 'add', 'index.rst')
    expect(tryGit(dir, 'commit', '-q', '-m', 'ok').status).toBe(0)
    writeFiles(dir, {'index.rst': 'BROKEN\n'})
    git(dir, 'add', 'index.rst')
    const refused = tryGit(dir, 'commit', '-q', '-m', 'bad')
    expect(refused.status).not.toBe(0)
    expect(refused.stderr).toContain('doclint: broken')
    expect(git(dir, 'log', '--format=%s').trim()).toBe('ok')
  })
})
