import {existsSync, readFileSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {rules} from '../rules/index.js'
import {FIXTURES, fixtureCases, formatExpected, lintCase} from './fixture-runner.js'

for (const rule of rules) {
  const id = rule.meta.id
  describe(id, () => {
    for (const name of fixtureCases(id)) {
      const caseDir = path.join(FIXTURES, id, name)
      it(name, async () => {
        const diagnostics = await lintCase(id, caseDir)
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
