/**
 * Automake/Make expansion: enough of GNU make's `$(VAR)` expansion and list functions to list a
 * variable's words, each character keeping the place it was written (see ../expansion.ts). Work
 * is bounded per expansion and over a whole reading (a fixed factor times the text read).
 */
import {OriginText, wordSpans} from '../expansion.js'
import {globBase, hasMagic, matchGlob} from '../glob.js'
import {dirname, joinPath, normalizePath} from '../text.js'

/** How the reader treats `$(srcdir)`-like prefixes: a marker resolved when words become paths. */
export const SRCDIR_MARK = '\u0001'
export const TOP_SRCDIR_MARK = '\u0002'
export const BUILD_MARK = '\u0003'

export const SPECIAL: Record<string, string> = {
  srcdir: SRCDIR_MARK,
  abs_srcdir: SRCDIR_MARK,
  top_srcdir: TOP_SRCDIR_MARK,
  abs_top_srcdir: TOP_SRCDIR_MARK,
  builddir: BUILD_MARK,
  abs_builddir: BUILD_MARK,
  top_builddir: BUILD_MARK,
  abs_top_builddir: BUILD_MARK
}

export interface Variable {
  flavor: 'recursive' | 'simple'
  /** The value, one part per assignment (`+=` adds a part instead of copying the value). */
  parts: OriginText[]
  /** `if` blocks of the last plain `=`: a `=` in another branch of one of them appends. */
  blocks: number[]
}

/** A hard cap on include depth and expansion work: hostile input must not hang the reader. */
/** Work any one expansion may do past the reading's budget, per character of its own text. */
const OWN_WORK_PER_CHAR = 8
const OWN_WORK_FLOOR = 256

export const MAX_INCLUDE_DEPTH = 20
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

export interface Context {
  names: string[]
  nameIndex: Map<string, number>
  files: string[]
  conditionSets: string[][]
  /** Condition set (joined with NUL) → its index in `conditionSets`. */
  conditionIndex: Map<string, number>
  /** Folder → files below it, for `$(wildcard)`; a missing folder is recorded in `misses`. */
  listing: Map<string, string[]>
  misses: Set<string>
  /** Rule targets met so far (tree paths): files the build makes, so never missing. */
  targets: Set<string>
  base: string
  /** The build's top folder, where `$(top_srcdir)` points ('' for the tree root). */
  top?: string
  /** Characters of build text read (every file once): what expansion work is bounded by. */
  readChars: number
  /**
   * Whether a rule's prerequisites are read as a list named after its targets (`html:`): a plain
   * Makefile's `html: index.rst install.rst` names files make needs to exist.
   */
  prerequisites?: boolean
}

export function nameId(context: Context, name: string): number {
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
export function patternStem(pattern: string, word: string): string | undefined {
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

export class Expander {
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

  /**
   * What the current top-level expansion may spend past the budget: a fixed factor times its own
   * text, so a plain list read after a doubling chain spent the budget is still read (the sum
   * over all lists is a fixed factor times the text read).
   */
  private allowance = 0

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
      (this.spent > this.budget && this.work > this.allowance) ||
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
      // A copy of a value already expanded: charged like an expansion, so `A := $(A) $(A)` line
      // after line cannot double past the bounds.
      const length = variable.parts.reduce((sum, part) => sum + part.length + 1, 0)
      if (!this.affordable(length)) {
        this.capped = true
        if (outer) outer.tainted = true
        return
      }
      this.work += length
      this.spent += length
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

  /** Whether `length` more characters of work stay within the limits. */
  private affordable(length: number): boolean {
    if (this.work + length > MAX_TEXT) return false
    return this.spent + length <= this.budget || this.work + length <= this.allowance
  }

  /** Expand a value now (`:=`, include paths), with fresh limits. */
  expandFresh(raw: OriginText): OriginText {
    // Variables may still change (this is the reading phase): nothing is remembered across.
    this.memo = undefined
    this.work = 0
    this.allowance = OWN_WORK_PER_CHAR * raw.length + OWN_WORK_FLOOR
    this.capped = false
    return this.expand(raw, 0, new Set())
  }

  /** The whole value of a variable, expanded at depth 0 (as a list is read). */
  expandVariable(name: string): OriginText {
    const out = new OriginText()
    const variable = this.variables.get(name)
    if (!variable) return out
    this.work = 0
    this.allowance =
      OWN_WORK_PER_CHAR * variable.parts.reduce((sum, part) => sum + part.length, 0) +
      OWN_WORK_FLOOR
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
      const resolved = resolveWord(word.text, this.context.base, this.context.top)
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
 * Turn an expanded word into a tree path: `$(srcdir)/` resolves against `base`, `$(top_srcdir)/`
 * against `top` (the build's top folder), plain words are relative to `base`. `written` is the
 * part after the prefix.
 */
export function resolveWord(
  word: string,
  base: string,
  top = ''
): {path: string; written: string; base: string} | undefined {
  let rest = word
  let folder = base
  if (rest.startsWith(SRCDIR_MARK)) {
    rest = rest.slice(1).replace(/^\/+/, '')
  } else if (rest.startsWith(TOP_SRCDIR_MARK)) {
    rest = rest.slice(1).replace(/^\/+/, '')
    folder = top
  }
  if (rest === '' || /[\u0000-\u0008$@`'"\\;|&<>()=]/.test(rest)) return undefined
  const path = normalizePath(joinPath(folder, rest))
  if (path === undefined) return undefined
  return {path, written: rest, base: folder}
}
