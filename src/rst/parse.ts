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
import {parseInline, plainText, type InlineContext, type InlineLimit} from './inline.js'
import {Source} from './source.js'

/**
 * Directives that produce no body element, so docinfo may still follow them
 * (docs/sphinx-semantics.md §4.1).
 */
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

/** Default `ParseOptions.maxElements`, inline elements (see ast.ts for why this number). */
export const DEFAULT_MAX_ELEMENTS = 20_000

/** Default `ParseOptions.maxBlockElements`, block elements (see ast.ts). */
export const DEFAULT_MAX_BLOCK_ELEMENTS = 50_000

/**
 * Lines a document may have per allowed block element: past that (100,000 lines by default; the
 * longest of 1,988 real documents has 3,372) the rest is not parsed.
 */
const LINES_PER_ELEMENT = 2

/** Parse reStructuredText into a syntax tree with exact positions and docutils-style problems. */
export function parse(text: string, options: ParseOptions = {}): Root {
  const input = typeof text === 'string' ? text : String(text)
  const maxBlocks = budget(options.maxBlockElements, DEFAULT_MAX_BLOCK_ELEMENTS)
  // every line costs an object before any structure is seen: millions of (blank) lines are
  // bounded by the block budget too (the line table keeps only what is parsed)
  const maxLines = maxBlocks * LINES_PER_ELEMENT
  const src = new Source(input, options.tabWidth ?? 8, maxLines)
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
      options.rstDirectives ?? [],
      maxBlocks
    )
    const lines = src.lines(maxLines)
    blocks.run(lines, root.children)
    if (lines.length < src.lineCount) blocks.plainTail(lines.length, maxLines, root.children)
    inlinePass(
      root,
      blocks.pending,
      src,
      options.defaultRole ?? 'title-reference',
      blocks.defaultRoleSeen,
      budget(options.maxElements, DEFAULT_MAX_ELEMENTS)
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

/** An element budget from its option: a whole number >= 0, Infinity for none. */
function budget(value: number | undefined, fallback: number): number {
  if (value === undefined || Number.isNaN(value)) return fallback
  return value === Number.POSITIVE_INFINITY ? value : Math.max(0, Math.floor(value))
}

type AnyNode = {type: string; children?: unknown[]}

function inlinePass(
  root: Root,
  pending: PendingInline[],
  src: Source,
  initialRole: string,
  ordered: boolean,
  max: number
): void {
  const limit: InlineLimit = {max, remaining: max, stopped: false}
  if (!ordered) {
    // no `.. default-role::` anywhere: order does not matter, skip the tree walk
    const ctx: InlineContext = {src, defaultRole: initialRole, limit}
    const problemsBefore = src.problems.length
    const lengths: number[] = []
    let k = 0
    for (; k < pending.length && !limit.stopped; k++) {
      const p = pending[k]!
      lengths.push(p.node.children.length)
      appendInline(p, ctx)
    }
    if (!limit.stopped) {
      // classifiers only read their own term, so splitting them after the pass changes nothing
      for (const p of pending)
        if (p.classifiers) splitClassifiers(p.node as Term, p.classifiers.children, src)
      return
    }
    if (inDocumentOrder(pending, k)) {
      // the cut already fell in document order (the usual case: one huge paragraph); the rest
      // becomes plain text without a second pass
      for (; k < pending.length; k++) appendInline(pending[k]!, ctx)
      for (const p of pending)
        if (p.classifiers) splitClassifiers(p.node as Term, p.classifiers.children, src)
      return
    }
    // Too much markup. Pending nodes are not in document order (nested bodies come after their
    // parents), so undo this pass and redo it in document order: the cut then falls at one
    // place in the text, and everything after it is plain text.
    for (let j = 0; j < k; j++) pending[j]!.node.children.length = lengths[j] ?? 0
    src.problems.length = problemsBefore
    limit.remaining = max
    limit.stopped = false
  }
  const byNode = new Map<object, PendingInline>()
  // directive argument holders are not in the tree; they share their children array
  const byChildren = new Map<unknown[], PendingInline>()
  for (const p of pending) {
    byNode.set(p.node, p)
    byChildren.set(p.node.children, p)
  }
  const ctx: InlineContext = {src, defaultRole: initialRole, limit}
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

/**
 * True when the first `k` pending runs are the first `k` runs of the text in document order:
 * their start offsets ascend and every later run starts after them.
 */
function inDocumentOrder(pending: readonly PendingInline[], k: number): boolean {
  let last = -1
  for (let j = 0; j < k; j++) {
    const at = pending[j]!.input.offsets[0] ?? 0
    if (at <= last) return false
    last = at
  }
  for (let j = k; j < pending.length; j++)
    if ((pending[j]!.input.offsets[0] ?? 0) <= last) return false
  return true
}

/** Parse a pending node's inline markup straight into its children. */
function appendInline(p: PendingInline, ctx: InlineContext): void {
  const children = p.node.children
  if (p.plain) {
    children.push(plainText(p.input, ctx.src, p.end))
    return
  }
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
