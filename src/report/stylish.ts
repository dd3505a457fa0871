/** `--format stylish` (default): compiler-style lines grouped by file, one summary line. */
import pc from 'picocolors'
import type {Finding, PatchResult, Reporter, RunResult} from '../engine/types.js'
import {displayPath} from '../paths.js'
import {byProject, countSeverities, countedFindings, severalProjects} from './json.js'
import {pushAll} from '../arrays.js'

type Colors = ReturnType<typeof pc.createColors>

function severityLabel(colors: Colors, severity: string): string {
  const padded = severity.padEnd(7)
  if (severity === 'error') return colors.red(padded)
  if (severity === 'warning') return colors.yellow(padded)
  return colors.blue(padded)
}

function formatFinding(result: RunResult, colors: Colors, finding: Finding): string[] {
  const where = `${displayPath(result.root, result.cwd, finding.file)}:${finding.range.start.line}:${finding.range.start.column}`
  const lines = [
    `${where}  ${severityLabel(colors, finding.severity)}  ${finding.message}  ${colors.dim(finding.ruleId)}`
  ]
  for (const related of finding.related ?? []) {
    lines.push(
      colors.dim(
        `    ${displayPath(result.root, result.cwd, related.file)}:${related.range.start.line}:${related.range.start.column}  ${related.message}`
      )
    )
  }
  return lines
}

function formatGroup(result: RunResult, colors: Colors, findings: Finding[]): string[] {
  const lines: string[] = []
  let file: string | undefined
  for (const finding of findings) {
    if (file !== undefined && finding.file !== file) lines.push('')
    file = finding.file
    pushAll(lines, formatFinding(result, colors, finding))
  }
  return lines
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`
}

function patchHeader(colors: Colors, patch: PatchResult): string {
  const label = `[${patch.patch.index}/${patch.patch.total}] ${patch.patch.subject}`
  if (patch.notChecked !== undefined) {
    return `${colors.bold(label)}  ${colors.yellow('not checked')}  ${colors.dim(patch.notChecked.replace(/^not checked: /, ''))}`
  }
  if (!patch.applied) return `${colors.bold(label)}  ${colors.red('does not apply')}`
  if (patch.checkedWith !== undefined) {
    return `${colors.bold(label)}  ${colors.yellow(`checked with [${patch.checkedWith}/${patch.patch.total}]`)}`
  }
  // a series past its check budget: the last patch answers for the ones checked with it
  const span =
    patch.checkedFrom === undefined
      ? ''
      : `  ${colors.dim(`(patches ${patch.checkedFrom} to ${patch.patch.index} together)`)}`
  if (patch.introduced.length === 0) return `${colors.bold(label)}  ${colors.green('clean')}${span}`
  return `${colors.bold(label)}  ${colors.red(plural(patch.introduced.length, 'new problem'))}${span}`
}

export const stylishReporter: Reporter = (result, options) => {
  const colors = pc.createColors(options.color)
  const out: string[] = []
  if (result.patches) {
    for (const patch of result.patches) {
      out.push(patchHeader(colors, patch))
      // Introduced findings start their lines (`^file:line:col`, as problem matchers expect);
      // what a patch fixes or leaves as it was is indented, so no matcher takes it for new.
      pushAll(out, formatGroup(result, colors, patch.introduced))
      if (patch.fixed.length > 0) {
        out.push(colors.green(`  fixes ${plural(patch.fixed.length, 'problem')}:`))
        out.push(
          ...formatGroup(result, colors, patch.fixed).map((line) => (line ? `    ${line}` : line))
        )
      }
      if (patch.existing.length > 0) {
        out.push(colors.dim(`  already there (${patch.existing.length}):`))
        out.push(
          ...formatGroup(result, colors, patch.existing).map((line) =>
            line ? `    ${line}` : line
          )
        )
      }
    }
  } else if (severalProjects(result)) {
    // Several Sphinx projects under PATH: each project's findings under its name.
    let project: string | undefined
    let group: Finding[] = []
    const flush = (): void => {
      if (group.length === 0) return
      if (out.length > 0) out.push('')
      const name =
        project === undefined
          ? 'the tree'
          : displayPath(result.root, result.cwd, project === '.' ? '' : project)
      out.push(
        `${colors.bold(name)}  ${colors.dim(`(Sphinx project: ${plural(group.length, 'problem')})`)}`
      )
      pushAll(out, formatGroup(result, colors, group))
      group = []
    }
    for (const finding of byProject(result, result.diagnostics)) {
      if (finding.project !== project) flush()
      project = finding.project
      group.push(finding)
    }
    flush()
  } else {
    pushAll(out, formatGroup(result, colors, result.diagnostics))
  }
  const counts = countSeverities(countedFindings(result))
  const total = counts.errors + counts.warnings + counts.infos
  const time = `${Math.round(result.elapsedMs)} ms`
  const checked = `${plural(result.documents, 'document')} checked`
  let summary: string
  if (result.patches) {
    const unchecked = result.patches.filter((p) => p.notChecked !== undefined).length
    const bad = result.patches.filter(
      (p) => p.notChecked === undefined && (!p.applied || p.introduced.length > 0)
    ).length
    summary = `${plural(result.patches.length, 'patch')}`.replace('patchs', 'patches')
    summary +=
      bad === 0 && unchecked === 0 ? ', all clean' : bad === 0 ? '' : `, ${bad} with problems`
    if (unchecked > 0) summary += `, ${unchecked} not checked`
    summary += ` (${plural(total, 'new problem')}: ${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')}), ${checked}, ${time}`
  } else {
    summary =
      total === 0
        ? `${checked}, no problems, ${time}`
        : `${checked}, ${plural(total, 'problem')} (${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')}${counts.infos ? `, ${plural(counts.infos, 'info')}` : ''}), ${time}`
  }
  if (out.length > 0) out.push('')
  out.push(
    total === 0
      ? colors.green(`✔ ${summary}`)
      : `${counts.errors ? colors.red('✖') : colors.yellow('⚠')} ${summary}`
  )
  return `${out.join('\n')}\n`
}
