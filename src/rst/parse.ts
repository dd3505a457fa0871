/**
 * `parse`: source → block structure (block.ts) → inline markup in document order (inline.ts) →
 * docinfo. Never throws: an internal failure is reported as a severe problem on an empty tree.
 */
import type {
  Classifier,
  DefinitionListItem,
  Directive,
  Inline,
  ParseOptions,
  Root,
  Term,
  Text
} from './ast.js'
import {BlockParser, type PendingInline} from './block.js'
import {parseInline, type InlineContext} from './inline.js'
import {Source} from './source.js'

/** Directives that produce no body element, so docinfo may still follow them (sphinx-semantics §4.1). */
export const PREBIBLIOGRAPHIC_DIRECTIVES: ReadonlySet<string> = new Set([
  'raw',
  'meta',
  'header',
  'footer',
  'index',
  'default-role',
  'role',
  'sectionauthor',
  'moduleauthor',
  'codeauthor',
  'title'
])

/** Parse reStructuredText into a syntax tree with exact positions and docutils-style problems. */
export function parse(text: string, options: ParseOptions = {}): Root {
  const input = typeof text === 'string' ? text : String(text)
  const src = new Source(input, options.tabWidth ?? 8)
  const root: Root = {
    type: 'root',
    children: [],
    problems: src.problems,
    position: src.pos(0, input.length)
  }
  try {
    const blocks = new BlockParser(
      src,
      options.literalDirectives ?? [],
      options.rstDirectives ?? []
    )
    blocks.run(src.lines(), root.children)
    inlinePass(
      root,
      blocks.pending,
      src,
      options.defaultRole ?? 'title-reference',
      blocks.defaultRoleSeen
    )
    docinfo(root)
  } catch (error) {
    /* v8 ignore next 4 -- a parser bug must not crash callers; surface it as data */
    root.children = []
    const message = error instanceof Error ? error.message : String(error)
    src.problems.push({level: 4, message: `Internal parser error: ${message}`, line: 1})
  }
  return root
}

type AnyNode = {type: string; children?: unknown[]}

function inlinePass(
  root: Root,
  pending: PendingInline[],
  src: Source,
  initialRole: string,
  ordered: boolean
): void {
  if (!ordered) {
    // no `.. default-role::` anywhere: order does not matter, skip the tree walk
    const ctx = {src, defaultRole: initialRole}
    for (const p of pending) {
      const children = p.node.children
      const nodes = parseInline(p.input, ctx, children)
      if (nodes !== children) for (const x of nodes) children.push(x)
      if (p.classifiers) splitClassifiers(p.node as Term, p.classifiers.children, src)
    }
    return
  }
  const byNode = new Map<object, PendingInline>()
  // directive argument holders are not in the tree; they share their children array
  const byChildren = new Map<unknown[], PendingInline>()
  for (const p of pending) {
    byNode.set(p.node, p)
    byChildren.set(p.node.children, p)
  }
  const ctx = {src, defaultRole: initialRole}
  const stack: AnyNode[] = [root]
  while (stack.length > 0) {
    const node = stack.pop()!
    if (node.type === 'directive') {
      const d = node as unknown as Directive
      const h = d.argumentChildren ? byChildren.get(d.argumentChildren) : undefined
      if (h) appendInline(h, ctx)
      // `.. default-role::` changes how later `text` in backquotes is read
      if (d.name === 'default-role')
        ctx.defaultRole = d.argument.trim().toLowerCase() || 'title-reference'
    } else {
      const p = byNode.get(node)
      if (p) {
        appendInline(p, ctx)
        if (p.classifiers) splitClassifiers(p.node as Term, p.classifiers.children, src)
      }
    }
    const children = node.children
    if (children) {
      for (let k = children.length - 1; k >= 0; k--) {
        const c = children[k]
        if (c && typeof c === 'object' && 'type' in c) stack.push(c as AnyNode)
      }
    }
  }
}

/** Parse a pending node's inline markup straight into its children. */
function appendInline(p: PendingInline, ctx: InlineContext): void {
  const children = p.node.children
  const nodes = parseInline(p.input, ctx, children)
  if (nodes !== children) for (const x of nodes) children.push(x)
}

/** Split ` : ` in a definition-list term's text into classifier siblings (docutils `term`). */
function splitClassifiers(
  term: Term,
  itemChildren: DefinitionListItem['children'],
  src: Source
): void {
  const re = /(?<! ) +: +/
  if (!term.children.some((c) => c.type === 'text' && re.test(c.value))) return
  const parts: {children: Inline[]}[] = [{children: []}]
  for (const c of term.children) {
    if (c.type !== 'text' || !re.test(c.value)) {
      parts[parts.length - 1]!.children.push(c)
      continue
    }
    const start = c.position.start.offset ?? 0
    const raw = src.text.slice(start, c.position.end.offset ?? start)
    const exact = raw === c.value
    let rest = c.value
    let at = start
    for (let m = re.exec(rest); m; m = re.exec(rest)) {
      const head = rest.slice(0, m.index)
      if (head) parts[parts.length - 1]!.children.push(textNode(head, at, exact, src, c))
      at += m.index + m[0].length
      rest = rest.slice(m.index + m[0].length)
      parts.push({children: []})
    }
    if (rest) parts[parts.length - 1]!.children.push(textNode(rest, at, exact, src, c))
  }
  term.children = parts[0]!.children
  const fix = (n: {children: Inline[]; position: Term['position']}) => {
    const first = n.children[0]
    const last = n.children[n.children.length - 1]
    if (first && last) n.position = {start: first.position.start, end: last.position.end}
  }
  fix(term)
  const classifiers: Classifier[] = parts.slice(1).map((p) => {
    const cl: Classifier = {type: 'classifier', children: p.children, position: term.position}
    fix(cl)
    return cl
  })
  itemChildren.splice(1, 0, ...classifiers)
}

function textNode(value: string, at: number, exact: boolean, src: Source, from: Text): Text {
  return {
    type: 'text',
    value,
    position: exact ? src.pos(at, at + value.length) : from.position
  }
}

function docinfo(root: Root): void {
  for (const child of root.children) {
    if (
      child.type === 'comment' ||
      child.type === 'substitutionDefinition' ||
      child.type === 'target'
    )
      continue
    if (child.type === 'directive' && PREBIBLIOGRAPHIC_DIRECTIVES.has(child.name)) continue
    if (child.type === 'fieldList') (child as unknown as {type: string}).type = 'docinfo'
    return
  }
}
