/**
 * Findings of scope `xrefs` made again for the documents whose cross-references changed
 * (src/engine/xref-check.ts), against full checks of the same trees on disk; and every case where
 * the stored tables cannot answer as a full check would, which must fall back to one.
 */
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {GREEDY_RULE} from '../graph/greedy-rule.js'
import type {Diagnostic} from '../../src/diagnostic.js'
import {checkTree, prepareEngine, sortDiagnostics} from '../../src/engine/run.js'
import {assignKeys} from '../../src/engine/identity.js'
import {
  recheckXrefs,
  storedXrefsOf,
  type StoredXrefs,
  type XrefEngine
} from '../../src/engine/xref-check.js'
import {loadInventories} from '../../src/intersphinx/load.js'
import {DiskTree} from '../../src/tree/disk.js'
import {removeDir, writeFiles} from '../hook/git-repo.js'

const temps: string[] = []
afterAll(() => {
  for (const dir of temps) removeDir(dir)
})

const FILES: Record<string, string> = {
  'conf.py': "project = 'x'\n",
  'index.rst': 'Index\n=====\n\n.. toctree::\n\n   guide\n   terms\n\nSee :doc:`guide`.\n',
  'guide.rst':
    'Guide\n=====\n\nSee :doc:`terms`.\n\n.. _plain:\n\nNo title follows this label.\n\n.. _sec:\n\nSection\n-------\n\nText.\n',
  'terms.rst': 'Terms\n=====\n\n.. glossary::\n\n   widget\n      A thing.\n'
}

/** A tree on disk, checked in full: its findings, its tables, and how to check it edited. */
async function tree(files: Record<string, string | Uint8Array> = FILES) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'doclint-xref-check-'))
  temps.push(dir)
  writeFiles(dir, files)
  const full = async () => {
    const engine = await prepareEngine({cwd: dir, root: dir, paths: ['.']})
    return checkTree(engine, new DiskTree(dir))
  }
  const before = await full()
  const graph = before.graphs[0]
  if (!graph) throw new Error('no graph')
  const stored = storedXrefsOf(graph, '.', {warningsFail: false})
  if (!stored) throw new Error('no tables')
  const engine = await prepareEngine({cwd: dir, root: dir, paths: ['.']})
  const xrefEngine: XrefEngine = {
    rules: engine.rules,
    ignored: () => false,
    maxFindings: engine.config.limits.maxFindings
  }
  /** Write `text` to `file`; the full check of the tree then, and the new facts of the file. */
  const edit = async (file: string, text: string) => {
    writeFileSync(path.join(dir, file), text)
    const after = await full()
    const facts = after.graphs[0]?.files.get(file)
    if (!facts) throw new Error(`no facts for ${file}`)
    return {after: after.diagnostics, facts}
  }
  return {dir, before: before.diagnostics, stored, xrefEngine, edit}
}

/** A recheck that answered (neither undefined nor asking for inventories). */
function made<T>(result: T | 'inventories' | undefined): T {
  if (result === undefined || result === 'inventories') throw new Error(`no answer: ${result}`)
  return result
}

/** What a run reports, keys assigned as the engine assigns them. */
function finished(diagnostics: Diagnostic[]): Diagnostic[] {
  return assignKeys(sortDiagnostics(diagnostics.map((d) => ({...d, project: '.'}))))
}

/** Full checks' findings, with the project label a stored check's carry gives them. */
function labelled(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.map((d) => ({...d, project: '.'}))
}

describe('findings of scope xrefs made again for one document', () => {
  it.each([
    [
      'a link to a missing document, with a suggestion',
      (t: string) => `${t}\nSee :doc:\`term\`.\n`,
      ['doc-unknown']
    ],
    [
      'a link to a label without a title',
      (t: string) => `${t}\nSee :ref:\`plain\`.\n`,
      ['ref-untitled']
    ],
    [
      'a numbered reference to a label',
      (t: string) => `${t}\nSee :numref:\`plain\`.\n`,
      ['ref-undefined']
    ],
    [
      'terms, known and not',
      (t: string) => `${t}\n:term:\`widget\` and :term:\`gadget\`.\n`,
      ['term-undefined']
    ],
    [
      'a broken link mended',
      (t: string) => t.replace(':doc:`terms`', ':doc:`termz`'),
      ['doc-unknown'],
      (t: string) => t
    ],
    [
      'a link added before the labels (they move with it)',
      (t: string) => t.replace('See :doc:', 'See :ref:`nowhere`.\n\nSee :doc:'),
      ['ref-undefined']
    ]
  ] as [string, (t: string) => string, string[], ((t: string) => string)?][])(
    '%s: as a full check finds them',
    async (name, change, found, mend) => {
      const t = await tree()
      const broken = change(FILES['guide.rst']!)
      const start = name.includes('move') ? {line: 4, offset: 20} : undefined
      const {after, facts} = await t.edit('guide.rst', broken)
      const result = recheckXrefs(
        t.xrefEngine,
        t.before,
        [t.stored],
        [{path: 'guide.rst', facts, ...(start ? {start} : {})}]
      )
      expect(finished(made(result).diagnostics)).toEqual(labelled(after))
      expect(after.filter((d) => d.file === 'guide.rst').map((d) => d.ruleId)).toEqual(found)
      if (!mend) return
      // and mended again, from the check that found it
      const mended = await t.edit('guide.rst', mend(FILES['guide.rst']!))
      const again = recheckXrefs(
        t.xrefEngine,
        after,
        [t.stored],
        [{path: 'guide.rst', facts: mended.facts}]
      )
      expect(finished(made(again).diagnostics)).toEqual(labelled(mended.after))
      expect(mended.after.filter((d) => d.file === 'guide.rst')).toEqual([])
    }
  )

  it('makes a -W build’s warnings errors, saying why', async () => {
    const t = await tree()
    const because = {
      file: 'Makefile',
      range: {start: {line: 1, column: 1, offset: 0}, end: {line: 1, column: 3, offset: 2}},
      message: 'SPHINXOPTS has -W'
    }
    const stored: StoredXrefs = {...t.stored, warningsFail: {because}}
    const {facts} = await t.edit('guide.rst', `${FILES['guide.rst']}\nSee :ref:\`plain\`.\n`)
    const result = recheckXrefs(t.xrefEngine, t.before, [stored], [{path: 'guide.rst', facts}])
    const untitled = made(result).diagnostics.find((d) => d.ruleId === 'ref-untitled')
    expect(untitled?.severity).toBe('error')
    expect(untitled?.related?.at(-1)).toEqual(because)
  })

  it('drops the findings of an ignored file', async () => {
    const t = await tree()
    const {facts} = await t.edit('guide.rst', `${FILES['guide.rst']}\nSee :doc:\`gone\`.\n`)
    const engine = {...t.xrefEngine, ignored: (file: string) => file === 'guide.rst'}
    const result = recheckXrefs(engine, t.before, [t.stored], [{path: 'guide.rst', facts}])
    expect(made(result).diagnostics.filter((d) => d.file === 'guide.rst')).toEqual([])
  })

  it('spends the suggestion budget it was left, and says what is left', async () => {
    const t = await tree()
    const {facts} = await t.edit('guide.rst', `${FILES['guide.rst']}\nSee :doc:\`term\`.\n`)
    const result = recheckXrefs(t.xrefEngine, t.before, [t.stored], [{path: 'guide.rst', facts}])
    expect(made(result).xrefs[0]?.tables.budgetLeft).toBeLessThan(t.stored.tables.budgetLeft)
  })
})

describe('the tables cannot answer as a full check would: undefined', () => {
  it('when the suggestion budget runs out', async () => {
    const t = await tree()
    const {facts} = await t.edit('guide.rst', `${FILES['guide.rst']}\nSee :doc:\`term\`.\n`)
    const spent: StoredXrefs = {...t.stored, tables: {...t.stored.tables, budgetLeft: 1}}
    expect(recheckXrefs(t.xrefEngine, t.before, [spent], [{path: 'guide.rst', facts}])).toBe(
      undefined
    )
  })

  it('when a rule reaches limits.maxFindings', async () => {
    const t = await tree()
    const {facts} = await t.edit('guide.rst', `${FILES['guide.rst']}\n:doc:\`a\` :doc:\`b\`\n`)
    const engine = {...t.xrefEngine, maxFindings: 2}
    expect(recheckXrefs(engine, t.before, [t.stored], [{path: 'guide.rst', facts}])).toBe(undefined)
  })

  it('when a finding points at a place in the document that moved', async () => {
    const t = await tree()
    // the label `plain` is in guide.rst, after the new link: the tables have its old place
    const {facts} = await t.edit(
      'guide.rst',
      FILES['guide.rst']!.replace('See :doc:', 'See :ref:`plain`.\n\nSee :doc:')
    )
    expect(
      recheckXrefs(
        t.xrefEngine,
        t.before,
        [t.stored],
        [{path: 'guide.rst', facts, start: {line: 4, offset: 20}}]
      )
    ).toBe(undefined)
  })

  it('when a rule of scope xrefs reads more than its scope says', async () => {
    const t = await tree()
    const {facts} = await t.edit('guide.rst', `${FILES['guide.rst']}\nSee :doc:\`x\`.\n`)
    const engine = {
      ...t.xrefEngine,
      rules: [{rule: GREEDY_RULE, severity: 'error' as const, options: {}}]
    }
    expect(recheckXrefs(engine, t.before, [t.stored], [{path: 'guide.rst', facts}])).toBe(undefined)
  })

  it('when the document is in no stored project', async () => {
    const t = await tree()
    const {facts} = await t.edit('guide.rst', `${FILES['guide.rst']}\nSee :doc:\`x\`.\n`)
    expect(recheckXrefs(t.xrefEngine, t.before, [t.stored], [{path: 'other.rst', facts}])).toBe(
      undefined
    )
    const twice = [t.stored, {...t.stored, project: 'again'}]
    expect(recheckXrefs(t.xrefEngine, t.before, twice, [{path: 'guide.rst', facts}])).toBe(
      undefined
    )
  })
})

describe('with intersphinx', () => {
  const files = {
    ...FILES,
    'conf.py':
      "extensions = ['sphinx.ext.intersphinx']\nintersphinx_mapping = {'other': ('https://other.example/', 'other.inv')}\n",
    'other.inv': new Uint8Array(
      readFileSync(new URL('../intersphinx/fixtures/other.inv', import.meta.url))
    )
  }

  it('needs no inventory for a reference the tables hold', async () => {
    const t = await tree(files)
    expect(t.stored.tables.intersphinx?.entries.map((entry) => entry.name)).toEqual(['other'])
    const {after, facts} = await t.edit('guide.rst', `${FILES['guide.rst']}\nSee :doc:\`index\`.\n`)
    const result = recheckXrefs(t.xrefEngine, t.before, [t.stored], [{path: 'guide.rst', facts}])
    expect(finished(made(result).diagnostics)).toEqual(labelled(after))
  })

  it('asks for the inventories for one they may hold, and then finds as a full check', async () => {
    const t = await tree(files)
    const {after, facts} = await t.edit(
      'guide.rst',
      `${FILES['guide.rst']}\nSee :ref:\`other:other-intro\`, :ref:\`other:nothing\` and :doc:\`nowhere\`.\n`
    )
    const documents = [{path: 'guide.rst', facts}]
    expect(recheckXrefs(t.xrefEngine, t.before, [t.stored], documents)).toBe('inventories')
    const state = await loadInventories(t.stored.tables.intersphinx!, {
      tree: new DiskTree(t.dir),
      srcdir: ''
    })
    const result = recheckXrefs(
      t.xrefEngine,
      t.before,
      [t.stored],
      documents,
      new Map([[0, state]])
    )
    expect(finished(made(result).diagnostics)).toEqual(labelled(after))
    // the inventory answered one of them; the other two are findings
    expect(after.map((d) => `${d.ruleId} ${d.target ?? ''}`)).toEqual([
      'ref-undefined other:nothing',
      'doc-unknown nowhere'
    ])
  })
})
