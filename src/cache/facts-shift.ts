/**
 * Facts that differ from earlier facts only because text was inserted or removed before some of
 * them: every position from some point on moved by the same number of lines and characters, the
 * columns and everything else unchanged (prose added or removed in the middle of a document).
 * Findings made from such facts differ only at those positions, so a finding that sits before
 * the point is the same finding (engine/run.ts nearCheck).
 */
import {FACT_LINE_KEYS, isFactPoint} from '../facts/types.js'

/** Where the moved positions start, in the earlier facts' numbering. */
export interface ShiftStart {
  line: number
  offset: number
}

/**
 * The start of the moved positions when `after` is `before` with every position from one point
 * on moved by the same amount; undefined when the facts differ in any other way (or not at all).
 */
export function shiftedFrom(before: unknown, after: unknown): ShiftStart | undefined {
  let lines: number | undefined
  let offsets: number | undefined
  // the last position that stayed, and the first that moved (earlier numbering)
  let stayed: ShiftStart = {line: 0, offset: -1}
  let moved: ShiftStart | undefined
  let lineOnlyStayed = 0
  let lineOnlyMoved: number | undefined
  const same = (a: unknown, b: unknown): boolean => {
    if (a === b) return true
    if (Array.isArray(a)) {
      return Array.isArray(b) && a.length === b.length && a.every((item, i) => same(item, b[i]))
    }
    if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false
    if (Array.isArray(b)) return false
    const x = a as Record<string, unknown>
    const y = b as Record<string, unknown>
    const keys = Object.keys(x)
    if (keys.length !== Object.keys(y).length) return false
    if (isFactPoint(x) && isFactPoint(y)) {
      if (keys.length !== 3 || x.column !== y.column) return false
      const line = x.line
      const offset = x.offset
      const dl = y.line - line
      const dof = y.offset - offset
      if (dl === 0 && dof === 0) {
        if (offset > stayed.offset) stayed = {line, offset}
        return true
      }
      if (lines === undefined) {
        lines = dl
        offsets = dof
      } else if (dl !== lines || dof !== offsets) return false
      if (moved === undefined || offset < moved.offset) moved = {line, offset}
      return true
    }
    for (const key of keys) {
      if (!(key in y)) return false
      const u = x[key]
      const v = y[key]
      if (FACT_LINE_KEYS.has(key) && typeof u === 'number' && typeof v === 'number' && u !== v) {
        // a line alone: it stayed or moved with the positions (checked once lines are known)
        if (lineOnlyMoved === undefined || u < lineOnlyMoved) lineOnlyMoved = u
        if (v - u !== (lines ?? v - u)) return false
        lines ??= v - u
        continue
      }
      if (FACT_LINE_KEYS.has(key) && typeof u === 'number' && u === v) {
        if (u > lineOnlyStayed) lineOnlyStayed = u
        continue
      }
      if (!same(u, v)) return false
    }
    return true
  }
  if (!same(before, after) || moved === undefined || lines === undefined) return undefined
  // every position that stayed comes before every one that moved (on an earlier line, when
  // lines moved)
  if (stayed.offset >= moved.offset || stayed.line > moved.line) return undefined
  if (lines !== 0 && stayed.line === moved.line) return undefined
  if (lineOnlyMoved !== undefined && lineOnlyMoved < moved.line) return undefined
  if (lineOnlyStayed > moved.line || (lineOnlyStayed === moved.line && lines !== 0)) {
    return undefined
  }
  return moved
}

/** A finding's part: its file and where in it. */
interface Located {
  file: string
  range: {start: ShiftStart; end: ShiftStart}
}

/**
 * Whether anything of `check` (findings, their related places and fixes, notes) is in `file` at
 * or after `start`: a finding made there would have moved with the facts.
 */
export function reachesShift(
  check: {
    diagnostics: readonly (Located & {
      related?: readonly Located[]
      fix?: {edits: {file: string}[]}
    })[]
    notes: readonly {path: string; message: string}[]
  },
  file: string,
  start: ShiftStart
): boolean {
  const after = (point: ShiftStart): boolean =>
    point.offset >= start.offset || point.line >= start.line
  const reaches = (place: Located): boolean =>
    place.file === file && (after(place.range.start) || after(place.range.end))
  for (const finding of check.diagnostics) {
    if (reaches(finding) || finding.related?.some(reaches)) return true
    if (finding.fix?.edits.some((edit) => edit.file === file)) return true
  }
  // a note may name a place in the file in its words
  return check.notes.some((note) => note.path === file || note.message.includes(file))
}
