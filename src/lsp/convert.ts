/** Between doclint's places (1-based lines and columns, offsets) and the protocol's (0-based). */
import {pathToFileURL} from 'node:url'
import {TextDocument} from 'vscode-languageserver-textdocument'
import {
  DiagnosticSeverity,
  type Diagnostic as LspDiagnostic,
  type Range as LspRange,
  type TextEdit as LspTextEdit
} from 'vscode-languageserver'
import type {Diagnostic, Range, TextEdit} from '../diagnostic.js'

export function toLspRange(range: Range): LspRange {
  return {
    start: {line: range.start.line - 1, character: range.start.column - 1},
    end: {line: range.end.line - 1, character: range.end.column - 1}
  }
}

export function fileUri(absolute: string): string {
  return pathToFileURL(absolute).href
}

const SEVERITY = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information
} as const

/** What a published diagnostic carries for code actions. */
export interface DiagnosticData {
  ruleId: string
  target?: string
  suggestions?: string[]
  fix?: Diagnostic['fix']
}

export function toLspDiagnostic(
  finding: Diagnostic,
  uriOf: (treePath: string) => string
): LspDiagnostic {
  const data: DiagnosticData = {ruleId: finding.ruleId}
  if (finding.target !== undefined) data.target = finding.target
  if (finding.suggestions?.length) data.suggestions = finding.suggestions
  if (finding.fix) data.fix = finding.fix
  const diagnostic: LspDiagnostic = {
    range: toLspRange(finding.range),
    severity: SEVERITY[finding.severity],
    code: finding.ruleId,
    source: 'doclint',
    message: finding.message,
    data
  }
  if (finding.related?.length) {
    diagnostic.relatedInformation = finding.related.map((related) => ({
      location: {uri: uriOf(related.file), range: toLspRange(related.range)},
      message: related.message
    }))
  }
  return diagnostic
}

/** Offsets of one file's text edits as protocol edits. */
export function toLspEdits(text: string, edits: readonly TextEdit[]): LspTextEdit[] {
  const document = TextDocument.create('file:///x', 'text', 0, text)
  return edits.map((edit) => ({
    range: {start: document.positionAt(edit.start), end: document.positionAt(edit.end)},
    newText: edit.text
  }))
}

/** The offset of a protocol position in `text`. */
export function offsetAt(text: string, position: {line: number; character: number}): number {
  return TextDocument.create('file:///x', 'text', 0, text).offsetAt(position)
}
