import {describe, expect, it} from 'vitest'
import {SizeLimitedTree} from '../../src/tree/limited.js'
import {MemoryTree} from '../../src/tree/memory.js'

describe('SizeLimitedTree', () => {
  const inner = new MemoryTree({'small.rst': 'abc', 'big.rst': 'x'.repeat(11), 'd/e.rst': ''})

  it('hides files over the limit and names each once; the rest passes through', async () => {
    const tree = new SizeLimitedTree(inner, 10)
    expect(new TextDecoder().decode(await tree.read('small.rst'))).toBe('abc')
    expect(await tree.read('big.rst')).toBeUndefined()
    expect(await tree.read('big.rst')).toBeUndefined()
    expect(await tree.read('missing.rst')).toBeUndefined()
    expect(tree.problems).toEqual([
      {path: 'big.rst', message: 'file is larger than the limit of 10 bytes; not read'}
    ])
    // still listed and existing: only its bytes are withheld
    expect(await tree.list()).toEqual(['big.rst', 'd/e.rst', 'small.rst'])
    expect(await tree.exists('big.rst')).toBe(true)
    expect(await tree.isDir('d')).toBe(true)
  })

  it('offers stamps only where the inner tree has them', () => {
    expect(new SizeLimitedTree(inner, 10).stamp).toBeUndefined()
    const stamped = Object.assign(new MemoryTree({'a.rst': 'a'}), {stamp: () => 'S'})
    expect(new SizeLimitedTree(stamped, 10).stamp?.('a.rst')).toBe('S')
  })
})
