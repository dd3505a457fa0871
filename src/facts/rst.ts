/**
 * DocFacts from an RST syntax tree: what one file defines and references, in its own coordinates
 * (docs/sphinx-semantics.md §2–§7). Nothing here resolves paths or names across files.
 */
import {PREBIBLIOGRAPHIC_DIRECTIVES} from '../rst/parse.js'
import type {Point, Range} from '../diagnostic.js'
import type {
  Block,
  Directive,
  Field,
  Inline,
  Role,
  Root,
  Section,
  Target as TargetNode
} from '../rst/ast.js'
import {
  emptyFacts,
  type DocFacts,
  type Label,
  type ToctreeEntry,
  type XRef,
  type XRefKind
} from './types.js'
import {inlineText, normalizeName, splitExplicitTitle} from './inline-text.js'
import {parseSuppressionText} from './suppression.js'
import {plainTermText} from './term-text.js'
import {TOCTREE_OPTIONS_74, isPythonInt, newToctree, parsePythonInt} from './toctree.js'
import {parse} from '../rst/index.js'

/** Role names (as the parser normalises them) → the kind the graph resolves. */
const XREF_ROLES: Record<string, XRefKind> = {
  doc: 'doc',
  'std:doc': 'doc',
  ref: 'ref',
  'std:ref': 'ref',
  numref: 'numref',
  'std:numref': 'numref',
  term: 'term',
  'std:term': 'term',
  download: 'download',
  any: 'any',
  keyword: 'keyword',
  'std:keyword': 'keyword',
  option: 'option',
  'std:option': 'option'
}

const CODE_DIRECTIVES = new Set(['code-block', 'sourcecode', 'code', 'literalinclude'])
const TABLE_DIRECTIVES = new Set(['table', 'list-table', 'csv-table'])
/** Directives whose node docutils treats as Invisible: a target before them stays where it is. */
const INVISIBLE_DIRECTIVES = new Set(['index'])
/**
 * Directives that produce no node at all: a target before them moves past them (verified with
 * Sphinx 5.3 and 9.0.4: `program` and `meta` do; `highlight`, `only`, `tabularcolumns`, `raw`
 * do not).
 */
const EMPTY_DIRECTIVES = new Set([
  'default-role',
  'role',
  'sectionauthor',
  'codeauthor',
  'moduleauthor',
  'currentmodule',
  'py:currentmodule',
  'default-domain',
  'program',
  'std:program',
  'meta'
])
/** Directives that make only index nodes and targets: Sphinx 7.1+ lets a label pass them. */
const INDEX_DIRECTIVES = new Set(['index', 'module', 'py:module'])

// `title <target>`; linear-time equivalents of /^(.+?)\s*(?<!\x00)<([^<]*?)>$/s and of the
// same with `(.*?)` (the regexes are quadratic on long whitespace runs).
const TOCTREE_EXPLICIT = {
  exec: (text: string) => splitExplicitTitle(text, {ltInTarget: false, nulEscapes: true})
}
const ROLE_EXPLICIT = {
  exec: (text: string) => splitExplicitTitle(text, {ltInTarget: true, nulEscapes: true})
}
type AnyNode = {type: string; position: {start: Point; end: Point}; children?: unknown[]}

/** How to read a file: which directives exist (their content is skipped otherwise). */
export interface RstFactsOptions {
  /**
   * Directive names Sphinx knows in this project. docutils does not parse the content of an
   * unknown directive (`Unknown directive type`), so nothing inside it counts. Leave undefined
   * when extensions may add directives doclint cannot list.
   */
  knownDirectives?: ReadonlySet<string>
  /**
   * Sphinx 7.1 and later (`'8'`) move index nodes before the targets around them
   * (`ReorderConsecutiveTargetAndIndexNodes`), so a label before `.. index::` or `.. module::`
   * reaches the section after it; 5.3 leaves it untitled. Default `'8'`.
   */
  sphinxVersion?: '8' | '5.3'
}

interface Walk {
  options: RstFactsOptions
  facts: DocFacts
  text: string
  /** Offset of the first character of each line (\r\n, \r and \n end lines). */
  lineStarts: LineStarts
  /** Pending explicit labels, resolved after the walk (with the node they land on). */
  labels: Label[]
  /**
   * Where chained targets land, found by the first target of the chain: every target it stepped
   * over lands in the same place, so a chain of n targets is walked once, not n times.
   */
  landings?: Map<unknown, Landing | undefined>
}

interface Context {
  blockLine: number
  /** How many sections enclose this block. */
  sectionDepth?: number
  substitution?: string
  only?: string
}

/** Per-document facts of one RST file (the text `root` was parsed from). */
export function extractRstFacts(root: Root, text: string, options: RstFactsOptions = {}): DocFacts {
  const facts = emptyFacts()
  const walk: Walk = {options, facts, text, lineStarts: new LineStarts(text), labels: []}

  for (const problem of root.problems) {
    facts.problems.push({
      level: problem.level,
      message: problem.message,
      line: problem.line,
      ...(problem.position ? {range: toRange(problem.position)} : {}),
      ...(problem.kind ? {kind: problem.kind} : {})
    })
  }

  readDocinfo(root, walk)
  runWalk(root.children, walk, {blockLine: 1})
  facts.labels = walk.labels
  markDuplicateLabels(facts.labels)

  const firstSection = findFirstSection(root.children)
  if (firstSection) {
    facts.title = {
      text: inlineText(firstSection.children[0].children),
      range: toRange(firstSection.children[0].position)
    }
  }
  facts.hasLocalToc =
    root.children.some(
      (node) =>
        node.type === 'section' ||
        (node.type === 'directive' && node.name === 'only' && hasSectionTitle(node))
    ) || facts.toctrees.some((toctree) => toctree.valid)
  return facts
}

const ADORNMENT = /^([!-/:-@[-`{-~])\1*\s*$/

/** Whether an `only` block holds a section (Sphinx parses its content with titles allowed). */
function hasSectionTitle(node: Directive): boolean {
  if (node.children.some((child) => child.type === 'section')) return true
  const lines = node.contentLines
  for (let i = 1; i < lines.length; i++) {
    const previous = lines[i - 1]
    const current = lines[i]
    if (!previous || !current || current.line !== previous.line + 1) continue
    if (previous.text.trim() !== '' && !/^\s/.test(previous.text) && ADORNMENT.test(current.text)) {
      if (!ADORNMENT.test(previous.text)) return true
    }
  }
  return false
}

/**
 * In-document duplicates: docutils invalidates every definition of the name
 * (docs/sphinx-semantics.md §6.3).
 */
export function markDuplicateLabels(labels: Label[]): void {
  const counts = new Map<string, number>()
  for (const label of labels) counts.set(label.name, (counts.get(label.name) ?? 0) + 1)
  for (const label of labels) {
    if ((counts.get(label.name) ?? 0) > 1) label.duplicateInFile = true
    else delete label.duplicateInFile
  }
}

// ------------------------------------------------------------------------------- positions

interface LoosePoint {
  line: number
  column: number
  offset?: number | undefined
}

function toPoint(point: LoosePoint): Point {
  return {line: point.line, column: point.column, offset: point.offset ?? 0}
}

/**
 * Line start offsets, as the line breaks of `text.split(/\r\n|\r|\n/)` (no regex, no copies),
 * found only as far as they are asked for: facts rarely need lines past the last element the
 * parser read, and a document cut by a limit can have millions more.
 */
class LineStarts {
  readonly #text: string
  readonly #starts = [0]
  // indexOf scans natively; each search resumes past the last break, so the text is read once.
  #lf: number
  #cr: number

  constructor(text: string) {
    this.#text = text
    this.#lf = text.indexOf('\n')
    this.#cr = text.indexOf('\r')
  }

  /** The offset where 0-based line `index` starts; undefined past the last line. */
  at(index: number): number | undefined {
    const starts = this.#starts
    while (starts.length <= index && (this.#lf >= 0 || this.#cr >= 0)) {
      const text = this.#text
      const lf = this.#lf
      const cr = this.#cr
      const end =
        cr >= 0 && (lf < 0 || cr < lf) ? (text.charCodeAt(cr + 1) === 10 ? cr + 1 : cr) : lf
      starts.push(end + 1)
      if (lf >= 0 && lf <= end) this.#lf = text.indexOf('\n', end + 1)
      if (cr >= 0 && cr <= end) this.#cr = text.indexOf('\r', end + 1)
    }
    return index < 0 ? undefined : starts[index]
  }
}

/** The text of 1-based `line` without its line break ('' past the end). */
function lineText(walk: Walk, line: number): string {
  const starts = walk.lineStarts
  const start = starts.at(line - 1)
  if (start === undefined || line < 1) return ''
  const next = starts.at(line)
  if (next === undefined) return walk.text.slice(start)
  const text = walk.text
  const end =
    text.charCodeAt(next - 1) === 10 && next - 2 >= start && text.charCodeAt(next - 2) === 13
      ? next - 2
      : next - 1
  return text.slice(start, end)
}

function toRange(position: {start: LoosePoint; end: LoosePoint}): Range {
  return {start: toPoint(position.start), end: toPoint(position.end)}
}

/** The range of one source line's text (without its line break), or of part of it. */
function lineRange(walk: Walk, line: number, from = 0, length?: number): Range {
  const start = walk.lineStarts.at(line - 1) ?? 0
  const content = lineText(walk, line)
  const end = length === undefined ? content.length : Math.min(content.length, from + length)
  return {
    start: {line, column: from + 1, offset: start + from},
    end: {line, column: end + 1, offset: start + end}
  }
}

/** The first line of a directive (its marker line). */
function markerRange(walk: Walk, directive: Directive): Range {
  const line = directive.position.start.line
  return lineRange(walk, line, directive.position.start.column - 1)
}

// ------------------------------------------------------------------------------- docinfo

function readDocinfo(root: Root, walk: Walk): void {
  let fields: Field[] | undefined
  for (const node of root.children) {
    if (node.type === 'docinfo') {
      fields = node.children
      break
    }
    if (isPrebibliographic(node)) continue
    if (node.type === 'fieldList') fields = node.children
    break
  }
  for (const field of fields ?? []) {
    const body = field.children[1]
    let value = ''
    for (const block of body?.children ?? []) {
      if (block.type === 'paragraph') value += (value ? '\n' : '') + inlineText(block.children)
    }
    walk.facts.metadata[field.name] = value
  }
}

function isPrebibliographic(node: Block): boolean {
  if (node.type === 'comment' || node.type === 'substitutionDefinition' || node.type === 'target') {
    return true
  }
  return node.type === 'directive' && PREBIBLIOGRAPHIC_DIRECTIVES.has(node.name)
}

// ------------------------------------------------------------------------------- block walk

/** A node's place: its siblings and index, then its parent's place (a list, O(1) per level). */
interface Frame {
  siblings: readonly AnyNode[]
  index: number
  parent: Frame | undefined
}

/** One pending visit: the node, its place (it is its own Frame) and the context it runs in. */
interface Step extends Frame {
  node: AnyNode
  context: Context
  /** A container's child (walkChild) rather than a block (walkBlock). */
  child: boolean
}

/**
 * Visits still to run, last first. The walk is pre-order, but each container pushes its children
 * as plain records instead of recursing, so 10,000-deep lists or quotes never touch the stack
 * (and no closure is made per node).
 */
let steps: Step[] = []

function runWalk(children: readonly Block[], walk: Walk, context: Context): void {
  const saved = steps
  steps = []
  try {
    walkBlocks(children, undefined, walk, context)
    for (let step = steps.pop(); step; step = steps.pop()) {
      if (step.child) walkChild(step.node, step, walk, step.context)
      else walkBlock(step.node as unknown as Block, step, walk, step.context)
    }
  } finally {
    steps = saved
  }
}

/** Queue `children` so that they run in order, before anything queued earlier. */
function push(
  siblings: readonly AnyNode[],
  parent: Frame | undefined,
  context: Context,
  child: boolean
): void {
  for (let index = siblings.length - 1; index >= 0; index--) {
    const node = siblings[index]
    if (!node) continue
    steps.push({siblings, index, parent, node, context, child})
  }
}

function walkBlocks(
  children: readonly Block[],
  stack: Frame | undefined,
  _walk: Walk,
  context: Context
): void {
  push(children as readonly AnyNode[], stack, context, false)
}

function walkBlock(node: Block, path: Frame, walk: Walk, context: Context): void {
  const here: Context = {...context, blockLine: node.position.start.line}
  switch (node.type) {
    case 'docinfo':
      return
    case 'comment':
      readSuppression(node.value, node.position.start.line, node.position.start.column, walk)
      return
    case 'literalBlock':
    case 'doctestBlock':
    case 'transition':
      return
    case 'target':
      readTarget(node, path, walk)
      return
    case 'section': {
      const title = node.children[0]
      const depth = context.sectionDepth ?? 0
      walk.facts.linkTargets.push({
        name: normalizeName(inlineText(title.children)),
        kind: 'implicit',
        range: toRange(title.position),
        depth,
        rawTitle: walk.text.slice(title.position.start.offset ?? 0, title.position.end.offset ?? 0)
      })
      walkInlines(title.children, walk, {...here, blockLine: title.position.start.line})
      walkBlocks(node.children.slice(1) as Block[], path, walk, {
        ...context,
        sectionDepth: depth + 1
      })
      return
    }
    case 'paragraph':
    case 'title':
    case 'attribution':
      walkInlines(node.children, walk, here)
      return
    case 'substitutionDefinition':
      walkBlocks(node.children, path, walk, {...context, substitution: node.name})
      return
    case 'footnote':
    case 'citation': {
      const name = node.type === 'citation' ? node.label : node.label.replace(/^#/, '')
      if (name && name !== '*') {
        walk.facts.linkTargets.push({
          name: normalizeName(name),
          kind: node.type,
          range: lineRange(walk, node.position.start.line)
        })
      }
      walkBlocks(node.children, path, walk, context)
      return
    }
    case 'directive':
      walkDirective(node, path, walk, context)
      return
    default:
      walkGeneric(node as AnyNode, path, walk, context)
  }
}

/** Containers whose children are blocks or inline holders (lists, tables, fields, …). */
function walkGeneric(node: AnyNode, path: Frame, _walk: Walk, context: Context): void {
  push((node.children ?? []) as AnyNode[], path, context, true)
}

/** One child of a container: inline holders now, containers and blocks as further steps. */
function walkChild(child: AnyNode, childPath: Frame, walk: Walk, context: Context): void {
  switch (child.type) {
    case 'term':
    case 'classifier':
    case 'line':
    case 'fieldName':
      walkInlines((child as unknown as {children: Inline[]}).children, walk, {
        ...context,
        blockLine: child.position.start.line
      })
      break
    case 'lineBlock':
    case 'listItem':
    case 'definitionListItem':
    case 'definition':
    case 'field':
    case 'fieldBody':
    case 'optionListItem':
    case 'tableRow':
    case 'tableCell':
      walkGeneric(child, childPath, walk, context)
      break
    default:
      walkBlock(child as unknown as Block, childPath, walk, context)
  }
}

/** Directives whose `:caption:` is inline markup (parsed by Sphinx, roles inside resolve). */
const CAPTION_DIRECTIVES = new Set(['code-block', 'sourcecode', 'code', 'literalinclude'])

function walkDirective(node: Directive, path: Frame, walk: Walk, context: Context): void {
  const name = node.name
  const known = walk.options.knownDirectives
  if (known && !known.has(name) && !/^[a-z0-9]+:[a-z0-9-]+$/.test(name)) return
  if (node.argumentChildren?.length) {
    walkInlines(node.argumentChildren, walk, {...context, blockLine: node.position.start.line})
  }
  const caption = node.options['caption']
  const captionPosition = node.optionPositions['caption']
  if (CAPTION_DIRECTIVES.has(name) && caption && captionPosition) {
    readCaption(caption, captionPosition.start.line, walk, context)
  }
  if (typeof node.options['name'] === 'string' && node.options['name'].trim() !== '') {
    const optionPosition = node.optionPositions['name']
    const landing = classify(node as unknown as AnyNode, walk)
    walk.labels.push({
      name: normalizeName(node.options['name']),
      range: optionPosition ? toRange(optionPosition) : markerRange(walk, node),
      ...landing
    })
    walk.facts.linkTargets.push({
      name: normalizeName(node.options['name']),
      kind: 'explicit',
      range: optionPosition ? toRange(optionPosition) : markerRange(walk, node)
    })
  }
  switch (name) {
    case 'toctree':
      readToctree(node, walk, context)
      return
    case 'include':
    case 'literalinclude': {
      const written = node.argument.replace(/(?<!\s)\s*\n\s*/g, '').trim()
      if (written === '') return
      walk.facts.includes.push({
        directive: name,
        path: written,
        standard: written.startsWith('<') && written.endsWith('>'),
        range: node.argumentPosition ? toRange(node.argumentPosition) : markerRange(walk, node),
        options: {...node.options},
        ...(name === 'include' && isAtDocumentStart(path) ? {atDocumentStart: true} : {})
      })
      return
    }
    case 'image':
    case 'figure': {
      // docutils `directives.uri`: the argument's lines joined, whitespace removed.
      const uri = node.argument.replace(/\s+/g, '')
      if (uri !== '') {
        walk.facts.images.push({
          uri,
          directive: name,
          range: node.argumentPosition ? toRange(node.argumentPosition) : markerRange(walk, node),
          ...(context.substitution === undefined ? {} : {substitution: context.substitution})
        })
      }
      break
    }
    case 'glossary':
      readGlossary(node, walk)
      break
  }
  if (node.literal) return
  const inner: Context = name === 'only' ? {...context, only: onlyWithin(context, node)} : context
  walkBlocks(node.children, path, walk, inner)
}

/**
 * The condition of an `only` block, joined with the blocks around it: Sphinx drops an outer block
 * whose expression is false with everything inside, so a nested one holds only if all do.
 */
function onlyWithin(context: Context, node: {argument: string}): string {
  const own = node.argument.trim()
  return context.only === undefined ? own : `(${context.only}) and (${own})`
}

/** Whether the node at `path` is preceded only by pre-bibliographic nodes at top level. */
function isAtDocumentStart(path: Frame): boolean {
  if (path.parent !== undefined) return false
  const frame = path
  for (let index = 0; index < frame.index; index++) {
    const sibling = frame.siblings[index]
    if (sibling && !isPrebibliographic(sibling as unknown as Block)) return false
  }
  return true
}

/** Roles in a one-line `:caption:` option, parsed as inline markup at the option's place. */
function readCaption(value: string, line: number, walk: Walk, context: Context): void {
  const source = lineText(walk, line)
  const at = source.indexOf(value.trim())
  if (at < 0 || value.includes('\n')) return
  let root: Root
  try {
    root = parse(value.trim(), {})
  } catch {
    return
  }
  const paragraph = root.children[0]
  if (!paragraph || paragraph.type !== 'paragraph') return
  const shifted = structuredClone(paragraph.children)
  const base = (walk.lineStarts.at(line - 1) ?? 0) + at
  const move = (point: {line: number; column: number; offset?: number | undefined}): void => {
    point.line = line
    point.column = point.column + at
    point.offset = (point.offset ?? 0) + base
  }
  const visit = (nodes: Inline[]): void => {
    for (const node of nodes) {
      move(node.position.start)
      move(node.position.end)
      if (node.type === 'role') {
        move(node.valuePosition.start)
        move(node.valuePosition.end)
      }
      if ('children' in node) visit(node.children)
    }
  }
  visit(shifted)
  walkInlines(shifted, walk, {...context, blockLine: line})
}

// ------------------------------------------------------------------------------- inline walk

function walkInlines(nodes: readonly Inline[], walk: Walk, context: Context): void {
  for (const node of nodes) {
    switch (node.type) {
      case 'emphasis':
      case 'strong':
        walkInlines(node.children, walk, context)
        break
      case 'role':
        readRole(node, walk, context)
        break
      case 'reference':
        // `text <uri>`_ and `text <alias_>`_ also define `text` as an explicit target.
        if (node.embedded !== undefined && !node.anonymous && node.text.trim() !== '') {
          walk.facts.linkTargets.push({
            name: normalizeName(node.text),
            kind: 'explicit',
            range: toRange(node.position),
            ...(node.embedded === 'alias' ? {indirect: true} : {}),
            ...(node.embedded === 'uri' && node.refuri !== undefined
              ? {refuri: node.refuri, embedded: true}
              : {})
          })
        }
        if (
          node.refname !== undefined &&
          !node.anonymous &&
          !node.standalone &&
          node.embedded !== 'uri'
        ) {
          walk.facts.linkRefs.push({
            refname: normalizeName(node.refname),
            text: node.text,
            range: toRange(node.position),
            blockLine: context.blockLine
          })
        }
        break
      case 'footnoteReference':
        // `[#name]_` names a footnote of this document; docutils reports `Unknown target name`.
        if (node.label.length > 1 && node.label.startsWith('#')) {
          walk.facts.linkRefs.push({
            refname: normalizeName(node.label.slice(1)),
            text: node.label,
            range: toRange(node.position),
            blockLine: context.blockLine
          })
        }
        break
      case 'substitutionReference':
        if (node.reference === 'named') {
          walk.facts.linkRefs.push({
            refname: normalizeName(node.name),
            text: node.name,
            range: toRange(node.position),
            blockLine: context.blockLine
          })
        }
        break
      case 'inlineTarget': {
        const range = toRange(node.position)
        walk.facts.linkTargets.push({name: node.name, kind: 'inline', range})
        walk.labels.push({
          name: node.name,
          range,
          node: 'other',
          titled: false,
          numberable: false,
          reportLine: context.blockLine
        })
        break
      }
    }
  }
}

/** Split a role's text as Sphinx's XRefRole does (docs/sphinx-semantics.md §2.1). */
export function parseRoleText(
  raw: string,
  kind: XRefKind
): {target: string; title?: string; disabled: boolean} {
  // docutils hands roles the text with each backslash escape marked by a NUL.
  let text = raw.replace(/\\([\s\S])/g, '\x00$1')
  const disabled = text.startsWith('!')
  if (disabled) text = text.slice(1)
  const match = ROLE_EXPLICIT.exec(text)
  let target = match ? (match[2] ?? '') : text
  const title = match ? unescapeNul(match[1] ?? '') : undefined
  target = unescapeNul(target)
  if (kind === 'ref' || kind === 'numref') target = target.toLowerCase()
  target = target.replace(/\s+/g, ' ')
  return {target, disabled, ...(title === undefined ? {} : {title})}
}

function unescapeNul(text: string): string {
  return text.replace(/\x00(\s?)/g, '')
}

/** `external:ref`, `external+py:std:ref` → the inventory (`null`: any) and the role name. */
const EXTERNAL_ROLE = /^external(?:\+([^:]+))?:(.+)$/

function readRole(node: Role, walk: Walk, context: Context): void {
  const external = EXTERNAL_ROLE.exec(node.name)
  const kind = XREF_ROLES[external ? (external[2] ?? '') : node.name]
  if (!kind) return
  const parsed = parseRoleText(node.value, kind)
  const xref: XRef = {
    kind,
    role: node.name,
    raw: node.value,
    target: parsed.target,
    hasTitle: parsed.title !== undefined,
    disabled: parsed.disabled,
    range: toRange(node.position),
    blockLine: context.blockLine
  }
  if (context.substitution !== undefined) xref.substitution = context.substitution
  if (external) xref.external = external[1] ?? null
  walk.facts.xrefs.push(xref)
}

// ------------------------------------------------------------------------------- targets

function readTarget(node: TargetNode, path: Frame, walk: Walk): void {
  if (node.anonymous || node.name === undefined) return
  const range = toRange(node.position)
  walk.facts.linkTargets.push({
    name: node.name,
    kind: 'explicit',
    range,
    ...(node.refuri === undefined ? {} : {refuri: node.refuri})
  })
  if (node.refuri !== undefined || node.refname !== undefined) return
  const landings = (walk.landings ??= new Map())
  const landing = landings.has(node) ? landings.get(node) : propagate(path, walk)
  if (!landing) return
  walk.labels.push({
    name: node.name,
    range,
    ...landing,
    ...(landing.node === 'none' ? {reportLine: node.position.start.line} : {})
  })
}

type Landing = Pick<Label, 'node' | 'titled' | 'numberable' | 'reportLine'> &
  Partial<Pick<Label, 'title' | 'uncertain'>>

/**
 * Where an internal target lands after docutils' PropagateTargets (docs/sphinx-semantics.md §6.1):
 * the next node in document order, siblings first then ascending; chained targets move on with
 * it. `undefined` when it lands on an external target (then it is not a label at all).
 */
function propagate(path: Frame, walk: Walk): Landing | undefined {
  const chained: AnyNode[] = []
  const landing = propagateFrom(path, walk, chained)
  const landings = (walk.landings ??= new Map())
  for (const target of chained) landings.set(target, landing)
  return landing
}

/** propagate's walk; `chained` collects the internal targets stepped over on the way. */
function propagateFrom(path: Frame, walk: Walk, chained: AnyNode[]): Landing | undefined {
  const stack: {siblings: readonly AnyNode[]; index: number}[] = []
  for (let frame: Frame | undefined = path; frame; frame = frame.parent) {
    stack.push({siblings: frame.siblings, index: frame.index})
  }
  stack.reverse()
  for (;;) {
    const frame = stack[stack.length - 1]
    if (!frame) return {node: 'none', titled: false, numberable: false, reportLine: 0}
    frame.index++
    const next = frame.siblings[frame.index]
    if (!next) {
      stack.pop()
      continue
    }
    if (next.type === 'target') {
      const target = next as unknown as TargetNode
      if (target.refuri !== undefined || target.refname !== undefined) return undefined
      if (target.anonymous) return {node: 'none', titled: false, numberable: false, reportLine: 0}
      chained.push(next)
      continue
    }
    if (next.type === 'directive') {
      const directive = next as unknown as Directive
      if (EMPTY_DIRECTIVES.has(directive.name)) continue
      if (
        walk.options.sphinxVersion !== '5.3' &&
        INDEX_DIRECTIVES.has(directive.name) &&
        directive.children.length === 0
      )
        continue
    }
    return classify(next, walk)
  }
}

/** What a label on `node` is: titled, numberable, and the line Sphinx reports for it. */
function classify(node: AnyNode, walk: Walk): Landing {
  const line = node.position.start.line
  const other: Landing = {node: 'other', titled: false, numberable: false, reportLine: line}
  switch (node.type) {
    case 'section': {
      const section = node as unknown as Section
      const title = inlineText(section.children[0].children)
      return {
        node: 'section',
        titled: true,
        title,
        numberable: true,
        reportLine: underlineLine(section, walk)
      }
    }
    case 'comment':
    case 'substitutionDefinition':
    case 'footnote':
    case 'citation':
      return {node: 'none', titled: false, numberable: false, reportLine: line}
    case 'definitionList': {
      const first = (
        node.children?.[0] as {children?: {type: string; children: Inline[]}[]} | undefined
      )?.children?.find((child) => child.type === 'term')
      return {
        node: 'definitionList',
        titled: true,
        title: first ? inlineText(first.children) : '',
        numberable: false,
        reportLine: line
      }
    }
    case 'fieldList':
    case 'docinfo': {
      const first = node.children?.[0] as Field | undefined
      return {
        node: 'fieldList',
        titled: true,
        title: first?.name ?? '',
        numberable: false,
        reportLine: line
      }
    }
    case 'table':
      return {node: 'table', titled: false, numberable: true, reportLine: line}
    case 'directive':
      return classifyDirective(node as unknown as Directive, line)
    default:
      return other
  }
}

function classifyDirective(directive: Directive, line: number): Landing {
  const name = directive.name
  const argument = directive.argument.trim()
  const caption = directive.options['caption']?.trim() ?? ''
  if (name === 'rubric') {
    return {
      node: 'rubric',
      titled: argument !== '',
      title: argument,
      numberable: false,
      reportLine: line
    }
  }
  if (name === 'figure') {
    const hasCaption = directive.children.some((child) => child.type === 'paragraph')
    return {
      node: 'figure',
      titled: hasCaption,
      numberable: true,
      reportLine: line,
      ...(hasCaption
        ? {
            title: inlineText(
              (directive.children.find((c) => c.type === 'paragraph') as {children: Inline[]})
                .children
            )
          }
        : {})
    }
  }
  if (TABLE_DIRECTIVES.has(name)) {
    return {
      node: 'table',
      titled: argument !== '',
      numberable: true,
      reportLine: line,
      ...(argument ? {title: argument} : {})
    }
  }
  if (CODE_DIRECTIVES.has(name)) {
    return {
      node: 'code',
      titled: caption !== '',
      numberable: caption !== '',
      reportLine: line,
      ...(caption ? {title: caption} : {})
    }
  }
  if (name === 'toctree') {
    return {
      node: 'toctree',
      titled: caption !== '',
      numberable: false,
      reportLine: line,
      ...(caption ? {title: caption} : {})
    }
  }
  if (name === 'math') return {node: 'math', titled: false, numberable: false, reportLine: line}
  if (INVISIBLE_DIRECTIVES.has(name)) {
    return {node: 'none', titled: false, numberable: false, reportLine: line}
  }
  if (name === 'include') {
    // What it lands on comes from another file or a build-time condition: never claim "untitled".
    return {node: 'other', titled: false, numberable: false, reportLine: line, uncertain: true}
  }
  if (directive.children.some((child) => child.type === 'directive' && child.name === 'toctree')) {
    return {node: 'other', titled: false, numberable: false, reportLine: line, uncertain: true}
  }
  return {node: 'other', titled: false, numberable: false, reportLine: line}
}

/**
 * The line of a section title's underline (Sphinx reports duplicate labels there,
 * docs/sphinx-semantics.md §6.3).
 */
function underlineLine(section: Section, walk: Walk): number {
  const char = section.adornment.underline
  const start = section.position.start.line
  const first = section.adornment.overline === undefined ? start + 1 : start + 2
  const escaped = char.replace(/[\\^$.*+?()[\]{}|-]/g, '\\$&')
  const underline = new RegExp(`^${escaped}+\\s*$`)
  for (let line = first; line <= first + 10 && walk.lineStarts.at(line - 1) !== undefined; line++) {
    if (underline.test(lineText(walk, line))) return line
  }
  return section.children[0].position.end.line + 1
}

// ------------------------------------------------------------------------------- toctree

function readToctree(node: Directive, walk: Walk, context: Context): void {
  const toctree = newToctree(markerRange(walk, node))
  if (context.only !== undefined) toctree.inOnly = context.only
  const error = toctreeOptionError(node.options) ?? parserDirectiveError(node, walk)
  if (error !== undefined) {
    toctree.valid = false
    toctree.error = error
  }
  toctree.glob = 'glob' in node.options
  toctree.hidden = 'hidden' in node.options
  toctree.reversed = 'reversed' in node.options
  toctree.includehidden = 'includehidden' in node.options
  toctree.titlesonly = 'titlesonly' in node.options
  const maxdepth = node.options['maxdepth']
  if (maxdepth !== undefined && isPythonInt(maxdepth)) toctree.maxdepth = parsePythonInt(maxdepth)
  const numbered = node.options['numbered']
  if (numbered !== undefined)
    toctree.numbered = numbered.trim() === '' ? 999 : Number.parseInt(numbered, 10) || 0
  const caption = node.options['caption']
  if (caption !== undefined && caption.trim() !== '') toctree.caption = caption.trim()
  const name = node.options['name']
  if (name !== undefined && name.trim() !== '') toctree.name = name.trim()

  const seenLines = new Set(node.contentLines.map((line) => line.line))
  // Text on the directive line is the first content line (toctree takes no argument,
  // docs/sphinx-semantics.md §3.1).
  if (node.argument.trim() !== '' && node.argumentPosition) {
    const argLines = node.argument.split('\n')
    argLines.forEach((text, index) => {
      const line = (node.argumentPosition?.start.line ?? 0) + index
      if (seenLines.has(line) || text.trim() === '') return
      const source = lineText(walk, line)
      const at =
        index === 0 ? (node.argumentPosition?.start.column ?? 1) - 1 : source.indexOf(text.trim())
      toctree.entries.push(makeEntry(text.trim(), line, Math.max(0, at), walk))
    })
  }
  for (const content of node.contentLines) {
    const raw = content.text.replace(/(?<!\s)\s+$/, '')
    if (raw === '') continue
    const start = walk.lineStarts.at(content.line - 1) ?? 0
    const from = Math.max(0, content.offset - start)
    toctree.entries.push(makeEntry(raw, content.line, from, walk))
  }
  walk.facts.toctrees.push(toctree)
}

function makeEntry(raw: string, line: number, from: number, walk: Walk): ToctreeEntry {
  const match = TOCTREE_EXPLICIT.exec(raw)
  const range = lineRange(walk, line, from, raw.length)
  if (match) {
    return {raw, title: match[1] ?? '', ref: match[2] ?? '', explicit: true, range}
  }
  return {raw, ref: raw, explicit: false, range}
}

/**
 * The docutils error an option of `.. toctree::` raises, if any (docs/sphinx-semantics.md
 * §3.1). Options are Sphinx 7.4's
 * (`class` included).
 */
export function toctreeOptionError(options: Record<string, string>): string | undefined {
  for (const [name, value] of Object.entries(options)) {
    const kind = TOCTREE_OPTIONS_74[name]
    if (!kind) return `unknown option: "${name}".`
    if (kind === 'flag' && value.trim() !== '') {
      return `invalid option value: (option: "${name}"; value: '${value}')\nno argument is allowed; "${value}" supplied.`
    }
    if (kind === 'int' && !isPythonInt(value)) {
      return `invalid option value: (option: "${name}"; value: '${value}')\ninvalid literal for int()`
    }
    if (kind === 'intOrEmpty' && value.trim() !== '' && !isPythonInt(value)) {
      return `invalid option value: (option: "${name}"; value: '${value}')\ninvalid literal for int()`
    }
    if (kind === 'required' && value.trim() === '') {
      return `invalid option value: (option: "${name}"; value: None)\nargument required but none supplied.`
    }
  }
  return undefined
}

/** A directive error the parser itself reported (e.g. `invalid option block.`). */
function parserDirectiveError(node: Directive, walk: Walk): string | undefined {
  const from = node.position.start.line
  const to = node.position.end.line
  const prefix = `Error in "${node.name}" directive`
  for (const problem of walk.facts.problems) {
    if (
      problem.level >= 3 &&
      problem.line >= from &&
      problem.line <= to &&
      problem.message.startsWith(prefix)
    ) {
      return problem.message
    }
  }
  return undefined
}

// ------------------------------------------------------------------------------- glossary

/**
 * Glossary terms, read from the directive's content lines as Sphinx's `Glossary` does
 * (docs/sphinx-semantics.md §6.5).
 */
function readGlossary(node: Directive, walk: Walk): void {
  for (const content of node.contentLines) {
    const text = content.text
    // Definitions are indented; `.. ` lines are comments (their indented body too).
    if (text.trim() === '' || /^\s/.test(text) || text.startsWith('.. ')) continue
    const termSource = text.split(/(?<! ) +: +/)[0] ?? text
    const term = plainTermText(termSource.trim())
    if (term === '') continue
    const start = walk.lineStarts.at(content.line - 1) ?? 0
    const from = Math.max(0, content.offset - start)
    walk.facts.terms.push({
      term,
      range: lineRange(walk, content.line, from, text.replace(/(?<!\s)\s+$/, '').length),
      reportLine: content.line - 1
    })
  }
}

// ------------------------------------------------------------------------------- suppressions

function readSuppression(value: string, line: number, column: number, walk: Walk): void {
  const directive = parseSuppressionText(value)
  if (!directive) return
  // The comment's own lines: the first, then lines indented deeper, up to the first blank line.
  // `next-line` means the line right after them, never a line after a blank one (ESLint).
  let next = line + 1
  const indent = column - 1
  while (walk.lineStarts.at(next - 1) !== undefined) {
    const source = lineText(walk, next)
    const leading = source.length - source.trimStart().length
    if (source.trim() === '' || leading <= indent) break
    next++
  }
  walk.facts.suppressions.push({
    ...directive,
    line,
    appliesTo: directive.kind === 'next-line' ? next : line
  })
}

// ------------------------------------------------------------------------------- helpers

/** The first section in document order (Sphinx's TitleCollector takes its title). */
function findFirstSection(nodes: readonly unknown[]): Section | undefined {
  for (const node of nodes as AnyNode[]) {
    if (node.type === 'section') return node as unknown as Section
    if (node.type === 'docinfo' || node.type === 'comment') continue
    if (Array.isArray(node.children)) {
      const found = findFirstSection(node.children)
      if (found) return found
    }
  }
  return undefined
}
