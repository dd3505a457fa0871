import {describe, expect, it} from 'vitest'
import {MemoryTree} from '../../src/tree/memory.js'
import {OverlayTree} from '../../src/tree/overlay.js'

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text)

describe('OverlayTree', () => {
  const base = new MemoryTree(
    {'doc/a.rst': 'a', 'doc/b.rst': 'b', 'doc/sub/c.rst': 'c', 'top.txt': 't'},
    'base'
  )

  it('adds, replaces and hides files over its base', async () => {
    const tree = new OverlayTree(
      base,
      new Map([
        ['doc/a.rst', {kind: 'file', bytes: bytes('A')}],
        ['doc/sub/c.rst', {kind: 'deleted'}],
        ['new/d.rst', {kind: 'file', bytes: bytes('d')}]
      ] as const),
      'after [1/2]'
    )
    expect(tree.label).toBe('after [1/2]')
    expect(await tree.list()).toEqual(['doc/a.rst', 'doc/b.rst', 'new/d.rst', 'top.txt'])
    expect(await tree.list('doc')).toEqual(['doc/a.rst', 'doc/b.rst'])
    expect(new TextDecoder().decode(await tree.read('doc/a.rst'))).toBe('A')
    expect(new TextDecoder().decode(await tree.read('doc/b.rst'))).toBe('b')
    expect(await tree.read('doc/sub/c.rst')).toBeUndefined()
    expect(await tree.exists('doc/sub/c.rst')).toBe(false)
    expect(await tree.isDir('doc/sub')).toBe(false)
    expect(await tree.isDir('new')).toBe(true)
    // The base is untouched.
    expect(await base.exists('doc/sub/c.rst')).toBe(true)
  })

  it('keeps unknown binary files and hides symlinks', async () => {
    const tree = new OverlayTree(
      base,
      new Map([
        ['img/logo.png', {kind: 'unknown'}],
        ['doc/link.rst', {kind: 'file', bytes: bytes('a.rst'), mode: '120000'}]
      ] as const)
    )
    expect(await tree.exists('img/logo.png')).toBe(true)
    expect(tree.isUnknown('img/logo.png')).toBe(true)
    expect(await tree.read('img/logo.png')).toEqual(new Uint8Array(0))
    expect(await tree.exists('doc/link.rst')).toBe(false)
    expect(await tree.list()).toContain('img/logo.png')
    expect(await tree.list()).not.toContain('doc/link.rst')
  })

  it('merges stacked overlays into one layer over the original base', async () => {
    const first = new OverlayTree(base, new Map([['doc/a.rst', {kind: 'deleted'}]] as const))
    const second = new OverlayTree(
      first,
      new Map([['doc/a.rst', {kind: 'file', bytes: bytes('again')}]] as const)
    )
    expect(second.base).toBe(base)
    expect(new TextDecoder().decode(await second.read('doc/a.rst'))).toBe('again')
    expect(await first.exists('doc/a.rst')).toBe(false)
  })
})
