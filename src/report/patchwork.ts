/** Patchwork checks reporter: one check per patch, as `POST /api/1.2/patches/ID/checks/` takes it. */
import {countSeverities} from './json.js'
import type {Finding, PatchResult, Reporter, RunResult} from '../engine/types.js'
import {displayPath} from '../paths.js'

/** A patchwork check (the API's field names). */
export interface PatchworkCheck {
  state: 'success' | 'warning' | 'fail'
  context: string
  /** One line, at most MAX_DESCRIPTION characters. */
  description: string
  target_url?: string
}

/** Options of the patchwork reporter. */
export interface PatchworkReportOptions {
  /**
   * Link shown with each check (a CI job, a full report). `{series}`, `{patch}` (the patchwork
   * patch id) and `{index}` (1-based position in the series) are replaced per check.
   */
  targetUrl?: string
  /** The check's context; `doclint` unless several doclint gates run side by side. */
  context?: string
  /** The patchwork series id, for `{series}` in targetUrl. */
  series?: number | string
}

/**
 * The longest description doclint posts. Patchwork stores a check's description in a text column
 * with no length limit (`Check.description = models.TextField(...)` in patchwork/models.py, and
 * the REST API adds none), so the limit is doclint's: enough for the whole list of a real patch
 * (about 15 findings), small enough that a patch with thousands of findings cannot post
 * megabytes. Past it the rest is counted ("+3 more"); `--target-url` links the full report.
 */
export const MAX_DESCRIPTION = 2000

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

/** `file:line message (rule)` for one finding: one entry of a description's list. */
function entry(result: PathBase, finding: Finding): string {
  const where = `${displayPath(result.root, result.cwd, finding.file)}:${finding.range.start.line}`
  return `${where} ${finding.message} (${finding.ruleId})`
}

/**
 * `head: a; b; c` with as many findings as fit in MAX_DESCRIPTION (most severe first), and
 * `; +N more` for the rest: the whole list whenever it fits.
 */
function listDescription(
  result: PathBase,
  head: string,
  findings: Finding[],
  tail = '',
  describe: (finding: Finding) => string = (finding) => entry(result, finding)
): string {
  const rank = {error: 0, warning: 1, info: 2} as const
  const ordered = [...findings].sort((a, b) => rank[a.severity] - rank[b.severity])
  const entries = ordered.map((finding) => oneLine(describe(finding), MAX_DESCRIPTION))
  let text = `${head}: `
  for (const [index, item] of entries.entries()) {
    const left = entries.length - index - 1
    const more = left > 0 ? `; +${left} more` : ''
    const separator = index === 0 ? '' : '; '
    if (Array.from(`${text}${separator}${item}${more}${tail}`).length <= MAX_DESCRIPTION) {
      text += `${separator}${item}`
      continue
    }
    if (index === 0) {
      // Not even the first fits whole: cut it, keep the count.
      const rest = `; +${entries.length - 1} more`
      const room = MAX_DESCRIPTION - Array.from(`${text}${rest}${tail}`).length
      return `${text}${oneLine(item, Math.max(10, room))}${entries.length > 1 ? rest : ''}${tail}`
    }
    return `${text}; +${entries.length - index} more${tail}`
  }
  return `${text}${tail}`
}

function summary(result: PathBase, findings: Finding[], verb: string, tail = ''): string {
  const {errors, warnings, infos} = countSeverities(findings)
  const parts: string[] = []
  if (errors > 0) parts.push(plural(errors, 'error'))
  if (warnings > 0) parts.push(plural(warnings, 'warning'))
  if (infos > 0) parts.push(plural(infos, 'note'))
  if (findings.length === 0) return ''
  return listDescription(result, `${parts.join(', ')} ${verb}`, findings, tail)
}

/** `{series}`, `{patch}` and `{index}` of a target URL template, URL-encoded. */
export function expandTargetUrl(
  template: string,
  values: {series?: number | string | undefined; patch?: number | undefined; index?: number}
): string {
  return template.replace(/\{(series|patch|index)\}/g, (whole, name: string) => {
    const value = values[name as keyof typeof values]
    return value === undefined ? whole : encodeURIComponent(String(value))
  })
}

function build(
  state: PatchworkCheck['state'],
  description: string,
  options: PatchworkReportOptions,
  patch?: PatchResult['patch']
): PatchworkCheck {
  const check: PatchworkCheck = {
    state,
    context: options.context ?? 'doclint',
    description: oneLine(description)
  }
  if (options.targetUrl !== undefined) {
    check.target_url = expandTargetUrl(options.targetUrl, {
      series: options.series,
      patch: patch?.patchworkId,
      ...(patch === undefined ? {} : {index: patch.index})
    })
  }
  return check
}

/** The check for one patch: fail if it did not apply or introduced errors, warning for warnings. */
export function patchworkCheck(
  result: PathBase,
  patchResult: PatchResult,
  options: PatchworkReportOptions = {}
): PatchworkCheck {
  const {introduced, fixed} = patchResult
  const patch = patchResult.patch
  if (patchResult.notChecked !== undefined) {
    return build(
      'warning',
      oneLine(
        `Not checked: ${patchResult.notChecked.replace(/^not checked: /, '')}`,
        MAX_DESCRIPTION
      ),
      options,
      patch
    )
  }
  if (!patchResult.applied) {
    // Each reason names its file already; "Patch does not apply: " is said once.
    const description =
      introduced.length === 0
        ? 'Patch does not apply'
        : listDescription(result, 'Patch does not apply', introduced, '', (finding) =>
            finding.message.replace(/^Patch does not apply: /, '')
          )
    return build('fail', description, options, patch)
  }
  if (patchResult.checkedWith !== undefined) {
    return build(
      'warning',
      `Not checked on its own: the series spent its check budget; checked together with the patches up to ${patchResult.checkedWith}`,
      options,
      patch
    )
  }
  const together =
    patchResult.checkedFrom === undefined
      ? ''
      : ` (patches ${patchResult.checkedFrom} to ${patchResult.patch.index} checked together)`
  const {errors, warnings} = countSeverities(introduced)
  const state = errors > 0 ? 'fail' : warnings > 0 ? 'warning' : 'success'
  if (introduced.length > 0) {
    return build(state, summary(result, introduced, 'introduced', together), options, patch)
  }
  const tail = fixed.length > 0 ? `; ${plural(fixed.length, 'problem')} fixed` : ''
  return build('success', `No new documentation problems${tail}${together}`, options, patch)
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

/** A check as `--format patchwork` and `doclint patchwork --dry-run` print it. */
export interface PatchworkCheckEntry extends PatchworkCheck {
  /** The patchwork patch id the check is for (absent outside patchwork series). */
  patch?: number
  /** 1-based position in the series (absent for a whole-tree check). */
  index?: number
  /** The patch's subject. */
  subject?: string
  /** Where doclint posts it (`doclint patchwork`). */
  url?: string
}

/** The checks of a run with the patch each is for. */
export function patchworkEntries(
  result: RunResult,
  options: PatchworkReportOptions = {}
): PatchworkCheckEntry[] {
  const checks = patchworkChecks(result, options)
  return checks.map((check, position) => {
    const patch = result.patches?.[position]?.patch
    if (patch === undefined) return check
    return {
      ...(patch.patchworkId === undefined ? {} : {patch: patch.patchworkId}),
      index: patch.index,
      subject: patch.subject,
      ...check
    }
  })
}

/** A patchwork reporter with a target URL / context. */
export function createPatchworkReporter(options: PatchworkReportOptions = {}): Reporter {
  return (result) => `${JSON.stringify(patchworkEntries(result, options), null, 2)}\n`
}

/** A JSON array of patchwork checks, in patch order, each with its patch id. */
export const patchworkReporter: Reporter = createPatchworkReporter()
