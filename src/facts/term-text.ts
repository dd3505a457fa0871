/**
 * Glossary term text: the term line after docutils inline parsing, as plain text
 * (docs/sphinx-semantics.md §6.5).
 */
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
  text = replaceRoles(text, roleDisplay)
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

const ROLE_CHAR = /[A-Za-z0-9_.+:-]/

/**
 * `text.replace(/:[A-Za-z0-9_.+:-]+:`([^`]+)`/g, …)` in linear time. The regex retries every `:`
 * of a long run of role characters and rescans the run each time (a term line of 20,000 colons
 * took a second). A match starting at `i` needs the run of role characters after it to end in
 * `:` right before a backquote (the backquote ends the run, so greedy matching can only pick that
 * colon) and a later backquote closing a non-empty content; both facts are the same for every
 * start inside one run, so they are computed once per run.
 */
export function replaceRoles(text: string, display: (inner: string) => string): string {
  let out = ''
  let last = 0
  let runEnd = -1
  let close = -1
  for (let i = text.indexOf(':'); i !== -1; i = text.indexOf(':', i)) {
    if (i >= runEnd) {
      runEnd = i + 1
      while (runEnd < text.length && ROLE_CHAR.test(text[runEnd] as string)) runEnd++
      close = text.indexOf('`', runEnd + 1)
    }
    const shaped = text[runEnd - 1] === ':' && text[runEnd] === '`' && runEnd - 1 > i + 1
    if (shaped && close > runEnd + 1) {
      out += text.slice(last, i) + display(text.slice(runEnd + 1, close))
      last = close + 1
      i = close + 1
      runEnd = -1
      continue
    }
    i++
  }
  return out + text.slice(last)
}

function roleDisplay(inner: string): string {
  const match = splitExplicitTitle(inner, {ltInTarget: true, nulEscapes: false})
  return match?.[1] ?? inner
}
