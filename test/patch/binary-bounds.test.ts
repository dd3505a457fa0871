/**
 * Binary patches claim no more than they hold: declared literal and delta sizes are bounded by
 * the data the patch carries, and data over limits.maxFileSize is not inflated (issue 18).
 */
import {createHash} from 'node:crypto'
import {deflateSync} from 'node:zlib'
import {describe, expect, it} from 'vitest'
import {applyPatch} from '../../src/patch/apply.js'
import {parseDiff} from '../../src/patch/diff.js'
import {MemoryTree} from '../../src/tree/memory.js'
import {OverlayTree} from '../../src/tree/overlay.js'

const ALPHABET =
  '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&()*+-;<=>?@^_`{|}~'

/** git's base85 lines: up to 52 bytes a line, led by a length character. */
function base85Lines(bytes: Uint8Array): string[] {
  const lines: string[] = []
  for (let start = 0; start < bytes.length; start += 52) {
    const chunk = bytes.subarray(start, start + 52)
    const length = chunk.length
    let line = String.fromCharCode(length <= 26 ? 64 + length : 96 + length - 26)
    for (let k = 0; k < length; k += 4) {
      let value = 0
      for (let j = 0; j < 4; j++) value = value * 256 + (chunk[k + j] ?? 0)
      let digits = ''
      for (let j = 0; j < 5; j++) {
        digits = ALPHABET[value % 85] + digits
        value = Math.floor(value / 85)
      }
      line += digits
    }
    lines.push(line)
  }
  return lines
}

function varint(value: number): number[] {
  const out: number[] = []
  let rest = value
  do {
    let byte = rest % 128
    rest = Math.floor(rest / 128)
    if (rest > 0) byte |= 0x80
    out.push(byte)
  } while (rest > 0)
  return out
}

const blob = (bytes: Uint8Array): string =>
  createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex')

function binaryPatch(
  name: string,
  oldId: string,
  newId: string,
  kind: 'literal' | 'delta',
  size: number,
  payload: Uint8Array
): string {
  return [
    `diff --git a/${name} b/${name}`,
    `index ${oldId}..${newId} 100644`,
    'GIT binary patch',
    `${kind} ${size}`,
    ...base85Lines(deflateSync(payload)),
    '',
    'literal 0',
    'HcmV?d00001',
    '',
    ''
  ].join('\n')
}

const base = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8])
const tree = new MemoryTree({'logo.png': base})

describe('binary patches are bounded by what they hold', () => {
  it('a delta declaring a 2^40-byte result is a patch-apply finding, not a RangeError', async () => {
    const delta = new Uint8Array([...varint(base.length), ...varint(2 ** 40), 1, 42])
    const patch = binaryPatch('logo.png', blob(base), 'f'.repeat(40), 'delta', delta.length, delta)
    const result = await applyPatch(tree, parseDiff(patch))
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.problems[0]).toMatchObject({ruleId: 'patch-apply', file: 'logo.png'})
    expect(result.problems[0]?.message).toContain('declares a result larger')
  })

  it('a literal declaring 256 MiB from a few bytes of data is refused unread', async () => {
    const data = new Uint8Array(100)
    const patch = binaryPatch('logo.png', blob(base), 'f'.repeat(40), 'literal', 2 ** 28, data)
    const result = await applyPatch(tree, parseDiff(patch))
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.problems[0]?.message).toContain('more than its')
  })

  it('a real delta applies and must give the blob the index line promises', async () => {
    const after = new Uint8Array([1, 2, 3, 4, 9, 9])
    // copy 4 bytes from offset 0, insert two 9s
    const delta = new Uint8Array([...varint(8), ...varint(6), 0x90, 4, 2, 9, 9])
    const good = binaryPatch('logo.png', blob(base), blob(after), 'delta', delta.length, delta)
    const applied = await applyPatch(tree, parseDiff(good))
    if (!applied.ok) throw new Error(applied.problems.map((p) => p.message).join('\n'))
    expect(await new OverlayTree(tree, applied.changes).read('logo.png')).toEqual(after)
    const lying = binaryPatch('logo.png', blob(base), 'e'.repeat(40), 'delta', delta.length, delta)
    const refused = await applyPatch(tree, parseDiff(lying))
    expect(refused.ok).toBe(false)
    if (!refused.ok) expect(refused.problems[0]?.message).toContain('not the eeeeeeeeeeee')
  })

  it('data over limits.maxFileSize is not inflated: the file exists with bytes unknown', async () => {
    const big = new Uint8Array(4096).fill(7)
    const patch = binaryPatch('logo.png', blob(base), blob(big), 'literal', big.length, big)
    const result = await applyPatch(tree, parseDiff(patch), {maxFileSize: 1024})
    if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'))
    expect(result.changes.get('logo.png')?.kind).toBe('unknown')
    expect(result.notes.join('\n')).toContain('over limits.maxFileSize')
  })

  it('a binary patch to a file that is not the blob it names does not apply', async () => {
    const patch = binaryPatch('logo.png', 'a'.repeat(40), blob(base), 'literal', 8, base)
    const result = await applyPatch(tree, parseDiff(patch))
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.problems[0]?.message).toContain('the patch applies to blob')
  })
})
