/**
 * Source bookkeeping shared by the block and inline parsers: line table, offset → point, problems.
 */
import type {Point, Position} from 'unist'
import type {Problem} from './ast.js'

/** One line of a body being parsed: text after the body's indentation was removed. */
export interface Line {
  /** Text (no line terminator), indentation of the enclosing body removed. */
  t: string
  /** Offset of `t[0]` in the original source. */
  o: number
  /** Visual column (tabs expanded, 0-based) of `t[0]`, for tab-aware indentation. */
  v: number
  /** Cached indentation (visual columns; -1 blank, -2 not computed yet). */
  i: number
}

/** Mutable parse state: the source, its line table and collected problems. */
export class Source {
  readonly text: string
  /** Offset of the first character of each line. */
  readonly lineStarts: number[]
  readonly problems: Problem[] = []
  readonly tabWidth: number
  private lastLine = 0

  constructor(text: string, tabWidth: number) {
    this.text = text
    this.tabWidth = tabWidth > 0 ? tabWidth : 8
    // parsing is synchronous, so the blank-line helper can read the width from here
    activeTabWidth = this.tabWidth
    const starts = [0]
    const n = text.length
    if (!text.includes('\r')) {
      // fast path: only \n line ends
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1)
    } else {
      let i = 0
      while (i < n) {
        const c = text.charCodeAt(i)
        if (c === 10) {
          starts.push(i + 1)
        } else if (c === 13) {
          if (text.charCodeAt(i + 1) === 10) i++
          starts.push(i + 1)
        }
        i++
      }
    }
    this.lineStarts = starts
  }

  /** The body lines of the whole document (BOM skipped, terminators removed). */
  lines(): Line[] {
    const starts = this.lineStarts
    const text = this.text
    // one line per start, except an empty last line after a final terminator; sizing the array
    // up front avoids regrowing it line by line
    const count =
      starts.length > 1 && starts[starts.length - 1] === text.length
        ? starts.length - 1
        : starts.length
    const out = new Array<Line>(count)
    for (let k = 0; k < count; k++) {
      let s = starts[k] ?? 0
      let e = k + 1 < starts.length ? (starts[k + 1] ?? text.length) : text.length
      if (k + 1 < starts.length) {
        // drop the terminator (\n, \r\n or \r)
        if (text.charCodeAt(e - 1) === 10) e--
        if (text.charCodeAt(e - 1) === 13) e--
      }
      if (k === 0 && text.charCodeAt(0) === 0xfeff) s = 1
      out[k] = {t: text.slice(s, e), o: s, v: 0, i: -2}
    }
    return out
  }

  /** 0-based line index containing `offset`. */
  lineIndex(offset: number): number {
    const starts = this.lineStarts
    let k = this.lastLine
    // offsets mostly arrive in order: try the last line and the next one before searching
    if ((starts[k] ?? 0) <= offset) {
      if (k + 1 >= starts.length || (starts[k + 1] ?? 0) > offset) return k
      if (k + 2 >= starts.length || (starts[k + 2] ?? 0) > offset) {
        this.lastLine = k + 1
        return k + 1
      }
    }
    let lo = 0
    let hi = starts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if ((starts[mid] ?? 0) <= offset) lo = mid
      else hi = mid - 1
    }
    this.lastLine = lo
    k = lo
    return k
  }

  /** unist point of an offset. */
  point(offset: number): Point {
    const k = this.lineIndex(offset)
    return {line: k + 1, column: offset - (this.lineStarts[k] ?? 0) + 1, offset}
  }

  /** unist position of an offset range. */
  pos(start: number, end: number): Position {
    return {start: this.point(start), end: this.point(end < start ? start : end)}
  }

  /** Record a problem at an offset range. */
  problem(
    level: Problem['level'],
    message: string,
    start: number,
    end?: number,
    line?: number
  ): void {
    const position = this.pos(start, end ?? start)
    this.problems.push({level, message, line: line ?? position.start.line, position})
  }
}

/** Visual width of the leading whitespace of `l` (tabs expanded), or -1 when blank. Cached. */
export function indentOf(l: Line, tabWidth: number): number {
  if (l.i !== -2) return l.i
  const t = l.t
  let i = 0
  let col = l.v
  for (; i < t.length; i++) {
    const c = t.charCodeAt(i)
    if (c === 32) col++
    else if (c === 9) col += tabWidth - (col % tabWidth)
    else if (c === 12 || c === 11) col++
    else break
  }
  l.i = i === t.length ? -1 : col - l.v
  return l.i
}

let activeTabWidth = 8

/** True when the line is empty or whitespace only. */
export function isBlank(l: Line): boolean {
  return indentOf(l, activeTabWidth) === -1
}

/** Remove `n` visual columns of leading whitespace (a tab overshooting is removed whole). */
export function stripIndent(l: Line, n: number, tabWidth: number): Line {
  if (n <= 0) return l
  const t = l.t
  let i = 0
  let col = l.v
  const target = l.v + n
  while (i < t.length && col < target) {
    const c = t.charCodeAt(i)
    if (c === 32 || c === 12 || c === 11) col++
    else if (c === 9) col += tabWidth - (col % tabWidth)
    else break
    i++
  }
  // indentation is measured from absolute visual columns, so the cache carries over
  const known = l.i
  return {
    t: t.slice(i),
    o: l.o + i,
    v: col,
    i: known === -2 ? -2 : known === -1 ? -1 : Math.max(0, known - (col - l.v))
  }
}

/** Drop `n` characters from the start of a line (marker text). */
export function dropChars(l: Line, n: number, tabWidth: number): Line {
  const t = l.t
  let col = l.v
  const k = Math.min(n, t.length)
  for (let i = 0; i < k; i++) {
    if (t.charCodeAt(i) === 9) col += tabWidth - (col % tabWidth)
    else col++
  }
  return {t: t.slice(k), o: l.o + k, v: col, i: -2}
}

/** End offset of a line's text. */
export function lineEnd(l: Line): number {
  return l.o + l.t.length
}
