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

  it('stacks a long series without copying it per patch, answering like one merged map', async () => {
    type Change = {kind: 'file'; bytes: Uint8Array} | {kind: 'deleted'}
    const reference = new Map<string, Change>()
    let tree = new OverlayTree(base, new Map())
    for (let n = 0; n < 100; n++) {
      const changes = new Map<string, Change>([
        [`doc/n${n}.rst`, {kind: 'file', bytes: bytes(`${n}`)}]
      ])
      // every seventh patch deletes an earlier file, every eleventh brings one back
      if (n % 7 === 6) changes.set(`doc/n${n - 5}.rst`, {kind: 'deleted'})
      if (n % 11 === 10) changes.set(`doc/n${n - 4}.rst`, {kind: 'file', bytes: bytes('back')})
      for (const [name, change] of changes) reference.set(name, change)
      tree = new OverlayTree(tree, changes, `after [${n + 1}/100]`)
    }
    expect(tree.base).toBe(base)
    expect(new Map(tree.changes)).toEqual(reference)
    const listed = new Set(['doc/a.rst', 'doc/b.rst', 'doc/sub/c.rst', 'top.txt'])
    for (const [name, change] of reference) {
      if (change.kind === 'deleted') listed.delete(name)
      else listed.add(name)
      const read = await tree.read(name)
      expect(read === undefined ? undefined : new TextDecoder().decode(read)).toBe(
        change.kind === 'deleted' ? undefined : new TextDecoder().decode(change.bytes)
      )
      expect(await tree.exists(name)).toBe(change.kind !== 'deleted')
    }
    expect(await tree.list()).toEqual([...listed].sort())
    // a case-folding lookup sees through every layer, the newest change of each path winning
    const fold = (name: string): string => name.toLowerCase()
    expect(tree.changedLike('doc/n3.rst', fold)).toEqual([
      ['doc/n3.rst', reference.get('doc/n3.rst')]
    ])
    expect(tree.changedLike('doc/n1.rst', fold)).toEqual([['doc/n1.rst', {kind: 'deleted'}]])
    expect(tree.changedLike('doc/a.rst', fold)).toEqual([])
  })
})
