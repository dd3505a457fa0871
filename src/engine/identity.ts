/** Finding identity: what stays the same when a patch shifts lines (docs/architecture.md). */
import type {Diagnostic} from '../diagnostic.js'

/**
 * The identity of a finding without its occurrence number: rule, file, and the resolved target
 * (or the target as written, or the message when there is neither). Line numbers are left out on
 * purpose: a patch that adds a line above a finding must not make it "new".
 */
export function identityBase(diagnostic: Diagnostic): string {
  const what = diagnostic.resolved ?? diagnostic.target ?? diagnostic.message
  return [diagnostic.ruleId, diagnostic.file, what, diagnostic.identity ?? ''].join('\u0000')
}

/**
 * Give every diagnostic its `key`: identityBase plus its occurrence among diagnostics with the same
 * base, counted in (line, column) order, so the second dangling `:doc:`x`` in a file stays
 * distinct from the first. Returns the same array, mutated.
 */
export function assignKeys<T extends Diagnostic>(diagnostics: T[]): T[] {
  const ordered = [...diagnostics].sort(
    (a, b) => a.range.start.offset - b.range.start.offset || a.range.start.line - b.range.start.line
  )
  const seen = new Map<string, number>()
  for (const diagnostic of ordered) {
    const base = identityBase(diagnostic)
    const occurrence = seen.get(base) ?? 0
    seen.set(base, occurrence + 1)
    diagnostic.key = `${base}\u0000${occurrence}`
  }
  return diagnostics
}
