/**
 * Where, inside a role, a toctree entry or a Markdown link, the target text is written: the span
 * a rename replaces. Each returns absolute offsets into the file's text, or undefined when the
 * written form is not one it knows (the place is then listed as unedited, never guessed at).
 */
import type {Range} from '../diagnostic.js'

/** A span of a file's text. */
export interface Span {
  start: number
  end: number
}

/** `Title <target>`: the target's span inside `inner` (relative), or the whole of it. */
function explicitTarget(inner: string): Span {
  const trimmedEnd = inner.replace(/\s+$/, '').length
  if (inner.slice(0, trimmedEnd).endsWith('>')) {
    const open = inner.lastIndexOf('<', trimmedEnd - 1)
    if (open >= 0) return {start: open + 1, end: trimmedEnd - 1}
  }
  const lead = inner.length - inner.replace(/^\s+/, '').length
  return {start: lead, end: trimmedEnd}
}

/** `:doc:`x``, `:ref:`Title <x>``, MyST `{doc}`x``: the target inside the backquotes. */
export function roleTargetSpan(text: string, range: Range): Span | undefined {
  const from = range.start.offset
  const written = text.slice(from, range.end.offset)
  const open = written.indexOf('`')
  const close = written.lastIndexOf('`')
  if (open < 0 || close <= open) return undefined
  const inner = written.slice(open + 1, close)
  const span = explicitTarget(inner)
  let start = span.start
  // `~target` (show the last component) and `!target` (no link) keep their marker.
  while (start < span.end && (inner[start] === '~' || inner[start] === '!')) start++
  if (start >= span.end) return undefined
  return {start: from + open + 1 + start, end: from + open + 1 + span.end}
}

/** A toctree entry line: `target` or `Title <target>`. */
export function entryTargetSpan(text: string, range: Range): Span | undefined {
  const from = range.start.offset
  const span = explicitTarget(text.slice(from, range.end.offset))
  if (span.start >= span.end) return undefined
  return {start: from + span.start, end: from + span.end}
}

/** `[text](url "title")` or `<url>`: the URL without its fragment's neighbours. */
export function mdlinkTargetSpan(text: string, range: Range): Span | undefined {
  const from = range.start.offset
  const written = text.slice(from, range.end.offset)
  const paren = written.lastIndexOf('](')
  if (paren >= 0 && written.endsWith(')')) {
    let inner = written.slice(paren + 2, -1)
    let start = paren + 2
    if (inner.startsWith('<')) {
      const close = inner.indexOf('>')
      if (close < 0) return undefined
      return {start: from + start + 1, end: from + start + close}
    }
    const lead = inner.length - inner.replace(/^\s+/, '').length
    start += lead
    inner = inner.slice(lead)
    const end = /[\s]/.exec(inner)?.index ?? inner.length
    return end > 0 ? {start: from + start, end: from + start + end} : undefined
  }
  if (written.startsWith('<') && written.endsWith('>')) {
    return {start: from + 1, end: from + written.length - 1}
  }
  return undefined
}

/** The span of a name written in a label definition (`.. _Name:`, `(name)=`, `:name: x`). */
export function labelNameSpan(text: string, range: Range, name: string): Span | undefined {
  const from = range.start.offset
  const written = text.slice(from, range.end.offset)
  // Names are normalised (lower case, white space runs as one space): match them that way.
  const pattern = new RegExp(
    name
      .split(' ')
      .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('\\s+'),
    'i'
  )
  const match = pattern.exec(written)
  if (!match) return undefined
  return {start: from + match.index, end: from + match.index + match[0].length}
}
