import {chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {DiskTree} from '../../src/tree/disk.js'

let base: string
let root: string

function write(relative: string, content = 'x'): void {
  const file = path.join(root, relative)
  mkdirSync(path.dirname(file), {recursive: true})
  writeFileSync(file, content)
}

/** Whether chmod 000 actually stops this process (it does not for root). */
function permissionsEnforced(): boolean {
  const probe = path.join(base, 'probe')
  writeFileSync(probe, 'x')
  chmodSync(probe, 0o000)
  try {
    writeFileSync(probe, 'y')
    return false
  } catch {
    return true
  } finally {
    chmodSync(probe, 0o644)
    rmSync(probe)
  }
}

beforeEach(() => {
  base = mkdtempSync(path.join(tmpdir(), 'doclint-disk-'))
  root = path.join(base, 'root')
  mkdirSync(root)
})

afterEach(() => {
  rmSync(base, {recursive: true, force: true})
})

describe('DiskTree', () => {
  it('lists files sorted with POSIX paths, dot files included, .git and node_modules skipped', async () => {
    write('index.rst')
    write('.hidden.rst')
    write('.hid/h.rst')
    write('_build/b.rst')
    write('sub/deep/x.rst')
    write('B.rst')
    write('.git/config')
    write('node_modules/pkg/readme.rst')
    write('sub/node_modules/x.rst')
    const tree = new DiskTree(root)
    expect(await tree.list()).toEqual([
      '.hid/h.rst',
      '.hidden.rst',
      'B.rst',
      '_build/b.rst',
      'index.rst',
      'sub/deep/x.rst'
    ])
    expect(await tree.list('sub')).toEqual(['sub/deep/x.rst'])
    expect(await tree.list('missing')).toEqual([])
    expect(await tree.list('index.rst')).toEqual([])
    expect(tree.problems).toEqual([])
    expect(tree.label).toBe('working tree')
  })

  it('reads, tests existence and folders', async () => {
    write('docs/a.rst', 'Title\n=====\n')
    const tree = new DiskTree(root, {label: 'disk'})
    expect(new TextDecoder().decode(await tree.read('docs/a.rst'))).toBe('Title\n=====\n')
    expect(await tree.read('docs/missing.rst')).toBeUndefined()
    expect(await tree.read('docs')).toBeUndefined()
    expect(await tree.exists('docs/a.rst')).toBe(true)
    expect(await tree.exists('docs')).toBe(false)
    expect(await tree.isDir('docs')).toBe(true)
    expect(await tree.isDir('docs/a.rst')).toBe(false)
    expect(tree.problems).toEqual([])
  })

  it('refuses `..`, absolute paths and NUL bytes', async () => {
    writeFileSync(path.join(base, 'secret.txt'), 'secret')
    write('a.rst')
    const tree = new DiskTree(root)
    for (const bad of [
      '../secret.txt',
      'sub/../../secret.txt',
      path.join(base, 'secret.txt'),
      'a.rst\0',
      './a.rst'
    ]) {
      expect(await tree.read(bad), bad).toBeUndefined()
      expect(await tree.exists(bad), bad).toBe(false)
    }
    expect(await tree.list('..')).toEqual([])
    expect(await tree.isDir('..')).toBe(false)
  })

  it('follows links inside the tree, never outside, and never loops', async () => {
    write('real/a.rst')
    write('real/inner/b.rst')
    mkdirSync(path.join(base, 'outside'))
    writeFileSync(path.join(base, 'outside', 'secret.rst'), 'secret')
    writeFileSync(path.join(base, 'outside.rst'), 'secret')
    symlinkSync('real', path.join(root, 'alias'))
    symlinkSync('..', path.join(root, 'real', 'inner', 'up'))
    symlinkSync('.', path.join(root, 'self'))
    symlinkSync(path.join(base, 'outside'), path.join(root, 'out'))
    symlinkSync('../outside.rst', path.join(root, 'out.rst'))
    symlinkSync('real/a.rst', path.join(root, 'link.rst'))
    symlinkSync('nowhere', path.join(root, 'broken.rst'))
    const tree = new DiskTree(root)
    const files = await tree.list()
    expect(files).toEqual([
      'alias/a.rst',
      'alias/inner/b.rst',
      'link.rst',
      'real/a.rst',
      'real/inner/b.rst'
    ])
    expect(tree.problems.map((problem) => problem.path).sort()).toEqual([
      'alias/inner/up',
      'broken.rst',
      'out',
      'out.rst',
      'real/inner/up',
      'self'
    ])
    expect(await tree.read('out/secret.rst')).toBeUndefined()
    expect(await tree.read('out.rst')).toBeUndefined()
    expect(await tree.exists('out.rst')).toBe(false)
    expect(new TextDecoder().decode(await tree.read('alias/a.rst'))).toBe('x')
    expect(await tree.exists('link.rst')).toBe(true)
  })

  it('follows a link chain that fans out only once per target', async () => {
    // Each level links twice to the next: following every path would list 2^n copies.
    write('l0/f.rst')
    for (let level = 1; level <= 12; level += 1) {
      mkdirSync(path.join(root, `l${level}`))
      symlinkSync(`../l${level - 1}`, path.join(root, `l${level}`, 'x'))
      symlinkSync(`../l${level - 1}`, path.join(root, `l${level}`, 'y'))
    }
    const tree = new DiskTree(root)
    const files = await tree.list()
    expect(files.length).toBeLessThan(40)
    expect(files).toContain('l0/f.rst')
    expect(files).toContain('l1/x/f.rst')
  })

  it('records files over maxFileSize as problems instead of reading them', async () => {
    write('big.rst', 'x'.repeat(100))
    write('small.rst', 'x'.repeat(10))
    const tree = new DiskTree(root, {maxFileSize: 50})
    expect(await tree.read('big.rst')).toBeUndefined()
    expect(await tree.read('small.rst')).toBeDefined()
    expect(tree.problems).toEqual([
      {path: 'big.rst', message: 'file is larger than the limit of 50 bytes; not read'}
    ])
  })

  it('reports a missing root without throwing', async () => {
    const tree = new DiskTree(path.join(base, 'nope'))
    expect(await tree.list()).toEqual([])
    expect(await tree.read('a.rst')).toBeUndefined()
    expect(tree.problems[0]?.message).toMatch(/cannot open the tree root/)
  })

  it('records unreadable files and folders as problems', async (context) => {
    write('ok.rst')
    write('locked/inside.rst')
    write('secret.rst')
    chmodSync(path.join(root, 'secret.rst'), 0o000)
    chmodSync(path.join(root, 'locked'), 0o000)
    // As root, chmod 000 blocks nothing: drop to `nobody` for the reads when we can.
    const asRoot = process.getuid?.() === 0
    const canDrop = asRoot && typeof process.seteuid === 'function'
    if (canDrop) {
      chmodSync(base, 0o755)
      chmodSync(root, 0o755)
    }
    try {
      if (!canDrop && !permissionsEnforced()) {
        context.skip('chmod 000 does not block this user and it cannot switch to another one')
        return
      }
      if (canDrop) process.seteuid?.(65534)
      const tree = new DiskTree(root)
      let files: string[]
      let secret: Uint8Array | undefined
      try {
        files = await tree.list()
        secret = await tree.read('secret.rst')
      } finally {
        if (canDrop) process.seteuid?.(0)
      }
      expect(files).toEqual(['ok.rst', 'secret.rst'])
      expect(secret).toBeUndefined()
      expect(tree.problems).toEqual([
        {path: 'locked', message: 'cannot list folder: permission denied'},
        {path: 'secret.rst', message: 'cannot read file: permission denied'}
      ])
    } finally {
      chmodSync(path.join(root, 'locked'), 0o755)
      chmodSync(path.join(root, 'secret.rst'), 0o644)
    }
  })
})
