import {renameSync} from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {readPatchInput} from '../../src/patch/read.js'
import {changesAnswer, problemResult, runSeries} from '../../src/series/run.js'
import type {PatchInput} from '../../src/patch/types.js'
import {GitTree} from '../../src/tree/git.js'
import {MemoryTree} from '../../src/tree/memory.js'
import {
  cleanup,
  commitAll,
  countingCheck,
  docLinkCheck,
  fakeCheck,
  gitBytes,
  makeRepo,
  writeFiles
} from './helpers.js'

afterAll(cleanup)

const summary = (
  findings: Array<{file: string; target?: string; range: {start: {line: number}}}>
): string[] =>
  findings.map((finding) => `${finding.file}:${finding.range.start.line} ${finding.target}`).sort()

/** A base and a four-patch series made with git format-patch. */
async function makeSeries(): Promise<{dir: string; patches: PatchInput[]}> {
  const dir = makeRepo({
    'doc/a.rst': 'A\n\nfine\n',
    'doc/b.rst': 'B\n\nBROKEN zed\n',
    'doc/c.rst': 'C\n'
  })
  // 1: introduces `x` in a.rst.
  writeFiles(dir, {'doc/a.rst': 'A\n\nfine\nBROKEN x\n'})
  commitAll(dir, 'doc: Break a.')
  // 2: fixes `x`, introduces `y`, and shifts b's finding down without changing it.
  writeFiles(dir, {
    'doc/a.rst': 'A\n\nfine\nBROKEN y\n',
    'doc/b.rst': 'B\n\nintro\nintro\nBROKEN zed\n'
  })
  commitAll(dir, 'doc: Swap breakage.')
  // 3: renames b.rst; its finding moves along and is neither introduced nor fixed.
  renameSync(path.join(dir, 'doc/b.rst'), path.join(dir, 'doc/bee.rst'))
  commitAll(dir, 'doc: Rename b.')
  // 4: deletes c.rst and fixes `y`.
  writeFiles(dir, {'doc/a.rst': 'A\n\nfine\n'})
  commitAll(dir, 'doc: Fix a.')
  const read = await readPatchInput(
    gitBytes(dir, 'format-patch', '-M', '-4', '--stdout'),
    'series.mbox'
  )
  expect(read.problems).toEqual([])
  return {dir, patches: read.patches}
}

/** The four-patch series run with a budget of `checks` checks, each check costing one. */
async function budgetedSeries(checks: number) {
  const {dir, patches} = await makeSeries()
  const base = new GitTree(dir, 'HEAD~4')
  const {check, calls} = countingCheck()
  const budget = {left: checks}
  const results = await runSeries({
    base,
    patches,
    budget,
    check: (tree) => {
      budget.left--
      return check(tree)
    }
  })
  return {base, results, calls}
}

describe('runSeries', () => {
  it('reports what each patch introduces and fixes, comparing by identity key', async () => {
    const {dir, patches} = await makeSeries()
    const base = new GitTree(dir, 'HEAD~4')
    const {check, calls} = countingCheck()
    const results = await runSeries({base, patches, check})
    expect(results.map((result) => result.applied)).toEqual([true, true, true, true])
    expect(results.map((result) => [summary(result.introduced), summary(result.fixed)])).toEqual([
      [['doc/a.rst:4 x'], []],
      [['doc/a.rst:4 y'], ['doc/a.rst:4 x']],
      [[], []],
      [[], ['doc/a.rst:4 y']]
    ])
    expect(results[2]?.files).toEqual(['doc/b.rst', 'doc/bee.rst'])
    expect(results[0]?.introduced[0]).toMatchObject({
      status: 'introduced',
      patch: {index: 1, total: 4, subject: 'doc: Break a.'}
    })
    expect(results[1]?.fixed[0]).toMatchObject({status: 'fixed', patch: {index: 2}})
    // One check per tree: the base and each patched tree.
    expect(calls).toEqual(['HEAD~4', 'after [1/4]', 'after [2/4]', 'after [3/4]', 'after [4/4]'])
    expect(results.every((result) => result.existing.length === 0)).toBe(true)
    base.close()
  })

  it('past its budget, checks the patches left as one change and lists it under the last', async () => {
    const {base, results, calls} = await budgetedSeries(2)
    // the base and patch 1 are checked; patches 2 to 4 once, as the tree after patch 4
    expect(calls).toEqual(['HEAD~4', 'after [1/4]', 'after [4/4]'])
    expect(results.map((result) => [result.checkedWith, result.checkedFrom])).toEqual([
      [undefined, undefined],
      [4, undefined],
      [4, undefined],
      [undefined, 2]
    ])
    expect(results.map((result) => [summary(result.introduced), summary(result.fixed)])).toEqual([
      [['doc/a.rst:4 x'], []],
      [[], []],
      [[], []],
      // `y` came and went inside the group; b's finding moved with the rename in patch 3
      [[], ['doc/a.rst:4 x']]
    ])
    expect(results[3]?.fixed[0]).toMatchObject({status: 'fixed', patch: {index: 4}})
    expect(results.map((result) => result.files.length > 0)).toEqual([true, true, true, true])
    base.close()
  })

  it('a single patch past the budget is checked on its own, with nothing to say about it', async () => {
    const {base, results, calls} = await budgetedSeries(4)
    expect(calls).toEqual(['HEAD~4', 'after [1/4]', 'after [2/4]', 'after [3/4]', 'after [4/4]'])
    expect(results.every((r) => r.checkedWith === undefined && r.checkedFrom === undefined)).toBe(
      true
    )
    expect(summary(results[3]?.fixed ?? [])).toEqual(['doc/a.rst:4 y'])
    base.close()
  })

  it('lists existing findings with `all`', async () => {
    const {dir, patches} = await makeSeries()
    const base = new GitTree(dir, 'HEAD~4')
    const results = await runSeries({base, patches, check: fakeCheck, all: true})
    expect(summary(results[0]?.existing ?? [])).toEqual(['doc/b.rst:3 zed'])
    expect(summary(results[2]?.existing ?? [])).toEqual(['doc/a.rst:4 y', 'doc/bee.rst:5 zed'])
    expect(results[2]?.existing.every((finding) => finding.status === 'existing')).toBe(true)
    base.close()
  })

  it('reports a patch that does not apply, and the patches after it as not checked, never clean', async () => {
    const base = new MemoryTree({'a.rst': 'one\ntwo\nthree\n'}, 'base')
    const patches: PatchInput[] = [
      {
        subject: 'good',
        index: 1,
        total: 3,
        source: 'p1',
        diff: '--- a/a.rst\n+++ b/a.rst\n@@ -1,3 +1,4 @@\n one\n+BROKEN q\n two\n three\n'
      },
      {
        subject: 'bad',
        index: 2,
        total: 3,
        source: 'p2',
        diff: '--- a/a.rst\n+++ b/a.rst\n@@ -1,3 +1,3 @@\n uno\n-two\n+dos\n three\n'
      },
      {
        subject: 'fix',
        index: 3,
        total: 3,
        source: 'p3',
        diff: '--- a/a.rst\n+++ b/a.rst\n@@ -1,4 +1,3 @@\n one\n-BROKEN q\n two\n three\n'
      }
    ]
    const {check, calls} = countingCheck()
    const results = await runSeries({base, patches, check})
    expect(results.map((result) => result.applied)).toEqual([true, false, false])
    const failed = results[1]
    expect(failed?.introduced).toHaveLength(1)
    expect(failed?.introduced[0]).toMatchObject({
      ruleId: 'patch-apply',
      messageId: 'contextMismatch',
      severity: 'error',
      file: 'a.rst',
      status: 'introduced',
      patch: {index: 2, subject: 'bad'},
      range: {start: {line: 1, column: 1, offset: 0}}
    })
    expect(failed?.introduced[0]?.key).toBeDefined()
    // patch 3 was written on top of patch 2: it is not checked, and says why
    expect(results[2]?.notChecked).toContain('[PATCH 2/3] before it does not apply')
    expect(results[2]?.introduced).toEqual([])
    expect(calls).toEqual(['base', 'after [1/3]'])
  })

  it('turns an unreadable patch into a patch-malformed finding', async () => {
    const base = new MemoryTree({'a.rst': 'a\n'})
    const results = await runSeries({
      base,
      patches: [{subject: 's', index: 1, total: 1, source: 'x.patch', diff: 'no diff here'}],
      check: fakeCheck
    })
    expect(results[0]).toMatchObject({applied: false, fixed: [], files: []})
    expect(results[0]?.introduced[0]).toMatchObject({
      ruleId: 'patch-malformed',
      messageId: 'notAPatch'
    })
    expect(results[0]?.introduced[0]?.message).toContain('x.patch')
  })

  it('turns problems of a whole input into a result the reporters can show', async () => {
    const read = await readPatchInput(new TextEncoder().encode('not a patch'), 'junk.txt')
    const base = new MemoryTree({})
    const result = await problemResult(
      read.problems,
      {index: 0, total: 0, subject: 'junk.txt'},
      base
    )
    expect(result).toMatchObject({applied: false, fixed: [], existing: [], files: []})
    expect(
      result.introduced.map((finding) => [finding.ruleId, finding.messageId, finding.status])
    ).toEqual([['patch-malformed', 'notAPatch', 'introduced']])
  })

  it('applies a whitespace-damaged patch only with ignoreWhitespace', async () => {
    const base = new MemoryTree({'i.rst': 'T\n\n    - a\n    - b\n    - c\n'})
    const patches: PatchInput[] = [
      {
        subject: 'd',
        index: 1,
        total: 1,
        source: 'd',
        diff: '--- a/i.rst\n+++ b/i.rst\n@@ -3,3 +3,3 @@\n - a\n-- b\n+BROKEN b\n - c\n'
      }
    ]
    const strict = await runSeries({base, patches, check: fakeCheck})
    expect(strict[0]?.introduced[0]?.messageId).toBe('whitespaceDamaged')
    const loose = await runSeries({base, patches, check: fakeCheck, ignoreWhitespace: true})
    expect(loose[0]?.applied).toBe(true)
    expect(summary(loose[0]?.introduced ?? [])).toEqual(['i.rst:4 b'])
  })
})

describe('patches that cannot change the findings are not checked again', () => {
  it('a patch touching only files the check never asked about keeps the findings, unchecked', async () => {
    const dir = makeRepo({
      'doc/a.rst': 'A\n\nSee :doc:`b`.\n',
      'doc/b.rst': 'B\n',
      'src/main.c': 'int main(void) { return 0; }\n'
    })
    writeFiles(dir, {'src/main.c': 'int main(void) { return 1; }\n'})
    commitAll(dir, 'src: Return 1.')
    writeFiles(dir, {'doc/b.rst': 'B\n\nSee :doc:`nowhere`.\n'})
    commitAll(dir, 'doc: Break b.')
    writeFiles(dir, {'src/new/util.c': 'int util;\n'})
    commitAll(dir, 'src: Add util.')
    writeFiles(dir, {'doc/new/c.rst': 'C\n'})
    commitAll(dir, 'doc: Add c.')
    const read = await readPatchInput(gitBytes(dir, 'format-patch', '-4', '--stdout'), 'x.mbox')
    const base = new GitTree(dir, 'HEAD~4')
    const labels: string[] = []
    const check = docLinkCheck('doc')
    const results = await runSeries({
      base,
      patches: read.patches,
      check: async (tree) => {
        labels.push(tree.label)
        return check(tree)
      }
    })
    // Patches 1 and 3 change only src/: the check listed doc/ and read doc/*.rst, nothing else.
    expect(labels).toEqual(['HEAD~4', 'after [2/4]', 'after [4/4]'])
    expect(results.map((result) => [summary(result.introduced), summary(result.fixed)])).toEqual([
      [[], []],
      [['doc/b.rst:3 nowhere'], []],
      [[], []],
      [[], []]
    ])
    base.close()
  })

  it('changesAnswer: reads and existence checks of the path, listings and folder checks above it', () => {
    const queries = [
      {op: 'read' as const, path: 'doc/conf.py'},
      {op: 'exists' as const, path: 'Makefile.am'},
      {op: 'list' as const, path: 'doc'},
      {op: 'isDir' as const, path: 'doc/img'}
    ]
    expect(changesAnswer(queries, ['src/a.c', 'README'])).toBe(false)
    expect(changesAnswer(queries, ['Makefile.am'])).toBe(true)
    expect(changesAnswer(queries, ['doc/conf.py'])).toBe(true)
    expect(changesAnswer(queries, ['doc/deep/new.rst'])).toBe(true)
    expect(changesAnswer(queries, ['doc/img/x.png'])).toBe(true)
    expect(changesAnswer(queries, ['docs/x.rst'])).toBe(false)
    expect(changesAnswer([{op: 'list', path: null}], ['anything'])).toBe(true)
    expect(changesAnswer([{op: 'list', path: ''}], ['anything'])).toBe(true)
  })
})
