/**
 * Completion inside `:doc:`, `:ref:`, `:term:` (and MyST `{doc}`, `{ref}`, `{term}`), toctree
 * bodies, Markdown link targets and include/image paths. Items carry titles and are ranked by how
 * near the target is in the tree to the document being edited.
 */
import path from 'node:path'
import {CompletionItemKind, type CompletionItem} from 'vscode-languageserver'
import type {Graph, GraphDocument} from '../graph/types.js'
import {docTarget} from '../refactor/document.js'

/** What the text before the cursor asks for. */
export type CompletionContext =
  | {kind: 'doc' | 'ref' | 'term'; typed: string}
  | {kind: 'toctree'; typed: string}
  | {kind: 'path'; typed: string; images: boolean}
  | {kind: 'mdlink'; typed: string}

const ROLE = /(?::(?:std:)?(doc|ref|numref|term):|\{(doc|ref|numref|term)\})`(?:[^`<]*<)?([^`<>]*)$/
const PATH_DIRECTIVE =
  /^\s*(?:\.\.\s+|```\{|:::\{)(include|literalinclude|image|figure)\}?(?:::)?\s+(\S*)$/
const MDLINK = /\]\(([^)\s]*)$/

/** The completion context at the end of `before` (the line up to the cursor), if any. */
export function completionContext(
  lines: readonly string[],
  line: number,
  before: string
): CompletionContext | undefined {
  const role = ROLE.exec(before)
  if (role) {
    const name = role[1] ?? role[2] ?? ''
    return {
      kind: name === 'numref' ? 'ref' : (name as 'doc' | 'ref' | 'term'),
      typed: role[3] ?? ''
    }
  }
  const directive = PATH_DIRECTIVE.exec(before)
  if (directive) {
    const name = directive[1] ?? ''
    return {kind: 'path', typed: directive[2] ?? '', images: name === 'image' || name === 'figure'}
  }
  const link = MDLINK.exec(before)
  if (link) return {kind: 'mdlink', typed: link[1] ?? ''}
  if (inToctree(lines, line, before)) return {kind: 'toctree', typed: before.trim()}
  return undefined
}

/** Whether line `line` is in the body of a toctree (RST directive or MyST fence). */
function inToctree(lines: readonly string[], line: number, before: string): boolean {
  const indent = /^\s*/.exec(before)?.[0].length ?? 0
  for (let i = line - 1; i >= 0; i--) {
    const text = lines[i] ?? ''
    if (/^\s*```+\s*\{toctree\}/.test(text)) return true
    if (/^\s*```/.test(text)) return false
    const directive = /^(\s*)\.\.\s+toctree::/.exec(text)
    if (directive) return indent > (directive[1]?.length ?? 0)
    if (text.trim() === '') continue
    const lineIndent = /^\s*/.exec(text)?.[0].length ?? 0
    if (lineIndent === 0 && !text.startsWith(':')) return false
  }
  return false
}

/** How far apart two docnames are in the tree: folders to climb plus folders to descend. */
function distance(from: string, to: string): number {
  const a = from.split('/').slice(0, -1)
  const b = to.split('/').slice(0, -1)
  let common = 0
  while (common < a.length && common < b.length && a[common] === b[common]) common++
  return a.length - common + (b.length - common)
}

function rank(from: string, to: string, name: string): string {
  return `${String(distance(from, to)).padStart(4, '0')}${name}`
}

const IMAGE = /\.(png|jpe?g|gif|svg|webp|bmp|tiff?|pdf|eps)$/i

/** The completion items for `context` in `document`. */
export function complete(
  graph: Graph,
  document: GraphDocument,
  context: CompletionContext
): CompletionItem[] {
  const current = document.docname
  const items: CompletionItem[] = []
  switch (context.kind) {
    case 'doc':
    case 'toctree': {
      const absolute = context.typed.startsWith('/')
      for (const other of graph.documents.values()) {
        if (other.docname === current) continue
        const label = docTarget(absolute ? '/' : '', current, other.docname)
        items.push({
          label,
          kind: CompletionItemKind.File,
          detail: other.title?.text ?? '',
          documentation: other.path,
          sortText: rank(current, other.docname, label),
          filterText: label
        })
      }
      break
    }
    case 'ref':
      for (const [name, entry] of graph.anonLabels) {
        items.push({
          label: name,
          kind: CompletionItemKind.Reference,
          detail: entry.label.title ?? '(untitled: needs an explicit title)',
          documentation: `${entry.docname} (${entry.label.file}:${entry.label.range.start.line})`,
          sortText: rank(current, entry.docname, name)
        })
      }
      break
    case 'term':
      for (const [name, entry] of graph.terms) {
        items.push({
          label: name,
          kind: CompletionItemKind.Text,
          documentation: `${entry.docname} (${entry.term.file}:${entry.term.range.start.line})`,
          sortText: rank(current, entry.docname, name)
        })
      }
      break
    case 'mdlink': {
      const prefix = graph.project.srcdir === '' ? 0 : graph.project.srcdir.length + 1
      for (const other of graph.documents.values()) {
        if (other.docname === current) continue
        const file = other.path.slice(prefix)
        const label = path.posix.relative(path.posix.dirname(`/${current}`), `/${file}`)
        items.push({
          label,
          kind: CompletionItemKind.File,
          detail: other.title?.text ?? '',
          sortText: rank(current, other.docname, label)
        })
      }
      break
    }
    case 'path': {
      const prefix = graph.project.srcdir === '' ? '' : `${graph.project.srcdir}/`
      const docFolder = path.posix.dirname(`/${document.path.slice(prefix.length)}`)
      for (const file of graph.sourceFiles) {
        if (!file.startsWith(prefix) || file === document.path) continue
        if (context.images && !IMAGE.test(file)) continue
        const relative = path.posix.relative(docFolder, `/${file.slice(prefix.length)}`)
        items.push({
          label: relative,
          kind: CompletionItemKind.File,
          sortText: rank(current, file.slice(prefix.length), relative)
        })
      }
      break
    }
  }
  return items
}
