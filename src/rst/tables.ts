/**
 * Grid and simple tables, after docutils' `tableparser`. Cells are returned as body lines that keep
 * their source offsets, so cell contents parse as RST with exact positions.
 */
import type {Block, Table, TableCell, TableRow} from './ast.js'
import {isBlank, lineEnd, type Line, type Source} from './source.js'

/** Parse a cell's lines as a body into `into`; false once no more cells should be made. */
type Nest = (lines: Line[], into: Block[]) => boolean

function rtrimLen(s: string): number {
  let e = s.length
  while (e > 0 && s.charCodeAt(e - 1) === 32) e--
  return e
}

/** Cut columns [left, right) of each line, strip trailing spaces and the common indentation. */
function block2D(lines: Line[], left: number, right: number): Line[] {
  let indent = right
  const cut: Line[] = lines.map((l) => {
    const s = l.t.slice(left, right)
    const t = s.slice(0, rtrimLen(s))
    return {t, o: l.o + left, v: l.v + left, i: -2}
  })
  for (const c of cut) {
    if (c.t.length === 0) continue
    let k = 0
    while (k < c.t.length && c.t.charCodeAt(k) === 32) k++
    indent = Math.min(indent, k)
  }
  const out =
    indent > 0 && indent < right
      ? cut.map((c) => ({
          t: c.t.slice(Math.min(indent, c.t.length)),
          o: c.o + Math.min(indent, c.t.length),
          v: c.v + indent,
          i: -2
        }))
      : cut
  // drop leading and trailing blank lines
  let a = 0
  let b = out.length
  while (a < b && isBlank(out[a]!)) a++
  while (b > a && isBlank(out[b - 1]!)) b--
  return out.slice(a, b)
}

/** A binary min-heap of table corners (row, column), ordered by row then column. */
class CornerHeap {
  private readonly rows: number[] = []
  private readonly cols: number[] = []

  get size(): number {
    return this.rows.length
  }

  private less(a: number, b: number): boolean {
    const ra = this.rows[a] ?? 0
    const rb = this.rows[b] ?? 0
    return ra < rb || (ra === rb && (this.cols[a] ?? 0) < (this.cols[b] ?? 0))
  }

  private swap(a: number, b: number): void {
    const r = this.rows[a] ?? 0
    const c = this.cols[a] ?? 0
    this.rows[a] = this.rows[b] ?? 0
    this.cols[a] = this.cols[b] ?? 0
    this.rows[b] = r
    this.cols[b] = c
  }

  push(row: number, col: number): void {
    this.rows.push(row)
    this.cols.push(col)
    let k = this.rows.length - 1
    while (k > 0) {
      const parent = (k - 1) >> 1
      if (!this.less(k, parent)) break
      this.swap(k, parent)
      k = parent
    }
  }

  /** Remove and return the smallest corner (the heap must not be empty). */
  pop(): [number, number] {
    const top: [number, number] = [this.rows[0] ?? 0, this.cols[0] ?? 0]
    const last = this.rows.length - 1
    this.swap(0, last)
    this.rows.pop()
    this.cols.pop()
    let k = 0
    for (;;) {
      const l = 2 * k + 1
      const r = l + 1
      let m = k
      if (l < last && this.less(l, m)) m = l
      if (r < last && this.less(r, m)) m = r
      if (m === k) break
      this.swap(k, m)
      k = m
    }
    return top
  }
}

/** Parse a grid table from its text block (lines at indentation 0). Undefined when malformed. */
export function parseGridTable(
  block: Line[],
  src: Source,
  _tw: number,
  nest: Nest
): Table | undefined {
  const first = block[0]
  if (!first) return undefined
  const rows: Line[] = []
  const width = rtrimLen(first.t)
  for (const l of block) {
    const t = l.t.slice(0, rtrimLen(l.t))
    if (t.charAt(0) !== '+' && t.charAt(0) !== '|') break
    rows.push({t, o: l.o, v: l.v, i: -2})
  }
  const top = /^\+-[-+]+-\+ *$/
  while (rows.length > 1 && !top.test(rows[rows.length - 1]!.t)) rows.pop()
  const malformed = (msg = 'Malformed table.') => {
    src.problem(3, msg, first.o, lineEnd(block[block.length - 1]!))
    return undefined
  }
  if (rows.length < 2) return malformed()
  for (const r of rows) {
    if (r.t.length !== width || !'+|'.includes(r.t.charAt(width - 1))) return malformed()
  }
  // head/body separator
  let headSep = -1
  const grid = rows.map((r, k) => {
    if (k > 0 && /^\+=[=+]+=\+ *$/.test(r.t)) {
      if (headSep < 0) headSep = k
      return r.t.replace(/=/g, '-')
    }
    return r.t
  })
  const bottom = grid.length - 1
  const right = width - 1
  const done = new Array<number>(width).fill(-1)
  const cells: [number, number, number, number][] = []
  const rowSeps = new Set<number>([0])
  const colSeps = new Set<number>([0])
  const ch = (r: number, c: number) => grid[r]?.charAt(c) ?? ''
  const scanCell = (t0: number, l0: number): [number, number] | undefined => {
    for (let i = l0 + 1; i <= right; i++) {
      const c = ch(t0, i)
      if (c === '+') {
        // scan down at column i
        for (let j = t0 + 1; j <= bottom; j++) {
          const d = ch(j, i)
          if (d === '+') {
            // scan left along row j
            let ok = true
            for (let k = i - 1; k > l0; k--) {
              const e = ch(j, k)
              if (e !== '+' && e !== '-') {
                ok = false
                break
              }
            }
            if (ok && ch(j, l0) === '+') {
              for (let k = j - 1; k > t0; k--) {
                const e = ch(k, l0)
                if (e !== '+' && e !== '|') {
                  ok = false
                  break
                }
              }
              if (ok) return [j, i]
            }
          } else if (d !== '|') break
        }
      } else if (c !== '-') return undefined
    }
    return undefined
  }
  // docutils keeps the corners sorted and takes the first; a heap yields the same order without
  // re-sorting per cell (that was quadratic on a table with many cells)
  const corners = new CornerHeap()
  corners.push(0, 0)
  let guard = 0
  while (corners.size > 0 && guard++ < 1_000_000) {
    const [t0, l0] = corners.pop()
    if (t0 === bottom || l0 === right || t0 <= (done[l0] ?? 0)) continue
    const r = scanCell(t0, l0)
    if (!r) continue
    const [b0, r0] = r
    rowSeps.add(t0).add(b0)
    colSeps.add(l0).add(r0)
    for (let c = l0; c < r0; c++) done[c] = b0 - 1
    cells.push([t0, l0, b0, r0])
    corners.push(t0, r0)
    corners.push(b0, l0)
  }
  for (let c = 0; c < right; c++)
    if (done[c] !== bottom - 1) return malformed('Malformed table; parse incomplete.')
  const rowIndex = new Map([...rowSeps].sort((a, b) => a - b).map((v, k) => [v, k]))
  const colIndex = new Map([...colSeps].sort((a, b) => a - b).map((v, k) => [v, k]))
  const table: Table = {
    type: 'table',
    format: 'grid',
    children: [],
    position: src.pos(first.o, lineEnd(rows[bottom]!))
  }
  const byRow = new Map<number, TableRow>()
  cells.sort((a, b) => a[0] - b[0] || a[1] - b[1])
  for (const [t0, l0, b0, r0] of cells) {
    let row = byRow.get(t0)
    if (!row) {
      row = {
        type: 'tableRow',
        header: headSep > 0 && t0 < headSep,
        children: [],
        position: src.pos(rows[t0]!.o, lineEnd(rows[b0]!))
      }
      byRow.set(t0, row)
      table.children.push(row)
    }
    const cellLines = block2D(rows.slice(t0 + 1, b0), l0 + 1, r0)
    const cell: TableCell = {
      type: 'tableCell',
      children: [],
      position: src.pos(rows[t0]!.o + l0, rows[b0]!.o + r0 + 1)
    }
    const rs = (rowIndex.get(b0) ?? 0) - (rowIndex.get(t0) ?? 0)
    const cs = (colIndex.get(r0) ?? 0) - (colIndex.get(l0) ?? 0)
    if (rs > 1) cell.rowspan = rs
    if (cs > 1) cell.colspan = cs
    row.children.push(cell)
    if (row.position.end.offset !== undefined && rows[b0]!.o + r0 + 1 > row.position.end.offset) {
      row.position = src.pos(row.position.start.offset ?? 0, lineEnd(rows[b0]!))
    }
    // past the document's block budget the table ends at this cell
    if (!nest(cellLines, cell.children)) break
  }
  return table
}

/** Parse a simple table starting at `lines[i]`. Returns the table (or undefined) and next index. */
export function parseSimpleTable(
  lines: Line[],
  i: number,
  src: Source,
  _tw: number,
  nest: Nest
): {table?: Table; end: number} {
  const border = /^=+( +=+)+ *$/
  const topLine = lines[i]!
  const topLen = topLine.t.trim().length
  let end = -1
  let found = 0
  let k = i + 1
  for (; k < lines.length; k++) {
    const l = lines[k]!
    if (border.test(l.t)) {
      if (l.t.trim().length !== topLen) {
        src.problem(
          3,
          'Malformed table.\nBottom/header table border does not match top border.',
          topLine.o,
          lineEnd(l)
        )
        return {end: k + 1}
      }
      found++
      const nx = lines[k + 1]
      if (found === 2 || !nx || isBlank(nx)) {
        end = k
        break
      }
    }
  }
  if (end < 0) {
    src.problem(
      3,
      'Malformed table.\nNo bottom table border found.',
      topLine.o,
      lineEnd(lines[lines.length - 1]!)
    )
    return {end: lines.length}
  }
  const block = lines.slice(i, end + 1).map((l) => ({...l}))
  // column boundaries from the top border
  const parseColumns = (t: string): [number, number][] => {
    const cols: [number, number][] = []
    let e = 0
    for (;;) {
      const b = t.indexOf('-', e)
      if (b < 0) break
      e = t.indexOf(' ', b)
      if (e < 0) e = t.length
      cols.push([b, e])
    }
    return cols
  }
  const dashes = (t: string) => t.replace(/=/g, '-')
  const columns = parseColumns(dashes(block[0]!.t.slice(0, rtrimLen(block[0]!.t))))
  if (columns.length === 0) return {end: end + 1}
  const borderEnd = columns[columns.length - 1]![1]
  let headSep = -1
  for (let h = 1; h < block.length - 1; h++) {
    if (/^=[ =]*$/.test(block[h]!.t)) {
      headSep = h
      break
    }
  }
  const table: Table = {
    type: 'table',
    format: 'simple',
    children: [],
    position: src.pos(topLine.o, lineEnd(lines[end]!))
  }
  const spanPat = /^-[ -]*$/
  const isSpan = (h: number) => {
    const t = h === headSep || h === block.length - 1 ? dashes(block[h]!.t) : block[h]!.t
    return spanPat.test(t.slice(0, rtrimLen(t)))
  }
  const [firstStart, firstEnd] = columns[0]!
  let start = 1
  let textFound = false
  // set when the document's block budget ran out: the table ends with the row being made
  let full = false
  const parseRow = (a: number, b: number, spanLine?: number): boolean => {
    if (b <= a && spanLine === undefined) return true
    let cols = columns.map((c) => [c[0], c[1]] as [number, number])
    if (spanLine !== undefined) {
      const t =
        spanLine === headSep || spanLine === block.length - 1
          ? dashes(block[spanLine]!.t)
          : block[spanLine]!.t
      cols = parseColumns(t.slice(0, rtrimLen(t)))
      if (cols.length === 0 || cols[cols.length - 1]![1] !== borderEnd) {
        src.problem(
          3,
          `Malformed table.\nColumn span incomplete in table line ${spanLine + 1}.`,
          topLine.o,
          lineEnd(lines[end]!)
        )
        return false
      }
      cols[cols.length - 1] = [cols[cols.length - 1]![0], columns[columns.length - 1]![1]]
    }
    const rowLines = block.slice(a, b)
    // two borders in a row make an empty row: nothing to keep
    if (rowLines.length === 0) return true
    // text overflowing the last column widens it; text in margins is an error
    for (let c = 0; c < cols.length; c++) {
      const [, ce] = cols[c]!
      const nextStart = c + 1 < cols.length ? cols[c + 1]![0] : Infinity
      for (const l of rowLines) {
        if (c === cols.length - 1) {
          if (l.t.slice(ce).trim()) {
            // text overflowing the last column widens it (and the table's last column)
            const newEnd = rtrimLen(l.t)
            const master = columns[columns.length - 1]!
            cols[c] = [cols[c]![0], Math.max(cols[c]![1], master[1], newEnd)]
            if (newEnd > master[1]) columns[columns.length - 1] = [master[0], newEnd]
          }
        } else if (l.t.slice(ce, nextStart).trim()) {
          src.problem(
            3,
            `Malformed table.\nText in column margin in table line ${a + 1}.`,
            topLine.o,
            lineEnd(lines[end]!)
          )
          return false
        }
      }
    }
    const row: TableRow = {
      type: 'tableRow',
      header: headSep > 0 && a < headSep,
      children: [],
      position:
        rowLines.length > 0
          ? src.pos(rowLines[0]!.o, lineEnd(rowLines[rowLines.length - 1]!))
          : table.position
    }
    let ci = 0
    for (const [cs, ce] of cols) {
      let more = 0
      while (ci < columns.length && ce !== columns[ci]![1] && c0(ci) < ce) {
        ci++
        more++
      }
      ci++
      const cellLines = block2D(rowLines, cs, ce)
      const cell: TableCell = {
        type: 'tableCell',
        children: [],
        position:
          rowLines.length > 0
            ? src.pos(
                // short lines may end before the column: clamp into the row
                rowLines[0]!.o + Math.min(cs, rowLines[0]!.t.length),
                Math.max(
                  rowLines[0]!.o + Math.min(cs, rowLines[0]!.t.length),
                  rowLines[rowLines.length - 1]!.o +
                    Math.min(ce, rowLines[rowLines.length - 1]!.t.length)
                )
              )
            : table.position
      }
      if (more > 0) cell.colspan = more + 1
      row.children.push(cell)
      if (!nest(cellLines, cell.children)) {
        full = true
        break
      }
    }
    table.children.push(row)
    return true
  }
  const c0 = (ci: number) => columns[ci]![0]
  for (let off = 1; off < block.length && !full; off++) {
    const l = block[off]!
    if (isSpan(off)) {
      if (!parseRow(start, off, off)) return {end: end + 1}
      start = off + 1
      textFound = false
    } else if (l.t.slice(firstStart, firstEnd).trim()) {
      if (textFound && off !== start) {
        if (!parseRow(start, off)) return {end: end + 1}
      }
      start = off
      textFound = true
    } else if (!textFound) {
      start = off + 1
    }
  }
  void firstEnd
  return {table, end: end + 1}
}
