/** Positions: one table of line starts for the original text, and maps from nested parses. */
import type {Point, Range} from '../diagnostic.js'
import {lastAtOrBefore} from '../arrays.js'
import type {SourceLine} from './directive.js'

/** Offsets (0-based) where each line of a text starts; line ends are `\r\n`, `\r` or `\n`. */
export class LineTable {
  readonly starts: number[] = [0]
  readonly text: string

  constructor(text: string) {
    this.text = text
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i)
      if (ch === 13 && text.charCodeAt(i + 1) === 10) i++
      if (ch === 10 || ch === 13) this.starts.push(i + 1)
    }
  }

  /** The 0-based index of the line holding `offset`. */
  lineIndex(offset: number): number {
    return lastAtOrBefore(this.starts, offset)
  }

  /** Start offset of a 0-based line. */
  lineStart(index: number): number {
    return this.starts[index] ?? this.text.length
  }

  /** End offset (before the line ending) of a 0-based line. */
  lineEnd(index: number): number {
    const next = this.starts[index + 1]
    if (next === undefined) return this.text.length
    let end = next - 1
    if (this.text.charCodeAt(end) === 10 && this.text.charCodeAt(end - 1) === 13) end--
    return end
  }

  /** The text of a 0-based line, without its line ending. */
  line(index: number): string {
    return this.text.slice(this.lineStart(index), this.lineEnd(index))
  }

  /** A point for an offset, clamped into the text. */
  point(offset: number): Point {
    const clamped = Math.max(0, Math.min(this.text.length, offset))
    const index = this.lineIndex(clamped)
    return {line: index + 1, column: clamped - this.lineStart(index) + 1, offset: clamped}
  }

  /** A range for two offsets. */
  range(start: number, end: number): Range {
    return {start: this.point(start), end: this.point(Math.max(start, end))}
  }
}

/** Maps an offset in a parsed string to an offset in the original text. */
export type OffsetMap = (offset: number) => number

/** The identity map (the document itself). */
export const identityMap: OffsetMap = (offset) => offset

/**
 * Join source lines into a string for a nested parse, with the map back to the original text.
 * Each line's characters are assumed to be the tail of the source line at `offset`.
 */
export function joinLines(lines: SourceLine[]): {text: string; map: OffsetMap} {
  const starts: number[] = []
  let text = ''
  for (const [i, line] of lines.entries()) {
    if (i > 0) text += '\n'
    starts.push(text.length)
    text += line.text
  }
  const map: OffsetMap = (offset) => {
    const lo = lastAtOrBefore(starts, offset)
    const line = lines[lo]
    if (!line) return offset
    const column = Math.min(Math.max(0, offset - (starts[lo] ?? 0)), line.text.length)
    return line.offset + column
  }
  return {text, map}
}
