/**
 * Apply fixes to file texts with ESLint's semantics: edits grouped by file and sorted by
 * offset; a fix is all or nothing, and one whose edits touch an edit already accepted is
 * skipped (its diagnostic stays, a later pass may fix it).
 */
import type {Fix, TextEdit} from '../diagnostic.js'

/** What `applyFixes` did. */
export interface ApplyResult {
  /** Every input file, with the accepted edits applied. */
  files: Map<string, string>
  /** Files whose text changed, sorted. */
  changed: string[]
  applied: Fix[]
  /** Fixes left out: overlapping an accepted one, or with an edit outside its file. */
  skipped: Fix[]
}

function conflicts(a: TextEdit, b: TextEdit): boolean {
  if (a.file !== b.file) return false
  // Two insertions at one point have no defined order, so they conflict too.
  if (a.start === b.start) return true
  return a.start < b.end && b.start < a.end
}

function firstEdit(fix: Fix): TextEdit | undefined {
  return [...fix.edits].sort((a, b) =>
    a.file === b.file ? a.start - b.start || a.end - b.end : a.file < b.file ? -1 : 1
  )[0]
}

/**
 * Apply `fixes` to `files` (path → text). Fixes are taken in order of their first edit (file,
 * offset), so the result does not depend on the order rules reported them in.
 */
export function applyFixes(files: Map<string, string>, fixes: Fix[]): ApplyResult {
  const ordered = fixes
    .map((fix, index) => ({fix, index, first: firstEdit(fix)}))
    .sort((a, b) => {
      if (!a.first || !b.first) return a.first ? -1 : b.first ? 1 : a.index - b.index
      if (a.first.file !== b.first.file) return a.first.file < b.first.file ? -1 : 1
      return a.first.start - b.first.start || a.first.end - b.first.end || a.index - b.index
    })
  const accepted: TextEdit[] = []
  const applied: Fix[] = []
  const skipped: Fix[] = []
  for (const {fix} of ordered) {
    const valid =
      fix.edits.length > 0 &&
      fix.edits.every((edit) => {
        const text = files.get(edit.file)
        return (
          text !== undefined &&
          Number.isInteger(edit.start) &&
          Number.isInteger(edit.end) &&
          edit.start >= 0 &&
          edit.start <= edit.end &&
          edit.end <= text.length
        )
      })
    const clash =
      !valid ||
      fix.edits.some(
        (edit, index) =>
          accepted.some((other) => conflicts(edit, other)) ||
          fix.edits.some((other, otherIndex) => otherIndex !== index && conflicts(edit, other))
      )
    if (clash) {
      skipped.push(fix)
      continue
    }
    accepted.push(...fix.edits)
    applied.push(fix)
  }
  const result = new Map(files)
  const changed: string[] = []
  const byFile = new Map<string, TextEdit[]>()
  for (const edit of accepted) {
    const list = byFile.get(edit.file) ?? []
    list.push(edit)
    byFile.set(edit.file, list)
  }
  for (const [file, edits] of byFile) {
    const text = files.get(file) ?? ''
    edits.sort((a, b) => a.start - b.start)
    let out = ''
    let at = 0
    for (const edit of edits) {
      out += text.slice(at, edit.start) + edit.text
      at = edit.end
    }
    out += text.slice(at)
    if (out !== text) {
      result.set(file, out)
      changed.push(file)
    }
  }
  return {files: result, changed: changed.sort(), applied, skipped}
}
