/**
 * Source bookkeeping shared by the block and inline parsers: line table, offset → point, problems.
 */
import type {Point, Position} from 'unist'
import {lastAtOrBefore} from '../arrays.js'
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

/** Lines between checkpoints in the part of a huge text past the stored line table. */
const FAR_STEP = 4096

/** Mutable parse state: the source, its line table and collected problems. */
export class Source {
  readonly text: string
  /**
   * Offset of the first character of each line, for the first `maxLines + 1` lines (all of them
   * unless the document has more: the rest is counted, not stored).
   */
  readonly lineStarts: Int32Array
  readonly problems: Problem[] = []
  readonly tabWidth: number
  /** Lines in the whole text (one per start, as `lines()` counts them). */
  readonly lineCount: number
  /** Line starts in the whole text (stored or not). */
  private readonly startCount: number
  private lastLine = 0
  private lastPoint: Point | undefined = undefined
  /** Past the stored table: the line last found there and where it starts. */
  private farLine = -1
  private farStart = 0
  /** Past the stored table: every `FAR_STEP`th line start (line index, offset), to search from. */
  private readonly farLines: number[] = []
  private readonly farStarts: number[] = []

  constructor(text: string, tabWidth: number, maxLines = Number.POSITIVE_INFINITY) {
    this.text = text
    this.tabWidth = tabWidth > 0 ? tabWidth : 8
    // parsing is synchronous, so the blank-line helper can read the width from here
    activeTabWidth = this.tabWidth
    const n = text.length
    const crlf = text.includes('\r')
    // One pass over the line ends. The first `maxLines + 1` starts go to a typed array (grown by
    // doubling; millions of lines must not cost boxed array elements), later ones are counted,
    // with a checkpoint every FAR_STEP lines for the few points asked for out there.
    const keep = maxLines + 1
    // small to start: most documents are short, and a tree of 20,000 allocated 80 MB here
    let starts = new Int32Array(Math.min(keep, 64))
    let total = 1
    let at = 0
    for (;;) {
      if (!crlf) {
        at = nextStart(text, at, n)
        if (at < 0) break
      } else {
        let i = at
        while (i < n) {
          const c = text.charCodeAt(i)
          if (c === 10 || c === 13) break
          i++
        }
        if (i >= n) break
        at = text.charCodeAt(i) === 13 && text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1
      }
      if (total < keep) {
        if (total === starts.length) {
          const grown = new Int32Array(Math.min(keep, starts.length * 2))
          grown.set(starts)
          starts = grown
        }
        starts[total] = at
      } else if (total % FAR_STEP === 0) {
        this.farLines.push(total)
        this.farStarts.push(at)
      }
      total++
    }
    this.lineStarts = starts.subarray(0, Math.min(total, keep))
    this.startCount = total
    // an empty last line after a final terminator is not a line
    const last = text.charCodeAt(n - 1)
    this.lineCount = total > 1 && (last === 10 || last === 13) ? total - 1 : total
  }

  /** The body lines of the document (BOM skipped, terminators removed): the first `max` of them. */
  lines(max = Number.POSITIVE_INFINITY): Line[] {
    const starts = this.lineStarts
    const text = this.text
    // sizing the array up front avoids regrowing it line by line
    const count = Math.min(this.lineCount, max, starts.length)
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
      // blank lines share the empty string; their indentation is known without a scan
      out[k] = s === e ? {t: '', o: s, v: 0, i: -1} : {t: text.slice(s, e), o: s, v: 0, i: -2}
    }
    return out
  }

  /** 0-based line index containing `offset`. */
  lineIndex(offset: number): number {
    const starts = this.lineStarts
    if (starts.length < this.startCount && offset >= (starts[starts.length - 1] ?? 0))
      return this.farIndex(offset)
    let k = this.lastLine
    // offsets mostly arrive in order: try the last line and the next one before searching
    if ((starts[k] ?? 0) <= offset) {
      if (k + 1 >= starts.length || (starts[k + 1] ?? 0) > offset) return k
      if (k + 2 >= starts.length || (starts[k + 2] ?? 0) > offset) {
        this.lastLine = k + 1
        return k + 1
      }
    }
    k = lastAtOrBefore(starts, offset)
    this.lastLine = k
    return k
  }

  // Lines past the stored table (only the unparsed tail of a huge document asks, a few times, in
  // order): count forward from the last line found there.
  private farIndex(offset: number): number {
    const text = this.text
    if (this.farLine < 0 || offset < this.farStart) {
      this.farLine = this.lineStarts.length - 1
      this.farStart = this.lineStarts[this.farLine] ?? 0
    }
    // jump to the last checkpoint at or before `offset` when it is further on
    const marks = this.farStarts
    let lo = 0
    let hi = marks.length - 1
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      if ((marks[mid] ?? 0) <= offset) lo = mid + 1
      else hi = mid - 1
    }
    if (hi >= 0 && (marks[hi] ?? 0) > this.farStart) {
      this.farLine = this.farLines[hi] ?? 0
      this.farStart = marks[hi] ?? 0
    }
    let line = this.farLine
    let start = this.farStart
    const n = text.length
    for (let i = start; i < n; i++) {
      const c = text.charCodeAt(i)
      if (c === 10 || c === 13) {
        if (c === 13 && text.charCodeAt(i + 1) === 10) i++
        if (i + 1 > offset) break
        line++
        start = i + 1
      }
    }
    this.farLine = line
    this.farStart = start
    return line
  }

  /** unist point of an offset. */
  point(offset: number): Point {
    // Adjacent nodes meet at one offset (a text node ends where the next element starts): they
    // share that point object. Points are never mutated, so sharing only saves allocation.
    const last = this.lastPoint
    if (last !== undefined && last.offset === offset) return last
    const k = this.lineIndex(offset)
    const start = k < this.lineStarts.length ? (this.lineStarts[k] ?? 0) : this.farStart
    const point = {line: k + 1, column: offset - start + 1, offset}
    this.lastPoint = point
    return point
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

  /** Record that a parsing budget ran out at offset `at` (a level-2 problem of kind `limit`). */
  limitProblem(message: string, at: number): void {
    const position = this.pos(at, at)
    this.problems.push({level: 2, message, line: position.start.line, position, kind: 'limit'})
  }
}

/** Offset after the first \n at or after `from` (a text without \r), or -1 when there is none. */
function nextStart(text: string, from: number, n: number): number {
  // blank and very short lines are looked at here, others found by indexOf (a call per line
  // costs more than that on millions of blank lines; a longer scan here slows real text)
  let j = from
  const near = from + 4 < n ? from + 4 : n
  while (j < near && text.charCodeAt(j) !== 10) j++
  if (j === near) {
    if (near >= n) return -1
    j = text.indexOf('\n', near)
    if (j < 0) return -1
  }
  return j + 1
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
  const i = indentStripEnd(l, n, tabWidth)
  const col = strippedColumn
  // indentation is measured from absolute visual columns, so the cache carries over
  const known = l.i
  return {
    t: l.t.slice(i),
    o: l.o + i,
    v: col,
    i: known === -2 ? -2 : known === -1 ? -1 : Math.max(0, known - (col - l.v))
  }
}

/** The visual column `indentStripEnd` reached (a module slot: the hot path allocates nothing). */
let strippedColumn = 0

/**
 * How many characters of `l` make up its first `n` columns of indentation (a tab overshooting
 * counts whole); the column reached is left in `strippedColumn`.
 */
function indentStripEnd(l: Line, n: number, tabWidth: number): number {
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
  strippedColumn = col
  return i
}

/**
 * `stripIndent` done on the line object itself, for a line whose unstripped form nobody reads
 * again (see `BlockParser.indented`): deep nesting strips the same lines once per level, and
 * fresh copies at every level made most of that cost.
 */
export function stripIndentInPlace(l: Line, n: number, tabWidth: number): void {
  const t = l.t
  // an empty line stays as it is (its indentation is known: blank)
  if (n <= 0 || t.length === 0) return
  const i = indentStripEnd(l, n, tabWidth)
  const col = strippedColumn
  const known = l.i
  if (i > 0) {
    l.t = t.slice(i)
    l.o += i
  }
  l.i = known === -2 ? -2 : known === -1 ? -1 : Math.max(0, known - (col - l.v))
  l.v = col
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
