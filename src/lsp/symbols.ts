/** Document symbols (sections and labels) and workspace symbols (every label and document). */
import {fromMarkdown} from 'mdast-util-from-markdown'
import {SymbolKind, type DocumentSymbol} from 'vscode-languageserver'
import {WHOLE_FILE, type Range} from '../diagnostic.js'
import type {Graph} from '../graph/types.js'
import {parse} from '../rst/index.js'
import {toLspRange} from './convert.js'
import type {Place} from './navigation.js'

interface Positioned {
  position?:
    | {
        start: {line: number; column: number; offset?: number | undefined}
        end: {line: number; column: number; offset?: number | undefined}
      }
    | undefined
}

function rangeOf(node: Positioned): Range | undefined {
  const position = node.position
  if (!position) return undefined
  return {
    start: {
      line: position.start.line,
      column: position.start.column,
      offset: position.start.offset ?? 0
    },
    end: {line: position.end.line, column: position.end.column, offset: position.end.offset ?? 0}
  }
}

/** The text of an inline tree (RST or mdast). */
function plain(node: unknown): string {
  if (typeof node !== 'object' || node === null) return ''
  const {value, children} = node as {value?: unknown; children?: unknown}
  if (typeof value === 'string') return value
  return Array.isArray(children) ? children.map(plain).join('') : ''
}

interface SectionNode extends Positioned {
  type: string
  depth?: number
  children?: SectionNode[]
}

/** Sections of an RST document, nested as docutils nests them. */
function rstSections(text: string): DocumentSymbol[] {
  const walk = (nodes: SectionNode[]): DocumentSymbol[] => {
    const symbols: DocumentSymbol[] = []
    for (const node of nodes) {
      if (node.type !== 'section') {
        if (node.children && node.type !== 'title') symbols.push(...walk(node.children))
        continue
      }
      const title = node.children?.[0]
      const range = rangeOf(node)
      const selection = title ? rangeOf(title) : undefined
      if (!range || !selection) continue
      symbols.push({
        name: plain(title).trim() || '(untitled)',
        kind: SymbolKind.Namespace,
        range: toLspRange(range),
        selectionRange: toLspRange(selection),
        children: walk(node.children?.slice(1) ?? [])
      })
    }
    return symbols
  }
  return walk(parse(text).children as unknown as SectionNode[])
}

/** Headings of a Markdown document, nested by depth. */
function markdownSections(text: string): DocumentSymbol[] {
  const root: DocumentSymbol[] = []
  const stack: {depth: number; symbol: DocumentSymbol}[] = []
  for (const node of fromMarkdown(text).children) {
    if (node.type !== 'heading') continue
    const range = rangeOf(node)
    if (!range) continue
    const symbol: DocumentSymbol = {
      name: plain(node).trim() || '(untitled)',
      kind: SymbolKind.Namespace,
      range: toLspRange(range),
      selectionRange: toLspRange(range),
      children: []
    }
    while (stack.length > 0 && (stack.at(-1)?.depth ?? 0) >= node.depth) stack.pop()
    const parent = stack.at(-1)?.symbol
    if (parent) parent.children?.push(symbol)
    else root.push(symbol)
    stack.push({depth: node.depth, symbol})
  }
  return root
}

/** Sections, then the labels the file defines. */
export function documentSymbols(
  graphs: readonly Graph[],
  file: string,
  text: string
): DocumentSymbol[] {
  const symbols = file.endsWith('.md') ? markdownSections(text) : rstSections(text)
  const seen = new Set<string>()
  for (const graph of graphs) {
    for (const document of graph.documents.values()) {
      for (const label of document.labels) {
        if (label.file !== file || label.anchorOnly || seen.has(label.name)) continue
        seen.add(label.name)
        symbols.push({
          name: label.name,
          detail: label.title ?? '',
          kind: SymbolKind.Key,
          range: toLspRange(label.range),
          selectionRange: toLspRange(label.range)
        })
      }
    }
  }
  return symbols
}

/** A loose match, as editors filter: every character of the query, in order. */
function matches(name: string, query: string): boolean {
  let at = 0
  const lower = name.toLowerCase()
  for (const char of query.toLowerCase()) {
    at = lower.indexOf(char, at)
    if (at < 0) return false
    at++
  }
  return true
}

export interface WorkspaceSymbol {
  name: string
  kind: SymbolKind
  place: Place
  container?: string
}

/** Every label and document whose name matches `query`. */
export function workspaceSymbols(graphs: readonly Graph[], query: string): WorkspaceSymbol[] {
  const symbols: WorkspaceSymbol[] = []
  for (const graph of graphs) {
    for (const document of graph.documents.values()) {
      const title = document.title?.text
      if (matches(document.docname, query) || (title !== undefined && matches(title, query))) {
        symbols.push({
          name: title === undefined ? document.docname : `${document.docname} — ${title}`,
          kind: SymbolKind.File,
          place: {
            file: document.path,
            range: document.title?.file === document.path ? document.title.range : WHOLE_FILE
          }
        })
      }
    }
    for (const [name, entry] of graph.anonLabels) {
      if (!matches(name, query)) continue
      symbols.push({
        name,
        kind: SymbolKind.Key,
        place: {file: entry.label.file, range: entry.label.range},
        container: entry.docname
      })
    }
  }
  return symbols
}
