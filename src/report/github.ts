/** GitHub Actions reporter: workflow commands that become annotations on the pull request. */
import type {Severity} from '../diagnostic.js'
import type {Finding, Reporter, RunResult} from '../engine/types.js'
import {displayPath} from '../paths.js'

/** Escape a workflow command's message the way @actions/core does (`%`, CR, LF). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

/** Escape a workflow command property value: as data, plus `:` and `,`. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C')
}

const COMMAND: Record<Severity, string> = {error: 'error', warning: 'warning', info: 'notice'}

function annotation(result: RunResult, finding: Finding): string {
  const {start, end} = finding.range
  const title =
    finding.patch === undefined
      ? `doclint(${finding.ruleId})`
      : `doclint(${finding.ruleId}) [PATCH ${finding.patch.index}/${finding.patch.total}]` +
        (finding.status === 'existing' ? ' existing' : '')
  const properties: [string, string | number][] = [
    ['file', displayPath(result.root, result.cwd, finding.file)],
    ['line', start.line],
    ['endLine', Math.max(start.line, end.line)],
    ['col', start.column],
    ['endColumn', end.line === start.line ? Math.max(start.column, end.column) : end.column],
    ['title', title]
  ]
  const lines = [finding.message]
  if (finding.patch !== undefined) {
    lines.push(
      finding.status === 'existing' ? 'Already present' : `Introduced by: ${finding.patch.subject}`
    )
  }
  for (const related of finding.related ?? []) {
    const where = displayPath(result.root, result.cwd, related.file)
    lines.push(
      `${where}:${related.range.start.line}:${related.range.start.column}: ${related.message}`
    )
  }
  const props = properties.map(([name, value]) => `${name}=${escapeProperty(String(value))}`)
  return `::${COMMAND[finding.severity]} ${props.join(',')}::${escapeData(lines.join('\n'))}`
}

/**
 * One workflow command per finding (`error`, `warning`, `notice` for info). In patch modes a
 * finding the series fixed is not annotated: its lines are gone from the head.
 */
export const githubReporter: Reporter = (result) => {
  const shown = result.diagnostics.filter((finding) => finding.status !== 'fixed')
  return shown.map((finding) => `${annotation(result, finding)}\n`).join('')
}
