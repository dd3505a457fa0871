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
import {applyFixes} from '../../src/fix/apply.js'
import {manPageItems} from '../../src/graph/manifest-queries.js'
import type {FileChange} from '../../src/patch/apply.js'
import {DiskTree} from '../../src/tree/disk.js'
import {OverlayTree} from '../../src/tree/overlay.js'

const RULES = [manifestDuplicate, manifestMismatch, manifestMissing, manifestUnlisted]

for (const root of ['/tmp/corpus/ovs', '/tmp/corpus/ovs-parent']) {
  describe.skipIf(!existsSync(`${root}/Documentation/automake.mk`))(root, () => {
    it('finds DOC_SOURCE and the man page lists, and reports nothing', async () => {
      const engine = await prepareEngine({cwd: root, root, paths: ['Documentation'], rules: RULES})
      const {diagnostics, graphs} = await checkTree(engine, new DiskTree(root))
      expect(
        diagnostics.map((d) => `${d.file}:${d.range.start.line} ${d.ruleId} ${d.message}`)
      ).toEqual([])
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
      const graph = graphs[0]
      if (graph)
        expect(manPageItems(graph).toctree?.length).toBe(
          manifests?.manPages?.confPy?.entries.length
        )
    })

    it('reports edits that break the lists, and --fix repairs the manifest', async () => {
      const disk = new DiskTree(root)
      const read = async (file: string): Promise<string> =>
        new TextDecoder().decode((await disk.read(file)) ?? new Uint8Array())
      const automake = await read('Documentation/automake.mk')
      const conf = await read('Documentation/conf.py')
      const bytes = (text: string): FileChange => ({
        kind: 'file',
        bytes: new TextEncoder().encode(text)
      })
      const changes = new Map<string, FileChange>([
        // A document deleted without touching DOC_SOURCE, one dropped from DOC_SOURCE only.
        ['Documentation/howto/vlan.rst', {kind: 'deleted'}],
        [
          'Documentation/automake.mk',
          bytes(automake.replace('\tDocumentation/topics/bonding.rst \\\n', ''))
        ],
        // A man page dropped from conf.py only.
        [
          'Documentation/conf.py',
          bytes(conf.replace("    ('ovs-ctl.8',\n     u'OVS startup helper script'),\n", ''))
        ]
      ])
      const tree = new OverlayTree(disk, changes)
      const engine = await prepareEngine({cwd: root, root, paths: ['Documentation'], rules: RULES})
      const {diagnostics} = await checkTree(engine, tree)
      expect(diagnostics.map((d) => `${d.file} ${d.ruleId} ${d.message}`)).toEqual([
        'Documentation/automake.mk manifest-missing Cannot find `Documentation/howto/vlan.rst`, listed in `DOC_SOURCE`',
        'Documentation/automake.mk manifest-mismatch Cannot find `ref/ovs-ctl.8` in conf.py `man_pages`, listed in `RST_MANPAGES`',
        'Documentation/ref/index.rst manifest-mismatch Cannot find `ref/ovs-ctl.8` in conf.py `man_pages`, listed in the toctree of `ref/index`',
        'Documentation/topics/bonding.rst manifest-unlisted Unexpected file `Documentation/topics/bonding.rst` missing from `DOC_SOURCE` in `Documentation/automake.mk`'
      ])
      const edited = automake.replace('\tDocumentation/topics/bonding.rst \\\n', '')
      const fixes = diagnostics.flatMap((d) => (d.fix?.applicability === 'safe' ? [d.fix] : []))
      const fixed = applyFixes(new Map([['Documentation/automake.mk', edited]]), fixes)
      expect(fixed.applied.length).toBe(2)
      const after = fixed.files.get('Documentation/automake.mk') ?? ''
      expect(after).not.toContain('Documentation/howto/vlan.rst')
      expect(after).toContain('\tDocumentation/topics/bonding.rst \\\n')
      changes.set('Documentation/automake.mk', bytes(after))
      changes.set('Documentation/conf.py', bytes(conf))
      const again = await checkTree(engine, new OverlayTree(disk, changes))
      expect(again.diagnostics).toEqual([])
    })
  })
}
