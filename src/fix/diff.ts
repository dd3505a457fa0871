/** Unified diffs for `--fix-dry-run`: Myers' line diff with three lines of context. */

type Op = {kind: ' ' | '-' | '+'; line: string}

function splitLines(text: string): string[] {
  if (text === '') return []
  const lines = text.split('\n')
  if (lines[lines.length - 1] === '') lines.pop()
  return lines
}

/** Myers' O((N+M)D) shortest edit script over lines. */
function diffLines(a: string[], b: string[]): Op[] {
  const n = a.length
  const m = b.length
  const max = n + m
  const offset = max + 1
  const v = new Int32Array(2 * max + 3)
  const trace: Int32Array[] = []
  let found = false
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice())
    for (let k = -d; k <= d; k += 2) {
      let x: number
      if (k === -d || (k !== d && (v[offset + k - 1] ?? 0) < (v[offset + k + 1] ?? 0))) {
        x = v[offset + k + 1] ?? 0
      } else {
        x = (v[offset + k - 1] ?? 0) + 1
      }
      let y = x - k
      while (x < n && y < m && a[x] === b[y]) {
        x++
        y++
      }
      v[offset + k] = x
      if (x >= n && y >= m) {
        found = true
        break
      }
    }
  }
  trace.push(v.slice())
  const ops: Op[] = []
  let x = n
  let y = m
  for (let d = trace.length - 2; d >= 0; d--) {
    const state = trace[d] ?? v
    const k = x - y
    let previousK: number
    if (k === -d || (k !== d && (state[offset + k - 1] ?? 0) < (state[offset + k + 1] ?? 0))) {
      previousK = k + 1
    } else {
      previousK = k - 1
    }
    const previousX = state[offset + previousK] ?? 0
    const previousY = previousX - previousK
    while (x > previousX && y > previousY) {
      ops.push({kind: ' ', line: a[x - 1] ?? ''})
      x--
      y--
    }
    if (d === 0) break
    if (x === previousX) ops.push({kind: '+', line: b[y - 1] ?? ''})
    else ops.push({kind: '-', line: a[x - 1] ?? ''})
    x = previousX
    y = previousY
  }
  while (x > 0 && y > 0) {
    ops.push({kind: ' ', line: a[x - 1] ?? ''})
    x--
    y--
  }
  return ops.reverse()
}

/**
 * A unified diff of one file (`--- a/path`, `+++ b/path`, `@@` hunks with three lines of
 * context); '' when nothing changed. A missing final newline is marked as git does.
 */
export function formatUnifiedDiff(
  path: string,
  before: string,
  after: string,
  context = 3
): string {
  if (before === after) return ''
  const a = splitLines(before)
  const b = splitLines(after)
  const ops = diffLines(a, b)
  const lines = [`--- a/${path}`, `+++ b/${path}`]
  const changes = ops.map((op, index) => (op.kind === ' ' ? -1 : index)).filter((i) => i >= 0)
  let i = 0
  while (i < changes.length) {
    const first = changes[i] ?? 0
    let last = first
    while (i + 1 < changes.length && (changes[i + 1] ?? 0) - last <= 2 * context + 1) {
      i++
      last = changes[i] ?? last
    }
    i++
    const start = Math.max(0, first - context)
    const end = Math.min(ops.length, last + context + 1)
    let oldLine = 1
    let newLine = 1
    for (let k = 0; k < start; k++) {
      const op = ops[k]
      if (op?.kind !== '+') oldLine++
      if (op?.kind !== '-') newLine++
    }
    let oldCount = 0
    let newCount = 0
    const body: string[] = []
    for (let k = start; k < end; k++) {
      const op = ops[k]
      if (!op) continue
      if (op.kind !== '+') oldCount++
      if (op.kind !== '-') newCount++
      body.push(`${op.kind}${op.line}`)
      const lastOld = op.kind !== '+' && k === lastIndex(ops, '+') && !before.endsWith('\n')
      const lastNew = op.kind !== '-' && k === lastIndex(ops, '-') && !after.endsWith('\n')
      if (lastOld || lastNew) body.push('\\ No newline at end of file')
    }
    const range = (line: number, count: number): string =>
      count === 1 ? `${line}` : count === 0 ? `${line - 1},0` : `${line},${count}`
    lines.push(`@@ -${range(oldLine, oldCount)} +${range(newLine, newCount)} @@`, ...body)
  }
  return `${lines.join('\n')}\n`
}

/** Index of the last op that is not of kind `skip` (the last line of the old or new side). */
function lastIndex(ops: Op[], skip: '+' | '-'): number {
  for (let k = ops.length - 1; k >= 0; k--) if (ops[k]?.kind !== skip) return k
  return -1
}
