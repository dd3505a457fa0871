/**
 * Inline markup recognition following docutils' `Inliner` (non character-level mode): the same
 * start/end-string conditions, the same "remaining string restarts at `^`" quirks, and linear-time
 * end-string searches (each end pattern's next match is memoised, since searches only move forward).
 */
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

/** Build an `InlineInput` from lines (text + source offset of each). */
export function joinLines(lines: {t: string; o: number}[]): InlineInput {
  if (lines.length === 1) {
    // the common single-line case: no intermediate arrays
    const only = lines[0]!
    return {text: only.t, starts: [0], offsets: [only.o]}
  }
  const starts: number[] = []
  const offsets: number[] = []
  const parts: string[] = []
  let at = 0
  for (const l of lines) {
    starts.push(at)
    offsets.push(l.o)
    parts.push(l.t)
    at += l.t.length + 1
  }
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

class EndSearch {
  private from = -1
  private found = -1
  constructor(private readonly find: (from: number) => number) {}
  /** First match at index >= from (real look-behind everywhere). */
  next(from: number): number {
    if (this.from >= 0 && from >= this.from && (this.found < 0 || this.found >= from)) {
      return this.found
    }
    this.from = from
    this.found = this.find(from)
    return this.found
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

export function parseInline(input: InlineInput, ctx: InlineContext): Inline[] {
  const t = input.text
  const n = t.length
  const src = ctx.src
  if (n === 0) return []
  if (!triggers.test(t)) {
    // no markup possible: one text node (the common case, worth a fast path)
    const last = input.starts.length - 1
    const end = (input.offsets[last] ?? 0) + (n - (input.starts[last] ?? 0))
    return [{type: 'text', value: t, position: src.pos(input.offsets[0] ?? 0, end)}]
  }
  const hasUnderscore = t.includes('_')
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
  const starts = input.starts
  const offs = input.offsets
  let seg = 0
  const off = (i: number): number => {
    if (seg >= starts.length || (starts[seg] ?? 0) > i) {
      let lo = 0
      let hi = starts.length - 1
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1
        if ((starts[mid] ?? 0) <= i) lo = mid
        else hi = mid - 1
      }
      seg = lo
    }
    while (seg + 1 < starts.length && (starts[seg + 1] ?? 0) <= i) seg++
    return (offs[seg] ?? 0) + (i - (starts[seg] ?? 0))
  }
  const pos = (a: number, b: number) => {
    const s = off(a)
    let en = s
    if (b > a) en = t.charCodeAt(b - 1) === 10 ? off(b - 1) : off(b - 1) + 1
    return src.pos(s, en)
  }
  const at = (i: number): number => (i < n ? e.charCodeAt(i) : -1)
  const suffixOk = (i: number): boolean => i >= n || isEndSuffix(e.charCodeAt(i))
  const problem = (msg: string, a: number, b: number): void => {
    src.problem(2, msg, off(a), off(Math.max(a, b - 1)) + 1)
  }

  // End-string searches. Each returns the index of the end-string start, or -1.
  const emphasisEndFind = (from: number): number => {
    for (let i = e.indexOf('*', from); i >= 0; i = e.indexOf('*', i + 1)) {
      const p = e.charCodeAt(i - 1)
      if (i > 0 && (isSpace(p) || p === 0)) continue
      if (suffixOk(i + 1)) return i
    }
    return -1
  }
  const strongEndFind = (from: number): number => {
    for (let i = e.indexOf('**', from); i >= 0; i = e.indexOf('**', i + 1)) {
      const p = e.charCodeAt(i - 1)
      if (i > 0 && (isSpace(p) || p === 0)) continue
      if (suffixOk(i + 2)) return i
    }
    return -1
  }
  const literalEndFind = (from: number): number => {
    for (let i = e.indexOf('``', from); i >= 0; i = e.indexOf('``', i + 1)) {
      if (i > 0 && isSpace(e.charCodeAt(i - 1))) continue
      if (suffixOk(i + 2)) return i
    }
    return -1
  }
  const targetEndFind = (from: number): number => {
    for (let i = e.indexOf('`', from); i >= 0; i = e.indexOf('`', i + 1)) {
      const p = e.charCodeAt(i - 1)
      if (i > 0 && (isSpace(p) || p === 0)) continue
      if (suffixOk(i + 1)) return i
    }
    return -1
  }
  // substitution end: `|_{0,2}` then suffix; returns index, length via subLen
  let subLen = 1
  const subEndLen = (i: number): number => {
    if (at(i + 1) === UNDERSCORE && at(i + 2) === UNDERSCORE && suffixOk(i + 3)) return 3
    if (at(i + 1) === UNDERSCORE && suffixOk(i + 2)) return 2
    if (suffixOk(i + 1)) return 1
    return 0
  }
  const subEndFind = (from: number): number => {
    for (let i = e.indexOf('|', from); i >= 0; i = e.indexOf('|', i + 1)) {
      const p = e.charCodeAt(i - 1)
      if (i > 0 && (isSpace(p) || p === 0)) continue
      if (subEndLen(i) > 0) return i
    }
    return -1
  }
  // interpreted end: backquote, optional `:role:` or `__?`, then suffix
  let interpSuffixEnd = 0
  let interpRole = ''
  const interpTail = (i: number): number => {
    // returns end index of whole end-string or -1; sets interpRole
    interpRole = ''
    const j = i + 1
    if (at(j) === COLON) {
      const se = simplenameEnd(e, j + 1, n)
      if (se > j + 1 && at(se) === COLON && suffixOk(se + 1)) {
        interpRole = e.slice(j + 1, se)
        return se + 1
      }
    }
    if (at(j) === UNDERSCORE) {
      if (at(j + 1) === UNDERSCORE && suffixOk(j + 2)) return j + 2
      if (suffixOk(j + 1)) return j + 1
    }
    if (suffixOk(j)) return j
    return -1
  }
  const interpEndFind = (from: number): number => {
    for (let i = e.indexOf('`', from); i >= 0; i = e.indexOf('`', i + 1)) {
      if (i > 0) {
        const p = e.charCodeAt(i - 1)
        if ((isSpace(p) || p === 0) && !(i > 1 && e.charCodeAt(i - 2) === 0)) continue
      }
      if (interpTail(i) >= 0) return i
    }
    return -1
  }
  let emphasisEnd: EndSearch | undefined
  let strongEnd: EndSearch | undefined
  let literalEnd: EndSearch | undefined
  let targetEnd: EndSearch | undefined
  let subEnd: EndSearch | undefined
  let interpEnd: EndSearch | undefined
  // first end match at >= from where `from` itself ignores the look-behind (substring start)
  const searchEnd = (s: EndSearch, from: number, atStart: (i: number) => boolean): number => {
    if (atStart(from)) return from
    return s.next(from + 1)
  }

  const out: Inline[] = []
  let pending = 0 // start of text not yet emitted
  const emitText = (a: number, b: number): void => {
    if (b <= a) return
    implicit(a, b)
  }
  const pushText = (a: number, b: number): void => {
    if (b <= a) return
    const value = unescapeRaw(t, a, b, esc)
    const last = out[out.length - 1]
    if (last && last.type === 'text' && last.position.end.offset === off(a) && b > a) {
      // merge with a directly preceding text node
      last.value += value
      last.position = src.pos(last.position.start.offset ?? 0, pos(a, b).end.offset ?? 0)
      return
    }
    const node: Text = {type: 'text', value, position: pos(a, b)}
    out.push(node)
  }
  // standalone URIs inside plain text
  const implicit = (a: number, b: number): void => {
    let s = a
    let i = e.indexOf(':', a)
    while (i >= 0 && i < b) {
      const m = matchUri(e, i, a, b)
      if (m) {
        pushText(s, m[0])
        const uriText = unescapeRaw(t, m[0], m[1], esc)
        const ref: Reference = {
          type: 'reference',
          text: uriText,
          refuri: uriText,
          standalone: true,
          position: pos(m[0], m[1])
        }
        out.push(ref)
        s = m[1]
        i = e.indexOf(':', s)
      } else {
        i = e.indexOf(':', i + 1)
      }
    }
    pushText(s, b)
  }

  let segStart = 0
  let p = 0
  // memo for nextClose (declared before the scan loop runs)
  let closeFrom = -1
  let closeAt = -1
  const quoted = (endOfStart: number): boolean => {
    if (p === segStart) return false
    if (endOfStart >= n) return true
    return matchChars(e.charAt(p - 1), e.charAt(endOfStart))
  }
  const nonWsAfter = (i: number): boolean => i >= n || !isSpace(e.charCodeAt(i))
  let refFail = -1 // index up to which refname attempts are known to fail
  while (p < n) {
    const c = e.charCodeAt(p)
    // fast skip of characters that can never start markup
    if (c < 128) {
      const k = asciiClass[c]
      if (k === ASCII_OTHER || (k === ASCII_WORD && (!hasUnderscore || p < refFail))) {
        p++
        continue
      }
      // inside a word: a word character is never a start-string prefix
      if (k === ASCII_WORD && p !== segStart) {
        const pc = e.charCodeAt(p - 1)
        if (pc < 128 && asciiClass[pc] === ASCII_WORD) {
          p++
          continue
        }
      }
    } else if (!hasUnderscore || p < refFail || !isWord(c)) {
      p++
      continue
    }
    if (p !== segStart && !isStartPrefix(e.charCodeAt(p - 1))) {
      p++
      continue
    }
    // ---- start-strings
    let startLen = 0
    let kind = ''
    if (c === STAR && at(p + 1) === STAR && nonWsAfter(p + 2)) {
      startLen = 2
      kind = 'strong'
    } else if (c === STAR && at(p + 1) !== STAR && nonWsAfter(p + 1)) {
      startLen = 1
      kind = 'emphasis'
    } else if (c === BACKQUOTE && at(p + 1) === BACKQUOTE && nonWsAfter(p + 2)) {
      startLen = 2
      kind = 'literal'
    } else if (c === UNDERSCORE && at(p + 1) === BACKQUOTE && nonWsAfter(p + 2)) {
      startLen = 2
      kind = 'target'
    } else if (c === PIPE && at(p + 1) !== PIPE && nonWsAfter(p + 1)) {
      startLen = 1
      kind = 'substitution'
    }
    if (kind !== '') {
      const ms = p + startLen
      if (quoted(ms)) {
        // docutils restarts the search right after the start-string (`^` matches there)
        p = ms
        segStart = ms
        continue
      }
      let endAt = -1
      let endLen = startLen
      if (kind === 'strong') {
        endAt = searchEnd(
          (strongEnd ??= new EndSearch(strongEndFind)),
          ms,
          (i) => e.startsWith('**', i) && suffixOk(i + 2)
        )
      } else if (kind === 'emphasis') {
        endAt = searchEnd(
          (emphasisEnd ??= new EndSearch(emphasisEndFind)),
          ms,
          (i) => at(i) === STAR && suffixOk(i + 1)
        )
      } else if (kind === 'literal') {
        endAt = searchEnd(
          (literalEnd ??= new EndSearch(literalEndFind)),
          ms,
          (i) => e.startsWith('``', i) && suffixOk(i + 2)
        )
      } else if (kind === 'target') {
        endAt = searchEnd(
          (targetEnd ??= new EndSearch(targetEndFind)),
          ms,
          (i) => at(i) === BACKQUOTE && suffixOk(i + 1)
        )
        endLen = 1
      } else {
        endAt = searchEnd(
          (subEnd ??= new EndSearch(subEndFind)),
          ms,
          (i) => at(i) === PIPE && subEndLen(i) > 0
        )
        subLen = endAt >= 0 ? subEndLen(endAt) : 1
        endLen = subLen
      }
      if (endAt > ms) {
        emitText(pending, p)
        const te = endAt + endLen
        const position = pos(p, te)
        if (kind === 'strong' || kind === 'emphasis') {
          const child: Text = {
            type: 'text',
            value: unescapeRaw(t, ms, endAt, esc),
            position: pos(ms, endAt)
          }
          out.push({type: kind, children: [child], position})
        } else if (kind === 'literal') {
          out.push({type: 'inlineLiteral', value: t.slice(ms, endAt), position})
        } else if (kind === 'target') {
          const text = unescapeRaw(t, ms, endAt, esc)
          out.push({type: 'inlineTarget', name: normalizeName(text), text, position})
        } else {
          const name = unescapeRaw(t, ms, endAt, esc)
          const node: Inline = {type: 'substitutionReference', name, position}
          if (endLen === 2) node.reference = 'named'
          else if (endLen === 3) node.reference = 'anonymous'
          out.push(node)
        }
        pending = te
        segStart = te
        p = te
        continue
      }
      const what =
        kind === 'strong'
          ? 'strong'
          : kind === 'emphasis'
            ? 'emphasis'
            : kind === 'literal'
              ? 'literal'
              : kind === 'target'
                ? 'target'
                : 'substitution_reference'
      problem(`Inline ${what} start-string without end-string.`, p, ms)
      p = ms
      segStart = ms
      continue
    }
    // ---- whole constructs: refname_ / refname__
    if (c !== UNDERSCORE && c > 47 && isWord(c) && p >= refFail) {
      const m = matchRefname(p)
      if (m) {
        emitText(pending, p)
        const name = unescapeRaw(t, p, m[0], esc)
        const ref: Reference = {
          type: 'reference',
          text: name,
          refname: normalizeName(name),
          position: pos(p, m[1])
        }
        if (m[1] - m[0] === 2) ref.anonymous = true
        out.push(ref)
        pending = m[1]
        segStart = m[1]
        p = m[1]
        continue
      }
    }
    if (c === LBRACKET) {
      const m = matchFootnote(p)
      if (m) {
        emitText(pending, p)
        const label = e.slice(p + 1, m[0])
        out.push(
          m[2]
            ? {type: 'citationReference', label, position: pos(p, m[1])}
            : {type: 'footnoteReference', label, position: pos(p, m[1])}
        )
        pending = m[1]
        segStart = m[1]
        p = m[1]
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
        at(se) === COLON &&
        at(se + 1) === BACKQUOTE &&
        at(se + 2) !== BACKQUOTE &&
        nonWsAfter(se + 2)
      ) {
        roleStart = p
        role = e.slice(p + 1, se)
        bq = se + 1
      }
    } else if (c === BACKQUOTE && at(p + 1) !== BACKQUOTE && nonWsAfter(p + 1)) {
      roleStart = p
      bq = p
    }
    if (bq < 0) {
      p++
      continue
    }
    const me = bq + 1
    if (role === '' && quoted(me)) {
      p = me
      segStart = me
      continue
    }
    const endAt = searchEnd(
      (interpEnd ??= new EndSearch(interpEndFind)),
      me,
      (i) => at(i) === BACKQUOTE && interpTail(i) >= 0
    )
    if (endAt > me) {
      const textEnd = interpTail(endAt)
      interpSuffixEnd = textEnd
      const suffixRole = interpRole
      let position: 'prefix' | 'suffix' | '' = role ? 'prefix' : ''
      if (suffixRole) {
        if (role) {
          problem(
            'Multiple roles in interpreted text (both prefix and suffix present; only one allowed).',
            roleStart,
            textEnd
          )
          emitText(pending, roleStart)
          pushText(roleStart, textEnd)
          pending = textEnd
          segStart = textEnd
          p = textEnd
          continue
        }
        role = suffixRole
        position = 'suffix'
      }
      emitText(pending, roleStart)
      if (at(textEnd - 1) === UNDERSCORE && textEnd - 1 > endAt) {
        if (role) {
          problem(
            `Mismatch: both interpreted text role ${position} and reference suffix.`,
            roleStart,
            textEnd
          )
          pushText(roleStart, textEnd)
        } else {
          out.push(phraseRef(bq, me, endAt, textEnd))
        }
      } else {
        const node: Role = {
          type: 'role',
          name: (role || ctx.defaultRole).toLowerCase(),
          value: t.slice(me, endAt),
          valuePosition: pos(me, endAt),
          position: pos(roleStart, textEnd)
        }
        if (!role) node.implicit = true
        out.push(node)
      }
      pending = textEnd
      segStart = textEnd
      p = textEnd
      continue
    }
    problem('Inline interpreted text or phrase reference start-string without end-string.', bq, me)
    p = me
    segStart = me
  }
  void interpSuffixEnd
  emitText(pending, n)
  return out

  function matchRefname(s: number): [number, number] | undefined {
    // candidates: simplename ending at k (k exclusive) followed by `__?` + suffix; greedy.
    // Every prefix of the longest simplename that ends in a word character is a simplename.
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
      refFail = j
      return undefined
    }
    const longest = simplenameEnd(e, s, j)
    for (let k = Math.min(j, longest); k > s; k--) {
      if (e.charCodeAt(k) !== UNDERSCORE) continue
      const last = e.charCodeAt(k - 1)
      if (last === UNDERSCORE || !isWord(last)) continue
      if (at(k + 1) === UNDERSCORE && suffixOk(k + 2)) return [k, k + 2]
      if (suffixOk(k + 1)) return [k, k + 1]
    }
    refFail = j
    return undefined
  }

  // The first `]` at or after `closeFrom` (-1: none). A run of `[` without `]` would otherwise
  // search to the end of the text once per `[` (quadratic on hostile input).
  function nextClose(from: number): number {
    if (closeFrom >= 0 && from >= closeFrom && (closeAt < 0 || from <= closeAt)) return closeAt
    closeFrom = from
    closeAt = e.indexOf(']', from)
    return closeAt
  }

  function matchFootnote(s: number): [number, number, boolean] | undefined {
    const close = nextClose(s + 1)
    if (close < 0 || at(close + 1) !== UNDERSCORE || !suffixOk(close + 2)) return undefined
    const label = e.slice(s + 1, close)
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

  function phraseRef(bqAt: number, ms: number, endAt: number, textEnd: number): Reference {
    const anonymous = textEnd - endAt === 3
    const position = pos(bqAt, textEnd)
    // embedded `<uri>` / `<alias_>` at the end of the phrase
    if (
      at(endAt - 1) === GT &&
      !(endAt - 2 >= ms && (isSpace(at(endAt - 2)) || at(endAt - 2) === 0))
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
      if (lt >= ms && lt + 1 < endAt - 1 && !isSpace(at(lt + 1))) {
        let ts = lt
        while (ts > ms && (at(ts - 1) === 32 || at(ts - 1) === 10)) ts--
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
