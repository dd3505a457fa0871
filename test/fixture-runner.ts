/** Shared by the fixture tests: lint a fixture case folder and print it as expected.txt does. */
import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs'
import path from 'node:path'
import type {Diagnostic, Range} from '../src/diagnostic.js'
import {checkTree, prepareEngine} from '../src/engine/run.js'
import {DiskTree} from '../src/tree/disk.js'

/** The repository's fixtures folder. */
export const FIXTURES = path.resolve(import.meta.dirname, '..', 'fixtures')

/** `line:col-line:col`. */
export function formatRange(range: Range): string {
  return `${range.start.line}:${range.start.column}-${range.end.line}:${range.end.column}`
}

/** One diagnostic per line (related locations indented), as in docs/style.md §3.6. */
export function formatExpected(diagnostics: Diagnostic[]): string {
  const lines: string[] = []
  for (const d of diagnostics) {
    lines.push(`${d.file}:${formatRange(d.range)} ${d.severity} ${d.ruleId} ${d.message}`)
    for (const related of d.related ?? []) {
      lines.push(`  ${related.file}:${formatRange(related.range)} ${related.message}`)
    }
  }
  return lines.length ? `${lines.join('\n')}\n` : ''
}

/** Every case folder of a rule's fixtures. */
export function fixtureCases(ruleId: string): string[] {
  const dir = path.join(FIXTURES, ruleId)
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((name) => statSync(path.join(dir, name)).isDirectory())
    .sort()
}

/** Lint one case: only its rule, unless the case has its own doclint.config.json. */
export async function lintCase(ruleId: string, caseDir: string): Promise<Diagnostic[]> {
  const hasConfig = existsSync(path.join(caseDir, 'doclint.config.json'))
  const engine = await prepareEngine({
    cwd: caseDir,
    root: caseDir,
    ...(hasConfig ? {} : {onlyRules: [ruleId]})
  })
  const result = await checkTree(engine, new DiskTree(caseDir))
  return result.diagnostics
}

/**
 * A hand-written expectation of a fixture case: a finding of `rule` in `file`, starting on a line
 * in `[from, to]` (or anywhere in the file when they are absent). Written in the fixture itself:
 *
 * - `.. doclint-expect-next-line RULE [RULE...]` (RST comment), `<!-- doclint-expect-next-line
 *   RULE -->` or `% doclint-expect-next-line RULE` (MyST): a finding per RULE in the next element
 *   of the file: the next line that is neither blank nor a marker, the lines indented under it (a
 *   directive's body) and the lines of its paragraph, or, for a Markdown fence, up to its close;
 * - `.. doclint-expect RULE [RULE...]` (and the MyST forms): a finding per RULE anywhere in this
 *   file (an orphan, say);
 *
 * or, for files that cannot hold a comment doclint would ignore (build manifests, conf.py), in a
 * file `expect` beside `expected.txt`, one `FILE[:LINE] RULE [RULE...]` per line (`#` comments).
 */
export interface Expectation {
  file: string
  rule: string
  from?: number
  to?: number
  /** Where the marker is, for messages: `file:line`. */
  at: string
}

const MARKER = [
  /^\s*\.\. doclint-expect(-next-line)?\s+([^\s].*?)\s*$/,
  /^\s*% doclint-expect(-next-line)?\s+([^\s].*?)\s*$/,
  /^\s*<!--\s*doclint-expect(-next-line)?\s+([^\s].*?)\s*-->\s*$/
]

function marker(line: string): {next: boolean; rules: string[]} | undefined {
  for (const pattern of MARKER) {
    const match = pattern.exec(line)
    if (match) return {next: match[1] !== undefined, rules: (match[2] ?? '').split(/[\s,]+/)}
  }
  return undefined
}

function indent(line: string): number {
  return line.length - line.trimStart().length
}

/** The 1-based lines `[from, to]` of the element starting at index `start` of `lines`. */
function element(lines: readonly string[], start: number): [number, number] {
  const first = lines[start] ?? ''
  const fence = /^\s*(`{3,}|~{3,}|:{3,})/.exec(first)?.[1]
  if (fence !== undefined) {
    for (let i = start + 1; i < lines.length; i++) {
      if ((lines[i] ?? '').trim().startsWith(fence)) return [start + 1, i + 1]
    }
    return [start + 1, lines.length]
  }
  const own = indent(first)
  let end = start
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i] ?? ''
    if (line.trim() === '') continue
    // A line at the element's indentation or less after a blank line starts the next element.
    if (indent(line) <= own && (lines[i - 1] ?? '').trim() === '') break
    if (indent(line) < own) break
    end = i
  }
  return [start + 1, end + 1]
}

function walkFiles(dir: string, prefix = ''): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name)
    if (statSync(full).isDirectory()) {
      if (prefix === '' && name === 'expected-fixed') continue
      out.push(...walkFiles(full, `${prefix}${name}/`))
    } else {
      out.push(`${prefix}${name}`)
    }
  }
  return out
}

/** Every expectation a fixture case states by hand (see `Expectation`). */
export function readExpectations(caseDir: string): Expectation[] {
  const expectations: Expectation[] = []
  for (const file of walkFiles(caseDir)) {
    if (file === 'expected.txt') continue
    const lines = readFileSync(path.join(caseDir, file), 'utf8').split('\n')
    if (file === 'expect') {
      lines.forEach((line, index) => {
        const text = line.replace(/#.*/, '').trim()
        if (text === '') return
        const [where = '', ...ruleIds] = text.split(/\s+/)
        const [name = '', lineNumber] = where.split(':')
        const at = `expect:${index + 1}`
        for (const rule of ruleIds) {
          const n = lineNumber === undefined ? undefined : Number(lineNumber)
          expectations.push({file: name, rule, at, ...(n === undefined ? {} : {from: n, to: n})})
        }
      })
      continue
    }
    lines.forEach((line, index) => {
      const found = marker(line)
      if (!found) return
      const at = `${file}:${index + 1}`
      let span: [number, number] | undefined
      if (found.next) {
        let next = index + 1
        while (
          next < lines.length &&
          ((lines[next] ?? '').trim() === '' || marker(lines[next] ?? ''))
        )
          next++
        span = element(lines, next)
      }
      for (const rule of found.rules) {
        expectations.push({file, rule, at, ...(span ? {from: span[0], to: span[1]} : {})})
      }
    })
  }
  return expectations
}

/**
 * What does not agree between a case's findings and its hand-written expectations: each
 * expectation must meet a finding of its own, and each finding an expectation.
 */
export function checkExpectations(
  diagnostics: Diagnostic[],
  expectations: Expectation[]
): string[] {
  const left = [...diagnostics]
  const problems: string[] = []
  // The narrowest expectations take their finding first.
  const ordered = [...expectations].sort(
    (a, b) => (a.to ?? Infinity) - (a.from ?? 0) - ((b.to ?? Infinity) - (b.from ?? 0))
  )
  for (const expectation of ordered) {
    const index = left.findIndex(
      (d) =>
        d.file === expectation.file &&
        d.ruleId === expectation.rule &&
        (expectation.from === undefined || d.range.start.line >= expectation.from) &&
        (expectation.to === undefined || d.range.start.line <= expectation.to)
    )
    if (index < 0) {
      const lines =
        expectation.from === undefined ? '' : ` on lines ${expectation.from}-${expectation.to}`
      problems.push(
        `${expectation.at}: expected ${expectation.rule} in ${expectation.file}${lines}`
      )
    } else {
      left.splice(index, 1)
    }
  }
  for (const d of left) {
    problems.push(`${d.file}:${d.range.start.line}: ${d.ruleId} found, but no marker expects it`)
  }
  return problems
}
