/** What the engine makes of a rule's reports: findings, and what a `-W` build makes of them. */
import type {Diagnostic, Related, Severity} from '../diagnostic.js'
import {formatMessage, type ReportInput, type Rule, type RuleMeta} from '../rule.js'

/** A rule's report as a finding: its message made, its severity decided. */
export function toDiagnostic(meta: RuleMeta, severity: Severity, input: ReportInput): Diagnostic {
  const template = meta.messages[input.messageId]
  // A typo in a messageId is a bug in the rule, not a message: fail as ESLint does.
  if (template === undefined) {
    throw new Error(`rule ${meta.id} reported an unknown messageId "${input.messageId}"`)
  }
  let message = formatMessage(template, input.data)
  if (input.suggestions?.length && !message.includes('did you mean')) {
    message += `; did you mean \`${input.suggestions[0]}\`?`
  }
  const diagnostic: Diagnostic = {
    ruleId: meta.id,
    messageId: input.messageId,
    message,
    // A rule may say one of its messages is only information (e.g. "could not evaluate").
    severity: meta.messageSeverities?.[input.messageId] ?? severity,
    file: input.file,
    range: input.range
  }
  if (input.target !== undefined) diagnostic.target = input.target
  if (input.resolved !== undefined) diagnostic.resolved = input.resolved
  if (input.related?.length) diagnostic.related = input.related
  if (input.suggestions?.length) diagnostic.suggestions = input.suggestions
  if (input.fix) diagnostic.fix = input.fix
  if (input.identity !== undefined) diagnostic.identity = input.identity
  return diagnostic
}

/**
 * A build with -W fails on every warning Sphinx prints: the findings from `first` on that mirror
 * a Sphinx warning become errors, each saying where the build asks for it.
 */
export function escalateWarnings(
  diagnostics: Diagnostic[],
  first: number,
  rules: readonly {rule: Rule}[],
  because: Related | undefined
): void {
  const mirrored = new Set(
    rules.filter(({rule}) => rule.meta.sphinx !== undefined).map(({rule}) => rule.meta.id)
  )
  for (let i = first; i < diagnostics.length; i++) {
    const diagnostic = diagnostics[i]
    if (!diagnostic || diagnostic.severity !== 'warning' || !mirrored.has(diagnostic.ruleId))
      continue
    diagnostic.severity = 'error'
    if (because) diagnostic.related = [...(diagnostic.related ?? []), because]
  }
}
