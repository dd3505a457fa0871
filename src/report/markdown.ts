/**
 * `--format markdown`: a short report for people, e.g. a GitHub Actions job summary
 * (`$GITHUB_STEP_SUMMARY`). Patch modes: one table row per patch (what it introduced and fixed),
 * then each patch's findings; a tree run lists its findings.
 */
import type {Finding, PatchResult, Reporter, RunResult} from '../engine/types.js'
import {displayPath} from '../paths.js'
import {countSeverities, countedFindings} from './json.js'

/**
 * Text from the tree or a commit (messages, subjects, paths) as inert Markdown: no HTML, no
 * table cell break, no line break.
 */
function inert(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/[\r\n]+/g, ' ')
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`
}

function counts(findings: Finding[]): string {
  const {errors, warnings, infos} = countSeverities(findings)
  const parts = [plural(errors, 'error'), plural(warnings, 'warning')]
  if (infos > 0) parts.push(plural(infos, 'info'))
  return parts.join(', ')
}

function item(result: RunResult, finding: Finding): string {
  const {line, column} = finding.range.start
  const where = `${displayPath(result.root, result.cwd, finding.file)}:${line}:${column}`
  return `- ${finding.severity} \`${where.replace(/`/g, "'")}\` ${inert(finding.message)} (${finding.ruleId})`
}

function patchStatus(patch: PatchResult): string {
  if (patch.checkedWith !== undefined) return `checked with ${patch.checkedWith}`
  if (!patch.applied) return 'does not apply'
  return patch.introduced.length > 0 ? 'problems' : 'clean'
}

function patchReport(result: RunResult, patches: PatchResult[]): string[] {
  const introduced = patches.flatMap((patch) => patch.introduced)
  const fixed = patches.flatMap((patch) => patch.fixed)
  const lines = [
    '## doclint',
    '',
    `${plural(patches.length, 'patch')} checked: introduced ${counts(introduced)}; fixed ${plural(fixed.length, 'finding')}.`,
    '',
    '| patch | subject | introduced | fixed | status |',
    '| --- | --- | --- | --- | --- |'
  ]
  for (const patch of patches) {
    const {index, total, subject} = patch.patch
    lines.push(
      `| ${index}/${total} | ${inert(subject)} | ${patch.introduced.length} | ${patch.fixed.length} | ${patchStatus(patch)} |`
    )
  }
  for (const patch of patches) {
    if (patch.introduced.length === 0 && patch.fixed.length === 0) continue
    lines.push('', `### ${patch.patch.index}/${patch.patch.total} ${inert(patch.patch.subject)}`)
    if (patch.introduced.length > 0) {
      lines.push('', 'Introduced:', '', ...patch.introduced.map((f) => item(result, f)))
    }
    if (patch.fixed.length > 0) {
      lines.push('', 'Fixed:', '', ...patch.fixed.map((f) => item(result, f)))
    }
  }
  return lines
}

export const markdownReporter: Reporter = (result) => {
  const lines = result.patches
    ? patchReport(result, result.patches)
    : [
        '## doclint',
        '',
        `${plural(result.documents, 'document')} checked: ${counts(countedFindings(result))}.`,
        ...(result.diagnostics.length > 0
          ? ['', ...result.diagnostics.map((finding) => item(result, finding))]
          : [])
      ]
  for (const skipped of result.skipped ?? []) {
    lines.push('', `Not checked: \`${skipped.path.replace(/`/g, "'")}\`: ${inert(skipped.message)}`)
  }
  return `${lines.join('\n')}\n`
}
