/** `--format json`: the machine-readable contract of docs/architecture.md. */
import type {Finding, Reporter, RunResult} from '../engine/types.js'
import {displayPath} from '../paths.js'

/** One diagnostic as the JSON contract spells it. */
export interface JsonDiagnostic {
  rule: string
  severity: string
  file: string
  line: number
  column: number
  endLine: number
  endColumn: number
  message: string
  target?: string
  resolved?: string
  patch?: {index: number; subject: string}
  status?: 'introduced' | 'fixed' | 'existing'
  /** The Sphinx project's source folder (relative to cwd), when the run checked several. */
  project?: string
}

/** Whether a run checked several Sphinx projects (then findings name their project). */
export function severalProjects(result: RunResult): boolean {
  return (result.builds?.length ?? 0) > 1
}

/**
 * Findings grouped by the project that found them, projects in the order checked (each group
 * keeps its order: by file, line, column); as they are when the run checked one project.
 */
export function byProject(result: RunResult, findings: Finding[]): Finding[] {
  if (!severalProjects(result)) return findings
  const order = new Map((result.builds ?? []).map((build, index) => [build.project, index]))
  const rank = (finding: Finding): number =>
    finding.project === undefined ? -1 : (order.get(finding.project) ?? order.size)
  return findings
    .map((finding, index) => ({finding, index, rank: rank(finding)}))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map(({finding}) => finding)
}

/** Convert one finding to its JSON form. */
export function toJsonDiagnostic(result: RunResult, finding: Finding): JsonDiagnostic {
  const json: JsonDiagnostic = {
    rule: finding.ruleId,
    severity: finding.severity,
    file: displayPath(result.root, result.cwd, finding.file),
    line: finding.range.start.line,
    column: finding.range.start.column,
    endLine: finding.range.end.line,
    endColumn: finding.range.end.column,
    message: finding.message
  }
  if (finding.target !== undefined) json.target = finding.target
  if (finding.resolved !== undefined) json.resolved = finding.resolved
  if (finding.patch) json.patch = {index: finding.patch.index, subject: finding.patch.subject}
  if (finding.status) json.status = finding.status
  if (finding.project !== undefined && severalProjects(result))
    json.project = displayPath(
      result.root,
      result.cwd,
      finding.project === '.' ? '' : finding.project
    )
  return json
}

/** Count findings by severity. */
export function countSeverities(findings: Finding[]): {
  errors: number
  warnings: number
  infos: number
} {
  let errors = 0
  let warnings = 0
  let infos = 0
  for (const finding of findings) {
    if (finding.severity === 'error') errors++
    else if (finding.severity === 'warning') warnings++
    else infos++
  }
  return {errors, warnings, infos}
}

/** The findings a run reports: in patch modes, fixed ones are listed but never counted. */
export function countedFindings(result: RunResult): Finding[] {
  return result.diagnostics.filter(
    (finding) => finding.status !== 'fixed' && finding.status !== 'existing'
  )
}

export const jsonReporter: Reporter = (result) => {
  const counts = countSeverities(countedFindings(result))
  const summary: Record<string, unknown> = {
    documents: result.documents,
    files: result.files.length,
    ...counts,
    // what doclint could not check (an intersphinx inventory did not load): the `info` findings
    unchecked: countedFindings(result).filter((finding) =>
      /^(?:mdlink)?[uU]nchecked$/.test(finding.messageId)
    ).length,
    elapsedMs: Math.round(result.elapsedMs)
  }
  // Files not read, or read in part (limits, unreadable, links out of the tree).
  if (result.skipped?.length) summary.skipped = result.skipped
  // The documentation build followed per project (-W makes Sphinx warnings errors).
  if (result.builds?.length) summary.builds = result.builds
  if (result.extensions) summary.extensions = result.extensions
  if (result.patches) {
    summary.patches = result.patches.map((patch) => ({
      index: patch.patch.index,
      total: patch.patch.total,
      subject: patch.patch.subject,
      applied: patch.applied,
      introduced: patch.introduced.length,
      fixed: patch.fixed.length,
      status:
        patch.notChecked !== undefined
          ? 'not-checked'
          : patch.checkedWith !== undefined
            ? 'checked-later'
            : !patch.applied || patch.introduced.length > 0
              ? 'problems'
              : 'clean',
      ...(patch.notChecked === undefined ? {} : {notChecked: patch.notChecked}),
      ...(patch.checkedWith === undefined ? {} : {checkedWith: patch.checkedWith}),
      ...(patch.checkedFrom === undefined ? {} : {checkedFrom: patch.checkedFrom})
    }))
  }
  return `${JSON.stringify(
    {
      version: 1,
      diagnostics: byProject(result, result.diagnostics).map((d) => toJsonDiagnostic(result, d)),
      summary
    },
    null,
    2
  )}\n`
}
