/** The rule contract the engine enforces: a rule may only report the messageIds it declares. */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {checkTree, prepareEngine} from '../../src/engine/run.js'
import {defineRule} from '../../src/rule.js'
import {DiskTree} from '../../src/tree/disk.js'

const temps: string[] = []
afterAll(() => {
  for (const dir of temps) rmSync(dir, {recursive: true, force: true})
})

function project(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'doclint-contract-'))
  temps.push(dir)
  writeFileSync(path.join(dir, 'conf.py'), '')
  writeFileSync(path.join(dir, 'index.rst'), 'Title\n=====\n')
  return dir
}

function reporting(messageId: string) {
  return defineRule({
    meta: {
      id: 'contract-probe',
      description: 'Reports one finding on index.rst',
      recommended: false,
      defaultSeverity: 'error',
      fixable: false,
      messages: {found: 'Found `{what}`'}
    },
    check({report}) {
      const point = {line: 1, column: 1, offset: 0}
      report({messageId, data: {what: 'x'}, file: 'index.rst', range: {start: point, end: point}})
    }
  })
}

describe('the rule contract', () => {
  it('formats a declared messageId', async () => {
    const dir = project()
    const engine = await prepareEngine({cwd: dir, root: dir, rules: [reporting('found')]})
    const {diagnostics} = await checkTree(engine, new DiskTree(dir))
    expect(diagnostics.map((d) => [d.messageId, d.message])).toEqual([['found', 'Found `x`']])
  })

  it('throws on a messageId the rule does not declare, as ESLint does', async () => {
    const dir = project()
    const engine = await prepareEngine({cwd: dir, root: dir, rules: [reporting('fuond')]})
    await expect(checkTree(engine, new DiskTree(dir))).rejects.toThrow(
      'rule contract-probe reported an unknown messageId "fuond"'
    )
  })
})
