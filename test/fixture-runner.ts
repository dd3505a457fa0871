/** Shared by the fixture tests: lint a fixture case folder and print it as expected.txt does. */
import {existsSync, readdirSync, statSync} from 'node:fs'
import path from 'node:path'
import type {Diagnostic, Range} from '../src/diagnostic.js'
import {checkTree, prepareEngine} from '../src/engine/run.js'
import {DiskTree} from '../src/tree/disk.js'

/** The repository's fixtures folder. */
export const FIXTURES = path.resolve(import.meta.dirname, '..', 'fixtures')

/** `line:col-line:col`. */
export function formatRange(range: Range): string {
  return `${range.start.line}:${range.start.column}-${range.end.line}:${range.end.column}`
}

/** One diagnostic per line (related locations indented), as in style.md §3.6. */
export function formatExpected(diagnostics: Diagnostic[]): string {
  const lines: string[] = []
  for (const d of diagnostics) {
    lines.push(`${d.file}:${formatRange(d.range)} ${d.severity} ${d.ruleId} ${d.message}`)
    for (const related of d.related ?? []) {
      lines.push(`  ${related.file}:${formatRange(related.range)} ${related.message}`)
    }
  }
  return lines.length ? `${lines.join('\n')}\n` : ''
}

/** Every case folder of a rule's fixtures. */
export function fixtureCases(ruleId: string): string[] {
  const dir = path.join(FIXTURES, ruleId)
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((name) => statSync(path.join(dir, name)).isDirectory())
    .sort()
}

/** Lint one case: only its rule, unless the case has its own doclint.config.json. */
export async function lintCase(ruleId: string, caseDir: string): Promise<Diagnostic[]> {
  const hasConfig = existsSync(path.join(caseDir, 'doclint.config.json'))
  const engine = await prepareEngine({
    cwd: caseDir,
    root: caseDir,
    ...(hasConfig ? {} : {onlyRules: [ruleId]})
  })
  const result = await checkTree(engine, new DiskTree(caseDir))
  return result.diagnostics
}
