/**
 * Inline suppression comments, as ESLint words them: `doclint-disable`, `doclint-enable` and
 * `doclint-disable-next-line`, each with an optional list of rule ids (commas or spaces) and an
 * optional `-- reason`. Written as an RST comment (`.. doclint-disable …`), a MyST comment
 * (`% doclint-disable …`) or an HTML comment in Markdown (`<!-- doclint-disable … -->`).
 */
import type {Suppression} from './types.js'

const DIRECTIVE = /^doclint-(disable-next-line|disable|enable)(?=\s|$)([\s\S]*)$/

/** The directive in a comment's text (markers already removed), or undefined. */
export function parseSuppressionText(
  text: string
): Pick<Suppression, 'kind' | 'rules' | 'text'> | undefined {
  const trimmed = text.trim()
  const match = DIRECTIVE.exec(trimmed)
  if (!match) return undefined
  const kind = match[1] === 'disable-next-line' ? 'next-line' : (match[1] as 'disable' | 'enable')
  // ESLint: `-- text` after the rule list is a reason, not rule ids.
  const list = (match[2] ?? '').split(/\s--(?:\s|$)/)[0] ?? ''
  const rules = list
    .split(/[\s,]+/)
    .map((id) => id.trim())
    .filter((id) => id !== '')
  const head = `doclint-${match[1] ?? ''}`
  return {kind, rules, text: rules.length > 0 ? `${head} ${rules.join(', ')}` : head}
}
