/**
 * `npm run release` in a clone of this checkout: it refuses a dirty tree, then builds, checks that
 * every generated file and the committed bundle are fresh, and tags HEAD vX.Y.Z and vX; a second
 * run refuses to move vX.Y.Z.
 */
import {execFileSync, spawnSync} from 'node:child_process'
import {mkdtempSync, readFileSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {git, isolateGit, removeDir} from '../hook/git-repo.js'
import {checkoutAtHead} from './readme.js'

const ROOT = path.resolve(import.meta.dirname, '..', '..')

let work: string
let clone: string

function release(): {status: number | null; output: string} {
  const result = spawnSync('npm', ['run', '--silent', 'release'], {
    cwd: clone,
    encoding: 'utf8',
    timeout: 600_000
  })
  return {status: result.status, output: `${result.stdout}${result.stderr}`}
}

beforeAll(() => {
  isolateGit()
  work = mkdtempSync(path.join(tmpdir(), 'doclint-release-'))
  clone = path.join(work, 'clone')
  execFileSync('git', ['clone', '-q', checkoutAtHead(work), clone])
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(clone, 'node_modules'))
  // The clone's own excludes: the node_modules link is not a change to the tree.
  writeFileSync(path.join(clone, '.git', 'info', 'exclude'), 'node_modules\n')
})

afterAll(() => {
  removeDir(work)
})

describe('npm run release', () => {
  it('refuses a work tree with changes', () => {
    writeFileSync(path.join(clone, 'README.md'), 'changed\n')
    const refused = release()
    expect(refused.status).toBe(1)
    expect(refused.output).toContain('the work tree has changes')
    git(clone, 'checkout', '-q', 'README.md')
  })

  it('tags HEAD vX.Y.Z and moves vX to it, once', () => {
    const {version} = JSON.parse(readFileSync(path.join(clone, 'package.json'), 'utf8')) as {
      version: string
    }
    const made = release()
    expect(made.status, made.output).toBe(0)
    const head = git(clone, 'rev-parse', 'HEAD').trim()
    expect(git(clone, 'rev-parse', `v${version}^{commit}`).trim()).toBe(head)
    expect(git(clone, 'rev-parse', `v${version.split('.')[0]}^{commit}`).trim()).toBe(head)
    expect(made.output).toContain(`git push origin v${version}`)
    const again = release()
    expect(again.status).toBe(1)
    expect(again.output).toContain(`v${version} exists already`)
  }, 600_000)
})
