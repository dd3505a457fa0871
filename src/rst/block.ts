/**
 * Block structure, after docutils' `Body` state machine. Bodies are parsed line by line; nested
 * bodies (list items, block quotes, directive content, …) are queued on an explicit task stack
 * instead of recursing, so nesting depth never touches the JS call stack. Inline markup is filled in
 * afterwards (see parse.ts), in document order.
 */
import type {
  Attribution,
  Block,
  BlockQuote,
  Directive,
  EnumeratedList,
  Field,
  FieldList,
  Footnote,
  Citation,
  LineBlock,
  ListItem,
  Paragraph,
  Section,
  Target,
  Title,
  Term,
  DefinitionListItem,
  OptionListItem,
  Inline,
  SubstitutionDefinition,
  Line as LineNode
} from './ast.js'
import type {Position} from 'unist'
import {directiveSpec} from './directives.js'
import {joinLines, normalizeName, type InlineInput} from './inline.js'
import {
  dropChars,
  indentOf,
  isBlank,
  lineEnd,
  stripIndent,
  stripIndentInPlace,
  type Line,
  type Source
} from './source.js'
import {parseGridTable, parseSimpleTable} from './tables.js'

/** A node whose inline children are parsed later from `input`. */
export interface PendingInline {
  node: {children: Inline[]}
  input: InlineInput
  /** Split ` : ` classifiers off a definition-list term into these siblings. */
  classifiers?: DefinitionListItem
  /** Unparsed text past the block budget: one plain text node, no inline markup. */
  plain?: boolean
  /** Source offset where a plain input ends, when its text is not the source's (line ends). */
  end?: number
}

interface Task {
  lines: Line[]
  into: Block[]
  titles: boolean
  /** Appended to `into` once the body is parsed (block-quote attributions). */
  after?: Block[]
}

interface Indented {
  block: Line[]
  end: number
  blankFinish: boolean
}

const BULLETS = '-+*\u2022\u2023\u2043'
const QUOTE_CHARS = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'

function isAdornmentChar(c: number): boolean {
  return (
    (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126)
  )
}

/** Matches docutils' `line` pattern: one punctuation char repeated, optional trailing spaces. */
function adornment(t: string): string | undefined {
  const c = t.charCodeAt(0)
  if (!isAdornmentChar(c)) return undefined
  let i = 1
  while (i < t.length && t.charCodeAt(i) === c) i++
  let j = i
  while (j < t.length && t.charCodeAt(j) === 32) j++
  if (j !== t.length) return undefined
  return t.slice(0, i)
}

/** Display width as docutils `column_width` (East Asian wide chars count 2, combining 0). */
function columnWidth(s: string): number {
  let w = 0
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0
    if (c >= 0x300 && c <= 0x36f) continue
    if (
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      (c >= 0x20000 && c <= 0x3fffd)
    )
      w += 2
    else w += 1
  }
  return w
}

function rtrim(s: string): string {
  let e = s.length
  while (e > 0 && (s.charCodeAt(e - 1) === 32 || s.charCodeAt(e - 1) === 9)) e--
  return s.slice(0, e)
}

function spacesAfter(t: string, i: number): number {
  let j = i
  // docutils expands tabs before matching, so a tab counts as spaces after a marker
  while (j < t.length && (t.charCodeAt(j) === 32 || t.charCodeAt(j) === 9)) j++
  return j
}

function isSp(c: number): boolean {
  return c === 32 || c === 9
}

const utf16 = new TextDecoder('utf-16le')

/**
 * `s` with \r\n and \r line ends turned into \n. Built in chunks of UTF-16 code units: a regular
 * expression replace over millions of line ends made millions of pieces.
 */
function newlinesOnly(s: string): string {
  if (!s.includes('\r')) return s
  const parts: string[] = []
  const buf = new Uint16Array(65536)
  let b = 0
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i)
    if (c === 13) {
      if (s.charCodeAt(i + 1) === 10) i++
      c = 10
    }
    buf[b++] = c
    if (b === buf.length) {
      parts.push(utf16.decode(buf))
      b = 0
    }
  }
  parts.push(utf16.decode(buf.subarray(0, b)))
  return parts.join('')
}

/** Whitespace as a blank line has it (line ends included). */
function isSpaceCode(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11
}

// ------------------------------------------------------------------ enumerators

type Seq = EnumeratedList['enumtype'] | '#'
interface Enumerator {
  format: 'parens' | 'rparen' | 'period'
  seq: Seq
  ordinal: number
  end: number
  text: string
}

const romanValues: [string, number][] = [
  ['m', 1000],
  ['cm', 900],
  ['d', 500],
  ['cd', 400],
  ['c', 100],
  ['xc', 90],
  ['l', 50],
  ['xl', 40],
  ['x', 10],
  ['ix', 9],
  ['v', 5],
  ['iv', 4],
  ['i', 1]
]
function toRoman(n: number): string {
  let out = ''
  for (const [s, v] of romanValues) {
    while (n >= v) {
      out += s
      n -= v
    }
  }
  return out
}
function fromRoman(s: string): number | undefined {
  const lower = s.toLowerCase()
  let n = 0
  let i = 0
  for (const [sym, v] of romanValues) {
    while (lower.startsWith(sym, i)) {
      n += v
      i += sym.length
    }
  }
  if (i !== lower.length || n <= 0 || n >= 5000 || toRoman(n) !== lower) return undefined
  return n
}

function matchSeq(text: string, seq: Seq): boolean {
  switch (seq) {
    case 'arabic':
      return /^[0-9]+$/.test(text)
    case 'loweralpha':
      return /^[a-z]$/.test(text)
    case 'upperalpha':
      return /^[A-Z]$/.test(text)
    case 'lowerroman':
      return /^[ivxlcdm]+$/.test(text)
    case 'upperroman':
      return /^[IVXLCDM]+$/.test(text)
    default:
      return text === '#'
  }
}

function parseEnumerator(t: string, expected?: Seq): Enumerator | undefined {
  let i = 0
  let format: Enumerator['format'] = 'period'
  if (t.charCodeAt(0) === 40) {
    format = 'parens'
    i = 1
  }
  const s = i
  while (i < t.length && i - s < 12) {
    const c = t.charCodeAt(i)
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 35) i++
    else break
  }
  // cheap exit before any allocation: an enumerator is followed by `.` or `)`
  const closeCode = t.charCodeAt(i)
  if (i === s || (closeCode !== 46 && closeCode !== 41)) return undefined
  const text = t.slice(s, i)
  if (!text) return undefined
  const close = t.charAt(i)
  if (format === 'parens') {
    if (close !== ')') return undefined
  } else if (close === ')') format = 'rparen'
  else if (close !== '.') return undefined
  i++
  if (i < t.length && !isSp(t.charCodeAt(i))) return undefined
  const end = spacesAfter(t, i)
  if (!/^(?:[0-9]+|[a-z]|[A-Z]|[ivxlcdm]+|[IVXLCDM]+|#)$/.test(text)) return undefined
  let seq: Seq | undefined
  if (text === '#') seq = '#'
  else if (expected && expected !== '#' && matchSeq(text, expected)) seq = expected
  if (!seq) {
    if (text === 'i') seq = 'lowerroman'
    else if (text === 'I') seq = 'upperroman'
  }
  if (!seq) {
    for (const q of ['arabic', 'loweralpha', 'upperalpha', 'lowerroman', 'upperroman'] as const) {
      if (matchSeq(text, q)) {
        seq = q
        break
      }
    }
  }
  if (!seq) return undefined
  let ordinal = 1
  if (seq === 'arabic') ordinal = Number.parseInt(text, 10)
  else if (seq === 'loweralpha' || seq === 'upperalpha')
    ordinal = text.toLowerCase().charCodeAt(0) - 96
  else if (seq === 'lowerroman' || seq === 'upperroman') {
    const r = fromRoman(text)
    if (r === undefined) return undefined
    ordinal = r
  }
  return {format, seq, ordinal, end, text}
}

function makeEnumerator(ordinal: number, seq: Seq, format: Enumerator['format']): [string, string] {
  let text = ''
  if (seq === '#') text = '#'
  else if (seq === 'arabic') text = String(ordinal)
  else if (seq === 'loweralpha' || seq === 'upperalpha') {
    if (ordinal > 26) return ['\u0000', '\u0000']
    text = String.fromCharCode(96 + ordinal)
    if (seq === 'upperalpha') text = text.toUpperCase()
  } else {
    text = toRoman(ordinal)
    if (seq === 'upperroman') text = text.toUpperCase()
  }
  const wrap = (x: string) =>
    format === 'parens' ? `(${x}) ` : format === 'rparen' ? `${x}) ` : `${x}. `
  return [wrap(text), wrap('#')]
}

// ------------------------------------------------------------------ markers

/** End of a field marker `:name:` (index after trailing spaces) and name end, or undefined. */
function fieldMarker(t: string): [number, number] | undefined {
  if (t.charCodeAt(0) !== 58) return undefined
  const c1 = t.charCodeAt(1)
  if (t.length < 2 || c1 === 58 || c1 === 32) return undefined
  let i = 1
  while (i < t.length) {
    const c = t.charCodeAt(i)
    if (c === 92) {
      i += 2
      continue
    }
    if (c === 58) {
      const nx = t.charCodeAt(i + 1)
      if (i + 1 >= t.length || isSp(nx) || nx === 96) {
        if (nx === 96) return undefined
        if (t.charCodeAt(i - 1) === 32) return undefined
        return [spacesAfter(t, i + 1), i]
      }
    }
    i++
  }
  return undefined
}

const optArg = /^(?:<[^<>]+>|[a-zA-Z][a-zA-Z0-9_-]*)/

/** End of an option-list marker group (after the gap), or undefined. */
function optionMarker(t: string): [number, number] | undefined {
  let i = 0
  for (;;) {
    const c = t.charAt(i)
    let j = i
    if (t.startsWith('--', i)) {
      j = i + 2
      const m = /^[a-zA-Z0-9][a-zA-Z0-9_-]*/.exec(t.slice(j, j + 200))
      if (!m) return undefined
      j += m[0].length
    } else if (c === '-' || c === '+') {
      if (!/[a-zA-Z0-9]/.test(t.charAt(i + 1))) return undefined
      j = i + 2
    } else if (c === '/') {
      const m = /^[a-zA-Z0-9][a-zA-Z0-9_-]*/.exec(t.slice(i + 1, i + 200))
      if (!m) return undefined
      j = i + 1 + m[0].length
    } else return undefined
    // option argument
    const sep = t.charAt(j)
    if (sep === '=' || (sep === ' ' && t.charAt(j + 1) !== ' ')) {
      const m = optArg.exec(t.slice(j + 1, j + 300))
      if (m) j += 1 + m[0].length
    } else if (c !== '-' || t.startsWith('--', i)) {
      // long options may also take `<arg>` directly? no
    } else {
      const m = /^<[^<>]+>/.exec(t.slice(j, j + 300))
      if (m) j += m[0].length
    }
    if (t.startsWith(', ', j)) {
      i = j + 2
      continue
    }
    if (j >= t.length) return [j, j]
    if (t.startsWith('  ', j)) return [j, spacesAfter(t, j)]
    if (t.charAt(j) === ' ' && spacesAfter(t, j) === t.length) return [j, t.length]
    return undefined
  }
}

function isBulletLine(t: string): boolean {
  return BULLETS.includes(t.charAt(0)) && (t.length === 1 || isSp(t.charCodeAt(1)))
}

function isGridTop(t: string): boolean {
  return /^\+-[-+]+-\+ *$/.test(t)
}
function isSimpleTop(t: string): boolean {
  return /^=+( +=+)+ *$/.test(t)
}
function isExplicit(t: string): boolean {
  return t.startsWith('..') && (t.length === 2 || isSp(t.charCodeAt(2)))
}

/**
 * Lines `indented` may read per allowed block element. Each nesting level reads its lines again,
 * so a deep structure with many (blank) lines inside costs depth × lines; this bounds that work.
 * With the default 50,000 elements: 500,000 lines. The most in any of 1,988 real documents
 * (Open vSwitch, DPDK, Ansible, the PEPs) is 3,409 (DPDK's testpmd_funcs.rst); the 10,000-deep
 * hostile quotes would read 50 million.
 */
const REREADS_PER_ELEMENT = 10

/** Parses bodies into block nodes; collects nodes whose inline content is parsed later. */
export class BlockParser {
  readonly pending: PendingInline[] = []
  /** True once a `default-role` directive was seen (inline parsing must then follow document order). */
  defaultRoleSeen = false
  private readonly tasks: Task[] = []
  private readonly styles: string[] = []
  private readonly tw: number
  private readonly literalExtra: ReadonlySet<string>
  private readonly rstExtra: ReadonlySet<string>
  /** Block elements the document may still make (`ParseOptions.maxBlockElements`). */
  private blockBudget: number
  /** Nested lines the document may still re-read (`REREADS_PER_ELEMENT` per block element). */
  private rereadBudget: number
  /** True once a budget ran out: every body not parsed yet becomes plain text. */
  private stopped = false

  constructor(
    private readonly src: Source,
    literalExtra: readonly string[],
    rstExtra: readonly string[],
    private readonly maxBlocks = Number.POSITIVE_INFINITY
  ) {
    this.tw = src.tabWidth
    this.literalExtra = new Set(literalExtra.map((s) => s.toLowerCase()))
    this.rstExtra = new Set(rstExtra.map((s) => s.toLowerCase()))
    this.blockBudget = maxBlocks
    this.rereadBudget = maxBlocks * REREADS_PER_ELEMENT
  }

  /**
   * Count `n` lines re-read by `indented` (a body nested N deep reads its lines N times, and blank
   * lines cost nothing else to write) against the budget; past it, stop as `count` does.
   */
  private reread(n: number, at: number): void {
    if (this.stopped) return
    this.rereadBudget -= n
    if (this.rereadBudget >= 0) return
    this.stopped = true
    const line = this.src.point(at).line
    this.src.limitProblem(
      `Too much block nesting: more than ${this.maxBlocks * REREADS_PER_ELEMENT} nested lines read in this document; block parsing stopped at line ${line} and the unparsed rest is plain text.`,
      at
    )
  }

  /**
   * Count `n` block elements (a construct, a nested body, a run of inline text, kept directive
   * content lines) starting at offset `at`. False once the budget is spent; the first time, the
   * one "too much block markup" problem is recorded there.
   */
  private count(at: number, n = 1): boolean {
    if (this.stopped) return false
    if (this.blockBudget >= n) {
      this.blockBudget -= n
      return true
    }
    this.stopped = true
    const line = this.src.point(at).line
    this.src.limitProblem(
      `Too much block markup: more than ${this.maxBlocks} block elements in this document; block parsing stopped at line ${line} and the unparsed rest is plain text.`,
      at
    )
    return false
  }

  /**
   * The document has more than `max` lines: lines from index `from` on were not parsed; they
   * become one paragraph of plain text at the end of the document, with one problem.
   */
  plainTail(from: number, max: number, into: Block[]): void {
    const text = this.src.text
    let start = this.src.lineStarts[from] ?? text.length
    let end = text.length
    while (end > start && isSpaceCode(text.charCodeAt(end - 1))) end--
    // leading blank lines are not part of the paragraph
    for (let k = start; k < end && isSpaceCode(text.charCodeAt(k)); k++) {
      const c = text.charCodeAt(k)
      if (c === 10 || c === 13) start = k + 1
    }
    // one block-limit problem per document: a budget that already ran out has said so
    if (!this.stopped)
      this.src.limitProblem(
        `Too much block markup: more than ${max} lines in this document; block parsing stopped at line ${from + 1} and the rest is plain text.`,
        start
      )
    this.stopped = true
    if (end <= start) return
    const para: Paragraph = {type: 'paragraph', children: [], position: this.src.pos(start, end)}
    into.push(para)
    // line ends as in any joined text: \n only
    const raw = text.slice(start, end)
    this.pending.push({
      node: para,
      input: {
        text: newlinesOnly(raw),
        starts: [0],
        offsets: [start]
      },
      plain: true,
      end
    })
  }

  /** Lines [i, n) past the block budget: one paragraph of plain text (nothing when all blank). */
  private plainRest(lines: Line[], i: number, into: Block[]): number {
    let first = i
    while (first < lines.length && isBlank(lines[first]!)) first++
    let last = lines.length - 1
    while (last >= first && isBlank(lines[last]!)) last--
    if (last < first) return -1
    const end = lineEnd(lines[last]!)
    const para: Paragraph = {
      type: 'paragraph',
      children: [],
      position: this.src.pos(lines[first]!.o, end)
    }
    into.push(para)
    this.pending.push({
      node: para,
      input: joinLines(lines, first, last + 1, this.src.text),
      plain: true
    })
    return end
  }

  /** Parse the whole document body into `into`. */
  run(lines: Line[], into: Block[]): void {
    this.tasks.push({lines, into, titles: true})
    let task = this.tasks.pop()
    while (task) {
      this.body(task)
      if (task.after) task.into.push(...task.after)
      task = this.tasks.pop()
    }
  }

  private ind(l: Line | undefined): number {
    return l ? indentOf(l, this.tw) : -1
  }

  private inline(node: {children: Inline[]}, lines: Line[], from = 0, to = lines.length): void {
    const input = joinLines(lines, from, to, this.src.text)
    if (this.count(input.offsets[0] ?? 0)) this.pending.push({node, input})
    else this.pending.push({node, input, plain: true})
  }

  private nested(lines: Line[], into: Block[]): void {
    if (lines.length === 0) return
    // past the budget the task still runs, as plain text (see body)
    this.count(lines[0]!.o)
    this.tasks.push({lines, into, titles: false})
  }

  /** docutils `get_indented` family. */
  private indented(
    lines: Line[],
    start: number,
    firstIndent: number | undefined,
    blockIndent: number | undefined,
    untilBlank = false,
    strip = true
  ): Indented & {indent: number} {
    let end = start
    if (firstIndent !== undefined) end++
    let indent = -1
    let blankFinish = true
    while (end < lines.length) {
      const l = lines[end]
      if (!l) break
      const ind = indentOf(l, this.tw)
      if (ind === -1) {
        if (untilBlank) {
          blankFinish = true
          break
        }
        end++
        continue
      }
      if (ind === 0 || (blockIndent !== undefined && ind < blockIndent)) {
        blankFinish = end > start && isBlank(lines[end - 1] ?? {t: 'x', o: 0, v: 0, i: 0})
        break
      }
      if (blockIndent === undefined) indent = indent < 0 ? ind : Math.min(indent, ind)
      end++
    }
    if (blockIndent !== undefined) indent = blockIndent
    this.reread(end - start, lines[start]?.o ?? 0)
    // trailing blank lines are dropped below anyway: don't build stripped copies of them (only the
    // first line can turn blank when stripped, by losing its marker, so it is always built)
    let last = end - 1
    while (last > start && (lines[last] === undefined || isBlank(lines[last]!))) last--
    // The lines in [start, end) belong to this block from now on: the caller goes on at `end` and
    // only ever asks whether they are blank and where they end, which stripping keeps. So they
    // are stripped in place rather than copied (nesting N deep strips a line N times).
    const from = firstIndent !== undefined ? start + 1 : start
    if (strip && indent > 0)
      for (let k = from; k <= last; k++) stripIndentInPlace(lines[k]!, indent, this.tw)
    const block = start <= last ? lines.slice(start, last + 1) : []
    if (firstIndent !== undefined && block.length > 0)
      block[0] = dropChars(block[0]!, firstIndent, this.tw)
    while (block.length > 0 && isBlank(block[block.length - 1] ?? block[0]!)) block.pop()
    return {block, end, blankFinish, indent: Math.max(indent, 0)}
  }

  private pos(first: Line, last: Line) {
    return this.src.pos(first.o, lineEnd(last))
  }

  /** A list's position: from its first item's start to its last item's end. */
  private spanChildren(list: {children: {position: Position}[]; position: Position}): void {
    const first = list.children[0]
    const last = list.children[list.children.length - 1]
    list.position = this.src.pos(first?.position.start.offset ?? 0, last?.position.end.offset ?? 0)
  }

  private lastNonBlank(block: Line[], fallback: Line): Line {
    for (let k = block.length - 1; k >= 0; k--) {
      const l = block[k]
      if (l && !isBlank(l)) return l
    }
    return fallback
  }

  // ---------------------------------------------------------------- body

  private body(task: Task): void {
    const lines = task.lines
    if (this.stopped) {
      // past the block budget: the body is text, not parsed
      this.plainRest(lines, 0, task.into)
      return
    }
    const n = lines.length
    // section stack: the top-level body nests sections; nested bodies never open one
    const stack: {depth: number; into: Block[]; node?: Section}[] = [{depth: 0, into: task.into}]
    // open sections end where the last block parsed inside them ends. Only the end of the last
    // block matters, so it is applied when sections close or the body ends (one shared point).
    // Nested bodies (one per list item, quote, directive) never open sections, so no closures here.
    let lastEnd = -1
    let i = 0
    while (i < n) {
      const l = lines[i]!
      const ind = this.ind(l)
      if (ind < 0) {
        i++
        continue
      }
      const before = i
      const into = stack[stack.length - 1]!.into
      if (!this.count(l.o)) {
        const end = this.plainRest(lines, i, into)
        if (stack.length > 1 && end >= 0) lastEnd = end
        break
      }
      if (ind > 0) {
        i = this.blockQuote(lines, i, into)
      } else {
        const r = this.construct(lines, i, into, task.titles)
        if (typeof r === 'number') {
          i = r
        } else {
          // a section title: [title node, next index, style]
          const [title, next, style, start] = r
          let level = this.styles.indexOf(style) + 1
          const myLevel = stack.length - 1
          if (level === 0) {
            if (this.styles.length === myLevel) {
              this.styles.push(style)
              level = this.styles.length
            }
          }
          if (level === 0 || level > myLevel + 1) {
            this.src.problem(4, 'Title level inconsistent:', start, lineEnd(lines[next - 1] ?? l))
            i = next
            continue
          }
          this.extendSections(stack, lastEnd)
          lastEnd = -1
          while (stack.length - 1 >= level) stack.pop()
          const underline = style.slice(-1)
          const section: Section = {
            type: 'section',
            depth: level,
            adornment: style.length === 2 ? {underline, overline: style.charAt(0)} : {underline},
            children: [title],
            position: this.src.pos(start, lineEnd(lines[next - 1] ?? l))
          }
          stack[stack.length - 1]!.into.push(section)
          stack.push({depth: level, into: section.children as Block[], node: section})
          i = next
        }
      }
      if (i <= before) i = before + 1
      // extend open sections to cover what was just parsed
      if (stack.length > 1) {
        let k = i - 1
        while (k > before && isBlank(lines[k]!)) k--
        lastEnd = lineEnd(lines[k]!)
      }
    }
    this.extendSections(stack, lastEnd)
  }

  /** Give every open section the end offset `lastEnd` (no-op when negative). */
  private extendSections(stack: {node?: Section}[], lastEnd: number): void {
    if (lastEnd < 0) return
    const end = this.src.point(lastEnd)
    for (let k = 1; k < stack.length; k++) {
      const s = stack[k]!.node
      if (s) s.position = {start: s.position.start, end}
    }
  }

  private blockQuote(lines: Line[], i: number, into: Block[]): number {
    const {block, end} = this.indented(lines, i, undefined, undefined)
    let quote = block
    let attribution: Line[] | undefined
    // attribution: a final paragraph starting with `--`, `---` or an em dash, after a blank line
    for (let k = block.length - 1; k > 0; k--) {
      const l = block[k]!
      if (isBlank(l)) {
        const a = block[k + 1]
        if (a && this.ind(a) === 0) {
          const m = /^(---?(?!-)|\u2014) *(?=[^ \n])/.exec(a.t)
          if (m) {
            const rest = block.slice(k + 2)
            const aind = rest.length > 0 ? this.ind(rest[0]) : 0
            if (rest.every((r) => !isBlank(r) && this.ind(r) === aind)) {
              quote = block.slice(0, k)
              attribution = [
                dropChars(a, m[0].length, this.tw),
                ...rest.map((r) => stripIndent(r, aind, this.tw))
              ]
            }
          }
        }
        break
      }
    }
    const first = block[0] ?? lines[i]!
    const bq: BlockQuote = {
      type: 'blockQuote',
      children: [],
      position: this.pos(first, this.lastNonBlank(block, first))
    }
    into.push(bq)
    if (attribution && attribution[0]) {
      const at: Attribution = {
        type: 'attribution',
        children: [],
        position: this.pos(attribution[0], attribution[attribution.length - 1]!)
      }
      this.inline(at, attribution)
      this.tasks.push({lines: quote, into: bq.children, titles: false, after: [at]})
    } else {
      this.nested(quote, bq.children)
    }
    return end
  }

  /** Try each Body construct at line i (indent 0). Returns next index, or a section title. */
  private construct(
    lines: Line[],
    i: number,
    into: Block[],
    titles: boolean
  ): number | [Title, number, string, number] {
    const l = lines[i]!
    const t = l.t
    const c = t.charCodeAt(0)
    if (isBulletLine(t)) return this.bulletList(lines, i, into)
    if (
      (c >= 48 && c <= 57) ||
      (c >= 65 && c <= 90) ||
      (c >= 97 && c <= 122) ||
      c === 40 ||
      c === 35
    ) {
      const r = this.enumList(lines, i, into)
      if (r >= 0) return r
    }
    if (c === 58 && fieldMarker(t)) return this.fieldList(lines, i, into)
    if ((c === 45 || c === 43 || c === 47) && optionMarker(t) && this.hasOptionBody(lines, i))
      return this.optionList(lines, i, into)
    if (c === 62 && /^>>>( |$)/.test(t)) return this.doctest(lines, i, into)
    if (c === 124 && (t.length === 1 || isSp(t.charCodeAt(1))))
      return this.lineBlock(lines, i, into)
    if (c === 43 && isGridTop(t)) return this.gridTable(lines, i, into)
    if (c === 61 && isSimpleTop(t)) return this.simpleTable(lines, i, into)
    if (c === 46 && isExplicit(t)) return this.explicitList(lines, i, into)
    if (c === 95 && /^__( |$)/.test(t)) return this.explicitList(lines, i, into)
    const adorn = adornment(t)
    if (adorn !== undefined && t.trim() !== '::') {
      const r = this.line(lines, i, into, titles, adorn)
      if (r !== undefined) return r
    }
    return this.text(lines, i, into, titles)
  }

  // ---------------------------------------------------------------- lists

  private listItem(lines: Line[], i: number, indent: number): Indented & {item: ListItem} {
    const l = lines[i]!
    const after = l.t.length > indent ? dropChars(l, indent, this.tw) : undefined
    // known indentation is in (tab-expanded) columns, the marker in characters
    const r =
      after && !isBlank(after)
        ? this.indented(lines, i, indent, after.v - l.v)
        : this.indented(lines, i, indent, undefined)
    // strip_top: leading blank lines of the item body are dropped
    let b = 0
    while (b < r.block.length && isBlank(r.block[b]!)) b++
    const block = b === 0 ? r.block : r.block.slice(b)
    const item: ListItem = {
      type: 'listItem',
      children: [],
      position: this.pos(l, this.lastNonBlank(block, l))
    }
    this.nested(block, item.children)
    return {block, end: r.end, blankFinish: r.blankFinish, item}
  }

  private endWarning(what: string, lines: Line[], next: number, blankFinish: boolean): void {
    const l = lines[next]
    // a list cut short by the block budget did not end: no warning
    if (!blankFinish && l && !isBlank(l) && !this.stopped) {
      this.src.problem(2, `${what} ends without a blank line; unexpected unindent.`, l.o, l.o)
    }
  }

  private skipBlank(lines: Line[], i: number): number {
    while (i < lines.length && isBlank(lines[i]!)) i++
    return i
  }

  private bulletList(lines: Line[], i: number, into: Block[]): number {
    const bullet = lines[i]!.t.charAt(0)
    const list = {
      type: 'bulletList' as const,
      bullet,
      children: [] as ListItem[],
      position: this.src.pos(0, 0)
    }
    into.push(list)
    for (;;) {
      const l = lines[i]!
      const r = this.listItem(lines, i, spacesAfter(l.t, 1))
      list.children.push(r.item)
      const k = this.skipBlank(lines, r.end)
      const nx = lines[k]
      if (
        nx &&
        this.ind(nx) === 0 &&
        nx.t.charAt(0) === bullet &&
        isBulletLine(nx.t) &&
        (r.blankFinish || k === r.end) &&
        !this.stopped
      ) {
        i = k
        continue
      }
      this.endWarning('Bullet list', lines, r.end, r.blankFinish)
      this.spanChildren(list)
      return r.end
    }
  }

  private enumList(lines: Line[], i: number, into: Block[]): number {
    const first = parseEnumerator(lines[i]!.t)
    if (!first || !this.isEnumItem(lines, i, first)) return -1
    const seq: Seq = first.seq === '#' ? 'arabic' : first.seq
    const list: EnumeratedList = {
      type: 'enumeratedList',
      enumtype: seq,
      start: first.ordinal,
      prefix: first.format === 'parens' ? '(' : '',
      suffix: first.format === 'period' ? '.' : ')',
      children: [],
      position: this.src.pos(0, 0)
    }
    if (first.ordinal !== 1 && first.seq !== '#') {
      this.src.problem(
        1,
        `Enumerated list start value not ordinal-1: "${first.text}" (ordinal ${first.ordinal})`,
        lines[i]!.o
      )
    }
    into.push(list)
    let cur = first
    const auto = first.seq === '#'
    for (;;) {
      const r = this.listItem(lines, i, cur.end)
      list.children.push(r.item)
      const k = this.skipBlank(lines, r.end)
      const nx = lines[k]
      const e = nx && this.ind(nx) === 0 ? parseEnumerator(nx.t, list.enumtype) : undefined
      const ok =
        e !== undefined &&
        (r.blankFinish || k === r.end) &&
        e.format === cur.format &&
        (e.seq === '#' || (e.seq === list.enumtype && !auto && e.ordinal === cur.ordinal + 1)) &&
        this.isEnumItem(lines, k, e) &&
        !this.stopped
      if (ok && e) {
        cur = {...e, ordinal: e.seq === '#' ? cur.ordinal + 1 : e.ordinal}
        i = k
        continue
      }
      this.endWarning('Enumerated list', lines, r.end, r.blankFinish)
      this.spanChildren(list)
      return r.end
    }
  }

  private isEnumItem(lines: Line[], i: number, e: Enumerator): boolean {
    const nx = lines[i + 1]
    if (!nx || isBlank(nx) || this.ind(nx) > 0) return true
    const [a, b] = makeEnumerator(e.ordinal + 1, e.seq, e.format)
    return nx.t.startsWith(a) || nx.t.startsWith(b)
  }

  private fieldList(lines: Line[], i: number, into: Block[]): number {
    const list: FieldList = {type: 'fieldList', children: [], position: this.src.pos(0, 0)}
    into.push(list)
    return this.markerList(
      lines,
      i,
      list,
      'Field list',
      (t) => fieldMarker(t)?.[0],
      (l, block) => {
        const [end, nameEnd] = fieldMarker(l.t)!
        const last = this.lastNonBlank(block, l)
        const nameLine: Line = {t: l.t.slice(1, nameEnd), o: l.o + 1, v: l.v + 1, i: -2}
        const field: Field = {
          type: 'field',
          name: nameLine.t,
          children: [
            {
              type: 'fieldName',
              children: [],
              position: this.src.pos(nameLine.o, nameLine.o + nameLine.t.length)
            },
            {
              type: 'fieldBody',
              children: [],
              position:
                block.length > 0 ? this.pos(block[0]!, last) : this.src.pos(l.o + end, l.o + end)
            }
          ],
          position: this.pos(l, last)
        }
        this.inline(field.children[0], [nameLine])
        this.nested(block, field.children[1].children)
        return field
      }
    )
  }

  /**
   * Whether the option marker on line i has a description: text after the marker, or indented
   * lines below it (after blank lines). Without one docutils' `option_list_item` corrects the
   * transition to `text`, so `-X Options` over a `----------` underline is a section title.
   */
  private hasOptionBody(lines: Line[], i: number): boolean {
    const l = lines[i]!
    const marker = optionMarker(l.t)
    if (!marker) return false
    if (l.t.slice(marker[1]).trim() !== '') return true
    for (let k = i + 1; k < lines.length; k++) {
      const ind = indentOf(lines[k]!, this.tw)
      if (ind === -1) continue
      return ind > 0
    }
    return false
  }

  private optionList(lines: Line[], i: number, into: Block[]): number {
    const list = {
      type: 'optionList' as const,
      children: [] as OptionListItem[],
      position: this.src.pos(0, 0)
    }
    into.push(list)
    return this.markerList(
      lines,
      i,
      list,
      'Option list',
      (t) => optionMarker(t)?.[1],
      (l, block) => {
        const item: OptionListItem = {
          type: 'optionListItem',
          options: l.t.slice(0, optionMarker(l.t)![0]),
          children: [],
          position: this.pos(l, this.lastNonBlank(block, l))
        }
        this.nested(block, item.children)
        return item
      },
      // an item without a description ends the list; the line is read again as text
      (k) => this.hasOptionBody(lines, k)
    )
  }

  /**
   * The loop field and option lists share: an item is a marker line plus its indented body (leading
   * blank lines dropped); the list goes on while the next non-blank line at this indentation has
   * the same kind of marker. `bodyStart` gives where the body starts on a marker line, or
   * undefined when the line has no marker.
   */
  private markerList<T extends {position: FieldList['position']}>(
    lines: Line[],
    i: number,
    list: {children: T[]; position: FieldList['position']},
    label: string,
    bodyStart: (text: string) => number | undefined,
    makeItem: (line: Line, block: Line[]) => T,
    continues: (k: number) => boolean = () => true
  ): number {
    for (;;) {
      const l = lines[i]!
      const r = this.indented(lines, i, bodyStart(l.t)!, undefined)
      let b = 0
      while (b < r.block.length && isBlank(r.block[b]!)) b++
      const item = makeItem(l, r.block.slice(b))
      list.children.push(item)
      const k = this.skipBlank(lines, r.end)
      const nx = lines[k]
      if (
        nx &&
        this.ind(nx) === 0 &&
        bodyStart(nx.t) !== undefined &&
        (r.blankFinish || k === r.end) &&
        !this.stopped &&
        continues(k)
      ) {
        i = k
        continue
      }
      this.endWarning(label, lines, r.end, r.blankFinish)
      this.spanChildren(list)
      return r.end
    }
  }

  private textBlock(lines: Line[], i: number): number {
    let k = i
    while (k < lines.length && !isBlank(lines[k]!)) k++
    return k
  }

  private doctest(lines: Line[], i: number, into: Block[]): number {
    const end = this.textBlock(lines, i)
    const block = lines.slice(i, end)
    into.push({
      type: 'doctestBlock',
      value: block.map((x) => x.t).join('\n'),
      position: this.pos(block[0]!, block[block.length - 1]!)
    })
    return end
  }

  private lineBlock(lines: Line[], i: number, into: Block[]): number {
    const root: LineBlock = {type: 'lineBlock', children: [], position: this.src.pos(0, 0)}
    into.push(root)
    // each `|` line (with indented continuation lines) is one line; indentation nests blocks
    const stack: {indent: number; node: LineBlock}[] = [{indent: 0, node: root}]
    let k = i
    let last = lines[i]!
    while (k < lines.length && !this.stopped) {
      const l = lines[k]!
      if (isBlank(l) || this.ind(l) !== 0 || !(l.t === '|' || l.t.startsWith('| '))) break
      const textStart = spacesAfter(l.t, 1)
      const textIndent = textStart - 2
      let e = k + 1
      while (e < lines.length && !isBlank(lines[e]!) && this.ind(lines[e]) > 0) e++
      const parts: Line[] = [dropChars(l, textStart, this.tw)]
      for (let m = k + 1; m < e; m++)
        parts.push(stripIndent(lines[m]!, this.ind(lines[m]), this.tw))
      last = lines[e - 1]!
      const node: LineNode = {type: 'line', children: [], position: this.pos(l, last)}
      if (parts[0]!.t.length > 0) {
        node.position = this.pos(parts[0]!, last)
        this.inline(node, parts)
      }
      if (textIndent > 0 && parts[0]!.t.length > 0) {
        while (stack.length > 1 && stack[stack.length - 1]!.indent > textIndent) stack.pop()
        if (stack[stack.length - 1]!.indent < textIndent) {
          const child: LineBlock = {
            type: 'lineBlock',
            children: [],
            position: {start: node.position.start, end: node.position.end}
          }
          stack[stack.length - 1]!.node.children.push(child)
          stack.push({indent: textIndent, node: child})
        }
      } else if (parts[0]!.t.length > 0) {
        stack.length = 1
      }
      const target = stack[stack.length - 1]!.node
      target.children.push(node)
      for (const s of stack)
        s.node.position = {start: s.node.position.start, end: node.position.end}
      k = e
    }
    root.position = this.pos(lines[i]!, last)
    const nx = lines[k]
    if (nx && !isBlank(nx) && !this.stopped)
      this.src.problem(2, 'Line block ends without a blank line.', nx.o)
    return k
  }

  // ---------------------------------------------------------------- tables

  private gridTable(lines: Line[], i: number, into: Block[]): number {
    const end = this.textBlock(lines, i)
    const block = lines.slice(i, end)
    const table = parseGridTable(block, this.src, this.tw, (cellLines, cell) => {
      this.nested(cellLines, cell)
      return !this.stopped
    })
    if (table) into.push(table)
    else this.malformed(block, into)
    return end
  }

  private simpleTable(lines: Line[], i: number, into: Block[]): number {
    const r = parseSimpleTable(lines, i, this.src, this.tw, (cellLines, cell) => {
      this.nested(cellLines, cell)
      return !this.stopped
    })
    if (r.table) into.push(r.table)
    else this.malformed(lines.slice(i, r.end), into)
    return r.end
  }

  private malformed(block: Line[], into: Block[]): void {
    void block
    void into
  }

  // ---------------------------------------------------------------- explicit markup

  private explicitList(lines: Line[], i: number, into: Block[]): number {
    for (;;) {
      const r = this.explicit(lines, i, into)
      const k = this.skipBlank(lines, r.end)
      const nx = lines[k]
      if (
        nx &&
        this.ind(nx) === 0 &&
        (isExplicit(nx.t) || /^__( |$)/.test(nx.t)) &&
        (r.blankFinish || k === r.end) &&
        !this.stopped
      ) {
        // every construct of the list is an element (the body counted the first); past the
        // budget the rest is plain text
        if (!this.count(nx.o)) return k
        i = k
        continue
      }
      if (!r.blankFinish && nx && k === r.end && !isBlank(nx) && !this.stopped) {
        this.src.problem(2, 'Explicit markup ends without a blank line; unexpected unindent.', nx.o)
      }
      return r.end
    }
  }

  private explicit(lines: Line[], i: number, into: Block[]): {end: number; blankFinish: boolean} {
    const l = lines[i]!
    const t = l.t
    if (t.startsWith('__')) {
      // anonymous target `__ uri`
      const r = this.indented(lines, i, spacesAfter(t, 2), undefined, true, false)
      const text = r.block.map((x) => x.t.trim()).join('')
      const target: Target = {
        type: 'target',
        anonymous: true,
        position: this.pos(l, this.lastNonBlank(r.block, l))
      }
      this.targetRef(target, text)
      into.push(target)
      return r
    }
    const ms = spacesAfter(t, 2)
    const rest = t.slice(ms)
    if (ms > 2 || t.length === 2) {
      // footnote / citation
      if (rest.charCodeAt(0) === 91) {
        const close = rest.indexOf(']')
        if (close > 1) {
          const label = rest.slice(1, close)
          const after = ms + close + 1
          if (after >= t.length || t.charCodeAt(after) === 32) {
            const isFoot =
              /^(?:[0-9]+|#|\*)$/.test(label) ||
              (label.startsWith('#') && isSimplename(label.slice(1)))
            if (isFoot || isSimplename(label)) {
              const r = this.indented(lines, i, spacesAfter(t, after), undefined)
              let b = 0
              while (b < r.block.length && isBlank(r.block[b]!)) b++
              const block = r.block.slice(b)
              const node: Footnote | Citation = {
                type: isFoot ? 'footnote' : 'citation',
                label,
                children: [],
                position: this.pos(l, this.lastNonBlank(block, l))
              }
              this.nested(block, node.children)
              into.push(node)
              return r
            }
          }
        }
      }
      // hyperlink target
      if (rest.charCodeAt(0) === 95 && rest.length > 1 && rest.charCodeAt(1) !== 32) {
        const r = this.hyperlinkTarget(lines, i, ms + 1)
        if (r) {
          into.push(r.node)
          return r
        }
      }
      // substitution definition
      if (rest.charCodeAt(0) === 124 && rest.length > 1 && rest.charCodeAt(1) !== 32) {
        const r = this.substitution(lines, i, ms)
        if (r) {
          into.push(r.node)
          return r
        }
      }
      // directive
      const dm = /^((?:(?!_)\w)+(?:[-._+:](?:(?!_)\w)+)*) ?::([ \t]+|$)/u.exec(
        rest.length > 400 ? rest.slice(0, 400) : rest
      )
      if (dm) {
        const r = this.directive(lines, i, ms, dm[1] ?? '', ms + dm[0].length, l.o)
        if (!r.failed) into.push(r.node)
        return r
      }
    }
    // comment
    const next = lines[i + 1]
    if ((!next || isBlank(next)) && t.slice(2).trim() === '') {
      into.push({type: 'comment', value: '', position: this.pos(l, l)})
      return {end: i + 1, blankFinish: true}
    }
    const r = this.indented(lines, i, Math.min(t.length, ms), undefined)
    let b = 0
    while (b < r.block.length && isBlank(r.block[b]!)) b++
    const block = r.block.slice(b)
    into.push({
      type: 'comment',
      value: block.map((x) => x.t).join('\n'),
      position: this.pos(l, this.lastNonBlank(block, l))
    })
    return r
  }

  private targetRef(target: Target, text: string): void {
    if (!text) return
    if (text.endsWith('_') && !text.endsWith('\\_') && !/\s/.test(text)) {
      let name = text.slice(0, -1)
      if (name.startsWith('`') && name.endsWith('`') && name.length > 1) name = name.slice(1, -1)
      target.refname = normalizeName(unescape(name))
    } else {
      target.refuri = unescape(text.split(/\s+/).join(''))
    }
  }

  private hyperlinkTarget(
    lines: Line[],
    i: number,
    nameStart: number
  ): {node: Target; end: number; blankFinish: boolean} | undefined {
    const l = lines[i]!
    const r = this.indented(lines, i, nameStart, undefined, true, false)
    // The name may wrap over several lines; find its terminating unescaped `:`. docutils joins
    // one more line at a time and searches again; the first end found in the text of lines
    // [0, k] is the first end in the text of all lines, as long as it lies within lines [0, k]
    // (the joining space stands in for the end of the text), so one search over all lines gives
    // the same k without going quadratic on a long name.
    const joined = r.block.map((x) => x.t.trim())
    const quoted = (joined[0] ?? '').startsWith('`')
    const nameEnd = findTargetNameEnd(joined.join(' '), quoted)
    if (nameEnd < 0) return undefined
    let k = 0
    let length = (joined[0] ?? '').length
    while (nameEnd >= length && k + 1 < joined.length) length += 1 + joined[++k]!.length
    const text = joined.slice(0, k + 1).join(' ')
    let rawName = quoted ? text.slice(1, nameEnd - 1) : text.slice(0, nameEnd)
    const rest = text.slice(nameEnd + 1).trim() + joined.slice(k + 1).join('')
    const node: Target = {type: 'target', position: this.pos(l, this.lastNonBlank(r.block, l))}
    if (rawName === '_' && !quoted) {
      node.anonymous = true
    } else {
      rawName = unescape(rawName)
      node.rawName = rawName
      node.name = normalizeName(rawName)
    }
    this.targetRef(node, rest.trim())
    return {node, end: r.end, blankFinish: r.blankFinish}
  }

  private substitution(
    lines: Line[],
    i: number,
    ms: number
  ): {node: SubstitutionDefinition; end: number; blankFinish: boolean} | undefined {
    const l = lines[i]!
    const t = l.t
    // name ends at an unescaped `|` (not after a space) followed by space or end
    let k = ms + 1
    let close = -1
    while (k < t.length) {
      const c = t.charCodeAt(k)
      if (c === 92) {
        k += 2
        continue
      }
      if (
        c === 124 &&
        t.charCodeAt(k - 1) !== 32 &&
        (k + 1 >= t.length || t.charCodeAt(k + 1) === 32)
      ) {
        close = k
        break
      }
      k++
    }
    if (close < 0) return undefined
    const name = unescape(t.slice(ms + 1, close))
    const after = spacesAfter(t, close + 1)
    const rest = t.slice(after)
    const dm = /^((?:(?!_)\w)+(?:[-._+:](?:(?!_)\w)+)*) ?::([ \t]+|$)/u.exec(
      rest.length > 400 ? rest.slice(0, 400) : rest
    )
    if (!dm) {
      const r = this.indented(lines, i, after, undefined)
      this.src.problem(
        3,
        'Substitution definition empty or invalid.',
        l.o,
        lineEnd(this.lastNonBlank(r.block, l))
      )
      const node: SubstitutionDefinition = {
        type: 'substitutionDefinition',
        name,
        children: [],
        position: this.pos(l, this.lastNonBlank(r.block, l))
      }
      return {node, end: r.end, blankFinish: r.blankFinish}
    }
    const r = this.directive(lines, i, after, dm[1] ?? '', after + dm[0].length, l.o)
    const node: SubstitutionDefinition = {
      type: 'substitutionDefinition',
      name,
      children: r.failed ? [] : [r.node],
      position: r.node.position
    }
    return {node, end: r.end, blankFinish: r.blankFinish}
  }

  private directive(
    lines: Line[],
    i: number,
    nameStart: number,
    rawName: string,
    argStart: number,
    markerOffset: number
  ): {node: Directive; end: number; blankFinish: boolean; failed?: boolean} {
    const l = lines[i]!
    const name = rawName.toLowerCase()
    if (name === 'default-role') this.defaultRoleSeen = true
    const spec = directiveSpec(name, this.literalExtra, this.rstExtra)
    const r = this.indented(lines, i, argStart, undefined)
    let block = r.block
    // the text after `::` is an empty first line: drop it
    if (block.length > 0 && isBlank(block[0]!)) block = block.slice(1)
    const node: Directive = {
      type: 'directive',
      name,
      argument: '',
      options: {},
      optionPositions: {},
      content: '',
      contentLines: [],
      literal: spec.body === 'literal',
      children: [],
      position: this.src.pos(markerOffset, lineEnd(this.lastNonBlank(r.block, l)))
    }
    void nameStart
    // argument block: lines up to the first blank line
    let blank = block.findIndex((x) => isBlank(x))
    if (blank < 0) blank = block.length
    let argBlock = block.slice(0, blank)
    let content = block.slice(blank + 1)
    // options: from the first field-marker line of the argument block
    const optAt = argBlock.findIndex((x) => fieldMarker(x.t) !== undefined)
    if (optAt >= 0) {
      const optLines = argBlock.slice(optAt)
      argBlock = argBlock.slice(0, optAt)
      let k = 0
      while (k < optLines.length) {
        const ol = optLines[k]!
        const fm = fieldMarker(ol.t)
        if (!fm) {
          // docutils does not run the directive at all: it becomes an error message
          this.src.problem(
            3,
            `Error in "${name}" directive:\ninvalid option block.`,
            l.o,
            lineEnd(this.lastNonBlank(r.block, l))
          )
          return {node, end: r.end, blankFinish: r.blankFinish, failed: true}
        }
        let e = k + 1
        while (e < optLines.length && this.ind(optLines[e]) > 0) e++
        const optName = ol.t.slice(1, fm[1]).toLowerCase()
        const parts = [ol.t.slice(fm[0])]
        for (let m = k + 1; m < e; m++) parts.push(optLines[m]!.t.trim())
        node.options[optName] = parts.join('\n').trim()
        node.optionPositions[optName] = this.pos(ol, optLines[e - 1]!)
        k = e
      }
    }
    if (!spec.argument && argBlock.length > 0) {
      content = blank < block.length ? [...argBlock, ...block.slice(blank)] : argBlock
      argBlock = []
    }
    while (content.length > 0 && isBlank(content[0]!)) content = content.slice(1)
    if (argBlock.length > 0) {
      node.argument = argBlock
        .map((x) => x.t)
        .join('\n')
        .trim()
      const lastArg = argBlock[argBlock.length - 1]!
      node.argumentPosition = this.src.pos(argBlock[0]!.o, lineEnd(lastArg))
      if (spec.inlineArgument) this.inlineArgument(node, argBlock, spec.inlineArgument)
    }
    if (content.length > 0) {
      const lastC = this.lastNonBlank(content, content[0]!)
      node.contentPosition = this.pos(content[0]!, lastC)
      // Every directive keeps its content (text and lines) again, so nesting N deep keeps it N
      // times: each kept line counts against the block budget. Past it the content is only text.
      if (!this.count(content[0]!.o, content.length)) {
        this.plainRest(content, 0, node.children)
        return {node, end: r.end, blankFinish: r.blankFinish}
      }
      node.content = content.map((x) => x.t).join('\n')
      for (const c of content) {
        const p = this.src.point(c.o)
        node.contentLines.push({text: c.t, line: p.line, column: p.column, offset: c.o})
      }
      if (spec.body === 'rst') this.nested(content, node.children)
      else if (spec.body === 'inline') {
        const para: Paragraph = {type: 'paragraph', children: [], position: node.contentPosition}
        node.children.push(para)
        this.inline(para, content)
      }
    }
    return {node, end: r.end, blankFinish: r.blankFinish}
  }

  private inlineArgument(node: Directive, argBlock: Line[], mode: 'all' | 'rest'): void {
    let parts = argBlock
    if (mode === 'rest') {
      const first = argBlock[0]!
      const m = /^\s*\S+\s*/.exec(first.t)
      const cut = m ? m[0].length : 0
      parts = [dropChars(first, cut, this.tw), ...argBlock.slice(1)]
      if (parts[0]!.t.length === 0) parts = parts.slice(1)
      if (parts.length === 0) return
    }
    const holder = {children: [] as Inline[]}
    node.argumentChildren = holder.children
    this.inline(holder, parts)
  }

  // ---------------------------------------------------------------- line / title / text

  private line(
    lines: Line[],
    i: number,
    into: Block[],
    titles: boolean,
    adorn: string
  ): number | [Title, number, string, number] | undefined {
    const l = lines[i]!
    const marker = rtrim(l.t)
    if (!titles) {
      if (marker.length < 4) return undefined
      const nx = lines[i + 1]
      // a lone transition-like line inside a nested body
      this.src.problem(4, 'Unexpected section title or transition.', l.o, lineEnd(l))
      void nx
      return i + 1
    }
    const nx = lines[i + 1]
    if (!nx || isBlank(nx)) {
      if (marker.length < 4) return undefined
      into.push({type: 'transition', position: this.pos(l, l)})
      return i + 1
    }
    // the next line is text (or indented text): an overlined title?
    const nxAdorn = this.ind(nx) === 0 ? adornment(nx.t) : undefined
    if (nxAdorn !== undefined) {
      if (marker.length < 4) return undefined
      this.src.problem(3, 'Invalid section title or transition marker.', l.o, lineEnd(nx))
      return i + 2
    }
    const under = lines[i + 2]
    const underAdorn = under && this.ind(under) === 0 ? adornment(under.t) : undefined
    const overline = marker
    const underline = under ? rtrim(under.t) : ''
    if (underAdorn === undefined || overline !== underline) {
      if (overline.length < 4) return undefined
      const msg =
        underAdorn === undefined
          ? 'Missing matching underline for section title overline.'
          : 'Title overline & underline mismatch.'
      this.src.problem(4, msg, l.o, lineEnd(under ?? nx))
      return under ? i + 3 : i + 2
    }
    const titleText = rtrim(nx.t)
    if (columnWidth(titleText) > overline.length) {
      if (overline.length < 4) return undefined
      this.src.problem(2, 'Title overline too short.', l.o, lineEnd(under!))
    }
    // title text may be indented under an overline
    const stripped = stripIndent(nx, this.ind(nx), this.tw)
    const tl: Line = {t: rtrim(stripped.t), o: stripped.o, v: stripped.v, i: -2}
    const title: Title = {type: 'title', children: [], position: this.pos(tl, tl)}
    this.inline(title, [tl])
    void adorn
    return [title, i + 3, overline.charAt(0) + underline.charAt(0), l.o]
  }

  private text(
    lines: Line[],
    i: number,
    into: Block[],
    titles: boolean
  ): number | [Title, number, string, number] {
    const l = lines[i]!
    const nx = lines[i + 1]
    if (nx && !isBlank(nx)) {
      const nind = this.ind(nx)
      if (nind === 0) {
        const u = adornment(nx.t)
        if (u !== undefined) {
          const title = rtrim(l.t)
          const underline = rtrim(nx.t)
          let ok = true
          if (columnWidth(title) > underline.length) {
            if (underline.length < 4) ok = false
            // docutils reports it on the underline's line
            else
              this.src.problem(
                2,
                'Title underline too short.',
                l.o,
                lineEnd(nx),
                this.src.point(nx.o).line
              )
          }
          if (ok) {
            if (!titles) {
              this.src.problem(4, 'Unexpected section title.', l.o, lineEnd(nx))
              return i + 2
            }
            const tl: Line = {t: title, o: l.o, v: l.v, i: -2}
            const node: Title = {type: 'title', children: [], position: this.pos(tl, tl)}
            this.inline(node, [tl])
            return [node, i + 2, underline.charAt(0), l.o]
          }
        }
      } else {
        return this.definitionList(lines, i, into)
      }
    }
    return this.paragraph(lines, i, into)
  }

  private paragraph(lines: Line[], i: number, into: Block[]): number {
    let k = i + 1
    let unexpected = false
    while (k < lines.length) {
      const l = lines[k]!
      const ind = this.ind(l)
      if (ind < 0) break
      if (ind > 0) {
        unexpected = true
        break
      }
      k++
    }
    const lastLine = lines[k - 1]!
    const data = rtrim(lastLine.t)
    if (!data.endsWith('::')) {
      // the common case: the paragraph is lines [i, k) as they are, no copy of the line array
      const para: Paragraph = {
        type: 'paragraph',
        children: [],
        position: this.src.pos(lines[i]!.o, lineEnd(lastLine))
      }
      into.push(para)
      this.inline(para, lines, i, k)
      if (unexpected) this.src.problem(3, 'Unexpected indentation.', lines[k]!.o)
      return k
    }
    // a paragraph ending in `::` introduces a literal block
    const block = lines.slice(i, k)
    let textLines = block
    let cut = data.length - 1 // keep one colon: `Para::` -> `Para:`
    if (block.length === 1 && data.trim() === '::') {
      textLines = []
    } else {
      const before = data.charAt(data.length - 3)
      if (data.length === 2) {
        // `::` alone on the last line of a multi-line paragraph
        cut = 0
      } else if (before === ' ') {
        cut = rtrim(data.slice(0, -2)).length
      }
      textLines = [
        ...block.slice(0, -1),
        {t: data.slice(0, cut), o: lastLine.o, v: lastLine.v, i: -2}
      ]
      while (textLines.length > 0 && textLines[textLines.length - 1]!.t.trim() === '')
        textLines.pop()
    }
    if (textLines.length > 0) {
      const first = textLines[0]!
      const last = textLines[textLines.length - 1]!
      const para: Paragraph = {
        type: 'paragraph',
        children: [],
        position: this.src.pos(first.o, lineEnd(last))
      }
      into.push(para)
      this.inline(para, textLines)
    }
    if (unexpected) this.src.problem(3, 'Unexpected indentation.', lines[k]!.o)
    return this.literalBlock(lines, k, into)
  }

  private literalBlock(lines: Line[], i: number, into: Block[]): number {
    const k = this.skipBlank(lines, i)
    const l = lines[k]
    if (!l) {
      this.src.problem(2, 'Literal block expected; none found.', lines[Math.max(0, k - 1)]?.o ?? 0)
      return k
    }
    if (this.ind(l) > 0) {
      const r = this.indented(lines, k, undefined, undefined)
      into.push({
        type: 'literalBlock',
        value: r.block.map((x) => x.t).join('\n'),
        position: this.pos(r.block[0]!, r.block[r.block.length - 1]!)
      })
      return r.end
    }
    const q = l.t.charAt(0)
    if (QUOTE_CHARS.includes(q) && k > i) {
      let e = k
      while (e < lines.length && !isBlank(lines[e]!) && lines[e]!.t.charAt(0) === q) e++
      const block = lines.slice(k, e)
      into.push({
        type: 'literalBlock',
        value: block.map((x) => x.t).join('\n'),
        quoted: true,
        position: this.pos(block[0]!, block[block.length - 1]!)
      })
      if (e < lines.length && !isBlank(lines[e]!)) {
        this.src.problem(3, 'Inconsistent literal block quoting.', lines[e]!.o)
      }
      return e
    }
    this.src.problem(2, 'Literal block expected; none found.', l.o)
    return k
  }

  private definitionList(lines: Line[], i: number, into: Block[]): number {
    const list = {
      type: 'definitionList' as const,
      children: [] as DefinitionListItem[],
      position: this.src.pos(0, 0)
    }
    into.push(list)
    for (;;) {
      const l = lines[i]!
      // The list was counted as a construct; each item is one more element, its term a run of
      // inline text. Past the budget the list ends here and the rest is plain text.
      if (!this.count(l.o, list.children.length === 0 ? 1 : 2)) {
        if (list.children.length === 0) into.pop()
        else this.spanChildren(list)
        return i
      }
      const r = this.indented(lines, i + 1, undefined, undefined)
      const last = this.lastNonBlank(r.block, l)
      const term: Term = {
        type: 'term',
        children: [],
        position: this.pos(l, {t: rtrim(l.t), o: l.o, v: l.v, i: -2})
      }
      const definition = {
        type: 'definition' as const,
        children: [] as Block[],
        position: r.block.length > 0 ? this.pos(r.block[0]!, last) : this.pos(l, l)
      }
      const item: DefinitionListItem = {
        type: 'definitionListItem',
        children: [term, definition],
        position: this.pos(l, last)
      }
      if (rtrim(l.t).endsWith('::')) {
        this.src.problem(
          1,
          'Blank line missing before literal block (after the "::")? Interpreted as a definition list item.',
          l.o
        )
      }
      this.pending.push({
        node: term,
        input: joinLines([{t: rtrim(l.t), o: l.o}]),
        classifiers: item
      })
      this.nested(r.block, definition.children)
      list.children.push(item)
      const k = this.skipBlank(lines, r.end)
      const nx = lines[k]
      const nx2 = lines[k + 1]
      if (
        nx &&
        nx2 &&
        this.ind(nx) === 0 &&
        this.ind(nx2) > 0 &&
        (r.blankFinish || k === r.end) &&
        this.isPlainText(nx.t) &&
        !this.stopped
      ) {
        i = k
        continue
      }
      this.endWarning('Definition list', lines, r.end, r.blankFinish)
      this.spanChildren(list)
      return r.end
    }
  }

  /** True when a line would reach docutils' `text` transition (no other construct matches). */
  private isPlainText(t: string): boolean {
    const c = t.charCodeAt(0)
    if (isBulletLine(t)) return false
    if (parseEnumerator(t)) return false
    if (c === 58 && fieldMarker(t)) return false
    if ((c === 45 || c === 43 || c === 47) && optionMarker(t)) return false
    if (/^>>>( |$)/.test(t)) return false
    if (c === 124 && (t.length === 1 || isSp(t.charCodeAt(1)))) return false
    if (isGridTop(t) || isSimpleTop(t) || isExplicit(t) || /^__( |$)/.test(t)) return false
    if (adornment(t) !== undefined) return false
    return true
  }
}

function isSimplename(s: string): boolean {
  return /^(?:(?!_)\w)+(?:[-._+:](?:(?!_)\w)+)*$/u.test(s)
}

/** docutils `unescape` for plain strings: drop backslashes (escaped whitespace vanishes). */
export function unescape(s: string): string {
  if (!s.includes('\\')) return s
  let out = ''
  for (let i = 0; i < s.length; i++) {
    const c = s.charAt(i)
    if (c === '\\') {
      const nx = s.charAt(i + 1)
      if (nx === ' ' || nx === '\n') {
        i++
        continue
      }
      if (i + 1 < s.length) {
        out += nx
        i++
      }
      continue
    }
    out += c
  }
  return out
}

/** Index of the `:` ending a hyperlink target name in `text`, or -1. */
function findTargetNameEnd(text: string, quoted: boolean): number {
  let i = quoted ? 1 : 0
  if (quoted) {
    while (i < text.length) {
      const c = text.charCodeAt(i)
      if (c === 92) {
        i += 2
        continue
      }
      if (c === 96) {
        if (
          text.charCodeAt(i + 1) === 58 &&
          (i + 2 >= text.length || text.charCodeAt(i + 2) === 32)
        )
          return i + 1
        return -1
      }
      i++
    }
    return -1
  }
  while (i < text.length) {
    const c = text.charCodeAt(i)
    if (c === 92) {
      i += 2
      continue
    }
    if (c === 58) {
      if (i > 0 && (i + 1 >= text.length || text.charCodeAt(i + 1) === 32)) return i
    }
    i++
  }
  return -1
}
