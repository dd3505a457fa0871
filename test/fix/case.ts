/** Apply a fixture case's safe fixes in memory, re-linting until none is left (ESLint's passes). */
import type {Diagnostic, Fix} from '../../src/diagnostic.js'
import {checkTree, prepareEngine} from '../../src/engine/run.js'
import {applyFixes} from '../../src/fix/apply.js'
import type {Rule} from '../../src/rule.js'
import {DiskTree} from '../../src/tree/disk.js'
import {MemoryTree} from '../../src/tree/memory.js'
import {existsSync} from 'node:fs'
import path from 'node:path'

/** ESLint's MAX_AUTOFIX_PASSES. */
const MAX_PASSES = 10

function safeFixes(diagnostics: Diagnostic[]): Fix[] {
  return diagnostics.flatMap((d) => (d.fix?.applicability === 'safe' ? [d.fix] : []))
}

/**
 * Apply the safe fixes of `diagnostics` to an in-memory copy of the case, re-lint, and repeat.
 * Returns the changed files (tree-relative path → text) and the diagnostics that still carry a
 * safe fix after the last pass.
 */
export async function applyFixesToCase(
  caseDir: string,
  diagnostics: Diagnostic[],
  ruleId: string,
  rules?: Rule[]
): Promise<{files: Map<string, string>; remaining: Diagnostic[]}> {
  const disk = new DiskTree(caseDir)
  const decoder = new TextDecoder()
  const texts = new Map<string, string>()
  for (const file of await disk.list()) {
    if (file === 'expected.txt' || file.startsWith('expected-fixed/')) continue
    const bytes = await disk.read(file)
    if (bytes) texts.set(file, decoder.decode(bytes))
  }
  const original = new Map(texts)
  const hasConfig = existsSync(path.join(caseDir, 'doclint.config.json'))
  const engine = await prepareEngine({
    cwd: caseDir,
    root: caseDir,
    ...(hasConfig ? {} : {onlyRules: [ruleId]}),
    ...(rules ? {rules} : {})
  })
  let current = diagnostics
  let files = texts
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const fixes = safeFixes(current)
    if (fixes.length === 0) break
    const result = applyFixes(files, fixes)
    if (result.applied.length === 0) break
    files = result.files
    current = (await checkTree(engine, new MemoryTree(Object.fromEntries(files)))).diagnostics
  }
  const changed = new Map<string, string>()
  for (const [file, text] of files) {
    if (original.get(file) !== text) changed.set(file, text)
  }
  return {files: changed, remaining: current.filter((d) => d.fix?.applicability === 'safe')}
}
