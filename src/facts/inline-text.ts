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

/**
 * `title <target>` split as `/^(.+?)\s*(?<!\x00)<(.*?)>$/s` splits it (`[^<]*?` for the target
 * when `ltInTarget` is false; `nulEscapes` false drops the `(?<!\x00)`), in linear time: the
 * regex is quadratic on a long run of whitespace, which a hostile role can hold.
 */
export function splitExplicitTitle(
  text: string,
  options: {ltInTarget: boolean; nulEscapes: boolean}
): [string, string, string] | null {
  if (text.length < 3 || !text.endsWith('>')) return null
  const usable = (at: number): boolean => !options.nulEscapes || text.charCodeAt(at - 1) !== 0
  let lt = -1
  if (options.ltInTarget) {
    for (
      let at = text.indexOf('<', 1);
      at >= 1 && at <= text.length - 2;
      at = text.indexOf('<', at + 1)
    ) {
      if (usable(at)) {
        lt = at
        break
      }
    }
  } else {
    const last = text.lastIndexOf('<', text.length - 2)
    if (last >= 1 && usable(last)) lt = last
  }
  if (lt < 1) return null
  let end = lt
  while (end > 1 && /\s/.test(text.charAt(end - 1))) end--
  return [text, text.slice(0, end), text.slice(lt + 1, -1)]
}

/** What a role shows: the explicit title when there is one, else the target. */
function roleDisplayText(value: string): string {
  const match = splitExplicitTitle(value, {ltInTarget: true, nulEscapes: false})
  return unescapeRst(match?.[1] ?? value)
}

/** docutils `unescape`: drop backslashes, and escaped whitespace entirely. */
export function unescapeRst(text: string): string {
  return text.replace(/\\([\s\S])/g, (_whole, char: string) => (/\s/.test(char) ? '' : char))
}

/** docutils `fully_normalize_name`: the parser's, so labels and references agree. */
export {normalizeName} from '../rst/inline.js'
