/**
 * Man pages, the whole chain on Open vSwitch (when extracted): conf.py `man_pages`, the automake
 * `RST_MANPAGES`, the ref/index toctree and the files. A page added or deleted is reported at
 * every list that disagrees; --fix edits the automake list in place and in order, and for
 * conf.py (never edited) the finding prints the entry to add or remove.
 */
import {existsSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {rules} from '../../rules/index.js'
import {checkTree, prepareEngine} from '../../src/engine/run.js'
import {applyFixes} from '../../src/fix/apply.js'
import type {FileChange} from '../../src/patch/apply.js'
import {DiskTree} from '../../src/tree/disk.js'
import {OverlayTree} from '../../src/tree/overlay.js'

const root = '/tmp/corpus/ovs'
const RULES = rules.filter((rule) =>
  [
    'manifest-missing',
    'manifest-unlisted',
    'manifest-mismatch',
    'orphan',
    'toctree-missing'
  ].includes(rule.meta.id)
)

async function check(changes: Map<string, FileChange>): Promise<string[]> {
  const engine = await prepareEngine({cwd: root, root, paths: ['Documentation'], rules: RULES})
  const {diagnostics} = await checkTree(engine, new OverlayTree(new DiskTree(root), changes))
  return diagnostics.map((d) => `${d.file}:${d.range.start.line} ${d.ruleId} ${d.message}`)
}

describe.skipIf(!existsSync(`${root}/Documentation/automake.mk`))('Open vSwitch man pages', () => {
  it('a deleted man page is reported at automake, the toctree and conf.py', async () => {
    const found = await check(new Map([['Documentation/ref/ovsdb.5.rst', {kind: 'deleted'}]]))
    expect(found.filter((line) => !line.includes(' orphan '))).toEqual([
      expect.stringMatching(
        /^Documentation\/automake\.mk:\d+ manifest-missing Cannot find `Documentation\/ref\/ovsdb\.5\.rst`, listed in `RST_MANPAGES`$/
      ),
      expect.stringMatching(
        /^Documentation\/conf\.py:\d+ manifest-missing Cannot find `Documentation\/ref\/ovsdb\.5\.rst`, listed in conf\.py `man_pages`; remove its entry there: `\('ovsdb\.5', u'Open vSwitch Database \(File Formats\)'\),`$/
      ),
      expect.stringMatching(/^Documentation\/ref\/index\.rst:\d+ toctree-missing /)
    ])
  })

  it('an added man page is reported at each list, and --fix puts it in RST_MANPAGES in order', async () => {
    const page = new TextEncoder().encode('=======\novs-foo\n=======\n\nText.\n')
    const changes = new Map<string, FileChange>([
      ['Documentation/ref/ovs-foo.8.rst', {kind: 'file', bytes: page}]
    ])
    const engine = await prepareEngine({cwd: root, root, paths: ['Documentation'], rules: RULES})
    const disk = new DiskTree(root)
    const {diagnostics} = await checkTree(engine, new OverlayTree(disk, changes))
    expect(diagnostics.map((d) => `${d.file} ${d.ruleId} ${d.message}`)).toEqual([
      "Documentation/ref/ovs-foo.8.rst manifest-mismatch Cannot find man page `ref/ovs-foo.8` in conf.py `man_pages`; add an entry there: `('ovs-foo.8', u'...'),`",
      'Documentation/ref/ovs-foo.8.rst manifest-unlisted Unexpected file `ovs-foo.8.rst` missing from `RST_MANPAGES` in `Documentation/automake.mk`',
      'Documentation/ref/ovs-foo.8.rst orphan Document is not included in any toctree'
    ])
    const automake = new TextDecoder().decode(await disk.read('Documentation/automake.mk'))
    const fixes = diagnostics.flatMap((d) => (d.fix ? [d.fix] : []))
    const {files} = applyFixes(new Map([['Documentation/automake.mk', automake]]), fixes)
    const fixed = files.get('Documentation/automake.mk') ?? ''
    const list = /RST_MANPAGES = \\\n((?:\t.*\\\n)*\t.*\n)/.exec(fixed)?.[1] ?? ''
    const words = list
      .split('\n')
      .map((line) => line.replace(/[\t \\]/g, ''))
      .filter(Boolean)
    expect(words).toContain('ovs-foo.8.rst')
    expect(words).toEqual([...words].sort())
    // In place: only the one line is added.
    expect(fixed.split('\n').length).toBe(automake.split('\n').length + 1)
  })
})
