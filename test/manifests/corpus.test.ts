/**
 * The manifest rules on the real Open vSwitch trees (read-only, when present): both are
 * consistent, so nothing may be reported, while the readers must still see the real lists.
 */
import {existsSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import manifestDuplicate from '../../rules/manifest-duplicate.js'
import manifestMismatch from '../../rules/manifest-mismatch.js'
import manifestMissing from '../../rules/manifest-missing.js'
import manifestUnlisted from '../../rules/manifest-unlisted.js'
import {checkTree, prepareEngine} from '../../src/engine/run.js'
import {DiskTree} from '../../src/tree/disk.js'

const RULES = [manifestDuplicate, manifestMismatch, manifestMissing, manifestUnlisted]

for (const root of ['/tmp/corpus/ovs', '/tmp/corpus/ovs-parent']) {
  describe.skipIf(!existsSync(`${root}/Documentation/automake.mk`))(root, () => {
    it('finds DOC_SOURCE and the man page lists, and reports nothing', async () => {
      const engine = await prepareEngine({cwd: root, root, paths: ['Documentation'], rules: RULES})
      const {diagnostics, graphs} = await checkTree(engine, new DiskTree(root))
      expect(diagnostics.map((d) => `${d.file}:${d.range.start.line} ${d.ruleId} ${d.message}`)).toEqual([])
      const manifests = graphs[0]?.manifests
      const lists = manifests?.lists.map((list) => `${list.file} ${list.variable}`)
      expect(lists).toEqual(['Documentation/automake.mk DOC_SOURCE'])
      const docSource = manifests?.lists[0]
      expect(docSource?.entries.length).toBeGreaterThan(100)
      expect(docSource?.covers).toContain('Documentation/**/*.rst')
      expect(manifests?.manPages?.automake?.map((list) => list.variable)).toEqual([
        'RST_MANPAGES',
        'RST_MANPAGES_NOINST'
      ])
      expect(manifests?.manPages?.confPy?.entries.length).toBe(
        manifests?.manPages?.automake?.reduce((n, list) => n + list.entries.length, 0)
      )
      expect(manifests?.manPages?.indexDocname).toBe('ref/index')
    })
  })
}
