/**
 * `--format sphinx`: one line per finding as Sphinx prints its warnings,
 * `file:line: WARNING: message [rule]`, so editors and CI problem matchers that read Sphinx's
 * output read doclint's. Patch modes list what the patches introduce, naming the patch.
 */
import type {Finding, Reporter, RunResult} from '../engine/types.js'
import {displayPath} from '../paths.js'

const LEVEL = {error: 'ERROR', warning: 'WARNING', info: 'INFO'} as const

/** One finding as a Sphinx warning line (never more than one line). */
export function sphinxLine(result: RunResult, finding: Finding): string {
  const where = `${displayPath(result.root, result.cwd, finding.file)}:${finding.range.start.line}`
  const patch =
    finding.patch === undefined
      ? ''
      : ` (patch ${finding.patch.index}/${finding.patch.total}: ${finding.patch.subject})`
  const message = `${finding.message}${patch}`.replace(/[\r\n]+/g, ' ')
  return `${where}: ${LEVEL[finding.severity]}: ${message} [${finding.ruleId}]`
}

export const sphinxReporter: Reporter = (result) => {
  const findings = result.patches
    ? result.patches.flatMap((patch) => patch.introduced)
    : result.diagnostics
  return findings.map((finding) => `${sphinxLine(result, finding)}\n`).join('')
}
