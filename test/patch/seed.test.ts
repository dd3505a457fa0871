import {existsSync, readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {applyPatch} from '../../src/patch/apply.js'
import {parseDiff} from '../../src/patch/diff.js'
import {readPatchInput} from '../../src/patch/read.js'
import {DiskTree} from '../../src/tree/disk.js'
import {OverlayTree} from '../../src/tree/overlay.js'

const SEEDS = '/work/shared/seeds'
const PARENT = '/tmp/corpus/ovs-parent'
const committed = `${SEEDS}/ovs-9426c2117-Documentation-Remove-Windows-docs.patch`
const patchwork = `${SEEDS}/patchwork-patch-2233254.json`
const haveSeed = existsSync(PARENT) && existsSync(committed) && existsSync(patchwork)

describe.skipIf(!haveSeed)('seed patch on the Open vSwitch parent tree', () => {
  it('applies the committed patch', async () => {
    const read = await readPatchInput(readFileSync(committed), 'seed.patch')
    expect(read.problems).toEqual([])
    const [input] = read.patches
    const base = new DiskTree(PARENT)
    const result = await applyPatch(base, parseDiff(input!.diff))
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.files).toHaveLength(11)
  })
  it('applies the whitespace-damaged JSON with ignoreWhitespace, same result', async () => {
    const base = new DiskTree(PARENT)
    const clean = await readPatchInput(readFileSync(committed), 'seed.patch')
    const json = await readPatchInput(readFileSync(patchwork), 'pw.json')
    expect(json.problems).toEqual([])
    const damaged = json.patches[0]!
    const strict = await applyPatch(base, parseDiff(damaged.diff))
    expect(strict.ok).toBe(false)
    if (!strict.ok) console.log(strict.problems.slice(0, 2))
    const loose = await applyPatch(base, parseDiff(damaged.diff), {ignoreWhitespace: true})
    if (!loose.ok) console.log(loose.problems)
    expect(loose.ok).toBe(true)
    const exact = await applyPatch(base, parseDiff(clean.patches[0]!.diff))
    if (!loose.ok || !exact.ok) return
    const a = new OverlayTree(base, loose.changes)
    const b = new OverlayTree(base, exact.changes)
    for (const file of loose.files) {
      expect(Buffer.from((await a.read(file)) ?? [])).toEqual(Buffer.from((await b.read(file)) ?? []))
    }
  })
})
