/** Patchwork checks reporter: one check per patch, as `POST /api/1.2/patches/ID/checks/` takes it. */
import {countSeverities} from './json.js'
import type {Finding, PatchResult, Reporter, RunResult} from '../engine/types.js'
import {displayPath} from '../paths.js'

/** A patchwork check (the API's field names). */
export interface PatchworkCheck {
  state: 'success' | 'warning' | 'fail'
  context: string
  /** One line, at most 255 characters (patchwork's column size). */
  description: string
  target_url?: string
}

/** Options of the patchwork reporter. */
export interface PatchworkReportOptions {
  /** Link shown with each check (a CI job, a report page). */
  targetUrl?: string
  /** The check's context; `doclint` unless several doclint gates run side by side. */
  context?: string
}

/** Patchwork's limit on a check description. */
export const MAX_DESCRIPTION = 255

/** Make any text one line of at most `max` characters (code points, never a split surrogate). */
export function oneLine(text: string, max: number = MAX_DESCRIPTION): string {
  const flat = text
    .replace(/[\u0000-\u001F\u007F-\u009F\u2028\u2029]+/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim()
  const chars = Array.from(flat)
  if (chars.length <= max) return flat
  return `${chars.slice(0, max - 1).join('')}…`
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`
}

/** What descriptions need to show paths as the other reporters do. */
export type PathBase = Pick<RunResult, 'root' | 'cwd'>

function summary(result: PathBase, findings: Finding[], verb: string): string {
  const {errors, warnings, infos} = countSeverities(findings)
  const parts: string[] = []
  if (errors > 0) parts.push(plural(errors, 'error'))
  if (warnings > 0) parts.push(plural(warnings, 'warning'))
  if (infos > 0) parts.push(plural(infos, 'note'))
  // Name the first most severe finding: it is what a reviewer reads first.
  const first =
    findings.find((finding) => finding.severity === 'error') ??
    findings.find((finding) => finding.severity === 'warning') ??
    findings[0]
  if (first === undefined) return ''
  const where = `${displayPath(result.root, result.cwd, first.file)}:${first.range.start.line}`
  return `${parts.join(', ')} ${verb}: ${first.message} (${where})`
}

function build(
  state: PatchworkCheck['state'],
  description: string,
  options: PatchworkReportOptions
): PatchworkCheck {
  const check: PatchworkCheck = {
    state,
    context: options.context ?? 'doclint',
    description: oneLine(description)
  }
  if (options.targetUrl !== undefined) check.target_url = options.targetUrl
  return check
}

/** The check for one patch: fail if it did not apply or introduced errors, warning for warnings. */
export function patchworkCheck(
  result: PathBase,
  patchResult: PatchResult,
  options: PatchworkReportOptions = {}
): PatchworkCheck {
  const {introduced, fixed} = patchResult
  if (patchResult.notChecked !== undefined) {
    return build(
      'warning',
      oneLine(
        `Not checked: ${patchResult.notChecked.replace(/^not checked: /, '')}`,
        MAX_DESCRIPTION
      ),
      options
    )
  }
  if (!patchResult.applied) {
    const reason = introduced[0]?.message ?? 'Patch does not apply'
    // Keep the count visible even when the first reason has to be cut.
    const more = introduced.length > 1 ? ` (+${introduced.length - 1} more)` : ''
    return build('fail', `${oneLine(reason, MAX_DESCRIPTION - more.length)}${more}`, options)
  }
  if (patchResult.checkedWith !== undefined) {
    return build(
      'warning',
      `Not checked on its own: the series spent its check budget; checked together with the patches up to ${patchResult.checkedWith}`,
      options
    )
  }
  const together =
    patchResult.checkedFrom === undefined
      ? ''
      : ` (patches ${patchResult.checkedFrom} to ${patchResult.patch.index} checked together)`
  const {errors, warnings} = countSeverities(introduced)
  const state = errors > 0 ? 'fail' : warnings > 0 ? 'warning' : 'success'
  if (introduced.length > 0) {
    return build(state, `${summary(result, introduced, 'introduced')}${together}`, options)
  }
  const tail = fixed.length > 0 ? `; ${plural(fixed.length, 'problem')} fixed` : ''
  return build('success', `No new documentation problems${tail}${together}`, options)
}

/** Checks for a run: one per patch in patch modes, one for the whole tree otherwise. */
export function patchworkChecks(
  result: RunResult,
  options: PatchworkReportOptions = {}
): PatchworkCheck[] {
  if (result.mode === 'patch' && result.patches !== undefined) {
    return result.patches.map((patchResult) => patchworkCheck(result, patchResult, options))
  }
  const {errors, warnings} = countSeverities(result.diagnostics)
  const state = errors > 0 ? 'fail' : warnings > 0 ? 'warning' : 'success'
  const description =
    result.diagnostics.length > 0
      ? summary(result, result.diagnostics, 'found')
      : `No documentation problems in ${plural(result.documents, 'document')}`
  return [build(state, description, options)]
}

/** A patchwork reporter with a target URL / context. */
export function createPatchworkReporter(options: PatchworkReportOptions = {}): Reporter {
  return (result) => `${JSON.stringify(patchworkChecks(result, options), null, 2)}\n`
}

/** A JSON array of patchwork checks, in patch order. */
export const patchworkReporter: Reporter = createPatchworkReporter()
