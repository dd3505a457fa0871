/** docutils' include options that cut the included text (`start-line`, `end-line`, `start-after`, `end-before`). */
import {FACT_LINE_KEYS, isFactPoint, type DocFacts} from '../facts/types.js'

/** The part of a file an include reads, and where it starts in the file. */
export interface Clip {
  text: string
  /** 1-based line / column and 0-based offset of `text[0]` in the file. */
  line: number
  column: number
  offset: number
}

/** Python's int() for option values; NaN when it is not one. */
function toInt(value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  if (!/^\s*[+-]?\d+(?:_\d+)*\s*$/.test(value)) return Number.NaN
  return Number.parseInt(value.replace(/_/g, ''), 10)
}

/**
 * Cut `text` as docutils' Include does: lines `[start-line:end-line]` (Python slicing), then the
 * text after the first `start-after`, then before the first `end-before`. `undefined` when
 * docutils would fail (text not found, bad numbers): the include then adds nothing.
 */
export function clipInclude(text: string, options: Record<string, string>): Clip | undefined {
  const lines = text.match(/[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/g) ?? []
  const startLine = toInt(options['start-line'])
  const endLine = toInt(options['end-line'])
  if (Number.isNaN(startLine) || Number.isNaN(endLine)) return undefined
  const count = lines.length
  const sliceIndex = (value: number | undefined, fallback: number): number => {
    if (value === undefined) return fallback
    const index = value < 0 ? count + value : value
    return Math.max(0, Math.min(count, index))
  }
  const first = sliceIndex(startLine, 0)
  const last = sliceIndex(endLine, count)
  let offset = 0
  for (let i = 0; i < first; i++) offset += lines[i]?.length ?? 0
  let raw = first < last ? lines.slice(first, last).join('') : ''
  const after = options['start-after']
  if (after !== undefined) {
    const index = raw.indexOf(after)
    if (index < 0 || after === '') return undefined
    raw = raw.slice(index + after.length)
    offset += index + after.length
  }
  const before = options['end-before']
  if (before !== undefined) {
    const index = raw.indexOf(before)
    if (index < 0 || before === '') return undefined
    raw = raw.slice(0, index)
  }
  const head = text.slice(0, offset)
  const breaks = head.match(/\r\n|\r|\n/g)?.length ?? 0
  const lastBreak = Math.max(head.lastIndexOf('\n'), head.lastIndexOf('\r'))
  return {text: raw, line: breaks + 1, column: offset - lastBreak, offset}
}

/** Facts of a clip moved into the coordinates of the whole file. */
export function shiftFacts(facts: DocFacts, clip: Clip): DocFacts {
  if (clip.line === 1 && clip.column === 1 && clip.offset === 0) return facts
  const copy = structuredClone(facts)
  shift(copy, clip)
  return copy
}

function shift(value: unknown, clip: Clip): void {
  if (Array.isArray(value)) {
    for (const item of value) shift(item, clip)
    return
  }
  if (value === null || typeof value !== 'object') return
  const record = value as Record<string, unknown>
  if (isFactPoint(record)) {
    if (record.line === 1) record.column = record.column + clip.column - 1
    record.line = record.line + clip.line - 1
    record.offset = record.offset + clip.offset
    return
  }
  for (const [key, item] of Object.entries(record)) {
    if (FACT_LINE_KEYS.has(key) && typeof item === 'number') record[key] = item + clip.line - 1
    else shift(item, clip)
  }
}
