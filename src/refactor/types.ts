/**
 * Refactorings over the graph: rename a label, move or remove a document. Each is computed from
 * the graph and the files' texts alone and returns edits; nothing here writes. The command line
 * (`doclint mv`, `doclint rm`) applies them, and the language server hands them to the editor as
 * one WorkspaceEdit.
 */
import type {Range, TextEdit} from '../diagnostic.js'

/** A place the refactoring found but could not edit safely (prose around a link, conf.py). */
export interface Unedited {
  /** POSIX path relative to the tree root. */
  file: string
  range: Range
  message: string
}

/** What a refactoring changes. Edits are offsets into the files' texts before any change. */
export interface Refactoring {
  edits: TextEdit[]
  /** Files to move (tree paths), after the edits are applied to their old path. */
  moves: {from: string; to: string}[]
  /** Files to delete (tree paths). */
  deletes: string[]
  /** Places left for a person to edit, in file and line order. */
  unedited: Unedited[]
}

/** The texts a refactoring reads: open editor buffers first, then the tree. */
export type ReadText = (file: string) => Promise<string | undefined>

/**
 * Apply `edits` (all for one file) to `text`. Throws on overlapping edits: a refactoring that
 * produced two edits of one span is a bug, and applying one of them would corrupt the file.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end)
  let result = ''
  let at = 0
  for (const edit of sorted) {
    if (edit.start < at || edit.end < edit.start || edit.end > text.length) {
      throw new Error(`overlapping or out-of-range edit in ${edit.file} at offset ${edit.start}`)
    }
    result += text.slice(at, edit.start) + edit.text
    at = edit.end
  }
  return result + text.slice(at)
}

/** Edits grouped by file, files sorted, duplicates (same span, same text) dropped. */
export function editsByFile(edits: readonly TextEdit[]): Map<string, TextEdit[]> {
  const grouped = new Map<string, TextEdit[]>()
  const seen = new Set<string>()
  for (const edit of edits) {
    const key = `${edit.file}\u0000${edit.start}\u0000${edit.end}\u0000${edit.text}`
    if (seen.has(key)) continue
    seen.add(key)
    const list = grouped.get(edit.file) ?? []
    list.push(edit)
    grouped.set(edit.file, list)
  }
  return new Map([...grouped].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}
