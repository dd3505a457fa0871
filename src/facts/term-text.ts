/** Glossary term text: the term line after docutils inline parsing, as plain text (§6.5). */
import {splitExplicitTitle} from './inline-text.js'

/**
 * The text docutils' inline parser leaves of a term line: inline literals, emphasis, roles and
 * interpreted text keep only their content; backslash escapes are removed.
 */
export function plainTermText(source: string): string {
  let text = source
  // ``literal`` first: its content is never parsed further.
  text = text.replace(
    /``([\s\S]+?)``/g,
    (_whole, inner: string) =>
      `\u0001${inner.replace(/[*`:\\]/g, (c) => `\u0002${c.charCodeAt(0)}\u0003`)}\u0001`
  )
  text = text.replace(/:[A-Za-z0-9_.+:-]+:`([^`]+)`/g, (_whole, inner: string) =>
    roleDisplay(inner)
  )
  text = text.replace(/`([^`]+)`(?::[A-Za-z0-9_.+:-]+:)?/g, (_whole, inner: string) =>
    roleDisplay(inner)
  )
  text = text.replace(/\*\*([^*]+)\*\*/g, '$1').replace(/\*([^*]+)\*/g, '$1')
  text = text.replace(/\\([\s\S])/g, (_whole, char: string) => (/\s/.test(char) ? '' : char))
  text = text.replace(/\u0002(\d+)\u0003/g, (_whole, code: string) =>
    String.fromCharCode(Number(code))
  )
  return text.replace(/\u0001/g, '').trim()
}

function roleDisplay(inner: string): string {
  const match = splitExplicitTitle(inner, {ltInTarget: true, nulEscapes: false})
  return match?.[1] ?? inner
}
