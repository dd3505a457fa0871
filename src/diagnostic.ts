/** Diagnostic types shared by every rule, reporter and mode. See docs/architecture.md. */

/** Severity of a finding. `info` is for things doclint could not check (it never fails a run). */
export type Severity = 'error' | 'warning' | 'info'

/** A place in a file: line/column 1-based, offset 0-based (UTF-16 code units of the decoded text). */
export interface Point {
  line: number
  column: number
  offset: number
}

/** A half-open range in one file. */
export interface Range {
  start: Point
  end: Point
}

/** Whether data read back (a cache file) is a Range: whole numbers at both ends. */
export function isRange(value: unknown): value is Range {
  const point = (p: unknown): boolean =>
    typeof p === 'object' &&
    p !== null &&
    Number.isInteger((p as Record<string, unknown>).line) &&
    Number.isInteger((p as Record<string, unknown>).column) &&
    Number.isInteger((p as Record<string, unknown>).offset)
  return (
    typeof value === 'object' &&
    value !== null &&
    point((value as Record<string, unknown>).start) &&
    point((value as Record<string, unknown>).end)
  )
}

/** A second place that explains the finding ("listed in DOC_SOURCE here"). */
export interface Related {
  /** POSIX path relative to the tree root. */
  file: string
  range: Range
  message: string
}

/** A replacement of `[start, end)` (offsets) in `file` by `text`. */
export interface TextEdit {
  file: string
  start: number
  end: number
  text: string
}

/** A fix: all of its edits or none. `--fix` applies only safe ones. */
export interface Fix {
  applicability: 'safe' | 'unsafe'
  description: string
  edits: TextEdit[]
}

/** What a rule reports. Severity is resolved by the engine from config, never by the rule. */
export interface Diagnostic {
  ruleId: string
  messageId: string
  message: string
  severity: Severity
  /** POSIX path relative to the tree root (the folder the FileTree is rooted at). */
  file: string
  /** Whole-file problems (orphan) use 1:1–1:1. */
  range: Range
  /** The reference as written, where there is one. */
  target?: string
  /** Docname or path (relative to the Sphinx source folder) it resolved to, where there is one. */
  resolved?: string
  related?: Related[]
  suggestions?: string[]
  fix?: Fix
  /**
   * Extra identity a rule adds beyond (rule, file, resolved/target): the manifest variable, the
   * toctree's document for an entry. Part of `key` (occurrence numbers are added by the engine),
   * never displayed.
   */
  identity?: string
  /**
   * Identity that survives line shifts: rule + file + resolved target + occurrence. Filled by the
   * engine (see engine/identity.ts); patch modes compare diagnostics by it.
   */
  key?: string
}

/** A point at the start of a file. */
export const FILE_START: Point = {line: 1, column: 1, offset: 0}

/** The range used for whole-file findings. */
export const WHOLE_FILE: Range = {start: FILE_START, end: FILE_START}
