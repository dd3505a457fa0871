/**
 * Inline suppressions, as ESLint has them: `doclint-disable-next-line [ids]` silences the line
 * right after the comment; `doclint-disable [ids]` silences every line after it up to a matching
 * `doclint-enable [ids]` (or the end of the file: at the top, the whole file). Written as
 * `.. doclint-…` (RST), `% doclint-…` (MyST) or `<!-- doclint-… -->` (Markdown); see
 * src/facts/suppression.ts.
 */
import type {Suppression} from '../facts/types.js'
import type {Graph} from '../graph/types.js'

/** One file's directives, in line order, and which of them silenced something. */
interface FileSuppressions {
  list: Suppression[]
  used: Set<Suppression>
  /** Per suppression: the findings it silenced (rule id and message). */
  hidden: Map<Suppression, {ruleId: string; message: string}[]>
}

/** The suppressions of every file a graph read, and what they silenced during a check. */
export class Suppressions {
  readonly #files = new Map<string, FileSuppressions>()

  constructor(graph: Graph) {
    // Every file read (documents and included files) can carry suppressions.
    for (const [file, facts] of graph.files) {
      if (facts.suppressions.length > 0) {
        const list = [...facts.suppressions].sort((a, b) => a.line - b.line)
        this.#files.set(file, {list, used: new Set(), hidden: new Map()})
      }
    }
  }

  /**
   * The suppression that silences a finding of `ruleId` at `file:line`, if any (and notes it).
   * `line` Infinity: a whole-file finding (orphan), silenced by a `disable` still in force at
   * the end of the file.
   */
  match(
    ruleId: string,
    file: string,
    line: number,
    message: () => string = () => ''
  ): Suppression | undefined {
    const entry = this.#files.get(file)
    if (!entry) return undefined
    const found = silencing(entry.list, ruleId, line)
    if (found) {
      entry.used.add(found)
      const hidden = entry.hidden.get(found) ?? []
      hidden.push({ruleId, message: message()})
      entry.hidden.set(found, hidden)
    }
    return found
  }

  /** Every suppression, with its file and what it silenced (in file, then line order). */
  all(): {file: string; suppression: Suppression; hidden: {ruleId: string; message: string}[]}[] {
    const out: ReturnType<Suppressions['all']> = []
    for (const file of [...this.#files.keys()].sort()) {
      const entry = this.#files.get(file) as FileSuppressions
      for (const suppression of entry.list) {
        out.push({file, suppression, hidden: entry.hidden.get(suppression) ?? []})
      }
    }
    return out
  }

  /**
   * Directives that silenced nothing (`--report-unused-disable-directives`). An `enable` is
   * unused when nothing it names was disabled before it.
   */
  unused(): {file: string; suppression: Suppression}[] {
    const out: {file: string; suppression: Suppression}[] = []
    for (const file of [...this.#files.keys()].sort()) {
      const entry = this.#files.get(file) as FileSuppressions
      const disabled: Suppression[] = []
      for (const suppression of entry.list) {
        if (suppression.kind === 'disable') disabled.push(suppression)
        if (suppression.kind === 'enable') {
          const before = disabled.some(
            (d) =>
              d.rules.length === 0 ||
              suppression.rules.length === 0 ||
              d.rules.some((id) => suppression.rules.includes(id))
          )
          if (!before) out.push({file, suppression})
          continue
        }
        if (!entry.used.has(suppression)) out.push({file, suppression})
      }
    }
    return out
  }
}

/**
 * Which directive silences `ruleId` on `line`: a `next-line` for that line, else the `disable`
 * in force there (ESLint's rules: `enable` without ids ends every block; with ids, only theirs).
 */
function silencing(list: Suppression[], ruleId: string, line: number): Suppression | undefined {
  let all: Suppression | undefined
  const excepted = new Set<string>()
  const byRule = new Map<string, Suppression>()
  let nextLine: Suppression | undefined
  for (const suppression of list) {
    if (suppression.line > line) break
    const {kind, rules} = suppression
    if (kind === 'next-line') {
      if (
        suppression.appliesTo === line &&
        (rules.length === 0 || rules.includes(ruleId)) &&
        nextLine === undefined
      ) {
        nextLine = suppression
      }
    } else if (kind === 'disable') {
      if (rules.length === 0) {
        all = suppression
        excepted.clear()
      } else {
        for (const id of rules) {
          byRule.set(id, suppression)
          excepted.delete(id)
        }
      }
    } else if (rules.length === 0) {
      all = undefined
      excepted.clear()
      byRule.clear()
    } else {
      for (const id of rules) {
        byRule.delete(id)
        if (all) excepted.add(id)
      }
    }
  }
  if (nextLine) return nextLine
  const block = byRule.get(ruleId)
  if (block) return block
  if (all && !excepted.has(ruleId)) return all
  return undefined
}
