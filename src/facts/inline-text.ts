/** Plain text of RST inline nodes, as docutils' `astext()` gives it. */
import type {Inline} from '../rst/ast.js'

/** The text a run of inline nodes renders to (roles and references show their text). */
export function inlineText(nodes: readonly Inline[]): string {
  let text = ''
  for (const node of nodes) {
    switch (node.type) {
      case 'text':
      case 'inlineLiteral':
        text += node.value
        break
      case 'emphasis':
      case 'strong':
        text += inlineText(node.children)
        break
      case 'role':
        text += roleDisplayText(node.value)
        break
      case 'reference':
        text += node.text
        break
      case 'inlineTarget':
        text += node.text
        break
      case 'footnoteReference':
      case 'citationReference':
        text += node.label
        break
      case 'substitutionReference':
        text += node.name
        break
    }
  }
  return text
}

/** What a role shows: the explicit title when there is one, else the target. */
function roleDisplayText(value: string): string {
  const match = /^([\s\S]+?)\s*<([\s\S]*?)>$/.exec(value)
  return unescapeRst(match?.[1] ?? value)
}

/** docutils `unescape`: drop backslashes, and escaped whitespace entirely. */
export function unescapeRst(text: string): string {
  return text.replace(/\\([\s\S])/g, (_whole, char: string) => (/\s/.test(char) ? '' : char))
}

/** docutils `fully_normalize_name`: lower-case, whitespace runs to one space, trimmed. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/\s+/g, ' ').trim()
}

/** docutils `whitespace_normalize_name` (case kept). */
export function whitespaceNormalizeName(name: string): string {
  return name.replace(/\s+/g, ' ').trim()
}
