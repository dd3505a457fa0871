/**
 * Automake/Make parsing: the statements of one build file that the reader keeps (assignments,
 * includes, rule targets), each with its offsets and enclosing conditionals. Rules' recipes are
 * skipped.
 */

/** Longest variable value read (real lists are a few kilobytes; copies cost per character). */
const MAX_VALUE = 200_000

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
  | {
      /** A rule: only its targets are kept (files the build makes). */
      type: 'rule'
      /** The targets as written (before the rule's colon). */
      targets: string
      offsets: number[]
      /**
       * The prerequisites as written (after the colon, before a `;` recipe; order-only ones
       * after `|` too), with their offsets; absent for a target-specific variable
       * (`html: SPHINXOPTS += -W`) or a static pattern rule (`objs: %.o: %.c`).
       */
      prerequisites?: {text: string; offsets: number[]}
      line: number
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

/** The colon ending a rule's targets (outside `$(…)`), or -1. */
function ruleColon(content: string): number {
  let level = 0
  for (let i = 0; i < content.length; i++) {
    const char = content[i]
    if (char === '(' || char === '{') level++
    else if ((char === ')' || char === '}') && level > 0) level--
    else if (char === ':' && level === 0) return i
  }
  return -1
}

/**
 * Where a rule's prerequisites are in `content` (its colon at `colon`): after `::` or `:`, up to
 * a `;` recipe; undefined for a target-specific variable or a static pattern rule.
 */
function prerequisitesOf(content: string, colon: number): {start: number; end: number} | undefined {
  let start = colon + 1
  if (content[start] === ':') start++
  let end = content.length
  let level = 0
  for (let i = start; i < content.length; i++) {
    const char = content[i]
    if (char === '(' || char === '{') level++
    else if ((char === ')' || char === '}') && level > 0) level--
    else if (level === 0 && char === ';') {
      end = i
      break
    } else if (level === 0 && (char === '=' || char === ':')) return undefined
  }
  while (start < end && /[ \t]/.test(content[start] ?? '')) start++
  while (end > start && /\s/.test(content[end - 1] ?? '')) end--
  return start < end ? {start, end} : undefined
}

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
    // GNU make's `define` (also `override define`, `export define`): a value of many lines.
    if (/^(?:(?:override|export|private)[ \t]+)*define(?:[ \t]|$)/.test(trimmed)) {
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
    const colon = ruleColon(content)
    if (colon >= 0) {
      inRule = true
      // `a b &: c` (GNU make's grouped targets): the `&` is not part of the last target.
      const targets = content
        .slice(lead, colon)
        .trimEnd()
        .replace(/[ \t]*&$/, '')
      if (targets !== '') {
        const statement: AutomakeStatement = {
          type: 'rule',
          targets,
          offsets: logical.offsets.slice(lead, lead + targets.length),
          line: logical.line,
          conditions,
          blocks
        }
        const prerequisites = prerequisitesOf(content, colon)
        if (prerequisites) {
          statement.prerequisites = {
            text: content.slice(prerequisites.start, prerequisites.end).replace(/\|/g, ' '),
            offsets: logical.offsets.slice(prerequisites.start, prerequisites.end)
          }
        }
        statements.push(statement)
      }
    } else if (content.includes(':')) inRule = true
  }
  if (stack.length > 0) {
    problems.push({file, line: text.split('\n').length, message: '`if` without `endif`'})
  }
  // Everything after an unclosed `define` was taken for its value: say so, do not guess.
  if (inDefine > 0) {
    problems.push({file, line: text.split('\n').length, message: '`define` without `endef`'})
  }
  return {file, text, statements, problems}
}
