/**
 * Inline markup recognition following docutils' `Inliner` (non character-level mode): the same
 * start/end-string conditions, the same "remaining string restarts at `^`" quirks, and linear-time
 * end-string searches (each end pattern's next match is memoised, since searches only move forward).
 */
import type {Position} from 'unist'
import {lastAtOrBefore} from '../arrays.js'
import type {Inline, Reference, Role, Text} from './ast.js'
import {isEndSuffix, isSpace, isStartPrefix, isWord, matchChars} from './chars.js'
import type {Source} from './source.js'

/** A run of source text handed to the inline parser: lines joined with `\n`. */
export interface InlineInput {
  /** The joined text. */
  text: string
  /** Start index (in `text`) of each segment, ascending. */
  starts: number[]
  /** Source offset of each segment start. */
  offsets: number[]
}

/** Inline parsing context. */
export interface InlineContext {
  src: Source
  defaultRole: string
  /** The document's inline element budget, shared by every run parsed with this context. */
  limit?: InlineLimit
}

/**
 * How many more inline elements the document may produce (`ParseOptions.maxElements`). Once
 * `stopped`, every further run becomes plain text without being scanned.
 */
export interface InlineLimit {
  readonly max: number
  remaining: number
  stopped: boolean
}

const STAR = 42
const BACKQUOTE = 96
const UNDERSCORE = 95
const PIPE = 124
const LBRACKET = 91
const COLON = 58
const HASH = 35
const LT = 60
const GT = 62

/**
 * Build an `InlineInput` from lines (text + source offset of each). `source`, when given, is the
 * text the offsets point into: lines that follow each other there, one `\n` apart, are one
 * segment sliced from it instead of a copy joined from pieces.
 */
export function joinLines(
  lines: readonly {t: string; o: number}[],
  from = 0,
  to = lines.length,
  source?: string
): InlineInput {
  if (to - from === 1) {
    // the common single-line case: no intermediate arrays
    const only = lines[from]!
    return {text: only.t, starts: [0], offsets: [only.o]}
  }
  if (source !== undefined && to - from > 1) {
    // Offsets map linearly onto the slice, so one segment describes it. For long paragraphs this
    // saves the per-line arrays and the join (millions of one-line pieces on hostile input).
    let k = from
    for (; k + 1 < to; k++) {
      const l = lines[k]!
      const end = l.o + l.t.length
      if (lines[k + 1]!.o !== end + 1 || source.charCodeAt(end) !== 10) break
    }
    if (k + 1 === to) {
      const first = lines[from]!
      const last = lines[to - 1]!
      return {text: source.slice(first.o, last.o + last.t.length), starts: [0], offsets: [first.o]}
    }
  }
  const starts: number[] = []
  const offsets: number[] = []
  const parts: string[] = []
  let at = 0
  for (let k = from; k < to; k++) {
    const l = lines[k]!
    starts.push(at)
    offsets.push(l.o)
    parts.push(l.t)
    at += l.t.length + 1
  }
  // a flat joined copy, not a slice of the source: the scanner reads it char by char, and
  // sliced strings measured ~15% slower there
  return {text: parts.join('\n'), starts, offsets}
}

function isSimplenameSep(c: number): boolean {
  return c === 45 || c === 46 || c === 95 || c === 43 || c === 58
}

/** Length of the longest `simplename` starting at `i` (0 when none). */
function simplenameEnd(e: string, i: number, n: number): number {
  let j = i
  let last = -1
  while (j < n) {
    const c = e.charCodeAt(j)
    if (c !== UNDERSCORE && isWord(c)) {
      j++
      last = j
      continue
    }
    if (isSimplenameSep(c) && last === j) {
      const d = e.charCodeAt(j + 1)
      if (j + 1 < n && d !== UNDERSCORE && isWord(d)) {
        j++
        continue
      }
    }
    break
  }
  return last < 0 ? i : last
}

/** Normalise a reference name as docutils `normalize_name`. */
export function normalizeName(s: string): string {
  return s.trim().split(/\s+/).join(' ').toLowerCase()
}

/** docutils `unescape` on the original text: drop escaping backslashes and escaped whitespace. */
function unescapeRaw(t: string, from: number, to: number, esc: Uint8Array | undefined): string {
  if (!esc) return t.slice(from, to)
  let out = ''
  let s = from
  for (let i = from; i < to; i++) {
    if (esc[i] === 1) {
      out += t.slice(s, i)
      const nx = t.charCodeAt(i + 1)
      // an escaped space or newline disappears together with its backslash
      s = i + 1 < to && (nx === 32 || nx === 10) ? i + 2 : i + 1
      if (s > i + 1) i++
    }
  }
  return out + t.slice(s, to)
}

// End-string kinds: index into the scanner's memo of the next end-string match.
const K_STRONG = 0
const K_EMPHASIS = 1
const K_LITERAL = 2
const K_TARGET = 3
const K_SUB = 4
const K_INTERP = 5

/**
 * The inline scanner's state as fields and its helpers as methods: one instance per parse is
 * reset for each text run, so scanning allocates only the nodes it returns (closures per call
 * made up a fifth of all parser allocation).
 */
class Scanner {
  t = ''
  /** `t` with escaping backslashes replaced by \x00 (same length). */
  e = ''
  n = 0
  esc: Uint8Array | undefined = undefined
  starts: number[] = []
  offs: number[] = []
  seg = 0
  out: Inline[] = []
  p = 0
  segStart = 0
  refFail = -1
  closeFrom = -1
  closeAt = -1
  colonFrom = -1
  colonAt = -1
  /** Set once the element budget ran out in this run: the rest of the run was emitted as text. */
  halted = false
  interpRole = ''
  /** Memo of each end-string search: where it last searched from and what it found. */
  readonly memoFrom = new Int32Array(6)
  readonly memoFound = new Int32Array(6)

  constructor(
    readonly src: Source,
    readonly ctx: InlineContext
  ) {}

  run(input: InlineInput, out: Inline[]): Inline[] {
    const t = input.text
    const n = t.length
    this.t = t
    this.n = n
    // escape2null: same length; escaping backslashes become \x00
    let e = t
    let esc: Uint8Array | undefined
    if (t.includes('\\')) {
      esc = new Uint8Array(n)
      const parts: string[] = []
      let s = 0
      let i = t.indexOf('\\')
      while (i >= 0) {
        parts.push(t.slice(s, i), '\x00')
        esc[i] = 1
        s = i + 1
        i = i + 2 < n ? t.indexOf('\\', i + 2) : -1
      }
      parts.push(t.slice(s))
      e = parts.join('')
    }
    this.e = e
    this.esc = esc
    this.starts = input.starts
    this.offs = input.offsets
    this.seg = 0
    this.out = out
    this.segStart = 0
    this.p = 0
    this.closeFrom = -1
    this.closeAt = -1
    this.colonFrom = -1
    this.colonAt = -1
    this.halted = false
    this.refFail = -1
    this.interpRole = ''
    this.memoFrom.fill(-1)
    this.memoFound.fill(-1)
    this.scan(t.includes('_'))
    return out
  }

  off(i: number): number {
    const starts = this.starts
    let seg = this.seg
    if (seg >= starts.length || (starts[seg] ?? 0) > i) seg = lastAtOrBefore(starts, i)
    while (seg + 1 < starts.length && (starts[seg + 1] ?? 0) <= i) seg++
    this.seg = seg
    return (this.offs[seg] ?? 0) + (i - (starts[seg] ?? 0))
  }

  pos(a: number, b: number): Position {
    const s = this.off(a)
    let en = s
    if (b > a) en = this.t.charCodeAt(b - 1) === 10 ? this.off(b - 1) : this.off(b - 1) + 1
    return this.src.pos(s, en)
  }

  at(i: number): number {
    return i < this.n ? this.e.charCodeAt(i) : -1
  }

  suffixOk(i: number): boolean {
    return i >= this.n || isEndSuffix(this.e.charCodeAt(i))
  }

  problem(msg: string, a: number, b: number): void {
    this.src.problem(2, msg, this.off(a), this.off(Math.max(a, b - 1)) + 1)
  }

  /** First end-string of `kind` at index >= from (real look-behind everywhere), memoised. */
  next(kind: number, from: number): number {
    const memoFrom = this.memoFrom[kind] ?? -1
    const memoFound = this.memoFound[kind] ?? -1
    if (memoFrom >= 0 && from >= memoFrom && (memoFound < 0 || memoFound >= from)) return memoFound
    let found: number
    if (kind === K_STRONG) found = this.strongEndFind(from)
    else if (kind === K_EMPHASIS) found = this.emphasisEndFind(from)
    else if (kind === K_LITERAL) found = this.literalEndFind(from)
    else if (kind === K_TARGET) found = this.targetEndFind(from)
    else if (kind === K_SUB) found = this.subEndFind(from)
    else found = this.interpEndFind(from)
    this.memoFrom[kind] = from
    this.memoFound[kind] = found
    return found
  }

  /** An end-string of `kind` right at `i`, where the look-behind does not apply. */
  endAtStart(kind: number, i: number): boolean {
    const e = this.e
    if (kind === K_STRONG) return e.startsWith('**', i) && this.suffixOk(i + 2)
    if (kind === K_EMPHASIS) return this.at(i) === STAR && this.suffixOk(i + 1)
    if (kind === K_LITERAL) return e.startsWith('``', i) && this.suffixOk(i + 2)
    if (kind === K_TARGET) return this.at(i) === BACKQUOTE && this.suffixOk(i + 1)
    if (kind === K_SUB) return this.at(i) === PIPE && this.subEndLen(i) > 0
    return this.at(i) === BACKQUOTE && this.interpTail(i) >= 0
  }

  // first end match at >= from where `from` itself ignores the look-behind (substring start)
  searchEnd(kind: number, from: number): number {
    if (this.endAtStart(kind, from)) return from
    return this.next(kind, from + 1)
  }

  // End-string searches. Each returns the index of the end-string start, or -1.
  emphasisEndFind(from: number): number {
    const e = this.e
    for (let i = e.indexOf('*', from); i >= 0; i = e.indexOf('*', i + 1)) {
      const p = e.charCodeAt(i - 1)
      if (i > 0 && (isSpace(p) || p === 0)) continue
      if (this.suffixOk(i + 1)) return i
    }
    return -1
  }

  strongEndFind(from: number): number {
    const e = this.e
    for (let i = e.indexOf('**', from); i >= 0; i = e.indexOf('**', i + 1)) {
      const p = e.charCodeAt(i - 1)
      if (i > 0 && (isSpace(p) || p === 0)) continue
      if (this.suffixOk(i + 2)) return i
    }
    return -1
  }

  literalEndFind(from: number): number {
    const e = this.e
    for (let i = e.indexOf('``', from); i >= 0; i = e.indexOf('``', i + 1)) {
      if (i > 0 && isSpace(e.charCodeAt(i - 1))) continue
      if (this.suffixOk(i + 2)) return i
    }
    return -1
  }

  targetEndFind(from: number): number {
    const e = this.e
    for (let i = e.indexOf('`', from); i >= 0; i = e.indexOf('`', i + 1)) {
      const p = e.charCodeAt(i - 1)
      if (i > 0 && (isSpace(p) || p === 0)) continue
      if (this.suffixOk(i + 1)) return i
    }
    return -1
  }

  // substitution end: `|_{0,2}` then suffix; the length of the end-string (0: none)
  subEndLen(i: number): number {
    if (this.at(i + 1) === UNDERSCORE && this.at(i + 2) === UNDERSCORE && this.suffixOk(i + 3))
      return 3
    if (this.at(i + 1) === UNDERSCORE && this.suffixOk(i + 2)) return 2
    if (this.suffixOk(i + 1)) return 1
    return 0
  }

  subEndFind(from: number): number {
    const e = this.e
    for (let i = e.indexOf('|', from); i >= 0; i = e.indexOf('|', i + 1)) {
      const p = e.charCodeAt(i - 1)
      if (i > 0 && (isSpace(p) || p === 0)) continue
      if (this.subEndLen(i) > 0) return i
    }
    return -1
  }

  // interpreted end: backquote, optional `:role:` or `__?`, then suffix
  interpTail(i: number): number {
    // returns end index of whole end-string or -1; sets interpRole
    this.interpRole = ''
    const j = i + 1
    if (this.at(j) === COLON) {
      const se = simplenameEnd(this.e, j + 1, this.n)
      if (se > j + 1 && this.at(se) === COLON && this.suffixOk(se + 1)) {
        this.interpRole = this.e.slice(j + 1, se)
        return se + 1
      }
    }
    if (this.at(j) === UNDERSCORE) {
      if (this.at(j + 1) === UNDERSCORE && this.suffixOk(j + 2)) return j + 2
      if (this.suffixOk(j + 1)) return j + 1
    }
    if (this.suffixOk(j)) return j
    return -1
  }

  interpEndFind(from: number): number {
    const e = this.e
    for (let i = e.indexOf('`', from); i >= 0; i = e.indexOf('`', i + 1)) {
      if (i > 0) {
        const p = e.charCodeAt(i - 1)
        if ((isSpace(p) || p === 0) && !(i > 1 && e.charCodeAt(i - 2) === 0)) continue
      }
      if (this.interpTail(i) >= 0) return i
    }
    return -1
  }

  emitText(a: number, b: number): void {
    if (b <= a) return
    this.implicit(a, b)
  }

  /**
   * Emit the text before an element at `at` and count the element. True when the budget ran out
   * (in the text's URIs or at the element): the rest of the run is then text and scanning ends.
   */
  emitBefore(pending: number, at: number): boolean {
    this.emitText(pending, at)
    if (this.halted) return true
    if (this.take(at)) return false
    this.stop(at)
    return true
  }

  pushText(a: number, b: number): void {
    if (b <= a) return
    const value = unescapeRaw(this.t, a, b, this.esc)
    const out = this.out
    const last = out[out.length - 1]
    if (last && last.type === 'text' && last.position.end.offset === this.off(a) && b > a) {
      // merge with a directly preceding text node
      last.value += value
      // the end offset as `pos(a, b)` computes it, without building its points
      const en = this.t.charCodeAt(b - 1) === 10 ? this.off(b - 1) : this.off(b - 1) + 1
      last.position = this.src.pos(last.position.start.offset ?? 0, en)
      return
    }
    const node: Text = {type: 'text', value, position: this.pos(a, b)}
    out.push(node)
  }

  // The first `:` at or after `from` (-1: none), memoised: text runs between dense markup would
  // otherwise each search the rest of the input for a colon (quadratic without colons).
  nextColon(from: number): number {
    if (this.colonFrom >= 0 && from >= this.colonFrom && (this.colonAt < 0 || from <= this.colonAt))
      return this.colonAt
    this.colonFrom = from
    this.colonAt = this.e.indexOf(':', from)
    return this.colonAt
  }

  // standalone URIs inside plain text
  implicit(a: number, b: number): void {
    const e = this.e
    let s = a
    let i = this.nextColon(a)
    while (i >= 0 && i < b) {
      const m = matchUri(e, i, a, b)
      if (m) {
        if (!this.take(m[0])) {
          this.stop(s)
          return
        }
        this.pushText(s, m[0])
        const uriText = unescapeRaw(this.t, m[0], m[1], this.esc)
        const ref: Reference = {
          type: 'reference',
          text: uriText,
          refuri: uriText,
          standalone: true,
          position: this.pos(m[0], m[1])
        }
        this.out.push(ref)
        s = m[1]
        i = this.nextColon(s)
      } else {
        i = this.nextColon(i + 1)
      }
    }
    this.pushText(s, b)
  }

  /**
   * Count one inline element (node or problem) starting at `at` against the document's budget.
   * False when the budget is spent: the one "too much markup" problem is recorded (the first
   * time) and the caller must `stop`.
   */
  take(at: number): boolean {
    const limit = this.ctx.limit
    if (limit === undefined) return true
    if (limit.remaining > 0 && !limit.stopped) {
      limit.remaining--
      return true
    }
    if (!limit.stopped) {
      limit.stopped = true
      const offset = this.off(at)
      const line = this.src.point(offset).line
      this.src.limitProblem(
        `Too much inline markup: more than ${limit.max} inline elements in this document; inline parsing stopped at line ${line} and the rest of the document is plain text.`,
        offset
      )
    }
    return false
  }

  /** The budget ran out: the rest of the run, from `from`, becomes plain text. */
  stop(from: number): void {
    this.halted = true
    this.pushText(from, this.n)
    this.p = this.n
  }

  quoted(endOfStart: number): boolean {
    const p = this.p
    if (p === this.segStart) return false
    if (endOfStart >= this.n) return true
    return matchChars(this.e.charAt(p - 1), this.e.charAt(endOfStart))
  }

  nonWsAfter(i: number): boolean {
    return i >= this.n || !isSpace(this.e.charCodeAt(i))
  }

  /** Move past a recognised construct ending at `to`. */
  advance(to: number): void {
    this.p = to
    this.segStart = to
  }

  scan(hasUnderscore: boolean): void {
    const t = this.t
    const e = this.e
    const n = this.n
    const out = this.out
    let pending = 0 // start of text not yet emitted
    while (this.p < n) {
      const p = this.p
      const c = e.charCodeAt(p)
      // fast skip of characters that can never start markup
      if (c < 128) {
        const k = asciiClass[c]
        if (k === ASCII_OTHER || (k === ASCII_WORD && (!hasUnderscore || p < this.refFail))) {
          this.p = p + 1
          continue
        }
        // inside a word: a word character is never a start-string prefix
        if (k === ASCII_WORD && p !== this.segStart) {
          const pc = e.charCodeAt(p - 1)
          if (pc < 128 && asciiClass[pc] === ASCII_WORD) {
            this.p = p + 1
            continue
          }
        }
      } else if (!hasUnderscore || p < this.refFail || !isWord(c)) {
        this.p = p + 1
        continue
      }
      if (p !== this.segStart && !isStartPrefix(e.charCodeAt(p - 1))) {
        this.p = p + 1
        continue
      }
      // ---- start-strings
      let startLen = 0
      let kind = -1
      if (c === STAR && this.at(p + 1) === STAR && this.nonWsAfter(p + 2)) {
        startLen = 2
        kind = K_STRONG
      } else if (c === STAR && this.at(p + 1) !== STAR && this.nonWsAfter(p + 1)) {
        startLen = 1
        kind = K_EMPHASIS
      } else if (c === BACKQUOTE && this.at(p + 1) === BACKQUOTE && this.nonWsAfter(p + 2)) {
        startLen = 2
        kind = K_LITERAL
      } else if (c === UNDERSCORE && this.at(p + 1) === BACKQUOTE && this.nonWsAfter(p + 2)) {
        startLen = 2
        kind = K_TARGET
      } else if (c === PIPE && this.at(p + 1) !== PIPE && this.nonWsAfter(p + 1)) {
        startLen = 1
        kind = K_SUB
      }
      if (kind >= 0) {
        const ms = p + startLen
        if (this.quoted(ms)) {
          // docutils restarts the search right after the start-string (`^` matches there)
          this.advance(ms)
          continue
        }
        const endAt = this.searchEnd(kind, ms)
        let endLen = startLen
        if (kind === K_TARGET) endLen = 1
        else if (kind === K_SUB) endLen = endAt >= 0 ? this.subEndLen(endAt) : 1
        if (endAt > ms) {
          if (this.emitBefore(pending, p)) return
          const te = endAt + endLen
          const position = this.pos(p, te)
          if (kind === K_STRONG || kind === K_EMPHASIS) {
            const child: Text = {
              type: 'text',
              value: unescapeRaw(t, ms, endAt, this.esc),
              position: this.pos(ms, endAt)
            }
            out.push({
              type: kind === K_STRONG ? 'strong' : 'emphasis',
              children: [child],
              position
            })
          } else if (kind === K_LITERAL) {
            out.push({type: 'inlineLiteral', value: t.slice(ms, endAt), position})
          } else if (kind === K_TARGET) {
            const text = unescapeRaw(t, ms, endAt, this.esc)
            out.push({type: 'inlineTarget', name: normalizeName(text), text, position})
          } else {
            const name = unescapeRaw(t, ms, endAt, this.esc)
            const node: Inline = {type: 'substitutionReference', name, position}
            if (endLen === 2) node.reference = 'named'
            else if (endLen === 3) node.reference = 'anonymous'
            out.push(node)
          }
          pending = te
          this.advance(te)
          continue
        }
        const what =
          kind === K_STRONG
            ? 'strong'
            : kind === K_EMPHASIS
              ? 'emphasis'
              : kind === K_LITERAL
                ? 'literal'
                : kind === K_TARGET
                  ? 'target'
                  : 'substitution_reference'
        if (!this.take(p)) return this.stop(pending)
        this.problem(`Inline ${what} start-string without end-string.`, p, ms)
        this.advance(ms)
        continue
      }
      // ---- whole constructs: refname_ / refname__
      if (c !== UNDERSCORE && c > 47 && isWord(c) && p >= this.refFail) {
        const m = this.matchRefname(p)
        if (m) {
          if (this.emitBefore(pending, p)) return
          const name = unescapeRaw(t, p, m[0], this.esc)
          const ref: Reference = {
            type: 'reference',
            text: name,
            refname: normalizeName(name),
            position: this.pos(p, m[1])
          }
          if (m[1] - m[0] === 2) ref.anonymous = true
          out.push(ref)
          pending = m[1]
          this.advance(m[1])
          continue
        }
      }
      if (c === LBRACKET) {
        const m = this.matchFootnote(p)
        if (m) {
          if (this.emitBefore(pending, p)) return
          const label = e.slice(p + 1, m[0])
          out.push(
            m[2]
              ? {type: 'citationReference', label, position: this.pos(p, m[1])}
              : {type: 'footnoteReference', label, position: this.pos(p, m[1])}
          )
          pending = m[1]
          this.advance(m[1])
          continue
        }
      }
      // ---- interpreted text / phrase references
      let roleStart = -1
      let role = ''
      let bq = -1
      if (c === COLON) {
        const se = simplenameEnd(e, p + 1, n)
        if (
          se > p + 1 &&
          this.at(se) === COLON &&
          this.at(se + 1) === BACKQUOTE &&
          this.at(se + 2) !== BACKQUOTE &&
          this.nonWsAfter(se + 2)
        ) {
          roleStart = p
          role = e.slice(p + 1, se)
          bq = se + 1
        }
      } else if (c === BACKQUOTE && this.at(p + 1) !== BACKQUOTE && this.nonWsAfter(p + 1)) {
        roleStart = p
        bq = p
      }
      if (bq < 0) {
        this.p = p + 1
        continue
      }
      const me = bq + 1
      if (role === '' && this.quoted(me)) {
        this.advance(me)
        continue
      }
      const endAt = this.searchEnd(K_INTERP, me)
      if (endAt > me) {
        const textEnd = this.interpTail(endAt)
        const suffixRole = this.interpRole
        let position: 'prefix' | 'suffix' | '' = role ? 'prefix' : ''
        if (suffixRole) {
          if (role) {
            // the text before counts first (its URIs come first); it makes no problems, so
            // the problem order is docutils' all the same
            if (this.emitBefore(pending, roleStart)) return
            this.problem(
              'Multiple roles in interpreted text (both prefix and suffix present; only one allowed).',
              roleStart,
              textEnd
            )
            this.pushText(roleStart, textEnd)
            pending = textEnd
            this.advance(textEnd)
            continue
          }
          role = suffixRole
          position = 'suffix'
        }
        if (this.emitBefore(pending, roleStart)) return
        if (this.at(textEnd - 1) === UNDERSCORE && textEnd - 1 > endAt) {
          if (role) {
            this.problem(
              `Mismatch: both interpreted text role ${position} and reference suffix.`,
              roleStart,
              textEnd
            )
            this.pushText(roleStart, textEnd)
          } else {
            out.push(this.phraseRef(bq, me, endAt, textEnd))
          }
        } else {
          const node: Role = {
            type: 'role',
            name: (role || this.ctx.defaultRole).toLowerCase(),
            value: t.slice(me, endAt),
            valuePosition: this.pos(me, endAt),
            position: this.pos(roleStart, textEnd)
          }
          if (!role) node.implicit = true
          out.push(node)
        }
        pending = textEnd
        this.advance(textEnd)
        continue
      }
      if (!this.take(bq)) return this.stop(pending)
      this.problem(
        'Inline interpreted text or phrase reference start-string without end-string.',
        bq,
        me
      )
      this.advance(me)
    }
    this.emitText(pending, n)
  }

  matchRefname(s: number): [number, number] | undefined {
    // candidates: simplename ending at k (k exclusive) followed by `__?` + suffix; greedy.
    // Every prefix of the longest simplename that ends in a word character is a simplename.
    const e = this.e
    const n = this.n
    let j = s
    let underscore = false
    while (j < n) {
      const c = e.charCodeAt(j)
      if (c < 128 ? asciiClass[c] === ASCII_WORD || isSimplenameSep(c) : isWord(c)) {
        if (c === UNDERSCORE) underscore = true
        j++
      } else break
    }
    if (!underscore) {
      // no `_` in this token: no reference name can end in it
      this.refFail = j
      return undefined
    }
    const longest = simplenameEnd(e, s, j)
    for (let k = Math.min(j, longest); k > s; k--) {
      if (e.charCodeAt(k) !== UNDERSCORE) continue
      const last = e.charCodeAt(k - 1)
      if (last === UNDERSCORE || !isWord(last)) continue
      if (this.at(k + 1) === UNDERSCORE && this.suffixOk(k + 2)) return [k, k + 2]
      if (this.suffixOk(k + 1)) return [k, k + 1]
    }
    this.refFail = j
    return undefined
  }

  // The first `]` at or after `closeFrom` (-1: none). A run of `[` without `]` would otherwise
  // search to the end of the text once per `[` (quadratic on hostile input).
  nextClose(from: number): number {
    if (this.closeFrom >= 0 && from >= this.closeFrom && (this.closeAt < 0 || from <= this.closeAt))
      return this.closeAt
    this.closeFrom = from
    this.closeAt = this.e.indexOf(']', from)
    return this.closeAt
  }

  matchFootnote(s: number): [number, number, boolean] | undefined {
    const close = this.nextClose(s + 1)
    if (close < 0 || this.at(close + 1) !== UNDERSCORE || !this.suffixOk(close + 2))
      return undefined
    const label = this.e.slice(s + 1, close)
    if (label.length === 0) return undefined
    if (/^[0-9]+$/.test(label) || label === '*') return [close, close + 2, false]
    if (label.charCodeAt(0) === HASH) {
      if (label.length === 1 || simplenameEnd(label, 1, label.length) === label.length) {
        return [close, close + 2, false]
      }
      return undefined
    }
    if (simplenameEnd(label, 0, label.length) === label.length) return [close, close + 2, true]
    return undefined
  }

  phraseRef(bqAt: number, ms: number, endAt: number, textEnd: number): Reference {
    const t = this.t
    const e = this.e
    const esc = this.esc
    const anonymous = textEnd - endAt === 3
    const position = this.pos(bqAt, textEnd)
    // embedded `<uri>` / `<alias_>` at the end of the phrase
    if (
      this.at(endAt - 1) === GT &&
      !(endAt - 2 >= ms && (isSpace(this.at(endAt - 2)) || this.at(endAt - 2) === 0))
    ) {
      let k = endAt - 2
      let lt = -1
      while (k >= ms) {
        const ch = e.charCodeAt(k)
        if (ch === LT || ch === GT) {
          if (k > ms && e.charCodeAt(k - 1) === 0) {
            k -= 2
            continue
          }
          if (ch === LT) lt = k
          break
        }
        k--
      }
      if (lt >= ms && lt + 1 < endAt - 1 && !isSpace(this.at(lt + 1))) {
        let ts = lt
        while (ts > ms && (this.at(ts - 1) === 32 || this.at(ts - 1) === 10)) ts--
        if (ts < lt || lt === ms) {
          const text = unescapeRaw(t, ms, ts, esc)
          const inner = e.slice(lt + 1, endAt - 1)
          const rawInner = t.slice(lt + 1, endAt - 1)
          const ref: Reference = {type: 'reference', text, position}
          if (
            inner.endsWith('_') &&
            !rawInner.endsWith('\\_') &&
            !/^[a-zA-Z][a-zA-Z0-9.+-]*:/.test(inner)
          ) {
            const alias = normalizeName(unescapeRaw(t, lt + 1, endAt - 2, esc))
            ref.refname = alias
            ref.embedded = 'alias'
            if (!text) ref.text = alias
          } else {
            const uri = unescapeRaw(t, lt + 1, endAt - 1, esc)
              .split(/\s+/)
              .join('')
            ref.refuri = uri
            ref.embedded = 'uri'
            if (!text) ref.text = uri
          }
          if (anonymous) ref.anonymous = true
          return ref
        }
      }
    }
    const text = unescapeRaw(t, ms, endAt, esc)
    const ref: Reference = {type: 'reference', text, refname: normalizeName(text), position}
    if (anonymous) ref.anonymous = true
    return ref
  }
}

/** Parse inline markup of `input` into nodes with source positions. */
const triggers = /[*`|_[:\\]/
const ASCII_OTHER = 0
const ASCII_TRIGGER = 1
const ASCII_WORD = 2
const asciiClass = new Uint8Array(128)
for (let c = 0; c < 128; c++) {
  if ('*`_|[:'.includes(String.fromCharCode(c))) asciiClass[c] = ASCII_TRIGGER
  else if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122))
    asciiClass[c] = ASCII_WORD
  else asciiClass[c] = ASCII_OTHER
}

export function parseInline(input: InlineInput, ctx: InlineContext, into?: Inline[]): Inline[] {
  const t = input.text
  const n = t.length
  // appending to a non-empty array could merge text with what is already there: not allowed
  const out = into !== undefined && into.length === 0 ? into : []
  if (n === 0) return out
  const stopped = ctx.limit !== undefined && ctx.limit.stopped
  if (stopped || !triggers.test(t)) {
    // no markup possible (the common case, worth a fast path), or no budget left for any: one
    // text node, escapes removed as in any text node
    const last = input.starts.length - 1
    const end = (input.offsets[last] ?? 0) + (n - (input.starts[last] ?? 0))
    const value = stopped ? unescapeText(t) : t
    out.push({type: 'text', value, position: ctx.src.pos(input.offsets[0] ?? 0, end)})
    return out
  }
  return scanInline(input, ctx, out)
}

/**
 * The whole input as one text node, markup characters and all (escapes removed). `end` is the
 * source offset where it ends when that is not where the input's last segment says.
 */
export function plainText(input: InlineInput, src: Source, end?: number): Text {
  const t = input.text
  const last = input.starts.length - 1
  const to = end ?? (input.offsets[last] ?? 0) + (t.length - (input.starts[last] ?? 0))
  return {type: 'text', value: unescapeText(t), position: src.pos(input.offsets[0] ?? 0, to)}
}

/** `unescapeRaw` over a whole text, finding the escaping backslashes as the scanner does. */
function unescapeText(t: string): string {
  let i = t.indexOf('\\')
  if (i < 0) return t
  let out = ''
  let s = 0
  const n = t.length
  while (i >= 0) {
    out += t.slice(s, i)
    const nx = t.charCodeAt(i + 1)
    // an escaped space or newline disappears together with its backslash
    s = i + 1 < n && (nx === 32 || nx === 10) ? i + 2 : i + 1
    i = i + 2 < n ? t.indexOf('\\', i + 2) : -1
  }
  return out + t.slice(s)
}

let lastScanner: Scanner | undefined

function scanInline(input: InlineInput, ctx: InlineContext, out: Inline[]): Inline[] {
  // one scanner per parse (per context): its state is reset for each text run
  let s = lastScanner
  if (s === undefined || s.ctx !== ctx || s.src !== ctx.src) {
    s = new Scanner(ctx.src, ctx)
    lastScanner = s
  }
  return s.run(input, out)
}

const uriSchemes = new Set([
  'http',
  'https',
  'ftp',
  'ftps',
  'sftp',
  'mailto',
  'file',
  'git',
  'ssh',
  'svn',
  'irc',
  'news',
  'nntp',
  'telnet',
  'gopher',
  'ldap',
  'tel',
  'urn',
  'data',
  'xmpp',
  'rsync',
  'ws',
  'wss'
])

function isUric(c: number): boolean {
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    (c >= 48 && c <= 57) ||
    c === 0 ||
    "-_.!~*'()[];/:@&=+$,%".includes(String.fromCharCode(c))
  )
}
function isUriLast(c: number): boolean {
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    (c >= 48 && c <= 57) ||
    '_~*/=+'.includes(String.fromCharCode(c))
  )
}

/** A standalone URI whose scheme colon is at `colon`, within [a, b): [start, end] or undefined. */
function matchUri(e: string, colon: number, a: number, b: number): [number, number] | undefined {
  let s = colon
  while (s > a) {
    const c = e.charCodeAt(s - 1)
    if (
      (c >= 97 && c <= 122) ||
      (c >= 65 && c <= 90) ||
      (c >= 48 && c <= 57) ||
      c === 43 ||
      c === 45 ||
      c === 46
    )
      s--
    else break
  }
  while (s < colon) {
    const c = e.charCodeAt(s)
    if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) break
    s++
  }
  if (s >= colon) return undefined
  if (!uriSchemes.has(e.slice(s, colon).toLowerCase())) return undefined
  if (s > a && !isStartPrefix(e.charCodeAt(s - 1))) return undefined
  let j = colon + 1
  while (j < b && (isUric(e.charCodeAt(j)) || e.charCodeAt(j) === HASH || e.charCodeAt(j) === 63))
    j++
  // back off to a valid last character followed by an end-string suffix
  while (j > colon + 1) {
    const last = e.charCodeAt(j - 1)
    const okLast = isUriLast(last) || (e.charCodeAt(j) === GT && isUric(last))
    if (okLast && (j >= b || isEndSuffix(e.charCodeAt(j)))) return [s, j]
    j--
  }
  return undefined
}
