import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {isSafeRelativePath, MemoryTree} from '../../src/tree/memory.js'

const text = (bytes: Uint8Array | undefined): string | undefined =>
  bytes === undefined ? undefined : new TextDecoder().decode(bytes)

describe('MemoryTree', () => {
  const tree = new MemoryTree(
    {
      'docs/index.rst': 'Index\n=====\n',
      'docs/sub/a.rst': 'A',
      'docs/b.rst': new Uint8Array([66]),
      'README.md': '# x',
      './docs/c.rst': 'C'
    },
    'fixture'
  )

  it('lists everything sorted, or one folder', async () => {
    expect(tree.label).toBe('fixture')
    expect(await tree.list()).toEqual([
      'README.md',
      'docs/b.rst',
      'docs/c.rst',
      'docs/index.rst',
      'docs/sub/a.rst'
    ])
    expect(await tree.list('docs/sub')).toEqual(['docs/sub/a.rst'])
    expect(await tree.list('docs/sub/')).toEqual(['docs/sub/a.rst'])
    expect(await tree.list('.')).toHaveLength(5)
    expect(await tree.list('doc')).toEqual([])
  })

  it('reads strings as UTF-8 and bytes as given', async () => {
    expect(text(await tree.read('docs/index.rst'))).toBe('Index\n=====\n')
    expect(text(await tree.read('docs/b.rst'))).toBe('B')
    expect(await tree.read('docs/missing.rst')).toBeUndefined()
    expect(await tree.read('docs')).toBeUndefined()
  })

  it('answers exists and isDir', async () => {
    expect(await tree.exists('docs/index.rst')).toBe(true)
    expect(await tree.exists('docs')).toBe(false)
    expect(await tree.isDir('docs')).toBe(true)
    expect(await tree.isDir('docs/sub')).toBe(true)
    expect(await tree.isDir('docs/index.rst')).toBe(false)
    expect(await tree.isDir('do')).toBe(false)
  })

  it('refuses paths that leave the tree', async () => {
    for (const bad of [
      '../docs/index.rst',
      '/docs/index.rst',
      'docs/../README.md',
      'docs/\0x',
      '',
      'docs//b.rst'
    ]) {
      expect(await tree.read(bad), bad).toBeUndefined()
      expect(await tree.exists(bad), bad).toBe(false)
    }
    expect(await tree.list('..')).toEqual([])
    expect(await tree.list('../docs')).toEqual([])
    // Keys that would escape are dropped at construction.
    const hostile = new MemoryTree({'../etc/passwd': 'x', '/abs': 'y', 'ok.rst': 'z'})
    expect(await hostile.list()).toEqual(['ok.rst'])
  })

  it('never accepts a path with a `..` segment (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', '..', '.', '', 'b.rst', '\0'), {minLength: 1, maxLength: 5}),
        (parts) => {
          const path = parts.join('/')
          if (isSafeRelativePath(path)) {
            expect(path.split('/')).not.toContain('..')
            expect(path.startsWith('/')).toBe(false)
            expect(path.includes('\0')).toBe(false)
          }
        }
      )
    )
  })
})
