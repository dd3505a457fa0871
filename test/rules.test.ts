import {existsSync, readFileSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {rules} from '../rules/index.js'
import type {Diagnostic} from '../src/diagnostic.js'
import {
  checkExpectations,
  FIXTURES,
  fixtureCases,
  formatExpected,
  lintCase,
  readExpectations
} from './fixture-runner.js'

/** Each case's findings, linted once for both the case's test and the messageId census. */
const linted = new Map<string, Promise<Diagnostic[]>>()
function lint(id: string, caseDir: string): Promise<Diagnostic[]> {
  let found = linted.get(caseDir)
  if (found === undefined) {
    found = lintCase(id, caseDir)
    linted.set(caseDir, found)
  }
  return found
}

for (const rule of rules) {
  const id = rule.meta.id
  describe(id, () => {
    for (const name of fixtureCases(id)) {
      const caseDir = path.join(FIXTURES, id, name)
      it(name, async () => {
        const diagnostics = await lint(id, caseDir)
        // The markers written by hand in the case first, then the snapshot of the exact output.
        expect(checkExpectations(diagnostics, readExpectations(caseDir))).toEqual([])
        const text = formatExpected(diagnostics)
        if (name.startsWith('valid-')) expect(text).toBe('')
        await expect(text).toMatchFileSnapshot(path.join(caseDir, 'expected.txt'))
        const fixedDir = path.join(caseDir, 'expected-fixed')
        if (existsSync(fixedDir)) {
          const {applyFixesToCase} = await import('./fix-runner.js')
          const {files, remaining} = await applyFixesToCase(caseDir, diagnostics, id)
          for (const [file, content] of files) {
            expect(content, file).toBe(readFileSync(path.join(fixedDir, file), 'utf8'))
          }
          expect(remaining, 'safe fixes left after --fix').toEqual([])
        }
      })
    }
  })
}

describe('every declared messageId is produced by some fixture case', () => {
  for (const rule of rules) {
    it(rule.meta.id, async () => {
      const produced = new Set<string>()
      for (const other of rules) {
        for (const name of fixtureCases(other.meta.id)) {
          for (const d of await lint(other.meta.id, path.join(FIXTURES, other.meta.id, name))) {
            if (d.ruleId === rule.meta.id) produced.add(d.messageId)
          }
        }
      }
      expect(Object.keys(rule.meta.messages).filter((id) => !produced.has(id))).toEqual([])
    })
  }
})
