/**
 * MyST block syntax on top of micromark/mdast: colon fences (`:::{name}`), targets (`(label)=`)
 * and line comments (`% text`), as myst-parser 0.18 (mdit-py-plugins `colon_fence`,
 * `myst_blocks`) parses them.
 *
 * Colon fences are a micromark extension rather than a line pre-pass: mdit-py-plugins' colon
 * fence "directly mimics regular fences, but with `:` colons", so the construct below is
 * micromark's own `codeFenced` state machine (micromark-core-commonmark/lib/code-fenced.js, MIT)
 * with `:` as the only marker. It emits the same token types, so mdast-util-from-markdown turns it
 * into an ordinary mdast `code` node whose source starts with `:`, and micromark's document
 * tokenizer handles the container rules (list and block-quote prefixes, lazy lines, auto-close at
 * the end of the container) that a line pre-pass would have to re-implement. (Registering
 * `codeFenced` itself under `:` works in production builds but trips an assertion in
 * micromark's development build, hence the copy.)
 */
import type {Literal, Root} from 'mdast'
import type {
  CompileContext,
  Extension as FromMarkdownExtension,
  Token
} from 'mdast-util-from-markdown'
import {fromMarkdown} from 'mdast-util-from-markdown'
import {frontmatterFromMarkdown} from 'mdast-util-frontmatter'
import {frontmatter} from 'micromark-extension-frontmatter'
import type {
  Code,
  Construct,
  Effects,
  Extension,
  State,
  TokenizeContext
} from 'micromark-util-types'

/** A MyST target line `(label)=`; `value` is the label as written. */
export interface MystTarget extends Literal {
  type: 'mystTarget'
}

/** A MyST line comment `% text`. */
export interface MystComment extends Literal {
  type: 'mystComment'
}

declare module 'mdast' {
  interface RootContentMap {
    mystTarget: MystTarget
    mystComment: MystComment
  }
  interface BlockContentMap {
    mystTarget: MystTarget
    mystComment: MystComment
  }
}

declare module 'micromark-util-types' {
  interface TokenTypeMap {
    mystTarget: 'mystTarget'
    mystComment: 'mystComment'
  }
}

const COLON = 58
const PAREN_OPEN = 40
const PAREN_CLOSE = 41
const EQUALS = 61
const PERCENT = 37

function isLineEnding(code: Code): boolean {
  return code !== null && code < -2
}

function isSpace(code: Code): boolean {
  return code === -2 || code === -1 || code === 32
}

/** `(label)=` on a line of its own (surrounding spaces allowed, label non-empty). */
function tokenizeTarget(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  let size = 0
  let lastNonSpace = 0
  let last: Code = null
  let beforeLast: Code = null
  const inside: State = (code) => {
    if (code === null || isLineEnding(code)) {
      // text.strip() must end with `)=` and keep something between the parentheses
      if (beforeLast === PAREN_CLOSE && last === EQUALS && lastNonSpace >= 4) {
        effects.exit('mystTarget')
        return ok(code)
      }
      return nok(code)
    }
    size++
    if (!isSpace(code)) {
      beforeLast = last
      last = code
      lastNonSpace = size
    }
    effects.consume(code)
    return inside
  }
  return (code) => {
    if (code !== PAREN_OPEN) return nok(code)
    effects.enter('mystTarget')
    size = 1
    lastNonSpace = 1
    last = code
    effects.consume(code)
    return inside
  }
}

/** `% text` to the end of the line. */
function tokenizeComment(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  const inside: State = (code) => {
    if (code === null || isLineEnding(code)) {
      effects.exit('mystComment')
      return ok(code)
    }
    effects.consume(code)
    return inside
  }
  return (code) => {
    if (code !== PERCENT) return nok(code)
    effects.enter('mystComment')
    effects.consume(code)
    return inside
  }
}

/** The micromark syntax extension for MyST block constructs (targets, comments). */
export const mystSyntax: Extension = {
  flow: {
    [PAREN_OPEN]: {name: 'mystTarget', tokenize: tokenizeTarget},
    [PERCENT]: {name: 'mystComment', tokenize: tokenizeComment}
  }
}

/** micromark-factory-space: up to `max - 1` spaces/tabs as one `type` token, then `ok`. */
function spaces(
  effects: Effects,
  ok: State,
  type: 'linePrefix' | 'whitespace',
  max?: number
): State {
  const limit = max ? max - 1 : Number.POSITIVE_INFINITY
  let size = 0
  const prefix: State = (code) => {
    if (isSpace(code) && size++ < limit) {
      effects.consume(code)
      return prefix
    }
    effects.exit(type)
    return ok(code)
  }
  return (code) => {
    if (!isSpace(code)) return ok(code)
    effects.enter(type)
    return prefix(code)
  }
}

/** The next line exists and is not a lazy continuation line. */
const nonLazyContinuation: Construct = {
  partial: true,
  tokenize(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
    const lineStart: State = (code) => (this.parser.lazy[this.now().line] ? nok(code) : ok(code))
    return (code) => {
      if (code === null) return nok(code)
      effects.enter('lineEnding')
      effects.consume(code)
      effects.exit('lineEnding')
      return lineStart
    }
  }
}

/** micromark's `codeFenced` with `:` as the marker (see the file comment). */
function tokenizeColonFence(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  let initialPrefix = 0
  let sizeOpen = 0

  const closeStart: Construct = {
    partial: true,
    tokenize(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
      let size = 0
      const sequenceCloseAfter: State = (code) => {
        if (code === null || isLineEnding(code)) {
          effects.exit('codeFencedFence')
          return ok(code)
        }
        return nok(code)
      }
      const sequenceClose: State = (code) => {
        if (code === COLON) {
          size++
          effects.consume(code)
          return sequenceClose
        }
        if (size >= sizeOpen) {
          effects.exit('codeFencedFenceSequence')
          return isSpace(code)
            ? spaces(effects, sequenceCloseAfter, 'whitespace')(code)
            : sequenceCloseAfter(code)
        }
        return nok(code)
      }
      const beforeSequenceClose: State = (code) => {
        if (code === COLON) {
          effects.enter('codeFencedFenceSequence')
          return sequenceClose(code)
        }
        return nok(code)
      }
      const start: State = (code) => {
        effects.enter('codeFencedFence')
        const indented = this.parser.constructs.disable.null?.includes('codeIndented')
        return isSpace(code)
          ? spaces(effects, beforeSequenceClose, 'linePrefix', indented ? undefined : 4)(code)
          : beforeSequenceClose(code)
      }
      return (code) => {
        effects.enter('lineEnding')
        effects.consume(code)
        effects.exit('lineEnding')
        return start
      }
    }
  }

  const after: State = (code) => {
    effects.exit('codeFenced')
    return ok(code)
  }
  const contentChunk: State = (code) => {
    if (code === null || isLineEnding(code)) {
      effects.exit('codeFlowValue')
      return beforeContentChunk(code)
    }
    effects.consume(code)
    return contentChunk
  }
  const beforeContentChunk: State = (code) => {
    if (code === null || isLineEnding(code)) {
      return effects.check(nonLazyContinuation, atNonLazyBreak, after)(code)
    }
    effects.enter('codeFlowValue')
    return contentChunk(code)
  }
  const contentStart: State = (code) =>
    initialPrefix > 0 && isSpace(code)
      ? spaces(effects, beforeContentChunk, 'linePrefix', initialPrefix + 1)(code)
      : beforeContentChunk(code)
  const contentBefore: State = (code) => {
    effects.enter('lineEnding')
    effects.consume(code)
    effects.exit('lineEnding')
    return contentStart
  }
  const atNonLazyBreak: State = (code) => effects.attempt(closeStart, after, contentBefore)(code)
  const infoBefore: State = (code) => {
    if (code === null || isLineEnding(code)) {
      effects.exit('codeFencedFence')
      return this.interrupt
        ? ok(code)
        : effects.check(nonLazyContinuation, atNonLazyBreak, after)(code)
    }
    effects.enter('codeFencedFenceInfo')
    effects.enter('chunkString', {contentType: 'string'})
    return info(code)
  }
  const meta: State = (code) => {
    if (code === null || isLineEnding(code)) {
      effects.exit('chunkString')
      effects.exit('codeFencedFenceMeta')
      return infoBefore(code)
    }
    effects.consume(code)
    return meta
  }
  const metaBefore: State = (code) => {
    if (code === null || isLineEnding(code)) return infoBefore(code)
    effects.enter('codeFencedFenceMeta')
    effects.enter('chunkString', {contentType: 'string'})
    return meta(code)
  }
  const info: State = (code) => {
    if (code === null || isLineEnding(code)) {
      effects.exit('chunkString')
      effects.exit('codeFencedFenceInfo')
      return infoBefore(code)
    }
    if (isSpace(code)) {
      effects.exit('chunkString')
      effects.exit('codeFencedFenceInfo')
      return spaces(effects, metaBefore, 'whitespace')(code)
    }
    effects.consume(code)
    return info
  }
  const sequenceOpen: State = (code) => {
    if (code === COLON) {
      sizeOpen++
      effects.consume(code)
      return sequenceOpen
    }
    if (sizeOpen < 3) return nok(code)
    effects.exit('codeFencedFenceSequence')
    return isSpace(code) ? spaces(effects, infoBefore, 'whitespace')(code) : infoBefore(code)
  }
  return (code) => {
    if (code !== COLON) return nok(code)
    const tail = this.events[this.events.length - 1]
    initialPrefix =
      tail && tail[1].type === 'linePrefix' ? tail[2].sliceSerialize(tail[1], true).length : 0
    effects.enter('codeFenced')
    effects.enter('codeFencedFence')
    effects.enter('codeFencedFenceSequence')
    return sequenceOpen(code)
  }
}

/** The micromark syntax extension for the `colon_fence` MyST extension (`:::{name}`). */
export const colonFenceSyntax: Extension = {
  flow: {[COLON]: {name: 'colonFence', tokenize: tokenizeColonFence, concrete: true}}
}

function enterLiteral(type: 'mystTarget' | 'mystComment') {
  return function (this: CompileContext, token: Token): undefined {
    this.enter({type, value: ''}, token)
  }
}

function exitLiteral(this: CompileContext, token: Token): undefined {
  const node = this.stack[this.stack.length - 1]
  if (node && 'value' in node) node.value = this.sliceSerialize(token)
  this.exit(token)
}

/** The mdast-util-from-markdown extension that turns MyST tokens into mdast nodes. */
export const mystFromMarkdown: FromMarkdownExtension = {
  enter: {mystTarget: enterLiteral('mystTarget'), mystComment: enterLiteral('mystComment')},
  exit: {mystTarget: exitLiteral, mystComment: exitLiteral}
}

/** Parse MyST Markdown into mdast (front matter, targets, comments, optionally colon fences). */
export function parseMyst(text: string, options: {colonFence: boolean}): Root {
  const syntax = options.colonFence ? [mystSyntax, colonFenceSyntax] : [mystSyntax]
  return fromMarkdown(text, {
    extensions: [frontmatter(['yaml']), ...syntax],
    mdastExtensions: [frontmatterFromMarkdown(['yaml']), mystFromMarkdown]
  })
}
