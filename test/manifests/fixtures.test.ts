/**
 * The manifest rules over their fixture cases (style.md §3.6), run through the real engine with
 * only these rules, until rules/index.ts lists them and test/rules.test.ts takes over.
 */
import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import manifestDuplicate from '../../rules/manifest-duplicate.js'
import manifestMismatch from '../../rules/manifest-mismatch.js'
import manifestMissing from '../../rules/manifest-missing.js'
import manifestUnlisted from '../../rules/manifest-unlisted.js'
import {checkTree, prepareEngine} from '../../src/engine/run.js'
import {DiskTree} from '../../src/tree/disk.js'
import {FIXTURES, formatExpected} from '../fixture-runner.js'
import {applyFixesToCase} from '../fix/case.js'

const RULES = [manifestDuplicate, manifestMismatch, manifestMissing, manifestUnlisted]

for (const rule of RULES) {
  const id = rule.meta.id
  const dir = path.join(FIXTURES, id)
  const cases = existsSync(dir)
    ? readdirSync(dir)
        .filter((name) => statSync(path.join(dir, name)).isDirectory())
        .sort()
    : []
  describe(id, () => {
    it('has a valid case and a failing case', () => {
      expect(cases.some((name) => name.startsWith('valid-'))).toBe(true)
      expect(cases.some((name) => !name.startsWith('valid-'))).toBe(true)
    })
    for (const name of cases) {
      const caseDir = path.join(dir, name)
      it(name, async () => {
        const hasConfig = existsSync(path.join(caseDir, 'doclint.config.json'))
        const engine = await prepareEngine({
          cwd: caseDir,
          root: caseDir,
          rules: RULES,
          ...(hasConfig ? {} : {onlyRules: [id]})
        })
        const {diagnostics} = await checkTree(engine, new DiskTree(caseDir))
        const text = formatExpected(diagnostics)
        if (name.startsWith('valid-')) expect(text).toBe('')
        await expect(text).toMatchFileSnapshot(path.join(caseDir, 'expected.txt'))
        const fixedDir = path.join(caseDir, 'expected-fixed')
        if (existsSync(fixedDir)) {
          const {files, remaining} = await applyFixesToCase(caseDir, diagnostics, id, RULES)
          expect([...files.keys()].sort()).toEqual(
            readdirSync(fixedDir, {recursive: true, withFileTypes: true})
              .filter((entry) => entry.isFile())
              .map((entry) => path.relative(fixedDir, path.join(entry.parentPath, entry.name)))
              .sort()
          )
          for (const [file, content] of files) {
            expect(content, file).toBe(readFileSync(path.join(fixedDir, file), 'utf8'))
          }
          expect(remaining, 'safe fixes left after --fix').toEqual([])
        }
      })
    }
  })
}
