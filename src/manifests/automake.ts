/**
 * Automake/Make reader: enough of GNU make's reading phase to list the words of a variable, each
 * with the place it was written (through `$(VAR)` expansion and the common list functions).
 * Rules and recipes are skipped; every branch of a conditional counts.
 */
import type {Range} from '../diagnostic.js'
import type {FileTree} from '../tree/types.js'
import type {ManifestEntry} from './types.js'
import {OriginText, sourceText, wordLocation, wordSpans} from './expansion.js'
import {globBase, hasMagic, matchGlob} from './glob.js'
import {decodeText, dirname, joinPath, lineStarts, normalizePath, rangeAt} from './text.js'
import {pushAll} from '../arrays.js'

/** An assignment operator. */
export type AutomakeOperator = '=' | '+=' | ':=' | '::=' | ':::=' | '?=' | '!='

/** One statement of a Makefile.am that the reader keeps. */
export type AutomakeStatement =
  | {
      type: 'assign'
      variable: string
      operator: AutomakeOperator
      /** The value as written (continuations turned into spaces, comment removed). */
      value: string
      /** File offset of each character of `value`. */
      offsets: number[]
      /** Offsets of the whole logical line (name to last character before the newline). */
      start: number
      end: number
      line: number
      /** Enclosing conditionals, outermost first (`HAVE_SPHINX`, `!HAVE_SPHINX`). */
      conditions: string[]
      /** Ids of the enclosing `if` blocks, outermost first. */
      blocks: number[]
    }
  | {
      type: 'include'
      path: string
      offsets: number[]
      optional: boolean
      line: number
      start: number
      end: number
      conditions: string[]
      blocks: number[]
    }

/** A problem met while reading (never fatal). */
export interface AutomakeProblem {
  file: string
  line: number
  message: string
}

/** The statements of one build file. */
export interface ParsedAutomake {
  file: string
  text: string
  statements: AutomakeStatement[]
  problems: AutomakeProblem[]
}

interface LogicalLine {
  text: string
  offsets: number[]
  line: number
  start: number
  end: number
}

/** Join backslash-continued physical lines; a continuation becomes one space. */
function logicalLines(text: string): LogicalLine[] {
  const lines: LogicalLine[] = []
  let i = 0
  let lineNumber = 1
  while (i < text.length) {
    const start = i
    const firstLine = lineNumber
    let value = ''
    const offsets: number[] = []
    for (;;) {
      let end = text.indexOf('\n', i)
      if (end < 0) end = text.length
      let contentEnd = end
      if (contentEnd > i && text.charCodeAt(contentEnd - 1) === 13) contentEnd--
      let slashes = 0
      while (contentEnd - slashes - 1 >= i && text[contentEnd - slashes - 1] === '\\') slashes++
      const continued = slashes % 2 === 1 && end < text.length
      const stop = continued ? contentEnd - 1 : contentEnd
      // One slice per physical line, not one concatenation per character.
      if (stop > i) value += text.slice(i, stop)
      for (let k = i; k < stop; k++) offsets.push(k)
      if (continued) {
        value += ' '
        offsets.push(contentEnd - 1)
        i = end + 1
        lineNumber++
        continue
      }
      lines.push({text: value, offsets, line: firstLine, start, end: contentEnd})
      i = end + 1
      lineNumber++
      break
    }
  }
  return lines
}

/** Index of the first unescaped `#`, or -1. */
function commentStart(text: string): number {
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '#') continue
    let slashes = 0
    while (i - slashes - 1 >= 0 && text[i - slashes - 1] === '\\') slashes++
    if (slashes % 2 === 0) return i
  }
  return -1
}

// One unambiguous name class: no nested quantifiers, so no catastrophic backtracking.
const ASSIGNMENT =
  /^((?:(?:export|override|private)[ \t]+)*)([^\s:#=+?!]+)[ \t]*(:::=|::=|:=|\+=|\?=|!=|=)/
const CONDITIONAL_START = /^(if|ifeq|ifneq|ifdef|ifndef)(?:[ \t]+(.*))?$/
const INCLUDE = /^(-include|sinclude|include)[ \t]+(.*)$/

/** Read the statements of one Makefile.am / automake.mk fragment. Never throws. */
export function parseAutomake(text: string, file: string): ParsedAutomake {
  const statements: AutomakeStatement[] = []
  const problems: AutomakeProblem[] = []
  const stack: {condition: string; block: number; negated: boolean}[] = []
  let nextBlock = 1
  let inRule = false
  let inDefine = 0
  for (const logical of logicalLines(text)) {
    const raw = logical.text
    if (inDefine > 0) {
      const word = raw.trim().split(/[ \t]/)[0]
      if (word === 'endef') inDefine--
      else if (word === 'define') inDefine++
      continue
    }
    if (raw.startsWith('\t') && inRule) continue
    const cut = commentStart(raw)
    const content = cut < 0 ? raw : raw.slice(0, cut)
    const trimmed = content.trim()
    if (trimmed === '') continue
    const lead = content.length - content.trimStart().length
    const conditional = CONDITIONAL_START.exec(trimmed)
    if (conditional && !/^if[a-z]*[ \t]*(?:=|[+?:!]=|:)/.test(trimmed)) {
      const condition = (conditional[2] ?? '').trim()
      stack.push({condition, block: nextBlock++, negated: false})
      continue
    }
    if (trimmed === 'else' || trimmed.startsWith('else ') || trimmed.startsWith('else\t')) {
      const top = stack[stack.length - 1]
      if (!top) problems.push({file, line: logical.line, message: '`else` without `if`'})
      else {
        top.negated = true
        const rest = trimmed.slice(4).trim()
        // `else ifeq (...)` chains stay in the same block: every branch counts anyway.
        if (rest !== '' && !rest.startsWith('!')) top.condition = rest
      }
      continue
    }
    if (trimmed === 'endif' || /^endif[ \t]/.test(trimmed)) {
      if (!stack.pop()) problems.push({file, line: logical.line, message: '`endif` without `if`'})
      continue
    }
    const conditions = stack.map((entry) =>
      entry.negated && !entry.condition.startsWith('!') ? `!${entry.condition}` : entry.condition
    )
    const blocks = stack.map((entry) => entry.block)
    if (/^define([ \t]|$)/.test(trimmed)) {
      inDefine = 1
      continue
    }
    const include = INCLUDE.exec(trimmed)
    if (include) {
      inRule = false
      const pathStart = lead + content.slice(lead).indexOf(include[2] ?? '')
      const value = (include[2] ?? '').trimEnd()
      statements.push({
        type: 'include',
        path: value,
        offsets: logical.offsets.slice(pathStart, pathStart + value.length),
        optional: include[1] !== 'include',
        line: logical.line,
        start: logical.start,
        end: logical.end,
        conditions,
        blocks
      })
      continue
    }
    const assignment = ASSIGNMENT.exec(content.slice(lead))
    if (assignment && (assignment[2] ?? '') !== '') {
      inRule = false
      const name = assignment[2] ?? ''
      let valueStart = lead + assignment[0].length
      while (valueStart < content.length && /[ \t]/.test(content[valueStart] ?? '')) valueStart++
      let valueEnd = content.length
      while (valueEnd > valueStart && /\s/.test(content[valueEnd - 1] ?? '')) valueEnd--
      if (name.includes('$')) continue
      if (valueEnd - valueStart > MAX_VALUE) {
        problems.push({
          file,
          line: logical.line,
          message: `the value of \`${name}\` is too long to read`
        })
        // Its words are unknown: better no list than a truncated one.
        statements.push({
          type: 'assign',
          variable: name,
          operator: '!=',
          value: '',
          offsets: [],
          start: logical.start + lead,
          end: logical.end,
          line: logical.line,
          conditions,
          blocks
        })
        continue
      }
      statements.push({
        type: 'assign',
        variable: name,
        operator: (assignment[3] ?? '=') as AutomakeOperator,
        value: content.slice(valueStart, valueEnd),
        offsets: logical.offsets.slice(valueStart, valueEnd),
        start: logical.start + lead,
        end: logical.end,
        line: logical.line,
        conditions,
        blocks
      })
      continue
    }
    // Anything else with a colon is a rule; its tab-indented lines that follow are a recipe.
    if (content.includes(':')) inRule = true
  }
  if (stack.length > 0) {
    problems.push({file, line: text.split('\n').length, message: '`if` without `endif`'})
  }
  return {file, text, statements, problems}
}

/** Longest variable value read (real lists are a few kilobytes; copies cost per character). */
const MAX_VALUE = 200_000

/** How the reader treats `$(srcdir)`-like prefixes: a marker resolved when words become paths. */
const SRCDIR_MARK = '\u0001'
const TOP_SRCDIR_MARK = '\u0002'
const BUILD_MARK = '\u0003'

const SPECIAL: Record<string, string> = {
  srcdir: SRCDIR_MARK,
  abs_srcdir: SRCDIR_MARK,
  top_srcdir: TOP_SRCDIR_MARK,
  abs_top_srcdir: TOP_SRCDIR_MARK,
  builddir: BUILD_MARK,
  abs_builddir: BUILD_MARK,
  top_builddir: BUILD_MARK,
  abs_top_builddir: BUILD_MARK
}

interface Variable {
  flavor: 'recursive' | 'simple'
  /** The value, one part per assignment (`+=` adds a part instead of copying the value). */
  parts: OriginText[]
  /** `if` blocks of the last plain `=`: a `=` in another branch of one of them appends. */
  blocks: number[]
}

/** One place a variable is assigned. */
export interface AutomakeAssignment {
  file: string
  operator: AutomakeOperator
  range: Range
  /** Offsets of the whole logical line. */
  start: number
  end: number
  conditions: string[]
}

/** What `readAutomake` found. */
export interface AutomakeResult {
  /** The Makefile.am (or fragment) reading started from. */
  entry: string
  /** The folder words are relative to (the top-level Makefile.am's). */
  base: string
  /** Build files read, in reading order. */
  files: string[]
  /** Their texts, for fixes. */
  sources: Map<string, string>
  /** Every assigned variable with its assignments, in order. */
  variables: Map<string, AutomakeAssignment[]>
  problems: AutomakeProblem[]
  /** The words of a variable after expansion, as entries (paths relative to the tree root). */
  entries(variable: string): ManifestEntry[]
  /**
   * Whether the variable's value, or a variable it references, contains `needle` as written (or
   * something that cannot be followed statically): a cheap test before expanding it.
   */
  mayMention(variable: string, needle: string): boolean
}

/** A hard cap on include depth and expansion work: hostile input must not hang the reader. */
const MAX_INCLUDE_DEPTH = 20
const MAX_EXPANSION_DEPTH = 32
/** Functions inside functions: real makefiles nest a handful; each level copies its arguments. */
const MAX_NESTING = 16
const MAX_TEXT = 8_000_000
/**
 * Expansion work allowed per character of build text read, over a whole reading, plus a floor
 * for tiny files. Real trees stay far below (Open vSwitch and FRR: under 3 per character); a doubling
 * chain hits the bound once and stops instead of hitting MAX_TEXT once per level.
 */
const WORK_PER_CHAR = 32
const WORK_FLOOR = 1_000_000

interface Context {
  names: string[]
  nameIndex: Map<string, number>
  files: string[]
  conditionSets: string[][]
  /** Condition set (joined with NUL) → its index in `conditionSets`. */
  conditionIndex: Map<string, number>
  /** Folder → files below it, for `$(wildcard)`; a missing folder is recorded in `misses`. */
  listing: Map<string, string[]>
  misses: Set<string>
  /** Included paths found absent (a later tree may add them). */
  absent: Set<string>
  base: string
  /** Characters of build text read (every file once): what expansion work is bounded by. */
  readChars: number
}

function nameId(context: Context, name: string): number {
  let id = context.nameIndex.get(name)
  if (id === undefined) {
    id = context.names.length
    context.names.push(name)
    context.nameIndex.set(name, id)
  }
  return id
}

/** Find the `)`/`}` closing the reference opened at `open` (the `(` or `{`), or -1. */
function matchingClose(text: string, open: number): number {
  const opener = text[open]
  const closer = opener === '(' ? ')' : '}'
  let level = 0
  for (let i = open; i < text.length; i++) {
    const char = text[i]
    if (char === opener) level++
    else if (char === closer) {
      level--
      if (level === 0) return i
    }
  }
  return -1
}

/** Split function arguments at top-level commas (at most `limit` pieces). */
function splitArguments(text: OriginText, limit: number): OriginText[] {
  const pieces: OriginText[] = []
  let level = 0
  let start = 0
  for (let i = 0; i < text.length; i++) {
    const char = text.text[i]
    if (char === '(' || char === '{') level++
    else if (char === ')' || char === '}') level--
    else if (char === ',' && level === 0 && pieces.length < limit - 1) {
      pieces.push(text.slice(start, i))
      start = i + 1
    }
  }
  pieces.push(text.slice(start, text.length))
  return pieces
}

/** `%` pattern matching of patsubst/filter: the stem, or undefined. */
function patternStem(pattern: string, word: string): string | undefined {
  const percent = pattern.indexOf('%')
  if (percent < 0) return pattern === word ? '' : undefined
  const prefix = pattern.slice(0, percent)
  const suffix = pattern.slice(percent + 1)
  if (word.length < prefix.length + suffix.length) return undefined
  if (!word.startsWith(prefix) || !word.endsWith(suffix)) return undefined
  return word.slice(prefix.length, word.length - suffix.length)
}

function trimText(text: OriginText): OriginText {
  let start = 0
  let end = text.length
  while (start < end && /\s/.test(text.text[start] ?? '')) start++
  while (end > start && /\s/.test(text.text[end - 1] ?? '')) end--
  return text.slice(start, end)
}

const FUNCTIONS = new Set([
  'addprefix',
  'addsuffix',
  'wildcard',
  'patsubst',
  'subst',
  'filter',
  'filter-out',
  'sort',
  'strip',
  'notdir',
  'dir',
  'basename',
  'suffix',
  'firstword',
  'lastword',
  'foreach',
  'if',
  'or',
  'and',
  'shell',
  'call',
  'value',
  'origin',
  'flavor',
  'error',
  'warning',
  'info',
  'eval',
  'words',
  'word',
  'wordlist',
  'join',
  'abspath',
  'realpath',
  'file',
  'guile'
])

/**
 * Statistics of an expansion in progress, to decide whether its result can be reused: what it
 * looked up and how far it went towards the limits.
 */
interface Recorder {
  /** Every variable name looked up (its value or absence decided the text). */
  names: Set<string>
  /** Highest nesting level and active-set size seen at a limit check, relative to the start. */
  level: number
  active: number
  /** A reference cycle was cut or a limit hit: the text depends on more than the name. */
  tainted: boolean
}

/** The expansion of one recursive variable, reusable wherever the same checks would pass. */
interface Memo extends Omit<Recorder, 'tainted'> {
  /** The text as produced at reference depth `depth`. */
  text: OriginText
  depth: number
  /** What the expansion added to `work`. */
  work: number
}

class Expander {
  readonly variables = new Map<string, Variable>()
  /**
   * Expansions of recursive variables by name. Only used once the variables are final (list
   * reading, `expandVariable`): a value is re-expanded for every list that references it.
   */
  private memo: Map<string, Memo> | undefined
  private recorder: Recorder | undefined
  /** Level and active-set size where the current recorder started. */
  private recordLevel = 0
  private recordActive = 0
  /** `$(foreach)` rebinds a variable while it runs: nothing is reused or remembered inside. */
  private foreachLevel = 0
  /** Characters scanned and produced so far; reset per top-level expansion. */
  work = 0
  /**
   * Characters scanned, produced and copied over the whole reading, never reset: when it passes
   * `budget` every further expansion is cut short, so a reading costs at most a fixed factor
   * times the text read (a doubling chain `A2 = $(A1) $(A1)` cannot claim more than that).
   */
  spent = 0

  /** The most `spent` may reach: a fixed factor times the build text read so far. */
  get budget(): number {
    return WORK_PER_CHAR * this.context.readChars + WORK_FLOOR
  }
  /** Whether a limit cut the last top-level expansion short (its words are incomplete). */
  capped = false

  constructor(private readonly context: Context) {}

  /** Nesting of expand() calls (functions inside functions): capped like variable nesting. */
  private level = 0

  /**
   * Expand `raw` (into `into` when given); every character emitted from `raw` itself gets
   * `depth` added.
   */
  expand(raw: OriginText, depth: number, active: Set<string>, into?: OriginText): OriginText {
    const recorder = this.recorder
    if (recorder) {
      if (this.level - this.recordLevel > recorder.level) {
        recorder.level = this.level - this.recordLevel
      }
      if (active.size - this.recordActive > recorder.active) {
        recorder.active = active.size - this.recordActive
      }
    }
    if (
      active.size > MAX_EXPANSION_DEPTH ||
      this.work > MAX_TEXT ||
      this.spent > this.budget ||
      this.level > MAX_NESTING
    ) {
      this.capped = true
      if (recorder) recorder.tainted = true
      return into ?? new OriginText()
    }
    // Count what is scanned and copied, not only what is produced: each nested call copies its
    // arguments a few times.
    this.work += raw.length * 4
    this.spent += raw.length * 4
    this.level++
    try {
      return this.expandText(raw, depth, active, into ?? new OriginText())
    } finally {
      this.level--
    }
  }

  private expandText(
    raw: OriginText,
    depth: number,
    active: Set<string>,
    out: OriginText
  ): OriginText {
    const before = out.length
    const text = raw.text
    let i = 0
    while (i < text.length) {
      const char = text[i]
      if (char !== '$') {
        const next = text.indexOf('$', i)
        const stop = next < 0 ? text.length : next
        out.append(raw, i, stop, depth)
        i = stop
        continue
      }
      const after = text[i + 1]
      if (after === undefined) break
      if (after === '$') {
        out.append(raw, i, i + 1, depth)
        i += 2
        continue
      }
      if (after !== '(' && after !== '{') {
        // `$@`, `$<`, `$x`: automatic or one-letter variables.
        this.reference(after, raw, i, i + 2, depth, active, out)
        i += 2
        continue
      }
      const close = matchingClose(text, i + 1)
      if (close < 0) break
      const inner = raw.slice(i + 2, close)
      const fn = /^([a-z-]+)[ \t]/.exec(inner.text)
      if (fn && FUNCTIONS.has(fn[1] ?? '')) {
        const args = inner.slice((fn[0] ?? '').length, inner.length)
        this.call(fn[1] ?? '', args, depth, active, out)
      } else {
        this.referenceText(inner, raw, i, close + 1, depth, active, out)
      }
      i = close + 1
    }
    this.work += out.length - before
    this.spent += out.length - before
    return out
  }

  private referenceText(
    inner: OriginText,
    raw: OriginText,
    start: number,
    end: number,
    depth: number,
    active: Set<string>,
    out: OriginText
  ): void {
    // A substitution reference `$(VAR:from=to)` has a top-level colon.
    let level = 0
    let colon = -1
    for (let k = 0; k < inner.length; k++) {
      const char = inner.text[k]
      if (char === '(' || char === '{') level++
      else if (char === ')' || char === '}') level--
      else if (char === ':' && level === 0) {
        colon = k
        break
      }
    }
    if (colon < 0) {
      const name = this.expand(inner, depth, active).text.trim()
      this.reference(name, raw, start, end, depth, active, out)
      return
    }
    const name = this.expand(inner.slice(0, colon), depth, active).text.trim()
    const spec = this.expand(inner.slice(colon + 1, inner.length), depth, active).text
    const equals = spec.indexOf('=')
    if (equals < 0) return
    let from = spec.slice(0, equals)
    let to = spec.slice(equals + 1)
    if (!from.includes('%')) {
      from = `%${from}`
      to = `%${to}`
    }
    const value = new OriginText()
    this.reference(name, raw, start, end, depth, active, value)
    this.patsubst(from, to, value, out)
  }

  private reference(
    name: string,
    raw: OriginText,
    start: number,
    end: number,
    depth: number,
    active: Set<string>,
    out: OriginText
  ): void {
    const special = SPECIAL[name]
    if (special !== undefined) {
      // The marker stands where `$(srcdir)` was written, at the reference's own depth.
      const origin = raw.origin(start)
      out.pushChar(special, {...origin, depth: origin.depth + depth})
      return
    }
    const outer = this.recorder
    if (active.has(name)) {
      if (outer) outer.tainted = true
      return
    }
    outer?.names.add(name)
    const variable = this.variables.get(name)
    if (!variable) return
    if (variable.flavor === 'simple') {
      variable.parts.forEach((part, index) => {
        if (index > 0) out.pushSpace()
        out.append(part, 0, part.length, depth + 1)
      })
      return
    }
    const memo = this.memo && this.foreachLevel === 0 ? this.memo : undefined
    const known = memo?.get(name)
    if (known && this.reusable(known, active)) {
      out.append(known.text, 0, known.text.length, depth - known.depth)
      this.work += known.work
      this.spent += known.text.length
      if (outer) {
        for (const looked of known.names) outer.names.add(looked)
        outer.level = Math.max(outer.level, this.level - this.recordLevel + known.level)
        outer.active = Math.max(outer.active, active.size - this.recordActive + known.active)
      }
      return
    }
    const nested = new Set(active)
    nested.add(name)
    const recorder: Recorder = {names: new Set(), level: 0, active: 0, tainted: false}
    const saved = {level: this.recordLevel, active: this.recordActive}
    this.recorder = recorder
    this.recordLevel = this.level
    this.recordActive = active.size
    const from = out.length
    const work = this.work
    try {
      variable.parts.forEach((part, index) => {
        if (index > 0) out.pushSpace()
        this.expand(part, depth + 1, nested, out)
      })
    } finally {
      this.recorder = outer
      this.recordLevel = saved.level
      this.recordActive = saved.active
    }
    if (outer) {
      for (const looked of recorder.names) outer.names.add(looked)
      outer.level = Math.max(outer.level, this.level - this.recordLevel + recorder.level)
      outer.active = Math.max(outer.active, active.size - this.recordActive + recorder.active)
      if (recorder.tainted) outer.tainted = true
    }
    if (memo && !recorder.tainted && this.foreachLevel === 0) {
      memo.set(name, {
        text: out.slice(from, out.length),
        depth,
        work: this.work - work,
        names: recorder.names,
        level: recorder.level,
        active: recorder.active
      })
    }
  }

  /**
   * Whether expanding the variable again here would do exactly what `known` recorded: none of
   * the names it looked up is being expanded around us (no cycle cut), and no limit is reached.
   */
  private reusable(known: Memo, active: Set<string>): boolean {
    if (this.work + known.work > MAX_TEXT) return false
    if (this.spent + known.text.length > this.budget) return false
    if (this.level + known.level > MAX_NESTING) return false
    if (active.size + known.active > MAX_EXPANSION_DEPTH) return false
    for (const name of active) if (known.names.has(name)) return false
    return true
  }

  /** Expand a value now (`:=`, include paths), with fresh limits. */
  expandFresh(raw: OriginText): OriginText {
    // Variables may still change (this is the reading phase): nothing is remembered across.
    this.memo = undefined
    this.work = 0
    this.capped = false
    return this.expand(raw, 0, new Set())
  }

  /** The whole value of a variable, expanded at depth 0 (as a list is read). */
  expandVariable(name: string): OriginText {
    const out = new OriginText()
    const variable = this.variables.get(name)
    if (!variable) return out
    this.work = 0
    this.capped = false
    // Reading is over, the variables are final: expansions can be reused from now on.
    this.memo ??= new Map()
    const active = new Set([name])
    variable.parts.forEach((part, index) => {
      if (index > 0) out.pushSpace()
      if (variable.flavor === 'simple') out.append(part)
      else this.expand(part, 0, active, out)
    })
    return out
  }

  private words(text: OriginText): OriginText[] {
    return wordSpans(text.text).map(([start, end]) => text.slice(start, end))
  }

  private joinWords(words: OriginText[], out: OriginText): void {
    words.forEach((word, index) => {
      if (index > 0 || out.length > 0) out.pushSpace()
      out.append(word)
    })
  }

  private patsubst(from: string, to: string, text: OriginText, out: OriginText): void {
    const results: OriginText[] = []
    for (const word of this.words(text)) {
      const stem = patternStem(from, word.text)
      if (stem === undefined) {
        results.push(word)
        continue
      }
      const percent = to.indexOf('%')
      const replaced = percent < 0 ? to : `${to.slice(0, percent)}${stem}${to.slice(percent + 1)}`
      const piece = new OriginText()
      piece.appendReplacement(word, 0, word.length, replaced)
      results.push(piece)
    }
    this.joinWords(results, out)
  }

  private call(
    name: string,
    args: OriginText,
    depth: number,
    active: Set<string>,
    out: OriginText
  ): void {
    const plain = (piece: OriginText | undefined): string =>
      piece ? this.expand(piece, depth, active).text.trim() : ''
    // List arguments are one level more specific than the prefix/pattern arguments.
    const list = (piece: OriginText | undefined): OriginText =>
      piece ? this.expand(piece, depth + 1, active) : new OriginText()
    switch (name) {
      case 'addprefix':
      case 'addsuffix': {
        const [first, second] = splitArguments(args, 2)
        const affix = trimText(first ? this.expand(first, depth, active) : new OriginText())
        const words = this.words(list(second)).map((word) => {
          const piece = new OriginText()
          if (name === 'addprefix') {
            piece.append(affix)
            piece.append(word)
          } else {
            piece.append(word)
            piece.append(affix)
          }
          return piece
        })
        this.joinWords(words, out)
        return
      }
      case 'patsubst': {
        const [from, to, text] = splitArguments(args, 3)
        this.patsubst(plain(from), plain(to), list(text), out)
        return
      }
      case 'subst': {
        const [from, to, text] = splitArguments(args, 3)
        const needle = from ? this.expand(from, depth, active).text : ''
        const replacement = to ? this.expand(to, depth, active).text : ''
        const words = this.words(list(text)).map((word) => {
          if (needle === '') return word
          const piece = new OriginText()
          piece.appendReplacement(word, 0, word.length, word.text.split(needle).join(replacement))
          return piece
        })
        this.joinWords(words, out)
        return
      }
      case 'filter':
      case 'filter-out': {
        const [patterns, text] = splitArguments(args, 2)
        const wanted = plain(patterns).split(/\s+/).filter(Boolean)
        const keep = name === 'filter'
        const words = this.words(list(text)).filter(
          (word) => wanted.some((pattern) => patternStem(pattern, word.text) !== undefined) === keep
        )
        this.joinWords(words, out)
        return
      }
      case 'sort': {
        const seen = new Set<string>()
        const words = this.words(list(args))
          .sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0))
          .filter((word) => !seen.has(word.text) && seen.add(word.text))
        this.joinWords(words, out)
        return
      }
      case 'strip':
        this.joinWords(this.words(list(args)), out)
        return
      case 'firstword':
      case 'lastword': {
        const words = this.words(list(args))
        const word = name === 'firstword' ? words[0] : words[words.length - 1]
        if (word) this.joinWords([word], out)
        return
      }
      case 'notdir':
      case 'dir':
      case 'basename':
      case 'suffix': {
        const words = this.words(list(args)).map((word) => {
          const slash = word.text.lastIndexOf('/')
          const dot = word.text.lastIndexOf('.')
          let replaced: string
          if (name === 'notdir') replaced = word.text.slice(slash + 1)
          else if (name === 'dir') replaced = slash < 0 ? './' : word.text.slice(0, slash + 1)
          else if (name === 'basename') replaced = dot > slash ? word.text.slice(0, dot) : word.text
          else replaced = dot > slash ? word.text.slice(dot) : ''
          const piece = new OriginText()
          piece.appendReplacement(word, 0, word.length, replaced)
          return piece
        })
        this.joinWords(
          words.filter((word) => word.length > 0),
          out
        )
        return
      }
      case 'wildcard':
        this.wildcard(list(args), out)
        return
      case 'foreach': {
        const [variable, text, body] = splitArguments(args, 3)
        const name = plain(variable)
        if (!body || name === '') return
        const saved = this.variables.get(name)
        const words: OriginText[] = []
        this.recorder?.names.add(name)
        this.foreachLevel++
        try {
          for (const word of this.words(list(text))) {
            this.variables.set(name, {flavor: 'simple', parts: [word], blocks: []})
            words.push(this.expand(body, depth, active))
          }
        } finally {
          this.foreachLevel--
          if (saved) this.variables.set(name, saved)
          else this.variables.delete(name)
        }
        this.joinWords(
          words.filter((word) => word.text.trim() !== ''),
          out
        )
        return
      }
      case 'if':
      case 'or':
      case 'and': {
        // Every branch counts, as with automake conditionals.
        const pieces = splitArguments(args, 3).slice(name === 'if' ? 1 : 0)
        this.joinWords(
          pieces.flatMap((piece) => this.words(this.expand(piece, depth, active))),
          out
        )
        return
      }
      default:
        // shell, call, eval, …: not evaluated statically; they contribute no words.
        return
    }
  }

  private wildcard(patterns: OriginText, out: OriginText): void {
    const results: OriginText[] = []
    for (const word of this.words(patterns)) {
      const resolved = resolveWord(word.text, this.context.base)
      if (resolved === undefined) continue
      const prefix = word.text.slice(0, word.text.length - resolved.written.length)
      const matches = this.glob(resolved.path)
      for (const match of matches) {
        const relative =
          resolved.base === '' ? match : match.slice(resolved.base.length + 1) || match
        const piece = new OriginText()
        piece.appendReplacement(word, 0, word.length, `${prefix}${relative}`)
        results.push(piece)
      }
    }
    this.joinWords(results, out)
  }

  private glob(pattern: string): string[] {
    if (!hasMagic(pattern)) {
      const folder = dirname(pattern)
      const files = this.listing(folder)
      return files?.includes(pattern) ? [pattern] : []
    }
    const base = globBase(pattern)
    const files = this.listing(base)
    if (!files) return []
    return files.filter((file) => matchGlob(pattern, file)).sort()
  }

  private listing(folder: string): string[] | undefined {
    const files = this.context.listing.get(folder)
    if (files === undefined) this.context.misses.add(folder)
    return files
  }
}

/**
 * Turn an expanded word into a tree path: `$(srcdir)/`/`$(top_srcdir)/` prefixes resolve
 * against `base`, plain words are relative to `base`. `written` is the part after the prefix.
 */
function resolveWord(
  word: string,
  base: string
): {path: string; written: string; base: string} | undefined {
  let rest = word
  let folder = base
  if (rest.startsWith(SRCDIR_MARK)) {
    rest = rest.slice(1).replace(/^\/+/, '')
  } else if (rest.startsWith(TOP_SRCDIR_MARK)) {
    rest = rest.slice(1).replace(/^\/+/, '')
    folder = ''
  }
  if (rest === '' || /[\u0000-\u0008$@`'"\\;|&<>()=]/.test(rest)) return undefined
  const path = normalizePath(joinPath(folder, rest))
  if (path === undefined) return undefined
  return {path, written: rest, base: folder}
}

/** Evaluate the statements of `parsed` (following includes) into the expander's variables. */
async function evaluate(
  tree: FileTree,
  entry: string,
  base: string,
  context: Context,
  expander: Expander,
  parsedFiles: Map<string, ParsedAutomake | undefined>,
  variables: Map<string, AutomakeAssignment[]>,
  problems: AutomakeProblem[],
  order: string[]
): Promise<void> {
  const visiting = new Set<string>()
  const visit = async (file: string, depth: number): Promise<void> => {
    if (depth > MAX_INCLUDE_DEPTH || visiting.has(file)) {
      problems.push({file, line: 1, message: 'include loop or nesting too deep'})
      return
    }
    let parsed = parsedFiles.get(file)
    if (!parsedFiles.has(file)) {
      const bytes = await tree.read(file)
      parsed = bytes === undefined ? undefined : parseAutomake(decodeText(bytes), file)
      parsedFiles.set(file, parsed)
      context.readChars += parsed?.text.length ?? 0
    }
    if (!parsed) return
    if (!order.includes(file)) {
      order.push(file)
      pushAll(problems, parsed.problems)
    }
    visiting.add(file)
    const fileId =
      context.files.indexOf(file) >= 0 ? context.files.indexOf(file) : context.files.push(file) - 1
    const starts = lineStarts(parsed.text)
    for (const statement of parsed.statements) {
      const conditionKey = statement.conditions.join('\u0000')
      let condition = context.conditionIndex.get(conditionKey)
      if (condition === undefined) {
        condition = context.conditionSets.push(statement.conditions) - 1
        context.conditionIndex.set(conditionKey, condition)
      }
      if (statement.type === 'include') {
        const target = sourceText(statement.path, statement.offsets, fileId, -1, condition)
        const expanded = expander.expandFresh(target)
        for (const [from, to] of wordSpans(expanded.text)) {
          const resolved = resolveWord(expanded.text.slice(from, to), base)
          if (!resolved) continue
          if (!(await tree.exists(resolved.path))) {
            context.absent.add(resolved.path)
            if (!statement.optional) {
              problems.push({
                file,
                line: statement.line,
                message: `cannot find included file \`${resolved.path}\``
              })
            }
            continue
          }
          await visit(resolved.path, depth + 1)
        }
        continue
      }
      const name = statement.variable
      const list = variables.get(name) ?? []
      list.push({
        file,
        operator: statement.operator,
        range: rangeAt(starts, statement.start, statement.end),
        start: statement.start,
        end: statement.end,
        conditions: statement.conditions
      })
      variables.set(name, list)
      const raw = sourceText(
        statement.value,
        statement.offsets,
        fileId,
        nameId(context, name),
        condition
      )
      const existing = expander.variables.get(name)
      let operator = statement.operator
      // `X = a` in one branch and `X = b` in another: both count, so the second appends.
      if (
        operator === '=' &&
        existing &&
        statement.blocks.length > 0 &&
        existing.blocks.some((block) => statement.blocks.includes(block))
      ) {
        operator = '+='
      }
      switch (operator) {
        case '=':
          expander.variables.set(name, {
            flavor: 'recursive',
            parts: [raw],
            blocks: statement.blocks
          })
          break
        case '?=':
          if (!existing) {
            expander.variables.set(name, {
              flavor: 'recursive',
              parts: [raw],
              blocks: statement.blocks
            })
          }
          break
        case '!=':
          expander.variables.set(name, {flavor: 'simple', parts: [], blocks: []})
          break
        case ':=':
        case '::=':
        case ':::=':
          expander.variables.set(name, {
            flavor: 'simple',
            parts: [expander.expandFresh(raw)],
            blocks: statement.blocks
          })
          break
        case '+=': {
          if (!existing) {
            expander.variables.set(name, {
              flavor: 'recursive',
              parts: [raw],
              blocks: statement.blocks
            })
            break
          }
          existing.parts.push(existing.flavor === 'simple' ? expander.expandFresh(raw) : raw)
          break
        }
      }
    }
    visiting.delete(file)
  }
  await visit(entry, 0)
}

/** A reading, with everything it depended on, so an unchanged tree (a patch that does not touch
 * the build files) reuses it instead of reading again. */
interface CacheEntry {
  key: string
  /** Every file read (undefined: it could not be read). */
  texts: Map<string, string | undefined>
  absent: string[]
  listings: Map<string, string[]>
  result: AutomakeResult
}

const CACHE: CacheEntry[] = []
const CACHE_SIZE = 8

function remember(entry: CacheEntry): void {
  CACHE.unshift(entry)
  CACHE.length = Math.min(CACHE.length, CACHE_SIZE)
}

async function cachedResult(tree: FileTree, key: string): Promise<AutomakeResult | undefined> {
  search: for (const [index, entry] of CACHE.entries()) {
    if (entry.key !== key) continue
    for (const [file, text] of entry.texts) {
      const bytes = await tree.read(file)
      if ((bytes === undefined ? undefined : decodeText(bytes)) !== text) continue search
    }
    for (const file of entry.absent) if (await tree.exists(file)) continue search
    for (const [folder, files] of entry.listings) {
      const now = await tree.list(folder === '' ? undefined : folder)
      if (now.length !== files.length || now.some((file, i) => file !== files[i])) continue search
    }
    CACHE.splice(index, 1)
    CACHE.unshift(entry)
    return entry.result
  }
  return undefined
}

/**
 * Read a Makefile.am (following `include`) or a fragment (through the top-level Makefile.am
 * when that includes it, else alone, unless `alone` is set), and expose its variables' words as
 * manifest entries. Words are relative to `base` (default: the entry file's folder when it is
 * a Makefile.am, else the tree root: automake fragments are written relative to the Makefile.am
 * that includes them). Never throws on bad input; unreadable includes become problems.
 */
export async function readAutomake(
  tree: FileTree,
  entryFile: string,
  options: {base?: string; alone?: boolean} = {}
): Promise<AutomakeResult> {
  if (!options.alone && options.base === undefined && entryFile !== 'Makefile.am') {
    // A fragment means what the top-level Makefile.am that includes it makes of it.
    if (await tree.exists('Makefile.am')) {
      const top = await readAutomake(tree, 'Makefile.am', {alone: true})
      if (top.files.includes(entryFile)) return top
    }
  }
  const base =
    options.base ??
    (entryFile.endsWith('Makefile.am') || entryFile === 'Makefile.am' ? dirname(entryFile) : '')
  const cacheKey = `${entryFile}\u0000${base}`
  const cached = await cachedResult(tree, cacheKey)
  if (cached) return cached
  const context: Context = {
    names: [],
    nameIndex: new Map(),
    files: [],
    conditionSets: [[]],
    conditionIndex: new Map([['', 0]]),
    listing: new Map(),
    misses: new Set(),
    absent: new Set(),
    base,
    readChars: 0
  }
  const parsedFiles = new Map<string, ParsedAutomake | undefined>()
  let expander = new Expander(context)
  let variables = new Map<string, AutomakeAssignment[]>()
  let problems: AutomakeProblem[] = []
  let order: string[] = []
  // `$(wildcard)` needs folder listings; load what the last pass missed and read again.
  for (let pass = 0; pass < 4; pass++) {
    expander = new Expander(context)
    variables = new Map()
    problems = []
    order = []
    context.misses.clear()
    await evaluate(
      tree,
      entryFile,
      base,
      context,
      expander,
      parsedFiles,
      variables,
      problems,
      order
    )
    // Only `$(wildcard)` needs listings: without one, the first reading is the last.
    const wildcards = [...parsedFiles.values()].some((parsed) => parsed?.text.includes('wildcard'))
    if (!wildcards) break
    for (const name of variables.keys()) expander.expandVariable(name)
    if (context.misses.size === 0) break
    for (const folder of context.misses) {
      context.listing.set(folder, await tree.list(folder === '' ? undefined : folder))
    }
  }
  const sources = new Map<string, string>()
  const starts = new Map<string, number[]>()
  for (const file of order) {
    const parsed = parsedFiles.get(file)
    if (!parsed) continue
    sources.set(file, parsed.text)
    starts.set(file, lineStarts(parsed.text))
  }
  const memo = new Map<string, ManifestEntry[]>()
  const entries = (variable: string): ManifestEntry[] => {
    let known = memo.get(variable)
    if (!known) {
      known = computeEntries(variable)
      memo.set(variable, known)
    }
    return [...known]
  }
  const computeEntries = (variable: string): ManifestEntry[] => {
    if (!expander.variables.has(variable)) return []
    const expanded = expander.expandVariable(variable)
    if (expander.capped) {
      // An incomplete list would make every file it misses look unlisted: use none of it.
      const place = variables.get(variable)?.[0]
      problems.push({
        file: place?.file ?? entryFile,
        line: place?.range.start.line ?? 1,
        message: `\`${variable}\` is too large or nested too deeply to expand`
      })
      return []
    }
    const result: ManifestEntry[] = []
    for (const [from, to] of wordSpans(expanded.text)) {
      const word = expanded.text.slice(from, to)
      const resolved = resolveWord(word, base)
      if (!resolved || hasMagic(resolved.written) || word.includes(BUILD_MARK)) continue
      const location = wordLocation(expanded, from, to)
      if (!location) continue
      const file = context.files[location.file] ?? entryFile
      const text = sources.get(file) ?? ''
      const lines = starts.get(file) ?? [0]
      const written = text.slice(location.start, location.end)
      const entry: ManifestEntry = {
        path: resolved.path,
        word: written,
        file,
        range: rangeAt(lines, location.start, location.end),
        variable: context.names[location.variable] ?? variable,
        // Removable on its own: a whole word of the variable it is written in.
        exact:
          !location.synthetic &&
          !/\s/.test(written) &&
          /^[\s=]?$/.test(text.slice(location.start - 1, location.start)) &&
          /^[\s\\#]?$/.test(text.slice(location.end, location.end + 1))
      }
      const conditions = context.conditionSets[location.condition] ?? []
      if (conditions.length > 0) entry.conditions = conditions
      result.push(entry)
    }
    return result
  }
  const mentions = new Map<string, boolean>()
  const mayMention = (variable: string, needle: string): boolean => {
    const key = `${variable}\u0000${needle}`
    const known = mentions.get(key)
    if (known !== undefined) return known
    // Provisionally false: a reference cycle adds nothing.
    mentions.set(key, false)
    const raw = (expander.variables.get(variable)?.parts ?? []).map((part) => part.text).join(' ')
    let result = raw.includes(needle) || raw.includes('wildcard') || raw.includes('$(foreach')
    if (!result) {
      for (const match of raw.matchAll(/\$[({]([^\s:(){}$,]+)[:)}]/g)) {
        if (mayMention(match[1] ?? '', needle)) {
          result = true
          break
        }
      }
    }
    // Computed names (`$($(X)_FILES)`) cannot be followed: assume they may.
    if (!result && /\$[({][^)}]*\$/.test(raw)) result = true
    mentions.set(key, result)
    return result
  }
  const result: AutomakeResult = {
    entry: entryFile,
    base,
    files: order,
    sources,
    variables,
    problems,
    entries,
    mayMention
  }
  remember({
    key: cacheKey,
    texts: new Map([...parsedFiles].map(([file, parsed]) => [file, parsed?.text])),
    absent: [...context.absent],
    listings: new Map(context.listing),
    result
  })
  return result
}
