/** Fixture support for `expected-fixed/`: apply a case's safe fixes in memory, re-lint. */
import {existsSync} from 'node:fs'
import path from 'node:path'
import {fixInMemory, safeFixes} from '../src/commands/fix.js'
import type {Diagnostic, Fix} from '../src/diagnostic.js'
import {prepareEngine} from '../src/engine/run.js'
import {DiskTree} from '../src/tree/disk.js'

/** The changed files after --fix (path → text) and the safe fixes a re-lint still offers. */
export async function applyFixesToCase(
  caseDir: string,
  diagnostics: Diagnostic[],
  ruleId: string
): Promise<{files: Map<string, string>; remaining: Fix[]}> {
  const hasConfig = existsSync(path.join(caseDir, 'doclint.config.json'))
  const engine = await prepareEngine({
    cwd: caseDir,
    root: caseDir,
    ...(hasConfig ? {} : {onlyRules: [ruleId]})
  })
  const outcome = await fixInMemory(engine, new DiskTree(caseDir), {
    diagnostics,
    documents: 0,
    files: []
  })
  return {
    files: new Map(outcome.changed.map(({file, after}) => [file, after])),
    remaining: safeFixes(outcome)
  }
}
